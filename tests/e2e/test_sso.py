"""Single sign-on in Chromium: «Log in with …» on Alver's login page, the real OpenID
Connect provider's own login page (panva's oidc-provider on loopback), and back on Mi side
logged in; axe on the login page with single sign-on on, with and without passwords."""

import pytest
from playwright.sync_api import expect

from alver.models import SsoKopling
from tests.factories import EiningFactory, UserFactory
from tests.oidc_tilbydar import KLIENT_HEMMELEG, KLIENT_ID, Tilbydar

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


@pytest.fixture
def tilbydar(live_server, tmp_path, settings):
    t = Tilbydar(tmp_path, [f"{live_server.url}/logg-inn/sso/svar/"])
    settings.OIDC_ISSUER = t.issuer()
    settings.OIDC_CLIENT_ID = KLIENT_ID
    settings.OIDC_CLIENT_SECRET = KLIENT_HEMMELEG
    settings.OIDC_NAMN = "Testvik-ID"
    settings.ALVER_URL = live_server.url
    yield t
    t.stopp()


def test_log_in_with_single_sign_on_and_land_on_mi_side(
    transactional_db, live_server, tilbydar, page, settings
):
    kommune = EiningFactory(namn="Testvik kommune", kode="1000", type="kommune")
    silje = UserFactory(namn="Silje Lærar", email="silje.laerar@testvik.example", eining=kommune)
    tilbydar.set_konto("silje-oid", email="Silje.Laerar@testvik.example", name="Silje Lærar")
    # the new strings' Nynorsk comes with the catalogues; the page is read in English here
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])

    page.goto(f"{live_server.url}/logg-inn/")
    expect(page.get_by_role("link", name="Log in with Testvik-ID")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    sjekk_axe(page)

    settings.LOKALT_PASSORD = False
    page.goto(f"{live_server.url}/logg-inn/")
    expect(page.get_by_label("Password")).to_have_count(0)
    sjekk_axe(page)
    skjermbilete(page, "sso01-logg-inn")

    page.get_by_role("link", name="Log in with Testvik-ID").click()
    page.wait_for_url(f"{tilbydar.issuer()}/**")
    page.locator("input[name=login]").fill("silje-oid")
    page.locator("input[name=password]").fill("kva-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(f"{live_server.url}/mi-side/")
    expect(page.locator("body")).to_contain_text("Silje")
    skjermbilete(page, "sso02-mi-side")
    assert SsoKopling.objects.get().user == silje
