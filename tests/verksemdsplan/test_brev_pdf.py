"""The oppdragsbrev as a signed letter in PDF: letterhead, addressee, place and date, the
signature and approval, only the sections with content, a contents page only for long letters,
and a published version laid out once and served from storage."""

import datetime
import os
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from alver.models import Kommuneprofil
from verksemdsplan import brev as tenester
from verksemdsplan import services
from verksemdsplan.models import Brevmal, Brevversjon, Kategori, Oppdrag, Tema


def url(namn, kode="1000", aar=2026):
    return reverse(f"verksemdsplan:{namn}", kwargs={"aar": aar, "kode": kode})


def innhald(svar):
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    return b"".join(svar.streaming_content) if svar.streaming else svar.content


def tekst(pdf_bytes, tmp_path, namn="brev.pdf"):
    f = tmp_path / namn
    f.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout


def sider(pdf_bytes, tmp_path):
    f = tmp_path / "s.pdf"
    f.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


def skriv(b, tekstar, user):
    seksjonar = {s.tema.kode: s for s in b.seksjonar.select_related("tema")}
    tenester.lagre_tekst(
        b,
        b.versjon,
        {seksjonar[k].pk: (t, True) for k, t in tekstar.items()},
        offentleg=b.offentleg,
        user=user,
    )
    b.refresh_from_db()
    return b


def publiser_topp(b, org):
    direktor, ingrid = org["brukarar"]["kommunedirektor"], org["einingar"]["helse"].leiar
    tenester.steg(b, "send", user=direktor, godkjennar=ingrid)
    tenester.steg(b, "godkjenn", user=ingrid)
    tenester.steg(b, "publiser", user=direktor)
    b.refresh_from_db()
    return b.versjonar.get()


@pytest.fixture
def profil(db):
    p = Kommuneprofil.hent()
    p.namn, p.stad = "Testvik kommune", "Knarvik"
    p.brevfot = "Testvik kommune · Org.nr. 999 999 999 · postmottak@testvik.example"
    p.save()
    return p


@pytest.fixture
def toppbrev(org, oppdrag, profil):
    oppdrag.tema = Tema.objects.get(kode="strategiske")
    oppdrag.save()
    direktor = org["brukarar"]["kommunedirektor"]
    direktor.tittel = "Kommunedirektør"
    direktor.save()
    b = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=direktor)
    return skriv(b, {"strategiske": "## Mål\n\nVi følgjer opp kommuneplanen."}, direktor)


def test_the_published_letter_is_addressed_dated_signed_and_approved(org, toppbrev, client_as, tmp_path):
    publiser_topp(toppbrev, org)
    t = tekst(innhald(client_as("medarbeidar").get(url("brev_pdf"))), tmp_path)
    assert "Til: tenesteleiarar i Testvik kommune" in t
    assert "Knarvik, 30. november 2026" in t
    assert "Kari Direktør" in t and "Kommunedirektør" in t
    assert "Godkjend av Ingrid Helse, Rådgjevar, 30.11.2026" in t
    assert "Testvik kommune · Org.nr. 999 999 999" in t  # the kommune's footer
    # the section with text and its oppdrag; the empty sections are left out, with no filler
    assert "Strategiske oppdrag" in t and "Vi følgjer opp kommuneplanen." in t and "Betre skulevegar" in t
    assert "Digitalisering, system og forbetring" not in t and "Ingenting i denne delen" not in t
    # a short letter has no contents page, and the cover names the letter, not the kommune twice
    assert "Innhald" not in t
    omslag = t.split("\f")[0]
    assert omslag.count("Testvik kommune\n") == 1 and "Overordna oppdragsbrev frå kommunedirektøren" in omslag
    assert "Side 2 av" in t


def test_a_long_letter_gets_a_contents_page(org, toppbrev, tmp_path):
    kategori, tema = Kategori.objects.get(kode="administrativt"), list(Tema.objects.all())
    sektor = org["einingar"]["kommune"]  # the letter's own oppdrag: listed in every section
    Oppdrag.objects.bulk_create(
        Oppdrag(
            verksemdsplan=services.verksemdsplan_for(sektor, 2026),
            aar=2026,
            tittel=f"Oppdrag nummer {i} i ein lang liste",
            kategori=kategori,
            eining=sektor,
            owner=sektor.leiar,
            tema=tema[i % len(tema)],
            frist=datetime.date(2026, 12, 1),
        )
        for i in range(150)
    )
    data = tenester.innhald(toppbrev)
    pdf = tenester.lag_brev_pdf(toppbrev.eining, 2026, data, status="Utkast", utkast=True)
    t = tekst(pdf, tmp_path)
    assert "Innhald" in t and sider(pdf, tmp_path) > 2 + tenester.SIDER_UTAN_INNHALDSLISTE
    # the deadlines in the interface's date style, not zero-padded
    assert "1.12.2026" in t and "01.12.2026" not in t


def test_a_published_version_is_laid_out_once_and_served_from_storage(org, toppbrev, tmp_path):
    versjon = publiser_topp(toppbrev, org)
    lesarar = [Client() for _ in range(5)]
    for c in lesarar:
        c.force_login(org["brukarar"]["medarbeidar"])
    assert innhald(lesarar[0].get(url("brev_pdf")))[:5] == b"%PDF-"  # the first reader lays it out
    versjon.refresh_from_db()
    fil = versjon.pdf.path
    endra = os.stat(fil).st_mtime_ns
    for c in lesarar[1:]:
        assert innhald(c.get(url("brev_pdf")))[:5] == b"%PDF-"
    versjon.refresh_from_db()
    assert versjon.pdf.path == fil and os.stat(fil).st_mtime_ns == endra


def test_with_a_worker_publishing_lays_out_the_pdfs_ahead_of_the_first_reader(celery_arbeidar, org, profil):
    direktor = org["brukarar"]["kommunedirektor"]
    b = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=direktor)
    b.offentleg = True
    b.save()
    b = skriv(b, {"innleiing": "Vi held fram."}, direktor)
    versjon = publiser_topp(b, org)
    celery_arbeidar.vent(lambda: Brevversjon.objects.filter(pk=versjon.pk).exclude(pdf_offentleg="").exists())
    versjon.refresh_from_db()
    assert versjon.pdf.name and os.path.exists(versjon.pdf.path) and versjon.pdf_offentleg_nokkel


def test_the_public_pdf_is_made_again_when_an_oppdrag_becomes_exempt(
    org, toppbrev, oppdrag, client, tmp_path
):
    toppbrev.offentleg = True
    toppbrev.save()
    versjon = publiser_topp(toppbrev, org)
    t = tekst(innhald(client.get(url("innsyn_pdf"))), tmp_path)
    assert "Betre skulevegar" in t
    versjon.refresh_from_db()
    forste = versjon.pdf_offentleg.path
    assert innhald(client.get(url("innsyn_pdf")))  # served again, not made again
    versjon.refresh_from_db()
    assert versjon.pdf_offentleg.path == forste
    oppdrag.unnateke, oppdrag.heimel = True, "offentleglova § 14"
    oppdrag.save()
    t = tekst(innhald(client.get(url("innsyn_pdf"))), tmp_path)
    assert "Betre skulevegar" not in t
    versjon.refresh_from_db()
    assert versjon.pdf_offentleg.path != forste
    assert not os.path.exists(forste)  # the old public file is gone


def test_a_unit_letter_never_prints_the_templates_guidance(org, toppbrev, client_as, tmp_path):
    rettleiing = "Korleis skal eininga halde seg innanfor ramma? Nemn tiltak for innsparing."
    Brevmal.objects.update_or_create(
        tema=Tema.objects.get(kode="okonomiske"), defaults={"rettleiing": rettleiing}
    )
    publiser_topp(toppbrev, org)
    sjef = org["brukarar"]["kommunalsjef"]
    sjef.tittel = "Kommunalsjef oppvekst"
    sjef.save()
    b = tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=sjef)
    skriv(b, {"innleiing": "Oppvekst held fram med tidleg innsats."}, sjef)
    tenester.steg(b, "send", user=sjef)
    tenester.steg(b, "godkjenn", user=org["brukarar"]["kommunedirektor"])
    tenester.steg(b, "publiser", user=org["brukarar"]["kommunedirektor"])
    t = tekst(innhald(client_as("medarbeidar").get(url("brev_pdf", kode="2000"))), tmp_path)
    assert "Oppvekst held fram med tidleg innsats." in t
    assert "Korleis skal eininga" not in t and "Nemn tiltak" not in t
    assert "Til: kommunalsjef oppvekst, Oppvekst" in t and "Ola Oppvekst" in t


def test_the_public_pdf_is_laid_out_once_for_many_anonymous_readers_and_may_be_cached(
    org, toppbrev, media, tmp_path
):
    """Issue 18: each anonymous request cost 3–7 s of CPU; now the first lays it out and the
    rest are served the stored file, with an ETag and a short public cache time."""
    import time

    toppbrev.offentleg = True
    toppbrev.save()
    versjon = publiser_topp(toppbrev, org)
    forste = Client().get(url("innsyn_pdf"))
    pdf = innhald(forste)
    etag = forste["ETag"]
    assert "public" in forste["Cache-Control"] and "max-age=300" in forste["Cache-Control"]
    versjon.refresh_from_db()
    fil, endra = versjon.pdf_offentleg.path, os.stat(versjon.pdf_offentleg.path).st_mtime_ns
    start = time.monotonic()
    for _ in range(20):
        svar = Client().get(url("innsyn_pdf"))
        assert innhald(svar) == pdf and svar["ETag"] == etag
    assert time.monotonic() - start < 3  # twenty layouts would take a minute
    versjon.refresh_from_db()
    assert versjon.pdf_offentleg.path == fil and os.stat(fil).st_mtime_ns == endra
    # no second public file (the employees' PDF of the version may lie beside it)
    offentlege = {p.name for p in (media / "oppdragsbrev").glob("*.pdf")} - {
        os.path.basename(versjon.pdf.name)
    }
    assert offentlege == {os.path.basename(fil)}
    ikkje_endra = Client().get(url("innsyn_pdf"), HTTP_IF_NONE_MATCH=etag)
    assert ikkje_endra.status_code == 304 and not ikkje_endra.content
