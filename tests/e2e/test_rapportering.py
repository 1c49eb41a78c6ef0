"""As a new user would (a first part of reporting): økonomi opens the month; a tenesteleiar
reports one deviation and confirms the rest as on track in deviation mode; the
kommunalsjef sees who has reported."""

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


def test_a_month_reported_in_deviation_mode(demo, live_server, page, logg_inn):
    logg_inn("okonomi@alver.example")
    page.goto(f"{live_server.url}/rapportering/?aar=2026")
    sjekk_axe(page)
    rad = page.get_by_role("row", name="Desember 2026")
    rad.get_by_role("button", name="Opne").click()
    expect(page.get_by_role("row", name="Desember 2026")).to_contain_text("open")
    skjermbilete(page, "r01-periodar")
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m12/")
    sjekk_axe(page)
    tabell = page.get_by_role("table", name="Oppdrag i perioden")
    forste = tabell.get_by_role("row").nth(1)
    tittel = forste.get_by_role("cell").first.inner_text()
    forste.get_by_role("link", name="Rapporter").click()
    page.get_by_label("Status").select_option(label="forseinka")
    page.get_by_label("raud").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("kommentar")  # red needs a comment
    sjekk_axe(page)
    page.get_by_label("Kommentar").fill("Manglar vikarar i desember.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text(f"Rapportert: {tittel}.")).to_be_visible()
    page.get_by_role("button", name="Alt anna er i rute").click()
    expect(page.get_by_text("stadfesta i rute")).to_be_visible()
    page.get_by_label("Vis").select_option(label="Med avvik")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("table", name="Oppdrag i perioden")).to_contain_text(
        "Manglar vikarar i desember."
    )
    sjekk_axe(page)
    skjermbilete(page, "r02-avvik")
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m12/innlevering/")
    expect(page.get_by_role("table", name="Per eigar og eining")).to_contain_text("Per Mjanger")
    sjekk_axe(page)
    skjermbilete(page, "r03-innlevering")
