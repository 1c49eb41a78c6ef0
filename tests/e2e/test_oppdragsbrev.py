"""As a new user would: the kommunedirektør writes the overordna letter and sends it for
approval to a kommunalsjef she names, who is told on Mi side and approves; she publishes and
downloads the PDF; a tenesteleiar, whose sector has no
letter yet, starts the unit's letter from it explicitly and writes with the guidance beside,
the live preview and the formatting buttons."""

import subprocess

import pytest
from django.conf import settings
from django.core import mail
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
    # four eyes: she names the approver and cannot approve her own letter
    page.get_by_label("Kven som godkjenner brevet").select_option(
        label="Ingrid Hauge, Kommunalsjef helse og omsorg"
    )
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_text("Ferdig: brevet er no «til godkjenning».")).to_be_visible()
    expect(page.get_by_text("Godkjennast av Ingrid Hauge, som ikkje skreiv brevet.")).to_be_visible()
    expect(page.get_by_role("button", name="Godkjenn")).to_have_count(0)
    # the approver also gets it by mail, with the letter's address
    (brev,) = [m for m in mail.outbox if m.to == ["kommunalsjef.helse@alver.example"]]
    assert brev.subject == "Oppdragsbrev 2027 – Alver kommune ventar på godkjenninga di."
    assert f"{settings.ALVER_URL}/oppdragsbrev/2027/1000/" in brev.body
    logg_ut(page)
    # the approver is told on Mi side and opens the letter from there, by keyboard
    logg_inn("kommunalsjef.helse@alver.example")
    varsel = page.locator("section.varsel")
    expect(varsel).to_contain_text("Oppdragsbrev 2027 – Alver kommune ventar på godkjenninga di.")
    sjekk_axe(page)
    varsel.get_by_role("button", name="Opne").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppdragsbrev 2027 – Alver kommune")
    page.get_by_role("button", name="Godkjenn").click()
    expect(page.get_by_text("Ferdig: brevet er no «godkjent».")).to_be_visible()
    logg_ut(page)
    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/oppdragsbrev/2027/1000/")
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_text("Ferdig: brevet er no «publisert».")).to_be_visible()
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
    assert "Oppdragsbrev 2027" in tekst and "halde budsjettet" in tekst and "Side 2 av" in tekst
    assert "Til: tenesteleiarar i Alver kommune" in tekst and "Kari Nordbø" in tekst
    assert "Godkjend av Ingrid Hauge, Kommunalsjef helse og omsorg" in tekst
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/oppdragsbrev/2027/2100/")
    # Oppvekst has no letter for 2027: the page says so and offers the nearest published one above
    expect(page.get_by_text("Oppvekst har ikkje oppdragsbrev for 2027 enno.")).to_be_visible()
    page.get_by_role("button", name="Start frå Oppdragsbrev 2027 – Alver kommune (publisert)").click()
    innleiing = page.get_by_role("group", name="Innleiing (hovudbodskap)")
    # the letter above stands beside the editor, and the guidance is help beside an empty section
    expect(innleiing.get_by_role("complementary")).to_contain_text("halde budsjettet")
    expect(innleiing.locator(".rettleiing")).to_contain_text("Kva er viktigast for eininga i år")
    expect(innleiing.locator(".ds-tag")).to_have_text("Påkravd")
    tekst = innleiing.get_by_label("Tekst")
    assert tekst.input_value() == ""
    assert tekst.get_attribute("placeholder").startswith("Skriv her")
    sjekk_axe(page)
    skjermbilete(page, "c03-skule-endre")
    # typing shows the formatted text in the preview beside it
    tekst.press_sequentially("Vi skal **halde budsjettet**.")
    forhandsvis = innleiing.locator(".forhandsvis__innhald")
    expect(forhandsvis.locator("strong")).to_have_text("halde budsjettet")
    # the toolbar by keyboard: select a word, Shift+Tab back to «Feit», Enter
    tekst.press("Enter")
    tekst.press("Enter")
    tekst.press_sequentially("Nærvær")
    tekst.press("Shift+Home")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    feit = innleiing.get_by_role("button", name="Feit")
    expect(feit).to_be_focused()
    page.keyboard.press("Enter")
    expect(tekst).to_be_focused()  # focus stays in the text
    assert tekst.input_value().endswith("**Nærvær**")
    expect(forhandsvis.locator("strong").last).to_have_text("Nærvær")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("dl.fakta")).to_contain_text("Oppdragsbrev 2027 – Alver kommune")
    expect(page.locator(".brevtekst strong").first).to_have_text("halde budsjettet")
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_role("button", name="Godkjenn")).to_have_count(0)  # the kommunalsjef approves
    sjekk_axe(page)
    skjermbilete(page, "c04-skule-sendt")
