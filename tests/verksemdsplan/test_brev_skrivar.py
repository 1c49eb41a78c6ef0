"""Writing a unit's oppdragsbrev (issue 15): the guidance stands beside a section and is never
its text (also for letters made before: the migration empties copied guidance), required
themes, the live preview, the oppdrag beside each theme, and an explicit cascade when the
parent unit has no letter yet."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from tests.hjelp import tal_sporjingar
from tests.verksemdsplan.conftest import publiser_brev
from verksemdsplan import brev as tenester
from verksemdsplan.models import Brevmal, Oppdrag, Oppdragsbrev, Tema

RETTLEIING = "## Kva er viktigast\n\nSkriv kort om dei viktigaste prioriteringane."


def url(namn, aar=2026, kode="2100", **kw):
    return reverse(f"verksemdsplan:{namn}", kwargs={"aar": aar, "kode": kode, **kw})


def paa_engelsk(c):
    """UI text is asserted on its English msgid, so the test holds before translations exist."""
    c.post(reverse("alver:spraak"), {"spraak": "en", "neste": "/"})
    return c


def publiser(b, user):
    return publiser_brev(b)


@pytest.fixture
def malar(db):
    innleiing = Tema.objects.get(kode="innleiing")
    okonomi = Tema.objects.get(kode="okonomiske")
    Brevmal.objects.update_or_create(tema=innleiing, defaults={"rettleiing": RETTLEIING, "paakravd": True})
    Brevmal.objects.update_or_create(
        tema=okonomi, defaults={"rettleiing": "Korleis held de dykk innanfor ramma?", "paakravd": False}
    )
    return {"innleiing": innleiing, "okonomi": okonomi}


@pytest.fixture
def brev(org, malar):
    """The overordna letter and Oppvekst's, published; Skule's a draft based on Oppvekst's."""
    direktor = org["brukarar"]["kommunedirektor"]
    topp = publiser(tenester.lag_brev(org["einingar"]["kommune"], 2026, user=direktor), direktor)
    sektor = publiser(
        tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=org["brukarar"]["kommunalsjef"]), direktor
    )
    skule = tenester.lag_brev(org["einingar"]["skule"], 2026, user=org["brukarar"]["tenesteleiar"])
    return {"topp": topp, "sektor": sektor, "skule": skule}


def skriv(b, kode, tekst):
    s = b.seksjonar.get(tema__kode=kode)
    s.tekst, s.html = tekst, tenester.til_html(tekst)
    s.save()
    return s


# --- the migration ---------------------------------------------------------------------------


def test_the_migration_empties_sections_that_hold_the_copied_guidance_and_keeps_written_text(org, brev):
    skule, sektor = brev["skule"], brev["sektor"]
    # as lag_brev made them before: the guidance copied in (with a browser's line ends)
    kopi = skriv(skule, "innleiing", RETTLEIING.replace("\n", "\r\n") + "\n")
    eiga = skriv(skule, "okonomiske", "Vi held ramma ved å samle innkjøpa.")
    publisert = skriv(sektor, "innleiing", RETTLEIING)  # a published letter's live section
    versjon = sektor.versjonar.get().innhald
    migrasjon = importlib.import_module("verksemdsplan.migrations.0014_brevmal_rettleiing")
    migrasjon.tom_kopiert_rettleiing(apps, None)
    for s in (kopi, eiga, publisert):
        s.refresh_from_db()
    assert (kopi.tekst, kopi.html) == ("", "") and (publisert.tekst, publisert.html) == ("", "")
    assert eiga.tekst == "Vi held ramma ved å samle innkjøpa." and "<p>" in eiga.html
    assert sektor.versjonar.get().innhald == versjon  # what was published stays as published


# --- a new letter, the guidance and required themes ----------------------------------------


def test_a_new_unit_letter_starts_empty_with_the_guidance_beside_each_section(org, brev, client_as):
    skule = brev["skule"]
    assert skule.basert_paa == brev["sektor"]
    assert set(skule.seksjonar.values_list("tekst", "html").distinct()) == {("", "")}
    c = paa_engelsk(client_as("tenesteleiar"))
    html = c.get(url("brev_endre")).content.decode()
    s = skule.seksjonar.get(tema__kode="innleiing")
    # the guidance as help: rendered beside the textarea, which points to it, and as placeholder
    assert f'id="rettleiing_{s.pk}"' in html and f'aria-describedby="rettleiing_{s.pk}"' in html
    assert "<h3>Kva er viktigast</h3>" in html
    assert 'placeholder="Write here – Kva er viktigast"' in html
    assert ">Required</span>" in html
    # nothing of it in the section's text area
    assert f'name="tekst_{s.pk}" rows="10"' in html and "prioriteringane.</textarea>" not in html


def test_the_top_letter_has_no_guidance_and_no_required_sections(org, brev, client_as):
    assert tenester.tomme_paakravde(brev["topp"]) == []
    html = client_as("kommunedirektor").get(url("brev_endre", kode="1000")).content.decode()
    assert 'id="rettleiing_' not in html


def test_required_sections_that_are_empty_or_only_hold_the_guidance_are_named(org, brev, malar):
    skule = brev["skule"]
    namn = str(malar["innleiing"])
    assert tenester.tomme_paakravde(skule) == [namn]
    skriv(skule, "innleiing", "  " + RETTLEIING + "\r\n")  # the guidance itself is not an answer
    assert tenester.tomme_paakravde(skule) == [namn]
    skriv(skule, "okonomiske", "")  # optional: may stay empty
    skriv(skule, "innleiing", "Vi prioriterer tidleg innsats.")
    assert tenester.tomme_paakravde(skule) == []


def test_empty_optional_sections_are_left_out_of_the_letter_page(org, brev, client_as):
    skriv(brev["sektor"], "innleiing", "Hovudbodskapen.")
    html = client_as("kommunalsjef").get(url("brev", kode="2000")).content.decode()
    assert 'id="s-innleiing"' in html and 'id="s-digitalisering"' not in html


# --- the preview ------------------------------------------------------------------------------


def forhandsvis(c, s, tekst, **kw):
    return c.post(url("brev_forhandsvis", **kw), {"seksjon": s.pk, f"tekst_{s.pk}": tekst})


def test_the_preview_shows_one_section_sanitised_to_its_editors_only(org, brev, client_as):
    s = brev["skule"].seksjonar.get(tema__kode="innleiing")
    svar = forhandsvis(client_as("tenesteleiar"), s, "**Feit** <script>alert(1)</script>")
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "<strong>Feit</strong>" in html and "<script" not in html and "<html" not in html
    assert forhandsvis(client_as("kommunalsjef"), s, "x").status_code == 200  # a leader above
    # a section of another letter is not this letter's
    annan = brev["sektor"].seksjonar.first()
    assert forhandsvis(client_as("tenesteleiar"), annan, "x").status_code == 404
    # Skule's letter is a draft: those who may not edit it do not know it is there
    assert forhandsvis(client_as("utanfor"), s, "x").status_code == 404
    assert forhandsvis(client_as("medarbeidar"), s, "x").status_code == 404
    assert client_as("tenesteleiar").get(url("brev_forhandsvis")).status_code == 405
    # on a published letter, a reader is refused
    sektor = brev["sektor"].seksjonar.first()
    assert forhandsvis(client_as("medarbeidar"), sektor, "x", kode="2000").status_code == 403
    assert forhandsvis(client_as("politikar"), sektor, "x", kode="2000").status_code == 403
    assert forhandsvis(client_as("kommunalsjef"), sektor, "x", kode="2000").status_code == 200


def test_the_preview_needs_a_login(org, brev, client):
    s = brev["skule"].seksjonar.first()
    assert forhandsvis(client, s, "x").status_code == 302


# --- the cascade ------------------------------------------------------------------------------


def test_without_the_parent_units_letter_the_page_names_the_nearest_published_one_above(
    org, malar, client_as
):
    direktor = org["brukarar"]["kommunedirektor"]
    topp = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=direktor)
    c = paa_engelsk(client_as("tenesteleiar"))
    # nothing published above yet: only wait
    html = c.get(url("brev")).content.decode()
    assert "Oppvekst has no assignment letter for 2026 yet." in html and 'name="basert_paa"' not in html
    assert tenester.grunnlag(org["einingar"]["skule"], 2026) == (None, None)
    publiser(topp, direktor)
    assert tenester.grunnlag(org["einingar"]["skule"], 2026) == (None, topp)
    html = c.get(url("brev")).content.decode()
    assert "Oppvekst has no assignment letter for 2026 yet." in html
    assert f'name="basert_paa" value="{topp.pk}"' in html
    assert f"Start from {topp} (published)" in html
    # creating without choosing is refused, and says why
    svar = c.post(url("brev_ny"), follow=True)
    assert not Oppdragsbrev.objects.filter(eining__kode="2100").exists()
    assert "Oppvekst has no assignment letter for 2026 yet." in svar.content.decode()
    # creating from it works
    assert c.post(url("brev_ny"), {"basert_paa": topp.pk}).status_code == 302
    assert Oppdragsbrev.objects.get(eining__kode="2100").basert_paa == topp


def test_a_forged_basis_is_refused(org, brev, malar, client_as):
    c = client_as("tenesteleiar")
    Oppdragsbrev.objects.filter(eining__kode="2100").delete()
    # the parent's letter exists: nothing else may be the basis
    for forfalska in (brev["topp"].pk, 999999, "x"):
        assert c.post(url("brev_ny"), {"basert_paa": forfalska}).status_code == 302
        assert not Oppdragsbrev.objects.filter(eining__kode="2100").exists()
    # a letter of another year or another branch is no basis either
    helse = tenester.lag_brev(org["einingar"]["helse"], 2026, user=org["brukarar"]["kommunedirektor"])
    c.post(url("brev_ny"), {"basert_paa": helse.pk})
    assert not Oppdragsbrev.objects.filter(eining__kode="2100").exists()
    assert c.post(url("brev_ny"), {"basert_paa": brev["sektor"].pk}).status_code == 302
    assert Oppdragsbrev.objects.get(eining__kode="2100").basert_paa == brev["sektor"]
    # the top letter is based on nothing
    with pytest.raises(tenester.Brevfeil):
        tenester.lag_brev(
            org["einingar"]["kommune"],
            2027,
            user=org["brukarar"]["kommunedirektor"],
            basert_paa=brev["topp"].pk,
        )


# --- the oppdrag beside each theme --------------------------------------------------------------


def test_the_editor_lists_each_themes_oppdrag_and_the_ones_without_a_theme(org, brev, oppdrag, client_as):
    oppdrag.tema = Tema.objects.get(kode="strategiske")
    oppdrag.save()
    utan = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan,
        aar=2026,
        tittel="Oppdrag utan tema",
        kategori=oppdrag.kategori,
        eining=oppdrag.eining,
        owner=oppdrag.owner,
    )
    c = paa_engelsk(client_as("kommunalsjef"))
    html = c.get(url("brev_endre", kode="2000")).content.decode()
    lenkje = reverse("verksemdsplan:oppdrag", args=[oppdrag.pk])
    assert f'href="{lenkje}">Betre skulevegar</a> – Ola Oppvekst, deadline 1.12.2026' in html
    assert 'id="andre-oppdrag"' in html and reverse("verksemdsplan:oppdrag", args=[utan.pk]) in html
    liste = reverse("verksemdsplan:oppdrag_liste") + "?eining=2000&amp;aar=2026"
    assert liste in html and "Missing an assignment? See the unit's assignments" in html


def test_the_editor_keeps_its_query_count_whatever_the_number_of_oppdrag(org, brev, oppdrag, client_as):
    c = client_as("kommunalsjef")
    tema = list(Tema.objects.all()) + [None]

    def fleire(n):
        Oppdrag.objects.bulk_create(
            Oppdrag(
                verksemdsplan=oppdrag.verksemdsplan,
                aar=2026,
                tittel=f"O{i}",
                kategori=oppdrag.kategori,
                eining=oppdrag.eining,
                owner=oppdrag.owner,
                tema=tema[i % len(tema)],
                frist=datetime.date(2026, 5, 1),
            )
            for i in range(n)
        )

    fleire(10)
    u = url("brev_endre", kode="2000")
    smaa = tal_sporjingar(c, u)
    fleire(300)
    assert tal_sporjingar(c, u) == smaa
