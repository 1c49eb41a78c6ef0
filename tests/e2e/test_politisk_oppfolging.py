"""As a politician would: from the menu to the political follow-up, from a decision on the
decision list to what became of it, and a goal page without the administration's oppdrag."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_a_politician_follows_up_the_decisions(demo, live_server, page, logg_inn):
    logg_inn("politikar@alver.example")
    meny = page.get_by_role("navigation", name="Hovudmeny")
    expect(meny.get_by_role("link", name="Oppdrag", exact=True)).to_have_count(0)
    # by keyboard: focus the menu entry and press Enter
    meny.get_by_role("link", name="Politisk oppfølging").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Politisk oppfølging 2026"))
    tabell = page.get_by_role("table", name=re.compile("politiske oppdrag"))
    expect(tabell).to_contain_text("PS 8/2026")
    # the first tertial is released: its reports show; the oppdrag pages are not linked
    expect(page.get_by_text("Rapportane blir viste slik dei er frigitte")).to_be_visible()
    expect(tabell.get_by_role("link", name=re.compile("^Oppdraget"))).to_have_count(0)
    sjekk_axe(page)
    skjermbilete(page, "p01-politisk-oppfolging")

    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Vedtak").click()
    rad = page.get_by_role("row").filter(has_text="PS 8/2026")
    rad.get_by_role("link").last.click()  # the follow-up column
    expect(page).to_have_url(re.compile(r"/politisk-oppfolging/\?aar=2026&vedtak=\d+"))
    expect(page.get_by_role("table")).to_contain_text("Utgreie felles skulebruksplan")
    expect(page.get_by_role("row")).to_have_count(2)  # the heading row and this decision
    sjekk_axe(page)
    skjermbilete(page, "p02-eitt-vedtak")

    page.get_by_role("link", name="Utgreie felles skulebruksplan for heile kommunen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PS 8/2026")
    expect(page.get_by_role("heading", name="Oppdrag laga frå dette vedtaket")).to_have_count(0)
    sjekk_axe(page)
