"""The månadsrapport shows the internal-control checklist of its month: answers given of those
asked for, «nei», «delvis» and missing, in total and per unit just below the report's unit —
on the page and in the PDF, only when the year's checklist is published, with a fixed number
of queries.

November 2026 asks, of each active unit below the kommune: the monthly point (November), the
tertial and yearly points (the year), and of Oppvekst's units also Oppvekst's own monthly point.
A unit without a leader is asked too (its answers are missing, as the overview shows). So
Oppvekst, Skule and Knarvik skule are asked 4 each, the three in Helse 3 each: 21 in the kommune."""

import datetime
import re
import subprocess

import pytest
from django.utils import translation

from checklists import oversikt, services
from checklists.models import Sjekkliste
from reporting import rapportar
from reporting import services as rapport_tenester
from reporting.models import Frekvens, Periode
from tests.factories import EiningFactory, UserFactory
from tests.hjelp import tal_sporjingar


def pdf_tekst(innhald, tmp_path):
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(innhald)
    return subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout


def _rad(punkt, periode, verdi, kommentar=""):
    return {
        "punkt": punkt,
        "periode": periode,
        "verdi": verdi,
        "kommentar": kommentar,
        "versjon": 0,
        "oppdrag": False,
    }


@pytest.fixture
def maanad(org, sjekkliste):
    """November, with Skule's answers (ja, nei, delvis; one missing) and Oppvekst's one «ja»;
    Helse has answered nothing. The readers read English."""
    e, u, p = org["einingar"], org["brukarar"], sjekkliste["punkt"]
    for rolle in ("kommunedirektor", "kommunalsjef"):
        u[rolle].spraak = "en"
        u[rolle].save()
    services.lagre_svar(
        e["skule"],
        [
            _rad(p["samtale"], "2026-m11", "ja"),
            _rad(p["oppvekst"], "2026-m11", "nei", "Ikkje øvd i haust"),
            _rad(p["vernerunde"], "2026-aar", "delvis", "Berre eine bygget"),
        ],
        user=u["tenesteleiar"],
    )
    services.lagre_svar(e["oppvekst"], [_rad(p["samtale"], "2026-m11", "ja")], user=u["kommunalsjef"])
    rapport_tenester.generer_periodar(2026)
    return Periode.objects.get(aar=2026, type=Frekvens.MAANAD, nummer=11)


def _celler(html, namn):
    """The numbers in the table row of the unit named."""
    rad = re.search(rf"<th scope=\"row\">{re.escape(namn)}.*?</tr>", html, re.S).group(0)
    return [re.sub(r"\s+", " ", c).strip() for c in re.findall(r'<td class="tal">(.*?)</td>', rad, re.S)]


def test_the_kommunes_report_counts_the_answers_per_sector(maanad, client_as):
    svar = client_as("kommunedirektor").get(f"/rapportering/{maanad.kode}/maanadsrapport/")
    ik = svar.context["internkontroll"]
    assert (ik["forfalne"], ik["svart"], ik["nei"], ik["delvis"], ik["manglar"]) == (21, 4, 1, 1, 17)
    assert [(r["eining"].namn, r["svart"], r["forfalne"], r["nei"], r["manglar"]) for r in ik["rader"]] == [
        ("Oppvekst", 4, 12, 1, 8),  # Oppvekst's own, Skule's and Knarvik skule's
        ("Helse og omsorg", 0, 9, 0, 9),
    ]
    html = svar.content.decode()
    assert "Internal control" in html
    assert "4 of 21 checklist answers given · 1 no · 1 partly · 17 missing" in html
    assert _celler(html, "Oppvekst") == ["4 of 12", "1", "8"]
    assert _celler(html, "Helse og omsorg") == ["0 of 9", "0", "9"]
    assert "Ikkje øvd i haust" not in html  # numbers only: the comments stay with the answers


def test_a_units_report_shows_its_own_answers_and_those_below(maanad, client_as):
    svar = client_as("kommunalsjef").get(f"/rapportering/{maanad.kode}/maanadsrapport/?eining=2000")
    ik = svar.context["internkontroll"]
    assert (ik["forfalne"], ik["svart"], ik["nei"], ik["delvis"], ik["manglar"]) == (12, 4, 1, 1, 8)
    assert [(r["eining"].namn, r["eigen"], r["svart"], r["forfalne"]) for r in ik["rader"]] == [
        ("Oppvekst", True, 1, 4),
        ("Skule", False, 3, 8),
    ]
    html = svar.content.decode()
    assert 'Oppvekst <span class="grunn">(its own answers)</span>' in html
    assert _celler(html, "Skule") == ["3 of 8", "1", "5"]
    assert "Helse" not in html


def test_answers_given_later_change_the_numbers(maanad, org, sjekkliste, client_as):
    e, p = org["einingar"], sjekkliste["punkt"]
    services.lagre_svar(
        e["helse"],
        [
            _rad(p["samtale"], "2026-m11", "nei", "Ingen samtale"),
            _rad(p["grunnopplaering"], "2026-aar", "ja"),
        ],
        user=e["helse"].leiar,
    )
    ik = (
        client_as("kommunedirektor")
        .get(f"/rapportering/{maanad.kode}/maanadsrapport/")
        .context["internkontroll"]
    )
    assert (ik["svart"], ik["nei"], ik["manglar"]) == (6, 2, 15)
    assert ik["rader"][1]["eining"] == e["helse"] and (ik["rader"][1]["svart"], ik["rader"][1]["nei"]) == (
        2,
        1,
    )
    # October asks for October's monthly point (none answered) and the year's (as answered now)
    okt = oversikt.oppsummering(2026, "2026-m10")
    assert (okt["forfalne"], okt["svart"], okt["manglar"]) == (21, 2, 19)


def test_without_a_published_checklist_the_section_is_absent(maanad, client_as):
    Sjekkliste.objects.update(status=Sjekkliste.Status.UTKAST)
    svar = client_as("kommunedirektor").get(f"/rapportering/{maanad.kode}/maanadsrapport/")
    assert svar.context["internkontroll"] is None and "Internal control" not in svar.content.decode()


def test_another_years_checklist_does_not_count(maanad, client_as):
    Sjekkliste.objects.update(aar=2025)
    svar = client_as("kommunedirektor").get(f"/rapportering/{maanad.kode}/maanadsrapport/")
    assert svar.context["internkontroll"] is None


def test_the_pdf_holds_the_section(maanad, client_as, tmp_path):
    svar = client_as("kommunalsjef").get(f"/rapportering/{maanad.kode}/maanadsrapport.pdf?eining=2000")
    assert svar["Content-Type"] == "application/pdf"
    tekst = " ".join(pdf_tekst(svar.content, tmp_path).split())
    assert "Internal control" in tekst
    assert "4 of 12 checklist answers given · 1 no · 1 partly · 8 missing" in tekst
    assert "Skule 3 of 8 1 5" in tekst


def test_the_report_keeps_its_query_count_with_the_checklist(maanad, org, sjekkliste, client_as):
    c = client_as("kommunedirektor")
    urls = [
        f"/rapportering/{maanad.kode}/maanadsrapport/",
        f"/rapportering/{maanad.kode}/maanadsrapport/?eining=2000",
    ]
    smaa = [tal_sporjingar(c, u) for u in urls]
    e, p = org["einingar"], sjekkliste["punkt"]
    for i in range(30):
        leiar = UserFactory(namn=f"Leiar {i}")
        eining = EiningFactory(parent=e["skule"] if i % 2 else e["sjukeheim"], namn=f"E{i}", leiar=leiar)
        if i % 3 == 0:
            services.lagre_svar(eining, [_rad(p["samtale"], "2026-m11", "ja")], user=leiar)
    assert [tal_sporjingar(c, u) for u in urls] == smaa
    assert c.get(urls[0]).context["internkontroll"]["forfalne"] == 21 + 15 * 4 + 15 * 3


def test_the_section_costs_a_fixed_number_of_queries(maanad, client_as):
    """What the existing query budgets in tests/reporting see: one query more without a
    published checklist (is there one?), seven more with one."""
    c = client_as("kommunedirektor")
    url = f"/rapportering/{maanad.kode}/maanadsrapport/"
    med = tal_sporjingar(c, url)
    Sjekkliste.objects.update(status=Sjekkliste.Status.UTKAST)
    utan = tal_sporjingar(c, url)
    assert med - utan == 6


# --- the tertialrapport and the årsmelding ---------------------------------------------------


def _rapport(kode, client_as):
    svar = client_as("kommunedirektor").get(f"/rapportering/{kode}/tertialrapport/")
    return svar.context["internkontroll"], svar.content.decode()


@pytest.fixture
def tilsyn(org):
    """An inspection in September with one nonconformity, still open."""
    hr, e = org["brukarar"]["hr"], org["einingar"]
    t = services.registrer_tilsyn(
        user=hr,
        myndigheit="Arbeidstilsynet",
        dato=datetime.date(2026, 9, 15),
        tema="Psykososialt arbeidsmiljø",
    )
    services.legg_til_funn(
        t, user=hr, eining=e["skule"], type="avvik", nummer="1", tekst="Risiko for vald er ikkje kartlagd."
    )
    return t


def test_the_annual_report_tells_the_years_internal_control(maanad, tilsyn, client_as, tmp_path):
    ik, html = _rapport("2026-aar", client_as)
    assert (ik["total"]["svar"], ik["total"]["ja"], ik["total"]["nei"], ik["total"]["delvis"]) == (4, 2, 1, 1)
    assert ik["total"]["manglar"] > 0  # October and earlier months went unanswered
    assert "Checklist answers up to 31 December 2026: 4 in all – 2 yes, 1 no, 1 partly" in html
    assert 'href="/sjekklister/2026/rapport/"' in html
    periode = Periode.objects.get(aar=2026, type=Frekvens.AAR, nummer=1)
    with translation.override("en"):
        innhald = rapportar.pdf("tertial", periode, rapportar.tertialrapport(periode))
    tekst = " ".join(pdf_tekst(innhald, tmp_path).split())
    assert "Checklist answers up to 31 December 2026: 4 in all – 2 yes, 1 no, 1 partly" in tekst
    assert (ik["tilsyn"], ik["avvik"], ik["opne"]) == (1, 1, 1)
    assert "1 inspection by a state authority: 1 nonconformity, 0 remarks; 1 finding still open." in tekst


def test_a_tertial_counts_only_the_periods_that_ended_by_then(maanad, tilsyn, client_as):
    ik, html = _rapport("2026-t2", client_as)
    # every answer is for November or the year, and the inspection was in September
    assert (ik["total"]["svar"], ik["total"]["nei"], ik["tilsyn"]) == (0, 0, 0)
    assert ik["total"]["manglar"] > 0
    assert "Checklist answers up to 31 August 2026: 0 in all" in html


def test_without_a_checklist_or_inspection_the_tertial_report_has_no_section(maanad, client_as):
    Sjekkliste.objects.update(status=Sjekkliste.Status.UTKAST)
    ik, html = _rapport("2026-aar", client_as)
    assert ik is None and "Internal control" not in html


def test_the_tertial_report_keeps_its_query_count_with_the_checklist(maanad, org, sjekkliste, client_as):
    c = client_as("kommunedirektor")
    url = "/rapportering/2026-aar/tertialrapport/"
    foer = tal_sporjingar(c, url)
    e, p = org["einingar"], sjekkliste["punkt"]
    for i in range(20):
        leiar = UserFactory(namn=f"Leiar {i}")
        eining = EiningFactory(parent=e["skule"], namn=f"E{i}", leiar=leiar)
        services.lagre_svar(eining, [_rad(p["samtale"], "2026-m11", "nei", "Manglar")], user=leiar)
    assert tal_sporjingar(c, url) == foer
    assert c.get(url).context["internkontroll"]["total"]["nei"] == 21
