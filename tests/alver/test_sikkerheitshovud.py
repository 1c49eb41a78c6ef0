"""Security headers (alver.middleware.SikkerheitshovudMiddleware, issue 18): a strict CSP and a
Permissions-Policy everywhere, `no-store` on what a logged-in user is shown (pages, PDFs), and
neither on static files nor on the anonymous public innsyn pages."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from alver.lib import pdf

STRENG = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _felles(svar):
    assert svar["Permissions-Policy"].startswith("accelerometer=(), autoplay=(), camera=()")
    assert "geolocation=()" in svar["Permissions-Policy"] and "microphone=()" in svar["Permissions-Policy"]
    # set by Django's SecurityMiddleware and XFrameOptionsMiddleware, kept as they are
    assert svar["X-Content-Type-Options"] == "nosniff"
    assert svar["Referrer-Policy"] == "same-origin"
    assert svar["X-Frame-Options"] == "DENY"


def test_an_authenticated_page_gets_the_strict_policy_and_no_store(client_as):
    svar = client_as("medarbeidar").get("/mi-side/")
    assert svar.status_code == 200
    assert svar["Content-Security-Policy"] == STRENG
    assert "no-store" in svar["Cache-Control"] and "private" in svar["Cache-Control"]
    _felles(svar)
    # the page names no inline script or style the policy would refuse
    html = svar.content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in html


def test_a_private_pdf_is_not_stored(client_as):
    svar = client_as("sekretariat").get("/politisk-oppfolging.pdf")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert "no-store" in svar["Cache-Control"]
    assert svar["Content-Security-Policy"] == STRENG
    _felles(svar)


def test_a_public_innsyn_page_has_the_policy_but_may_be_cached(org):
    from tests.verksemdsplan.conftest import publiser_brev
    from verksemdsplan import brev as tenester

    b = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=org["brukarar"]["kommunedirektor"])
    b.offentleg = True
    b.save()
    publiser_brev(b)
    svar = Client().get(reverse("verksemdsplan:innsyn", args=[2026, "1000"]))
    assert svar.status_code == 200
    assert svar["Content-Security-Policy"] == STRENG
    assert "no-store" not in svar.get("Cache-Control", "")
    _felles(svar)


def test_a_static_file_is_left_to_whitenoise(settings, client_as):
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    svar = client_as("medarbeidar").get("/static/css/alver.css")
    assert svar.status_code == 200
    assert "no-store" not in svar.get("Cache-Control", "")
    assert ".htmx-indicator" in b"".join(svar.streaming_content).decode()  # htmx's styles, ours now


def test_the_admin_gets_a_policy_that_allows_its_inline_scripts_and_styles(db, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    svar = client.get("/admin/")
    assert svar.status_code == 200
    csp = svar["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp and "style-src 'self' 'unsafe-inline'" in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert "no-store" in svar["Cache-Control"]


def test_the_pdf_fetcher_reads_static_files_only():
    """WeasyPrint's second line of defence: data: URIs and the app's static files, nothing else
    of the project (settings, uploads, the database) and nothing from the network."""
    hentar = pdf._hentar()
    assert b".htmx-indicator" not in hentar.fetch("data:text/css,p{}").read()
    statisk = django_settings.BASE_DIR / "static" / "css" / "print.css"
    assert hentar.fetch(statisk.as_uri())
    for fil in (django_settings.BASE_DIR / "manage.py", django_settings.BASE_DIR / "alver" / "settings.py"):
        with pytest.raises(ValueError, match="outside the static files"):
            hentar.fetch(fil.as_uri())
    with pytest.raises(ValueError):
        hentar.fetch("http://127.0.0.1:9/x.css")
