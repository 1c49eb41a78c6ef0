"""As a new user would: search from the header by keyboard alone, for a case number written
another way and for a word in a report's comment; axe on the results."""

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_an_employee_searches_from_the_header_by_keyboard(demo, live_server, logg_inn):
    page = logg_inn("tenesteleiar.skule@alver.example")
    boks = page.get_by_role("searchbox", name="Søk").first
    boks.focus()
    page.keyboard.type("PS 022/26")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    vedtak = page.locator("section", has=page.get_by_role("heading", name="Politiske vedtak"))
    expect(
        vedtak.get_by_role("link", name="PS 22/2026 Ny gang- og sykkelveg til Alversund skule")
    ).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "sok-01-saksnummer")

    # a word from a status report's comment: the report's group says why each row matched
    sok = page.locator("main").get_by_role("searchbox")
    sok.fill("avklaring")
    sok.press("Enter")
    rapportar = page.locator("section", has=page.get_by_role("heading", name="Statusrapportar"))
    expect(rapportar.locator("mark").first).to_have_text("avklaring")
    sjekk_axe(page)
    skjermbilete(page, "sok-02-kommentar")

    # the first hit opens by keyboard
    rapportar.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/oppdrag/" in page.url
