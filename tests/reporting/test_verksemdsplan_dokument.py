"""The verksemdsplan as one document: the page and PDF for employees gather the letter, goals,
indicators, oppdrag with their latest report, the checklist and the budget frame; the public
page and PDF exist only where the unit's letter is published as public, and never show what is
exempt, owners, the working status or reports after the last released one."""

import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from alver.models import Eining, User
from reporting import innsyn
from reporting.models import Periode, Statusrapport
from tests.hjelp import tal_sporjingar
from verksemdsplan.models import Oppdrag, Oppdragsbrev

AAR = 2026


def _pdf_tekst(innhald, tmp_path):
    fil = tmp_path / "dokument.pdf"
    fil.write_bytes(innhald)
    return " ".join(
        subprocess.run(
            ["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def _klient(rolle):
    c = Client()
    if rolle != "anonymous":
        c.force_login(User.objects.get(email=f"{rolle}@alver.example"))
    return c


def _gjer_offentleg(kode):
    """The unit's published letter made public, as a letter published with «public» ticked."""
    b = Oppdragsbrev.objects.get(eining__kode=kode, aar=AAR)
    b.offentleg = True
    b.save()
    b.versjonar.update(offentleg=True)
    return b


def _innhald(svar):
    return b"".join(svar.streaming_content) if svar.streaming else svar.content


def test_an_employee_reads_the_whole_plan_of_a_unit_as_a_page_and_a_pdf(demo, tmp_path):
    c = _klient("tenesteleiar.skule")
    oppvekst = Eining.objects.get(kode="2000")
    html = c.get(f"/verksemdsplan/{AAR}/2000/dokument/").content.decode()
    pdf = c.get(f"/verksemdsplan/{AAR}/2000/dokument.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    tekst = _pdf_tekst(pdf.content, tmp_path)
    oppdrag = list(Oppdrag.objects.aktive().filter(eining=oppvekst).i_aar(AAR).select_related("owner"))
    assert oppdrag
    for o in oppdrag:  # every oppdrag of the unit, exempt ones too (inside), with its owner
        assert o.tittel in html
        assert " ".join(o.tittel.split()) in tekst
    assert oppdrag[0].owner.namn in html
    # the published letter's text, the frame of the sector and the checklist section
    brev = Oppdragsbrev.objects.get(eining=oppvekst, aar=AAR).versjonar.first().innhald
    seksjon = next(s for s in brev["seksjonar"] if s["tekst"])
    assert seksjon["overskrift"] in html and seksjon["overskrift"] in tekst
    assert 'id="dok-rammer"' in html and "Oppvekst" in html
    assert 'id="dok-sjekkliste"' in html
    # each oppdrag's latest report
    siste = (
        Statusrapport.objects.filter(oppdrag__in=oppdrag)
        .order_by("-periode__til")
        .select_related("periode")
        .first()
    )
    assert str(siste.periode) in html
    # the verksemdsplan page links here
    side = c.get(f"/verksemdsplan/{AAR}/2000/").content.decode()
    assert reverse("reporting:verksemdsplan", args=[AAR, "2000"]) in side


@pytest.mark.parametrize(
    "rolle,status",
    [
        ("anonymous", 302),
        ("politikar", 404),
        ("medarbeidar", 200),
        ("tenesteleiar.skule", 200),
        ("admin", 200),
    ],
)
def test_permission_matrix_of_the_employees_document(demo, rolle, status):
    c = _klient(rolle)
    for url in (f"/verksemdsplan/{AAR}/2100/dokument/", f"/verksemdsplan/{AAR}/2100/dokument.pdf"):
        assert c.get(url).status_code == status, url
        assert c.post(url).status_code == 405, url
    if status == 200:
        assert c.get(f"/verksemdsplan/{AAR}/9999/dokument/").status_code == 404
        assert c.get("/verksemdsplan/99999/2100/dokument/").status_code == 404


@pytest.mark.parametrize("rolle", ["anonymous", "medarbeidar", "politikar", "admin"])
def test_a_plan_is_public_only_where_its_letter_is_published_as_public(demo, rolle):
    c = _klient(rolle)
    # Oppvekst's letter is published for employees only; Skule's is a draft, even when ticked public
    Oppdragsbrev.objects.filter(eining__kode="2100", aar=AAR).update(offentleg=True)
    for kode in ("2000", "2100"):
        assert c.get(f"/innsyn/verksemdsplan/{AAR}/{kode}/").status_code == 404
        assert c.get(f"/innsyn/verksemdsplan/{AAR}/{kode}.pdf").status_code == 404
    _gjer_offentleg("2000")
    for url in (f"/innsyn/verksemdsplan/{AAR}/2000/", f"/innsyn/verksemdsplan/{AAR}/2000.pdf"):
        assert c.get(url).status_code == 200, url
        assert c.post(url).status_code == 405, url


def test_the_public_plan_leaves_out_what_is_not_public(demo, tmp_path):
    b = _gjer_offentleg("2000")
    oppdrag = Oppdrag.objects.aktive().filter(eining=b.eining).i_aar(AAR)
    unnatekne = list(oppdrag.filter(innsyn.unnatekne()).values_list("tittel", flat=True))
    offentlege = list(oppdrag.exclude(innsyn.unnatekne()).select_related("owner"))
    assert unnatekne and offentlege  # the demo has an exempt oppdrag in Oppvekst
    # one is owned by someone other than the unit's leader (whom the public letter names)
    eigar = User.objects.get(email="medarbeidar@alver.example")
    Oppdrag.objects.filter(pk=offentlege[0].pk).update(owner=eigar)
    c = Client()
    html = c.get(f"/innsyn/verksemdsplan/{AAR}/2000/").content.decode()
    tekst = _pdf_tekst(_innhald(c.get(f"/innsyn/verksemdsplan/{AAR}/2000.pdf")), tmp_path)
    for t in unnatekne:
        assert t not in html and " ".join(t.split()) not in tekst
    for o in offentlege:
        assert o.tittel in html
        assert reverse("reporting:innsyn_oppdrag", args=[o.pk]) in html
    # no owners, no checklist, and no report after the one released to the politicians
    assert eigar.namn not in html
    assert eigar.namn in _klient("medarbeidar").get(f"/verksemdsplan/{AAR}/2000/dokument/").content.decode()
    assert 'id="dok-sjekkliste"' not in html
    frigjeven = innsyn.siste_frigjevne()
    for p in Periode.objects.filter(aar=AAR, til__gt=frigjeven.til, type="maanad"):
        assert f"({p})" not in html
    assert f"({frigjeven})" in html  # the note says which report the status is from
    # the public letter's page and the innsyn index link to it
    lenkje = reverse("reporting:innsyn_verksemdsplan", args=[AAR, "2000"])
    assert lenkje in c.get(f"/innsyn/oppdragsbrev/{AAR}/2000/").content.decode()
    assert lenkje in c.get("/innsyn/").content.decode()


def test_the_public_pdf_is_laid_out_once_per_content(demo, media, tmp_path):
    _gjer_offentleg("2000")
    c = Client()
    url = f"/innsyn/verksemdsplan/{AAR}/2000.pdf"
    forste = c.get(url)
    etag = forste["ETag"]
    assert "public" in forste["Cache-Control"]
    assert c.get(url)["ETag"] == etag
    assert c.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    filer = list((media / "verksemdsplan").iterdir())
    assert len(filer) == 1
    # an oppdrag made exempt changes the public content: a new file, the old one removed
    o = (
        Oppdrag.objects.aktive()
        .filter(eining__kode="2000")
        .i_aar(AAR)
        .exclude(innsyn.unnatekne())
        .order_by("pk")
        .first()
    )
    o.unnateke, o.heimel = True, "offentleglova § 14"
    o.save()
    andre = c.get(url)
    assert andre["ETag"] != etag
    assert " ".join(o.tittel.split()) not in _pdf_tekst(_innhald(andre), tmp_path)
    assert [f.name for f in (media / "verksemdsplan").iterdir()] == [andre["ETag"].strip('"')]


def test_the_document_reads_a_fixed_number_of_queries_however_many_oppdrag(demo):
    from alver.lib import klokke
    from reporting import services
    from verksemdsplan import services as vp_services
    from verksemdsplan.models import Kategori

    c = _klient("kommunedirektor")
    url = f"/verksemdsplan/{AAR}/2100/dokument/"
    foer = tal_sporjingar(c, url)
    skule = Eining.objects.get(kode="2100")
    periode = (
        Periode.objects.filter(aar=AAR, type="maanad", stengd=False, fra__lte=klokke.i_dag())
        .order_by("-fra")
        .first()
    )
    kategori = Kategori.objects.get(kode="administrativt")
    for n in range(6):
        o = vp_services.lag_oppdrag(
            eining=skule, aar=AAR, user=skule.leiar, tittel=f"Ekstra oppdrag {n}", kategori=kategori
        )
        services.rapporter(
            o, periode, status="i_gang", lys="gron", kommentar="", framdrift=10, user=skule.leiar
        )
    assert tal_sporjingar(c, url) == foer
