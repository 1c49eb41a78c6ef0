"""The yearly report on internal control to the kommunestyre: every reader, politicians
included; the checklist numbers per point after answers; the «no» answers with their
improvement oppdrag; the year's inspections; owners never named to politicians nor in the PDF;
the PDF's text; and the query count at two sizes."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from alver.lib import profil
from checklists import aarsrapport, services
from checklists.views.rapport import tittel
from tests.hjelp import alle_les, tal_sporjingar
from verksemdsplan.models import Oppdrag

URL = reverse("checklists:aarsrapport", args=[2026])
PDF = reverse("checklists:aarsrapport_pdf", args=[2026])


@pytest.mark.parametrize("url,rolle,status", alle_les(URL))
def test_every_reader_reads_the_report(url, rolle, status, client_as):
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize("rolle,status", [("anonymous", 302), ("politikar", 200), ("medarbeidar", 200)])
def test_the_pdf_is_for_every_reader_too(rolle, status, client_as):
    svar = client_as(rolle).get(PDF)
    assert svar.status_code == status
    if status == 200:
        assert svar["Content-Type"] == "application/pdf"
        assert svar["Content-Disposition"] == 'attachment; filename="internkontroll-2026.pdf"'


def test_a_year_out_of_range_is_404(client_as):
    c = client_as("kommunedirektor")
    assert c.get(reverse("checklists:aarsrapport", args=[1999])).status_code == 404
    assert c.get(reverse("checklists:aarsrapport_pdf", args=[2101])).status_code == 404


def _rad(punkt, periode, verdi, kommentar="", oppdrag=False):
    return {
        "punkt": punkt,
        "periode": periode,
        "verdi": verdi,
        "kommentar": kommentar,
        "versjon": 0,
        "oppdrag": oppdrag,
    }


@pytest.fixture
def svar(org, sjekkliste, klokke):
    """Answers through the year, each while its period is open (the org has six units below the
    kommune; Oppvekst's point applies to three of them):
    March: Skule samtale m02 «ja», Skule oppvekst m02 «nei» with an improvement oppdrag;
    May: Skule vernerunde t1 «delvis»; 30 November: Skule samtale m11 «ja», Lindås samtale m11
    «ikkje aktuelt», Skule grunnopplæring (year) «nei» without an oppdrag."""
    e, p, leiar = org["einingar"], sjekkliste["punkt"], org["brukarar"]["tenesteleiar"]
    klokke.sett(datetime.date(2026, 3, 5))
    services.lagre_svar(
        e["skule"],
        [
            _rad(p["samtale"], "2026-m02", "ja"),
            _rad(p["oppvekst"], "2026-m02", "nei", "Ikkje øvd i vinter", oppdrag=True),
        ],
        user=leiar,
    )
    klokke.sett(datetime.date(2026, 5, 5))
    services.lagre_svar(
        e["skule"], [_rad(p["vernerunde"], "2026-t1", "delvis", "Berre eitt bygg")], user=leiar
    )
    klokke.sett(datetime.date(2026, 11, 30))
    services.lagre_svar(
        e["skule"],
        [_rad(p["samtale"], "2026-m11", "ja"), _rad(p["grunnopplaering"], "2026-aar", "nei", "Nytilsette")],
        user=leiar,
    )
    services.lagre_svar(
        e["lindaas"], [_rad(p["samtale"], "2026-m11", "ikkje_aktuelt")], user=e["helse"].leiar
    )
    return p


@pytest.fixture
def tilsyn(org):
    hr, e = org["brukarar"]["hr"], org["einingar"]
    t = services.registrer_tilsyn(
        user=hr,
        myndigheit="Arbeidstilsynet",
        dato=datetime.date(2026, 9, 15),
        tema="Psykososialt arbeidsmiljø",
        eining=e["skule"],
        saksnummer="2026/1234",
    )
    services.legg_til_funn(
        t, user=hr, eining=e["skule"], type="avvik", nummer="1", tekst="Risiko for vald er ikkje kartlagd.",
        frist=datetime.date(2027, 1, 31),
    )  # fmt: skip
    services.legg_til_funn(
        t, user=hr, eining=e["skule"], type="merknad", nummer="1", tekst="Betre opplæring."
    )
    services.registrer_tilsyn(
        user=hr, myndigheit="Mattilsynet", dato=datetime.date(2025, 6, 1), tema="Kjøkken i fjor"
    )
    return t


def _tal(rad):
    return tuple(rad[k] for k in ("svar", "ja", "nei", "delvis", "ikkje_aktuelt", "manglar"))


def test_the_numbers_per_point_and_purpose_after_answers(svar, tilsyn, client_as):
    side = client_as("kommunedirektor").get(URL)
    ctx = side.context
    (leiardialog, hms) = ctx["foremaal"]
    assert leiardialog["foremaal"].namn == "Leiardialog" and hms["foremaal"].namn == "HMS"
    rader = {r["punkt"].pk: r for g in ctx["foremaal"] for r in g["rader"]}
    # monthly for six units: January–October are past their deadline (60), one of them answered
    assert _tal(rader[svar["samtale"].pk]) == (3, 2, 0, 0, 1, 59)
    # tertial: t1 and t2 past (12), t1 answered once; the last third is still open
    assert _tal(rader[svar["vernerunde"].pk]) == (1, 0, 0, 1, 0, 11)
    # yearly: still open, so nothing is missing yet
    assert _tal(rader[svar["grunnopplaering"].pk]) == (1, 0, 1, 0, 0, 0)
    # Oppvekst's point: three units, ten months past
    assert _tal(rader[svar["oppvekst"].pk]) == (1, 0, 1, 0, 0, 29)
    assert _tal(leiardialog["sum"]) == (3, 2, 0, 0, 1, 59)
    assert _tal(hms["sum"]) == (3, 0, 2, 1, 0, 40)
    assert _tal(ctx["total"]) == (6, 2, 2, 1, 1, 99)

    # what the reader sees: the point's row holds its numbers
    html = side.content.decode()
    assert _tabellrad(html, svar["samtale"].sporsmaal).endswith("3 2 0 0 1 59")
    assert _tabellrad(html, svar["oppvekst"].sporsmaal).endswith("1 0 1 0 0 29")


def test_the_no_answers_with_their_improvement_oppdrag(org, svar, client_as):
    side = client_as("kommunedirektor").get(URL)
    nei = side.context["nei"]
    assert [(s.punkt, s.periode) for s in nei] == [
        (svar["oppvekst"], "2026-m02"),
        (svar["grunnopplaering"], "2026-aar"),
    ]
    o = nei[0].oppdrag
    assert o.kategori.kode == "internkontroll" and o.owner == org["brukarar"]["tenesteleiar"]
    assert nei[1].oppdrag is None and side.context["nei_med_oppdrag"] == 1
    html = side.content.decode()
    rad = _tabellrad(html, o.tittel)
    assert "Skule" in rad and "Per Skule" in rad and o.get_status_display().capitalize() in rad
    assert f'href="{o.get_absolute_url()}"' in html  # employees follow it to the oppdrag


def test_the_years_inspections_with_findings_and_follow_up(org, tilsyn, client_as):
    ferdig = tilsyn.funn.get(type="merknad").oppdrag
    ferdig.status = Oppdrag.Status.FULLFORT
    ferdig.save()
    side = client_as("kommunedirektor").get(URL)
    (t,) = side.context["tilsyn"]  # 2025's is not in 2026's report
    assert t == tilsyn and (t.tal_avvik, t.tal_merknad) == (1, 1)
    assert [f.er_ope for f in t.alle_funn] == [True, False]
    assert side.context["tilsyn_tal"] == {"tilsyn": 1, "avvik": 1, "merknad": 1, "opne": 1}
    html = side.content.decode()
    assert "Risiko for vald er ikkje kartlagd." in html and "Kjøkken i fjor" not in html
    assert f'href="{tilsyn.get_absolute_url()}"' in html  # the kommunedirektør reads the register
    # no checklist for 2025: the report says so and still shows that year's inspection
    i_fjor = client_as("kommunedirektor").get(reverse("checklists:aarsrapport", args=[2025]))
    assert i_fjor.context["liste"] is None and i_fjor.context["foremaal"] == []
    assert "Kjøkken i fjor" in i_fjor.content.decode()


def test_politicians_see_units_not_owner_names(org, svar, tilsyn, client_as):
    eigar = org["brukarar"]["tenesteleiar"].namn
    tilsett = client_as("kommunedirektor").get(URL).content.decode()
    assert eigar in tilsett
    side = client_as("politikar").get(URL)
    html = side.content.decode()
    assert eigar not in html and "Skule" in html
    assert "Risiko for vald er ikkje kartlagd." in html
    # no link they cannot follow: oppdrag, the tilsyn register, the checklists
    assert "/oppdrag/" not in html and "/sjekklister/tilsyn/" not in html
    smular = html[html.index("ds-breadcrumbs") : html.index("</nav>", html.index("ds-breadcrumbs"))]
    assert reverse("checklists:index") not in smular
    assert client_as("politikar").get(tilsyn.get_absolute_url()).status_code == 404


def _pdf_tekst(innhald, tmp_path):
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(innhald)
    return subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_holds_the_headings_and_numbers_and_names_no_owner(org, svar, tilsyn, client_as, tmp_path):
    svar_pdf = client_as("kommunedirektor").get(PDF)
    tekst = " ".join(_pdf_tekst(svar_pdf.content, tmp_path).split())
    with translation.override("nn"):
        assert tittel(2026) in tekst
        for overskrift in ("2. «No» answers and improvement work",):
            assert translation.gettext(overskrift) in tekst
    assert profil.brevhovud()["namn"] in tekst  # the letterhead
    assert "Leiardialog" in tekst and "HMS" in tekst
    assert f"{svar['samtale'].sporsmaal} " in tekst and "3 2 0 0 1 59" in tekst
    assert "Arbeidstilsynet: Psykososialt arbeidsmiljø" in tekst and "2026/1234" in tekst
    assert "Risiko for vald er ikkje kartlagd." in tekst
    # made for the kommunestyre: the units, never the owners' names, even for the kommunedirektør
    assert org["brukarar"]["tenesteleiar"].namn not in tekst and "Skule" in tekst


def test_the_report_keeps_its_query_count(org, sjekkliste, client_as, klokke):
    c = client_as("politikar")
    e, p, hr = org["einingar"], sjekkliste["punkt"], org["brukarar"]["hr"]
    services.lagre_svar(e["skule"], [_rad(p["samtale"], "2026-m11", "nei", "x", oppdrag=True)], user=hr)
    t = services.registrer_tilsyn(user=hr, myndigheit="A", dato=datetime.date(2026, 2, 1), tema="T")
    services.legg_til_funn(t, user=hr, eining=e["skule"], type="avvik", nummer="1", tekst="F")
    lite = tal_sporjingar(c, URL)

    for kode in ("oppvekst", "helse", "sjukeheim", "lindaas", "knarvik"):
        services.lagre_svar(
            e[kode],
            [
                _rad(p["samtale"], "2026-m11", "nei", "y", oppdrag=True),
                _rad(p["grunnopplaering"], "2026-aar", "ja"),
            ],
            user=hr,
        )
    for i in range(5):
        t = services.registrer_tilsyn(
            user=hr, myndigheit=f"A{i}", dato=datetime.date(2026, 3, 1), tema=f"T{i}"
        )
        for j in range(3):
            services.legg_til_funn(t, user=hr, eining=e["helse"], type="merknad", nummer=str(j), tekst="G")
    assert tal_sporjingar(c, URL) == lite
    assert tal_sporjingar(client_as("kommunedirektor"), URL) <= lite + 2  # roles of a leader


def test_the_gathering_is_a_fixed_number_of_queries(sjekkliste, tilsyn, django_assert_num_queries):
    with django_assert_num_queries(
        5 + 1 + 2
    ):  # checklist, points (+units named), units, answers, «no»; tilsyn (+findings)
        aarsrapport.aarsrapport(2026)


def _tabellrad(html, tekst):
    """The text of the table row holding `tekst`, tags stripped."""
    for rad in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S):
        if tekst in rad:
            return " ".join(re.sub(r"<[^>]+>", " ", rad).split())
    raise AssertionError(f"No row with {tekst!r}")
