"""The kommune's letterhead (Kommuneprofil): the administrators' page, uploads, the cached
name on every page, and the letterhead in the report PDFs."""

import io
import subprocess
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from alver.lib import mellomlager, pdf, profil
from alver.lib.svg import rens_svg
from alver.models import Kommuneprofil
from tests.hjelp import berre

URL = "/organisasjon/kommune/"

VAAPEN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 12" '
    b'onload="alert(1)"><script>alert(2)</script>'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fc0"/></linearGradient></defs>'
    b'<path d="M1 1H9V6Q9 10 5 11Q1 10 1 6Z" fill="url(#g)"/>'
    b'<image xlink:href="http://evil.example/sporing.png" width="1" height="1"/></svg>'
)


def _png(storleik=(4, 4)):
    ut = io.BytesIO()
    Image.new("RGB", storleik, "#1d4f91").save(ut, "PNG")
    return ut.getvalue()


def _skjema(**meir):
    p = Kommuneprofil.objects.filter(pk=1).first()
    data = {
        "namn": p.namn if p else "",
        "stad": "Knarvik",
        "adresse": "Postboks 4\n5906 Frekhaug",
        "brevfot": "Org.nr. 920 290 922 · postmottak@testvik.example",
        "versjon": p.versjon if p else 1,
    }
    data.update(meir)
    return data


@pytest.fixture
def admin(client_as):
    return client_as("administrator")


# --- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("rolle,status", [(r, s) for _u, r, s in berre(URL, {"administrator": 200})])
def test_only_administrators_open_the_page(rolle, status, org, client_as):
    """Politicians read the organisation, so they are refused like other employees (403)."""
    svar = client_as(rolle).get(URL)
    assert svar.status_code == status
    if rolle == "anonymous":
        assert "/logg-inn/" in svar["Location"]


@pytest.mark.parametrize(
    "rolle,status",
    [("kommunedirektor", 403), ("medarbeidar", 403), ("politikar", 403), ("hr", 403), ("anonymous", 302)],
)
def test_only_administrators_change_it(rolle, status, org, client_as):
    svar = client_as(rolle).post(URL, _skjema(namn="Ingen"))
    assert svar.status_code == status
    assert not Kommuneprofil.objects.filter(namn="Ingen").exists()


def test_the_url_has_its_name(db):
    assert reverse("alver:kommuneprofil") == URL


def test_the_organisation_page_links_to_it_for_administrators_only(org, client_as):
    assert 'id="lenke-kommuneprofil"' in client_as("administrator").get("/organisasjon/").content.decode()
    for rolle in ("hr", "kommunedirektor", "medarbeidar", "politikar"):
        html = client_as(rolle).get("/organisasjon/").content.decode()
        assert URL not in html, rolle


def test_opening_the_page_changes_nothing(admin):
    Kommuneprofil.objects.all().delete()
    Kommuneprofil.history.all().delete()
    assert admin.get(URL).status_code == 200
    assert not Kommuneprofil.objects.exists() and not Kommuneprofil.history.exists()
    Kommuneprofil.objects.create(pk=1, namn="Testvik")
    for_ = list(Kommuneprofil.objects.values())
    historikk = Kommuneprofil.history.count()
    admin.get(URL)
    assert list(Kommuneprofil.objects.values()) == for_ and Kommuneprofil.history.count() == historikk


# --- saving ----------------------------------------------------------------------------


def test_the_administrator_saves_the_letterhead_with_history(admin, org):
    svar = admin.post(URL, _skjema(namn="Testvik kommune"))
    assert svar.status_code == 302 and svar["Location"] == URL
    p = Kommuneprofil.hent()
    assert (p.namn, p.stad, p.adresse, p.versjon) == (
        "Testvik kommune",
        "Knarvik",
        "Postboks 4\n5906 Frekhaug",
        2,
    )
    siste = p.history.first()
    assert siste.history_user == org["brukarar"]["administrator"]
    assert "vaapen" not in [f.name for f in siste._meta.fields]  # the picture stays out of the history
    side = admin.get(URL)
    assert len(side.context["logg"][0].endringar) == 4  # name, place, address, footer


def test_an_uploaded_svg_is_cleaned_and_stored_as_a_data_uri(admin):
    fil = SimpleUploadedFile("vaapen.svg", VAAPEN_SVG, content_type="image/svg+xml")
    svar = admin.post(URL, _skjema(vaapen_fil=fil))
    assert svar.status_code == 302
    p = Kommuneprofil.hent()
    assert p.vaapen.startswith("data:image/svg+xml;base64,") and p.vaapen_namn == "vaapen.svg"
    import base64

    svg = base64.b64decode(p.vaapen.split(",", 1)[1])
    assert svg == rens_svg(VAAPEN_SVG)
    assert b"alert" not in svg and b"onload" not in svg and b"evil" not in svg and b"<path" in svg
    assert p.history.first().history_change_reason  # says the coat of arms changed
    html = admin.get(URL).content.decode()
    assert f'src="{p.vaapen}"' in html and 'id="vaapen-bilete"' in html and 'alt="' in html


def test_a_png_is_accepted_and_can_be_removed(admin):
    png = _png()
    assert admin.post(URL, _skjema(vaapen_fil=SimpleUploadedFile("logo.png", png))).status_code == 302
    p = Kommuneprofil.hent()
    assert p.vaapen.startswith("data:image/png;base64,") and p.vaapen_namn == "logo.png"
    assert admin.post(URL, _skjema(fjern_vaapen="on")).status_code == 302
    p.refresh_from_db()
    assert (p.vaapen, p.vaapen_namn) == ("", "")


@pytest.mark.parametrize(
    "namn,innhald,felt",
    [
        ("virus.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 20, "vaapen_fil"),
        ("falsk.png", b"\x89PNG\r\n\x1a\nikkje eit bilete", "vaapen_fil"),
        (
            "stor.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><!--' + b"x" * (1024 * 1024) + b"--></svg>",
            "vaapen_fil",
        ),
        ("bombe.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "vaapen_fil"),
        ("side.svg", b"<html><body/></html>", "vaapen_fil"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_saved(admin, namn, innhald, felt):
    Kommuneprofil.objects.filter(pk=1).update(stad="Frekhaug")
    for_ = list(Kommuneprofil.objects.values())
    svar = admin.post(URL, _skjema(vaapen_fil=SimpleUploadedFile(namn, innhald)))
    assert svar.status_code == 200
    assert svar.context["form"].errors[felt]
    assert 'id="feilsamandrag"' in svar.content.decode()
    assert svar.context["form"]["stad"].value() == "Knarvik"  # what was typed stays
    assert list(Kommuneprofil.objects.values()) == for_


def test_a_file_too_large_says_so(admin):
    svar = admin.post(
        URL,
        _skjema(vaapen_fil=SimpleUploadedFile("stor.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024))),
    )
    # in the user's language (Nynorsk by default), and nothing saved
    assert svar.context["form"].errors["vaapen_fil"] == ["Fila er større enn 1 MB."]
    assert Kommuneprofil.hent().vaapen == ""


def test_a_concurrent_edit_is_detected(admin, client_as):
    gammal = _skjema()
    assert client_as("administrator").post(URL, _skjema(stad="Frekhaug")).status_code == 302
    svar = admin.post(URL, {**gammal, "stad": "Manger"})
    assert svar.status_code == 200 and svar.context["form"].non_field_errors()
    assert svar.context["form"].konflikt  # the other person's change is shown
    assert Kommuneprofil.hent().stad == "Frekhaug"
    # saving again from the refreshed version is a deliberate choice, and works
    data = {**gammal, "stad": "Manger", "versjon": svar.context["form"]["versjon"].value()}
    assert admin.post(URL, data).status_code == 302 and Kommuneprofil.hent().stad == "Manger"


# --- the name on every page, cached --------------------------------------------------


def test_the_name_set_in_the_app_wins_over_the_setting(settings, client_as, org):
    settings.KOMMUNE_NAMN = "Standardvik kommune"
    c = client_as("medarbeidar")
    assert "Standardvik kommune" in c.get("/organisasjon/").content.decode()
    assert profil.kommune_namn() == "Standardvik kommune"
    client_as("administrator").post(URL, _skjema(namn="Alver kommune i appen"))
    html = c.get("/organisasjon/").content.decode()
    assert '<a class="topp__kommune"' in html and "Alver kommune i appen</a>" in html
    assert "Standardvik" not in html
    assert profil.kommune_namn() == "Alver kommune i appen"
    assert profil.brevhovud()["namn"] == "Alver kommune i appen"


def test_the_name_costs_no_query_per_page(client_as, org):
    """The context processor reads the cached profile: a page costs the same queries with no
    profile, an empty one and a filled one (the first read after a save fills the cache)."""
    c = client_as("medarbeidar")

    def sporjingar():
        c.get("/profil/")  # warm: the cache, content types
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/profil/").status_code == 200
        return len(ctx)

    Kommuneprofil.objects.all().delete()
    profil.glom()
    utan = sporjingar()
    Kommuneprofil.objects.create(pk=1)
    assert sporjingar() == utan
    client_as("administrator").post(
        URL, _skjema(namn="Testvik", vaapen_fil=SimpleUploadedFile("l.png", _png()))
    )
    assert sporjingar() == utan
    with CaptureQueriesContext(connection) as ctx:
        profil.kommune_namn()
    assert len(ctx) == 0


def test_a_cache_that_is_down_never_fails_a_page(client_as, org, monkeypatch):
    Kommuneprofil.objects.filter(pk=1).update(namn="Utan cache kommune")

    def nede(*_a, **_k):
        raise ConnectionError("cache down")

    monkeypatch.setattr(mellomlager.cache, "get", nede)
    monkeypatch.setattr(mellomlager.cache, "set", nede)
    monkeypatch.setattr(mellomlager.cache, "delete_many", nede)
    svar = client_as("medarbeidar").get("/organisasjon/")
    assert svar.status_code == 200 and "Utan cache kommune" in svar.content.decode()
    assert profil.brevhovud()["namn"] == "Utan cache kommune"
    assert client_as("administrator").post(URL, _skjema(namn="Framleis")).status_code == 302


def test_a_saved_profile_is_read_anew(db):
    assert profil.kommune_namn()  # caches the profile as it is
    p = Kommuneprofil.hent()
    p.namn = "Nyvik kommune"
    p.save()
    assert profil.kommune_namn() == "Nyvik kommune"


def test_the_letterhead_dict(db, settings):
    settings.KOMMUNE_NAMN = "Standardvik kommune"
    Kommuneprofil.objects.update_or_create(
        pk=1,
        defaults={
            "namn": "",
            "stad": "Knarvik",
            "adresse": "Postboks 4\n\n 5906 Frekhaug ",
            "brevfot": "Org.nr. 1",
        },
    )
    assert profil.brevhovud() == {
        "namn": "Standardvik kommune",
        "stad": "Knarvik",
        "adresse_linjer": ["Postboks 4", "5906 Frekhaug"],
        "brevfot": "Org.nr. 1",
        "vaapen": "",
    }


# --- the PDFs ----------------------------------------------------------------------------


def _pdf_tekst(innhald, tmp_path):
    fil = tmp_path / "ut.pdf"
    fil.write_bytes(innhald)
    return subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout


def _med_profil(admin):
    fil = SimpleUploadedFile("vaapen.svg", VAAPEN_SVG)
    assert (
        admin.post(
            URL,
            _skjema(
                namn="Testvik kommune",
                adresse="Postboks 77\n5999 Testvik",
                brevfot="Testvik kommune · Org.nr. 999 888 777 · post@testvik.example",
                vaapen_fil=fil,
            ),
        ).status_code
        == 302
    )


def test_a_report_pdf_prints_the_letterhead(admin, client_as, tmp_path):
    _med_profil(admin)
    svar = client_as("sekretariat").get("/politisk-oppfolging.pdf")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    tekst = _pdf_tekst(svar.content, tmp_path)
    assert "Testvik kommune" in tekst and "Postboks 77" in tekst and "5999 Testvik" in tekst
    assert "Org.nr. 999 888 777" in tekst


def test_printing_the_coat_of_arms_fetches_nothing(admin, monkeypatch):
    """The cleaned SVG is embedded as a data URI: WeasyPrint asks for data: and files of the
    project only, and never opens a network connection."""
    _med_profil(admin)
    from weasyprint.urls import URLFetcher

    spurt, nett = [], []
    original = URLFetcher.fetch

    def fetch(self, url, headers=None):
        spurt.append(url)
        return original(self, url, headers)

    def nettverk(self, req):
        nett.append(req.full_url)
        raise OSError("no network in tests")

    monkeypatch.setattr(URLFetcher, "fetch", fetch)
    monkeypatch.setattr(urllib.request.HTTPHandler, "http_open", nettverk)
    monkeypatch.setattr(urllib.request.HTTPSHandler, "https_open", nettverk)
    innhald = pdf.lag_pdf(None, "reporting/politisk_oppfolging_pdf.html", {"rader": []}, tittel="Test")
    assert innhald.startswith(b"%PDF")
    assert any(u.startswith("data:image/svg+xml") for u in spurt)  # the coat of arms was drawn
    assert all(u.startswith(("data:", "file:")) for u in spurt), spurt
    assert nett == []


def test_the_pdf_fetcher_refuses_the_network_and_files_outside_the_project(monkeypatch):
    """Should an unclean SVG or a text ever name http:// or a system file, it gets nothing."""
    nett = []
    monkeypatch.setattr(urllib.request.HTTPHandler, "http_open", lambda self, req: nett.append(req.full_url))
    hentar = pdf._hentar()
    for url in (
        "http://evil.example/x.png",
        "https://evil.example/x.png",
        "ftp://evil.example/x",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            hentar.fetch(url)
    assert nett == []
    svar = hentar.fetch("data:text/plain;base64,aGVp")
    assert svar.read() == b"hei"


def test_an_unclean_svg_with_an_external_link_fetches_nothing_in_a_pdf(db, monkeypatch, tmp_path):
    """Defence in depth: even an SVG that skipped cleaning cannot make WeasyPrint go online."""
    import base64

    nett = []

    def nettverk(self, req):
        nett.append(req.full_url)
        raise OSError("no network in tests")

    monkeypatch.setattr(urllib.request.HTTPHandler, "http_open", nettverk)
    monkeypatch.setattr(urllib.request.HTTPSHandler, "https_open", nettverk)
    ureint = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
        b'<image xlink:href="http://evil.example/sporing.png" width="10" height="10"/>'
        b'<image href="https://evil.example/b.png" width="10" height="10"/></svg>'
    )
    Kommuneprofil.objects.filter(pk=1).update(
        vaapen="data:image/svg+xml;base64," + base64.b64encode(ureint).decode()
    )
    profil.glom()
    assert pdf.lag_pdf(
        None, "reporting/politisk_oppfolging_pdf.html", {"rader": []}, tittel="Test"
    ).startswith(b"%PDF")
    assert nett == []


def test_the_demo_sets_a_letterhead_once_and_leaves_a_filled_one_alone(db):
    from alver.demo import _kommuneprofil

    _kommuneprofil()
    p = Kommuneprofil.hent()
    assert p.stad == "Knarvik" and "5906 Frekhaug" in p.adresse and "920 290 922" in p.brevfot
    assert p.vaapen.startswith("data:image/svg+xml;base64,") and p.namn == ""
    historikk = Kommuneprofil.history.count()
    _kommuneprofil()
    assert Kommuneprofil.history.count() == historikk
    p.stad = "Manger"
    p.save()
    _kommuneprofil()
    assert Kommuneprofil.hent().stad == "Manger"
