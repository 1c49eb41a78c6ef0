"""As a citizen would, with no login: from the login page to the public pages, a plan, one of
its goals and what is done about it, and the released report; by keyboard, axe on each."""

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_a_citizen_follows_a_goal_to_the_released_report(demo, live_server, page):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="dei vedtekne planane, måla og rapportane, opne for alle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innsyn")
    sjekk_axe(page)
    skjermbilete(page, "innsyn-01")

    # what became of the political decisions, as released
    page.get_by_role("link", name="Politisk oppfølging").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Politisk oppfølging")
    expect(page.locator("table.ds-table tbody a").first).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-01b-oppfolging")
    page.go_back()

    page.get_by_role("link", name="Kommunedelplan for oppvekst 2024–2030").click()
    expect(page.get_by_role("heading", level=2, name="Mål")).to_be_visible()
    sjekk_axe(page)
    page.locator("ul.maaltre a").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="Kva som blir gjort")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-02-maal")

    # the first oppdrag under the goal: what it is and its status as released
    page.locator("table.ds-table tbody a").first.click()
    expect(page.get_by_role("heading", level=2, name="Status")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-02b-oppdrag")

    page.get_by_role("link", name="Les rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1. tertial 2026")
    expect(page.get_by_text("Kjøp av tomt til ny barnehage på Frekhaug")).to_have_count(0)
    sjekk_axe(page)
    skjermbilete(page, "innsyn-03-rapport")


def test_a_citizen_searches_the_public_content_by_keyboard(demo, live_server, page):
    page.goto(f"{live_server.url}/innsyn/")
    boks = page.get_by_role(
        "searchbox", name="Søk i dei vedtekne planane, måla, strategiane, dei opne oppdraga og breva"
    )
    boks.focus()
    page.keyboard.type("barnehage")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk i det opne innhaldet")
    expect(page.get_by_role("status")).to_contain_text("treff på «barnehage»")
    sjekk_axe(page)
    skjermbilete(page, "innsyn-04-sok")
    page.locator("ol.sok-treff a").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/innsyn/" in page.url

    # a word in the letters: the kommune's letter, published as public, is found; Oppvekst's,
    # published for employees only, with the same words, is not
    page.goto(f"{live_server.url}/innsyn/sok/?q=meirforbruk")
    brev = page.locator("section", has=page.get_by_role("heading", name="Oppdragsbrev"))
    expect(brev.get_by_role("link")).to_have_count(1)
    expect(brev.locator("mark").first).to_have_text("Meirforbruk")
    sjekk_axe(page)
    skjermbilete(page, "innsyn-08-sok-brev")
    brev.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alver kommune")
    assert "/innsyn/oppdragsbrev/" in page.url


def test_the_verksemdsplan_as_a_document_for_a_leader_and_for_the_public(demo, live_server, page, logg_inn):
    """A leader opens the unit's plan as one document from its page, by keyboard; the citizen
    reads the kommune's published plan from the innsyn page and downloads its PDF."""
    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/verksemdsplan/2026/2100/")
    page.get_by_role("link", name="Som dokument (side og PDF)").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verksemdsplan 2026 – Skule")
    for namn in ("Oppdragsbrev", "Mål og strategiar som blir følgde opp", "Oppdrag", "Budsjettramme"):
        expect(page.get_by_role("heading", level=2, name=namn, exact=False).first).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-05-verksemdsplan-dokument")
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name="Last ned som PDF").evaluate("a => a.setAttribute('download', '')")
        page.get_by_role("link", name="Last ned som PDF").click()
    assert nedlasting.value.suggested_filename.endswith(".pdf")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/innsyn/")
    page.get_by_role("link", name="verksemdsplan Alver kommune 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verksemdsplan 2026 – Alver kommune")
    expect(page.get_by_text("Oppdrag som er unnatekne offentlegheit, er utelatne.")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-06-verksemdsplan-offentleg")


def test_a_citizen_reads_the_adopted_okonomiplan(demo, live_server, page):
    page.goto(f"{live_server.url}/innsyn/")
    page.get_by_role("link", name="Økonomiplan 2026–2029").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Økonomiplan 2026–2029")
    for namn in ("Hovudoversikt", "Rammer og tiltak", "Prioriterte tiltak", "Verbalpunkt"):
        expect(page.get_by_role("heading", level=2, name=namn)).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "innsyn-07-okonomiplan")
    page.get_by_role("link", name="Kva som vart gjort: den politiske oppfølginga").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Politisk oppfølging")
