"""As a new user would: the kommunedirektør writes the overordna letter, sends it for
approval, approves, publishes and downloads the PDF; a tenesteleiar builds the unit's
letter from it."""

import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


def test_the_overordna_letter_and_a_unit_letter_built_from_it(demo, live_server, page, logg_inn, tmp_path):
    logg_inn("kommunedirektor@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Oppdragsbrev").click()
    sjekk_axe(page)
    skjermbilete(page, "c01-oversikt")
    page.goto(f"{live_server.url}/oppdragsbrev/2027/1000/")
    page.get_by_role("button", name="Lag oppdragsbrevet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endre oppdragsbrevet")
    innleiing = page.get_by_role("group", name="Innleiing (hovudbodskap)")
    innleiing.get_by_label("Tekst").fill(
        "## Hovudbodskap\n\nI 2027 skal vi **halde budsjettet** og styrkje nærværet."
    )
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Brevet er lagra.")).to_be_visible()
    expect(page.locator(".brevtekst strong")).to_have_text("halde budsjettet")
    for knapp in ["Send til godkjenning", "Godkjenn", "Publiser"]:
        page.get_by_role("button", name=knapp).click()
        expect(page.get_by_text("Ferdig: brevet er no")).to_be_visible()
    expect(page.locator("dl.fakta")).to_contain_text("Publisert")
    sjekk_axe(page)
    skjermbilete(page, "c02-publisert")
    with page.expect_download() as nedlasting:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'b.pdf'; a.click(); }",
            "/oppdragsbrev/2027/1000.pdf",
        )
    pdf = tmp_path / "brev.pdf"
    nedlasting.value.save_as(pdf)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Oppdragsbrev 2027" in tekst and "halde budsjettet" in tekst and "Side 1 av" in tekst
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/oppdragsbrev/2027/2100/")
    expect(page.get_by_text("Oppdragsbrev 2027 – Alver kommune")).to_be_visible()  # what it will build on
    page.get_by_role("button", name="Lag oppdragsbrevet").click()
    innleiing = page.get_by_role("group", name="Innleiing (hovudbodskap)")
    # the letter above stands beside the editor, and the mal gives the starting text
    expect(innleiing.get_by_role("complementary")).to_contain_text("halde budsjettet")
    assert "Skriv kort" in innleiing.get_by_label("Tekst").input_value()
    sjekk_axe(page)
    skjermbilete(page, "c03-skule-endre")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("dl.fakta")).to_contain_text("Oppdragsbrev 2027 – Alver kommune")
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_role("button", name="Godkjenn")).to_have_count(0)  # the kommunalsjef approves
    sjekk_axe(page)
    skjermbilete(page, "c04-skule-sendt")
