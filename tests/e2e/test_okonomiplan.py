"""As a new user would: the økonomi user finds the demo draft out of balance by a named amount,
adds an income line in mill. kr until it balances, adopts it → the confirmation lists what
will be made → a kommunalsjef finds the new oppdrag on Mi side, with a link back to the
tiltak and its goal."""

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser

NYTT = "Digitale læremiddel for alle trinn"  # prioritised in 2026–2029, starting in 2027
ROLLERT = "Auka lærartettleik 1.–4. trinn"  # an oppdrag since 2026, rolled into 2027–2030


def test_adopting_the_draft_makes_oppdrag_the_kommunalsjef_finds(demo, live_server, page, logg_inn):
    logg_inn("okonomi@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Økonomiplan").click()
    sjekk_axe(page)
    page.get_by_role("link", name="Økonomiplan 2027–2030").click()
    expect(page.get_by_role("table", name="Rammer (drift) mot prioriterte tiltak")).to_contain_text(
        "Oppvekst"
    )
    sjekk_axe(page)
    skjermbilete(page, "b00-oversikt")
    for side in ["tiltak/", "sektor/2000/", "verbalpunkt/", "rammer/"]:
        page.goto(f"{live_server.url}/okonomiplan/2027/{side}")
        sjekk_axe(page)
    skjermbilete(page, "b01-rammer")
    page.goto(f"{live_server.url}/okonomiplan/2027/")
    # the draft is 4,2 mill. short in 2027; the confirmation page says so and offers no button
    expect(page.get_by_text("Ikkje i balanse:")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2027: 4\u00a0200\u00a0000 kr manglar i driftsbudsjettet")
    page.get_by_role("link", name="Vedta", exact=True).click()
    expect(page.get_by_role("button", name="Vedta og lag oppdraga")).to_have_count(0)
    page.goto(f"{live_server.url}/okonomiplan/2027/")
    page.get_by_role("link", name="Før inntekter, finans og finansiering").click()
    page.get_by_label("Beløp i").select_option(label="Mill. kr")
    page.get_by_role("button", name="Vis").click()
    page.get_by_label("Slag for ny linje 1").select_option(label="Andre generelle driftsinntekter")
    page.get_by_label("Tittel på ny linje 1").fill("Sal av konsesjonskraft")
    page.get_by_label("ny linje 1 2027").fill("4,2")
    sjekk_axe(page)
    skjermbilete(page, "b01b-linjer")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Budsjettlinjene er lagra.")).to_be_visible()
    hovud = page.get_by_role("table", name="Driftsbudsjett per år")
    expect(hovud).to_contain_text("Sal av konsesjonskraft")
    expect(page.locator("main")).to_contain_text("I balanse")
    sjekk_axe(page)
    skjermbilete(page, "b01c-i-balanse")
    page.get_by_role("link", name="Vedta", exact=True).click()
    stadfest = page.get_by_role("table", name="prioriterte tiltak blir oppdrag")
    expect(stadfest).to_contain_text(NYTT)
    expect(stadfest).not_to_contain_text("Auka lærartettleik")  # made into an oppdrag in 2026 already
    expect(page.get_by_role("table", name="verbalpunkt blir oppdrag")).to_contain_text("ungdomsskule i nord")
    sjekk_axe(page)
    skjermbilete(page, "b02-stadfesting")
    page.get_by_label("Vedtatt dato").fill("2026-12-10")
    page.get_by_label("Saksnummer").fill("PS 130/2026")
    page.get_by_role("button", name="Vedta og lag oppdraga").click()
    expect(page.get_by_text("Ferdig:")).to_be_visible()
    expect(page.get_by_role("table", name="Oppdrag frå planen")).to_contain_text(NYTT)
    sjekk_axe(page)
    skjermbilete(page, "b03-resultat")
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    nye = page.get_by_role("table", name="Nye til deg")
    expect(nye).to_contain_text(NYTT)
    skjermbilete(page, "b04-mi-side")
    nye.get_by_role("link", name=NYTT).click()
    traad = page.get_by_role("region", name="Tråden")
    expect(traad).to_contain_text("Økonomiplan 2027–2030")
    sjekk_axe(page)
    skjermbilete(page, "b05-oppdrag")
    traad.get_by_role("link", name=f"prioritert tiltak «{NYTT}»", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NYTT)
    expect(page.get_by_role("region", name="Oppdrag laga ut frå dette")).to_contain_text(NYTT)
    maal = page.locator("dl.fakta").get_by_role("link").last
    sjekk_axe(page)
    skjermbilete(page, "b06-tiltak")
    maal.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    skjermbilete(page, "b07-maal")

    # a tiltak rolled from 2026–2029 shows the oppdrag it has had since 2026, not «none yet»
    page.goto(f"{live_server.url}/okonomiplan/2027/tiltak/")
    page.get_by_role("link", name=ROLLERT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROLLERT)
    laga = page.get_by_role("region", name="Oppdrag laga ut frå dette")
    expect(laga).to_contain_text(ROLLERT)
    expect(laga).not_to_contain_text("Ikkje enno")
    sjekk_axe(page)
    skjermbilete(page, "b08-rullert-tiltak")
    laga.get_by_role("link", name=ROLLERT).click()
    # the same oppdrag, whose history tells that the tiltak moved into the new plan
    expect(page.get_by_text("Tiltaket vart rullert inn i Økonomiplan 2027–2030")).to_be_visible()
    skjermbilete(page, "b09-rullert-oppdrag")
