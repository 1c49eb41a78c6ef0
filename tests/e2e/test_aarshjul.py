"""The årshjul in Chromium, on the demo: the wheel and the list as a kommunalsjef, a filter by
ring, the keyboard path to a date's page, the print; the sekretariat corrects a fixed date; a
person makes a calendar address and a real iCalendar parser reads what it serves; a phone
(390 px) gets a one-row header and no sideways scrolling. axe-core on every new page."""

import datetime

import icalendar
import pytest
from django.test import Client
from playwright.sync_api import expect

from aarshjul.models import Kalenderfeed
from alver.lib import klokke

from .conftest import ny_side, sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_the_wheel_the_list_and_the_print(demo, live_server, page, logg_inn, tmp_path):
    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Årshjul").click()
    aar = klokke.i_dag().year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Årshjul {aar}")
    # the wheel is one image with a text alternative; the list beside it carries the links
    expect(page.get_by_role("img", name=f"Årshjul {aar}")).to_be_visible()
    expect(page.locator("svg.aarshjul-svg circle.prikk")).not_to_have_count(0)
    expect(
        page.locator(".aarshjul-datoar").get_by_text("Kommunestyret vedtek økonomiplanen og årsbudsjettet")
    ).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "a01-aarshjul")
    # only the political ring
    page.get_by_label("Administrativ").uncheck()
    page.get_by_label("Mine eigne").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Vis").click()
    expect(page.locator("svg circle.prikk-administrativ")).to_have_count(0)
    expect(page.locator("svg circle.prikk-politisk")).not_to_have_count(0)
    # by keyboard to where the work is done: the first meeting in the list
    mote = page.locator(".aarshjul-datoar a[href^='/vedtak/mote/']").first
    mote.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.go_back()
    # the print: no menu, the wheel and the list
    page.emulate_media(media="print")
    expect(page.locator("nav.hovudmeny")).to_be_hidden()
    expect(page.locator("svg.aarshjul-svg")).to_be_visible()
    page.pdf(path=str(tmp_path / "aarshjul.pdf"), format="A4")
    assert (tmp_path / "aarshjul.pdf").stat().st_size > 10_000
    page.emulate_media(media="screen")


def test_the_sekretariat_corrects_a_fixed_date(demo, live_server, page, logg_inn):
    logg_inn("sekretariat@alver.example")
    page.goto(f"{live_server.url}/aarshjul/faste/")
    sjekk_axe(page)
    page.get_by_role("link", name="Oppdragsmøte med tenesteleiarane").click()
    sjekk_axe(page)
    page.get_by_label("Dag").fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#feilsamandrag")).to_be_visible()
    sjekk_axe(page)
    page.get_by_label("Dag").fill("14")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Datoen er lagra.")).to_be_visible()
    expect(page.get_by_role("row", name="14.1.").first).to_contain_text("Oppdragsmøte")


def test_a_calendar_address_read_by_a_real_parser(demo, live_server, page, logg_inn):
    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/aarshjul/kalender/")
    sjekk_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lag kalenderadressa mi").click()
    adresse = page.get_by_label("Kalenderadressa di").input_value()
    sjekk_axe(page)
    skjermbilete(page, "a02-kalender")
    feed = Kalenderfeed.objects.get(user__email="kommunalsjef.oppvekst@alver.example")
    assert adresse.endswith(f"/kalender/{feed.token}.ics")
    svar = Client().get("/" + adresse.split("/", 3)[3])  # what a calendar program fetches: no login
    cal = icalendar.Calendar.from_ical(svar.content)
    hendingar = cal.walk("VEVENT")
    assert hendingar and all(isinstance(e.decoded("DTSTART"), datetime.date) for e in hendingar)
    assert any("Rapporteringsfrist" in str(e["SUMMARY"]) for e in hendingar)
    # a new address: the old one is shut
    with page.expect_navigation():
        page.get_by_role("button", name="Ny adresse (den gamle sluttar å verke)").click()
    assert Client().get(f"/kalender/{feed.token}.ics").status_code == 404


@pytest.mark.parametrize(
    "epost,url",
    [
        ("kommunedirektor@alver.example", "/mi-side/"),
        ("okonomi@alver.example", "/okonomiplan/2027/rammer/"),
        ("kommunalsjef.oppvekst@alver.example", "/oppdrag/"),
        ("kommunalsjef.oppvekst@alver.example", "/aarshjul/"),
        ("politikar@alver.example", "/politisk-oppfolging/"),
    ],
)
def test_on_a_phone_the_header_is_small_and_nothing_scrolls_sideways(demo, live_server, browser, epost, url):
    page = ny_side(browser)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("E-post").fill(epost)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/mi-side/")
    page.goto(live_server.url + url)
    assert page.evaluate("document.querySelector('header').getBoundingClientRect().height") <= 844 / 6
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    meny = page.get_by_role("navigation", name="Hovudmeny")
    expect(meny).to_be_hidden()
    knapp = page.get_by_role("button", name="Meny")
    knapp.focus()
    page.keyboard.press("Enter")
    expect(meny).to_be_visible()
    expect(knapp).to_have_attribute("aria-expanded", "true")
    sjekk_axe(page)
    page.keyboard.press("Escape")
    expect(meny).to_be_hidden()
    page.context.close()
