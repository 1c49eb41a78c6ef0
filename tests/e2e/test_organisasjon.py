"""As a new user would: log in as the kommunedirektør, browse the tree, open a unit,
switch to Bokmål; and axe on every page of the foundation."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_kommunedirektor_browses_the_organisation_and_switches_to_bokmaal(demo, live_server, logg_inn):
    page = logg_inn("kommunedirektor@alver.example")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Velkomen, Kari")
    skjermbilete(page, "01-start")

    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Organisasjon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjon")
    # the top levels are open; deeper levels open on click
    skule = page.get_by_role("link", name="Skule", exact=True).locator(
        "xpath=../following-sibling::details[1]/summary"
    )
    expect(page.get_by_role("link", name="Knarvik skule")).to_be_hidden()
    expect(skule).to_have_text("10 einingar under Skule")  # the unit named for screen readers
    skule.click()
    expect(page.get_by_role("link", name="Knarvik skule")).to_be_visible()
    skjermbilete(page, "02-organisasjon")

    # search narrows the page as you type (htmx), and works as a plain form too
    page.get_by_label("Søk etter eining, kode eller leiar").fill("sjukeheim")
    expect(page.locator("#organisasjon-innhald")).to_contain_text("Lindås sjukeheim")
    expect(page).to_have_url(re.compile(r"q=sjukeheim"))
    skjermbilete(page, "03-sok")

    page.get_by_role("link", name="Lindås sjukeheim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lindås sjukeheim")
    expect(page.get_by_role("navigation", name="Du er her:")).to_contain_text("Helse og omsorg")
    skjermbilete(page, "04-eining")

    page.get_by_label("Språk").select_option("nb")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Enheter under")).to_be_visible()
    skjermbilete(page, "05-eining-bokmaal")


ROLLE_SIDER = [
    (
        "kommunedirektor@alver.example",
        [
            "/",
            "/organisasjon/",
            "/organisasjon/?q=skule",
            "/organisasjon/2100/",
            "/organisasjon/1000/",
            "/profil/",
            "/planar/",
            "/finst-ikkje/",
        ],
    ),
    ("hr@alver.example", ["/organisasjon/import/"]),
    ("medarbeidar@alver.example", ["/organisasjon/import/"]),  # the 403 page
]


@pytest.mark.parametrize("email,sider", ROLLE_SIDER)
def test_pages_have_no_wcag_violations(email, sider, demo, live_server, page, logg_inn):
    page.goto(f"{live_server.url}/logg-inn/")
    sjekk_axe(page)
    logg_inn(email)
    for sti in sider:
        page.goto(live_server.url + sti)
        sjekk_axe(page)


def test_person_page_and_import_preview_have_no_wcag_violations(demo, live_server, page, logg_inn, tmp_path):
    logg_inn("hr@alver.example")
    page.get_by_role("link", name="Sjå heile organisasjonen").click()
    page.goto(f"{live_server.url}/organisasjon/2101/")
    page.locator(".personliste a").first.click()
    expect(page.get_by_role("heading", name="E-post")).to_have_count(0)
    sjekk_axe(page)
    fil = tmp_path / "einingar.csv"
    fil.write_text(
        "kode;namn;overordna_kode;leiar_epost\n7000;Ny sektor;1000;\n7100;;7000;\n", encoding="utf-8"
    )
    page.goto(f"{live_server.url}/organisasjon/import/")
    page.get_by_label("Einingar").set_input_files(str(fil))
    page.get_by_role("button", name="Førehandsvis endringane").click()
    expect(page.get_by_role("table")).to_contain_text("Kode og namn må fyllast ut")
    skjermbilete(page, "06-import-feil")
    sjekk_axe(page)
