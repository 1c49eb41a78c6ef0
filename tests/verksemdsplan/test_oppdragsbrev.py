"""The oppdragsbrev: cascade, workflow and who may take each step, public access, versions,
sanitised text, the PDF, and the permission matrix."""

import datetime
import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from tests.hjelp import berre, tal_sporjingar
from tests.verksemdsplan.conftest import publiser_brev
from verksemdsplan import brev as tenester
from verksemdsplan import services
from verksemdsplan.models import Brevmal, Kategori, Oppdrag, Oppdragsbrev, Tema


@pytest.fixture
def brev(org, oppdrag):
    """The overordna letter (the kommune's) as a draft, and the oppdrag with a theme: one
    for Oppvekst, delegated on to Skule."""
    oppdrag.tema = Tema.objects.get(kode="strategiske")
    oppdrag.save()
    Brevmal.objects.update_or_create(
        tema=Tema.objects.get(kode="innleiing"), defaults={"rettleiing": "Skriv hovudbodskapen."}
    )
    b = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=org["brukarar"]["kommunedirektor"])
    s = b.seksjonar.get(tema__kode="strategiske")
    s.tekst, s.html, s.med_underordna = (
        "## Mål\n\nVi følgjer opp kommuneplanen.",
        tenester.til_html("## Mål\n\nVi følgjer opp kommuneplanen."),
        True,
    )
    s.save()
    return b


def publiser(b, org):
    return publiser_brev(b)


def url(namn, aar=2026, kode="1000", **kw):
    return reverse(f"verksemdsplan:{namn}", kwargs={"aar": aar, "kode": kode, **kw})


def test_the_pdf_holds_every_heading_the_oppdrag_and_page_numbers(org, brev, client_as, tmp_path):
    svar = client_as("kommunedirektor").get(url("brev_pdf"))
    assert svar["Content-Type"] == "application/pdf"
    pdf = tmp_path / "brev.pdf"
    pdf.write_bytes(svar.content)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # the sections with text or oppdrag; empty ones are left out of the PDF
    assert "Strategiske oppdrag" in tekst and "Digitalisering, system og forbetring" not in tekst
    assert "Betre skulevegar" in tekst and "Vi følgjer opp kommuneplanen." in tekst
    assert "Testvik kommune" in tekst and "UTKAST" in tekst
    sider = int(
        subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        .stdout.split("Pages:")[1]
        .split()[0]
    )
    # the letter's pages are numbered; the cover is not
    assert f"Side 2 av {sider}" in tekst and f"Side {sider} av {sider}" in tekst
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Oppdragsbrev 2026 – Testvik kommune" in info and "Tagged:          yes" in info
    # published, the mark is gone
    publiser(brev, org)
    pdf.write_bytes(b"".join(client_as("medarbeidar").get(url("brev_pdf")).streaming_content))
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "UTKAST" not in tekst and "Publisert" in tekst


def test_a_unit_letter_builds_on_the_letter_above_with_its_own_oppdrag_and_the_guidance_beside(
    org, brev, oppdrag, client_as
):
    barn = services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    publiser(brev, org)
    sektor = tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=org["brukarar"]["kommunalsjef"])
    assert sektor.basert_paa == brev
    publiser(sektor, org)
    c = client_as("tenesteleiar")
    assert c.post(url("brev_ny", kode="2100")).status_code == 302
    skule = Oppdragsbrev.objects.get(eining__kode="2100")
    assert skule.basert_paa == sektor  # the parent unit's letter
    # the guidance is help beside the section, never its text
    assert skule.seksjonar.get(tema__kode="innleiing").tekst == ""
    # the editor shows the letter above beside each section
    html = c.get(url("brev_endre", kode="2100")).content.decode()
    assert "Skriv hovudbodskapen." in html and "I brevet for Oppvekst" in html
    # the oppdrag delegated to the unit appear by themselves
    data = tenester.innhald(skule)
    strategisk = next(s for s in data["seksjonar"] if s["tema"] == "strategiske")
    assert [o["pk"] for o in strategisk["oppdrag"]] == [barn.pk]
    # the overordna letter lists the sector's oppdrag, not the task delegated on from it
    overordna = next(s for s in tenester.innhald(brev)["seksjonar"] if s["tema"] == "strategiske")
    assert [o["pk"] for o in overordna["oppdrag"]] == [oppdrag.pk]


def test_the_workflow_and_who_may_take_each_step(org, brev, client_as):
    leiar, sjef, direktor = client_as("tenesteleiar"), client_as("kommunalsjef"), client_as("kommunedirektor")
    sjef.post(url("brev_ny", kode="2000"))
    leiar.post(url("brev_ny", kode="2100"))
    skule = Oppdragsbrev.objects.get(eining__kode="2100")
    assert client_as("medarbeidar").get(url("brev", kode="2100")).status_code == 404  # a draft is not shown
    assert leiar.post(url("brev_steg", kode="2100", steg="send")).status_code == 302
    assert leiar.post(url("brev_steg", kode="2100", steg="godkjenn")).status_code == 403  # not one's own
    assert client_as("utanfor").post(url("brev_steg", kode="2100", steg="godkjenn")).status_code == 404
    assert sjef.post(url("brev_steg", kode="2100", steg="godkjenn")).status_code == 302
    assert sjef.post(url("brev_steg", kode="2100", steg="publiser")).status_code == 302
    skule.refresh_from_db()
    assert skule.status == "publisert" and skule.versjonar.count() == 1
    assert client_as("medarbeidar").get(url("brev", kode="2100")).status_code == 200
    # a step out of order says so and changes nothing
    svar = sjef.post(url("brev_steg", kode="2100", steg="godkjenn"), follow=True)
    assert "det steget går ikkje no" in svar.content.decode()
    # the overordna letter: the kommunalsjefar edit it; the one who sends it names an approver
    # who did not write it, and only that approver may approve
    assert sjef.get(url("brev_endre")).status_code == 200
    ingrid = org["einingar"]["helse"].leiar
    sjef.post(url("brev_steg", steg="send"), {"godkjennar": ingrid.pk})
    assert sjef.post(url("brev_steg", steg="godkjenn")).status_code == 403
    assert direktor.post(url("brev_steg", steg="godkjenn")).status_code == 403
    c = Client()
    c.force_login(ingrid)
    assert c.post(url("brev_steg", steg="godkjenn")).status_code == 302


def test_public_pages_never_show_drafts_or_exempt_oppdrag(org, brev, oppdrag, client):
    brev.offentleg = True
    brev.save()
    assert client.get(url("innsyn")).status_code == 404  # a draft, even if marked public
    assert client.get(url("innsyn_pdf")).status_code == 404
    publiser(brev, org)
    assert "Betre skulevegar" in client.get(url("innsyn")).content.decode()
    oppdrag.unnateke, oppdrag.heimel = True, "offentleglova § 14"
    oppdrag.save()  # made exempt after publishing: still left out
    html = client.get(url("innsyn")).content.decode()
    assert "Betre skulevegar" not in html and "Vi følgjer opp kommuneplanen." in html
    svar = client.get(url("innsyn_pdf"))  # what it holds: tests/verksemdsplan/test_brev_pdf.py
    assert svar.status_code == 200 and b"".join(svar.streaming_content).startswith(b"%PDF-")
    brev.offentleg = False
    brev.save()
    assert client.get(url("innsyn")).status_code == 404


def test_an_exemption_needs_its_legal_basis(org, oppdrag, client_as):
    svar = client_as("kommunalsjef").post(
        reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk]),
        {"frist": "2026-12-01", "status": "i_gang", "unnateke": "on", "versjon": oppdrag.versjon},
    )
    assert "heimel" in svar.context["form"].errors


def test_after_publishing_a_change_makes_a_new_version_and_versions_compare(org, brev, oppdrag, client_as):
    publiser(brev, org)
    c = client_as("kommunedirektor")
    data = {"versjon": brev.versjon, "offentleg": "on"}
    for s in brev.seksjonar.all():
        data[f"tekst_{s.pk}"] = s.tekst
        data[f"under_{s.pk}"] = "on" if s.med_underordna else ""
    s = brev.seksjonar.get(tema__kode="strategiske")
    data[f"tekst_{s.pk}"] = "## Mål\n\nVi følgjer opp kommuneplanen og klimaplanen."
    assert c.post(url("brev_endre"), data).status_code == 302
    brev.refresh_from_db()
    assert brev.status == "utkast"
    # readers still see version 1 until version 2 is published
    assert "klimaplanen" not in client_as("medarbeidar").get(url("brev")).content.decode()
    nytt = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan,
        aar=2026,
        tittel="Nytt strategisk oppdrag",
        kategori=oppdrag.kategori,
        eining=oppdrag.eining,
        tema=oppdrag.tema,
    )
    publiser(brev, org)
    assert nytt and brev.versjonar.count() == 2
    html = client_as("medarbeidar").get(url("brev_samanlikn") + "?a=1&b=2").content.decode()
    # word by word: only what changed is marked, and said in words for screen readers
    assert '<ins><span class="visuelt-skjult">lagt til: </span>kommuneplanen og klimaplanen.</ins>' in html
    assert '<del><span class="visuelt-skjult">fjerna: </span>kommuneplanen.</del>' in html
    # the change log on the letter shows the same words with the save that changed them
    logg = client_as("kommunedirektor").get(url("brev")).content.decode().split('id="endringslogg"')[1]
    assert "Teksten er endra i: Strategiske oppdrag" in logg and "klimaplanen" in logg
    assert "<ins>Nytt strategisk oppdrag</ins>" in html


def test_a_stale_save_is_refused(org, brev, client_as):
    c = client_as("kommunedirektor")
    s = brev.seksjonar.first()
    svar = c.post(
        url("brev_endre"), {"versjon": brev.versjon - 1 if brev.versjon > 1 else 99, f"tekst_{s.pk}": "Mitt"}
    )
    assert svar.status_code == 200 and "Nokon andre lagra" in svar.content.decode()
    s.refresh_from_db()
    assert s.tekst != "Mitt"


def test_a_section_over_the_limit_is_refused_whole_never_cut(org, brev, client_as):
    """Issue 18: the editor cut a section at 20,000 characters and said «lagra». A text at the
    limit, its line breaks sent as CRLF (as browsers do), is kept; one character more is
    refused with a message, and nothing is saved."""
    direktor = org["brukarar"]["kommunedirektor"]
    direktor.spraak = "en"
    direktor.save()
    c = client_as("kommunedirektor")
    s = brev.seksjonar.get(tema__kode="strategiske")
    paa_grensa = ("a" * 99 + "\r\n") * 200  # 20,000 characters as the browser counts them
    svar = c.post(url("brev_endre"), {"versjon": brev.versjon, f"tekst_{s.pk}": paa_grensa})
    assert svar.status_code == 302
    s.refresh_from_db()
    assert len(s.tekst.replace("\r\n", "\n")) == 20000
    brev.refresh_from_db()
    for_lang = paa_grensa + "b"
    svar = c.post(url("brev_endre"), {"versjon": brev.versjon, f"tekst_{s.pk}": for_lang})
    html = svar.content.decode()
    assert svar.status_code == 200 and "is longer than 20,000 characters" in html
    assert "Strategi" in html.split("is longer than")[0].rsplit("<p", 1)[1]  # the section is named
    assert for_lang.replace("\r\n", "\n")[-50:] in html.replace(
        "\r\n", "\n"
    )  # the text is kept in the editor
    s.refresh_from_db()
    assert not s.tekst.endswith("b")


def test_text_is_sanitised(org, brev, client_as):
    farleg = (
        '<script>alert(1)</script>\n\n[klikk](javascript:alert(1)) <a href="x" onclick="y">z</a> **trygt**'
    )
    html = tenester.til_html(farleg)
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html
    assert "<strong>trygt</strong>" in html


MATRIX = (
    [("brev", r, 200) for r in ("administrator", "kommunedirektor", "kommunalsjef")]
    + [("brev", r, 404) for r in ("medarbeidar", "politikar", "utanfor", "tenesteleiar")]  # a draft
    + [("brev", "anonymous", 302)]
    + berre("brev_endre", {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200}, andre=404)
    + berre(
        "brev_oversikt",
        dict.fromkeys(
            (
                "administrator",
                "kommunedirektor",
                "kommunalsjef",
                "tenesteleiar",
                "medarbeidar",
                "sekretariat",
                "okonomi",
                "hr",
                "utanfor",
            ),
            200,
        ),
        andre=404,
    )
)


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_access(namn, rolle, status, brev, client_as):
    u = reverse("verksemdsplan:brev_oversikt") if namn == "brev_oversikt" else url(namn)
    assert client_as(rolle).get(u).status_code == status


@pytest.mark.parametrize("steg", ["send", "godkjenn", "publiser", "tilbake", "ny"])
def test_changing_views_are_post_only(steg, brev, client_as):
    u = url("brev_ny") if steg == "ny" else url("brev_steg", steg=steg)
    assert client_as("kommunedirektor").get(u).status_code == 405


def test_the_letter_and_overview_keep_their_query_count(org, brev, oppdrag, client_as):
    c = client_as("kommunedirektor")

    def fleire(n):
        Oppdrag.objects.bulk_create(
            Oppdrag(
                verksemdsplan=oppdrag.verksemdsplan,
                aar=2026,
                tittel=f"O{i}",
                kategori=oppdrag.kategori,
                eining=oppdrag.eining,
                owner=oppdrag.owner,
                tema=oppdrag.tema,
                frist=datetime.date(2026, 5, 1),
            )
            for i in range(n)
        )

    fleire(10)
    urls = [url("brev"), reverse("verksemdsplan:brev_oversikt")]
    smaa = [tal_sporjingar(c, u) for u in urls]
    fleire(500)
    assert [tal_sporjingar(c, u) for u in urls] == smaa


def test_marking_the_verksemdsplan_done_shows_on_the_overview(org, client_as):
    c = client_as("tenesteleiar")
    assert c.post(reverse("verksemdsplan:ferdig", args=[2026, "2100"])).status_code == 302
    assert (
        client_as("medarbeidar").post(reverse("verksemdsplan:ferdig", args=[2026, "2100"])).status_code == 403
    )
    html = c.get(reverse("verksemdsplan:brev_oversikt") + "?aar=2026").content.decode()
    from verksemdsplan.models import Verksemdsplan

    assert Verksemdsplan.objects.get(eining__kode="2100", aar=2026).ferdig_at is not None
    assert re.search(r'data-color="(success|warning)" data-size="sm">fullført', html)


def test_the_editor_shows_the_letter_above_only_as_published(org, brev, client_as):
    c = client_as("kommunalsjef")
    c.post(url("brev_ny", kode="2000"))
    assert "Vi følgjer opp kommuneplanen." not in c.get(url("brev_endre", kode="2000")).content.decode()
    publiser(brev, org)
    s = brev.seksjonar.get(tema__kode="strategiske")
    s.tekst, s.html = "Hemmeleg utkast", tenester.til_html("Hemmeleg utkast")
    s.save()
    html = c.get(url("brev_endre", kode="2000")).content.decode()
    assert "Vi følgjer opp kommuneplanen." in html and "Hemmeleg utkast" not in html


def test_a_task_delegated_from_an_exempt_oppdrag_is_not_public(org, brev, oppdrag, client):
    barn = services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=org["brukarar"]["kommunalsjef"])
    skule = tenester.lag_brev(org["einingar"]["skule"], 2026, user=org["brukarar"]["tenesteleiar"])
    skule.offentleg = True
    skule.save()
    publiser(skule, org)
    assert "Betre skulevegar" in client.get(url("innsyn", kode="2100")).content.decode()
    oppdrag.unnateke, oppdrag.heimel = True, "offentleglova § 14"
    oppdrag.save()  # the parent made exempt after the child was delegated and published
    assert "Betre skulevegar" not in client.get(url("innsyn", kode="2100")).content.decode()
    # and a task delegated from an exempt oppdrag is exempt itself
    nytt = services.deleger(
        oppdrag,
        til=org["brukarar"]["medarbeidar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    assert nytt.unnateke and nytt.heimel == "offentleglova § 14" and barn.pk != nytt.pk


def test_the_overview_counts_the_first_publication_against_the_deadline(org, brev, client_as):
    from django.utils import timezone

    publiser(brev, org)
    tenester.steg(
        brev, "tilbake", user=org["brukarar"]["kommunedirektor"]
    ) if brev.status != "publisert" else None
    v1 = brev.versjonar.get()
    v1.publisert_at = timezone.make_aware(datetime.datetime(2026, 1, 20, 12))
    v1.save()
    from verksemdsplan.models import Brevversjon

    Brevversjon.objects.create(
        brev=brev,
        nummer=2,
        innhald=v1.innhald,
        publisert_av=org["brukarar"]["kommunedirektor"],
        publisert_at=timezone.make_aware(datetime.datetime(2026, 2, 10, 12)),
    )
    rader = (
        client_as("kommunedirektor")
        .get(reverse("verksemdsplan:brev_oversikt") + "?aar=2026")
        .context["rader"]
    )
    rad = next(r for r in rader if r["eining"].kode == "1000")
    assert rad["publisert"].date() == datetime.date(2026, 1, 20) and rad["brev_i_tide"]


def test_a_letter_published_in_english_is_kept_in_the_kommunes_language(org, brev):
    from django.utils import translation

    ingrid = org["einingar"]["helse"].leiar
    tenester.steg(brev, "send", user=org["brukarar"]["kommunedirektor"], godkjennar=ingrid)
    tenester.steg(brev, "godkjenn", user=ingrid)
    with translation.override("en"):
        tenester.steg(brev, "publiser", user=org["brukarar"]["kommunedirektor"])
    data = brev.versjonar.get().innhald
    assert (
        data["tittel"].startswith("Oppdragsbrev 2026")
        and data["seksjonar"][0]["overskrift"] == "Innleiing (hovudbodskap)"
    )


def test_ticking_public_after_publishing_does_not_publish_publicly(org, brev, client):
    publiser(brev, org)  # published for employees only
    brev.offentleg = True
    brev.save()
    assert client.get(url("innsyn")).status_code == 404  # public only once a public version is approved


def test_exemption_follows_to_delegated_tasks_when_set_later(org, oppdrag, client_as):
    barn = services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    client_as("kommunalsjef").post(
        reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk]),
        {
            "frist": "2026-12-01",
            "status": "i_gang",
            "unnateke": "on",
            "heimel": "offentleglova § 14",
            "versjon": oppdrag.versjon,
        },
    )
    barn.refresh_from_db()
    assert barn.unnateke and barn.heimel == "offentleglova § 14"


def test_a_letter_never_drops_an_oppdrag_whose_theme_has_no_section(org, brev, client_as, tmp_path):
    """An oppdrag of the unit without a theme, or with a theme the letter has no section for,
    is listed last under «Andre oppdrag», on the page and in the PDF."""
    utan = services.lag_oppdrag(
        eining=org["einingar"]["kommune"], aar=2026, user=org["brukarar"]["kommunedirektor"],
        tittel="Ny arkivplan", kategori=Kategori.objects.get(kode="administrativt"),
    )  # fmt: skip
    assert utan.tema.kode == "organisatoriske"  # the category's theme when none is chosen
    Oppdrag.objects.filter(pk=utan.pk).update(tema=None)
    ny_tema = Tema.objects.create(
        kode="klima", namn_nn="Klima", namn_nb="Klima", namn_en="Climate", rekkjefolgje=99
    )
    annan = services.lag_oppdrag(
        eining=org["einingar"]["kommune"], aar=2026, user=org["brukarar"]["kommunedirektor"],
        tittel="Klimabudsjett", kategori=Kategori.objects.get(kode="administrativt"), tema=ny_tema,
    )  # fmt: skip
    data = tenester.innhald(brev)
    andre = data["seksjonar"][-1]
    assert andre["tema"] == tenester.ANDRE and [o["tittel"] for o in andre["oppdrag"]] == [
        "Ny arkivplan",
        "Klimabudsjett",
    ]
    assert sum(o["pk"] in {utan.pk, annan.pk} for s in data["seksjonar"] for o in s["oppdrag"]) == 2
    pdf = tmp_path / "brev.pdf"
    pdf.write_bytes(client_as("kommunedirektor").get(url("brev_pdf")).content)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Andre oppdrag" in tekst and "Ny arkivplan" in tekst and "Klimabudsjett" in tekst
