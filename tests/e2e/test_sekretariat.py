"""As the politisk sekretariat works after a political round, in Chromium: register the
meeting, paste its 20-case list, mark which cases give work and set two deadlines, save; a
week later add two cases to the same meeting by keyboard; find a case by its number; then a
politician opens the follow-up report and its PDF. axe-core on every page on the way."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from budget.models import Mote, Vedtak
from verksemdsplan.models import Oppdrag

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

SAKSLISTE = "\n".join(
    ["Saksnr.\tTittel\tArkivsak", "PS 60/26\tGodkjenning av innkalling og sakliste\t", ""]
    + [f"PS {61 + i}/26\tSak nummer {61 + i} om tenestene\t26/0{1100 + i}" for i in range(15)]
    + ["", "Referatsaker", "RS 20/26\tProtokoll frå eldrerådet\t", "RS 21/26\tMelding frå Statsforvaltaren\t"]
    + ["OS 7/26\tOrientering om økonomien\t", "PS 76/26\tKjøp av tomt U.off. § 23\t26/01200"]
)


def test_the_sekretariat_enters_a_whole_meeting_and_a_politician_follows_it_up(
    demo, live_server, page, logg_inn
):
    logg_inn("sekretariat@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Vedtak").click()
    page.get_by_role("link", name="Registrer eit møte").click()
    page.get_by_label("Organ").select_option(label="Formannskapet")
    page.get_by_label("Møtedato").fill("2026-11-26")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre møtet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formannskapet 26.11.2026")
    expect(page.get_by_text("Møtet har ingen saker enno.")).to_be_visible()
    sjekk_axe(page)

    # the whole case list, pasted as copied from the sakskart
    page.get_by_role("link", name="Lim inn eller importer ei saksliste").click()
    page.get_by_label("Lim inn sakslista").fill(SAKSLISTE)
    sjekk_axe(page)
    page.get_by_role("button", name="Vis førehandsvising").click()
    tabell = page.get_by_role("table", name=re.compile("Førehandsvising: 20 saker"))
    expect(tabell.get_by_role("row")).to_have_count(21)
    # the approval of the notice gives no work; two cases get their sector and deadline here
    page.get_by_label("PS 60/26 gir oppdrag").uncheck()
    page.get_by_label("Ansvarleg sektor for PS 61/26").select_option(label="Oppvekst")
    page.get_by_label("Frist for PS 61/26").fill("2027-03-01")
    page.get_by_label("Ansvarleg sektor for PS 62/26").select_option(label="Helse og omsorg")
    page.get_by_label("Frist for PS 62/26").fill("2027-06-15")
    sjekk_axe(page)
    skjermbilete(page, "s01-forehandsvising")
    page.get_by_role("button", name="Legg til 20 saker").click()
    expect(page.get_by_role("table", name="20 saker")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="RS 20/26")).to_contain_text("Nei")
    expect(page.get_by_role("row").filter(has_text="PS 63/26")).to_contain_text("treng sektor")
    sjekk_axe(page)
    skjermbilete(page, "s02-motet")
    mote = Mote.objects.get(organ__namn="Formannskapet", dato=datetime.date(2026, 11, 26))
    assert mote.vedtak.count() == 20
    assert Oppdrag.objects.get(kjelde_vedtak__mote=mote, kjelde_vedtak__saksnummer="PS 61/26").frist == (
        datetime.date(2027, 3, 1)
    )
    assert Oppdrag.objects.filter(kjelde_vedtak__mote=mote).count() == 2
    assert Vedtak.objects.get(mote=mote, saksnummer="PS 76/26").skjerming == "unnateke"

    # a week later: two more cases, entered by keyboard
    page.get_by_role("link", name="Legg til saker").click()
    page.get_by_label("Saksnummer").first.focus()
    page.keyboard.type("PS 77/26")
    page.keyboard.press("Tab")
    page.keyboard.type("Budsjettjustering etter protokollgodkjenning")
    page.locator("#id_sak-0-ansvarleg_sektor").select_option(label="Oppvekst")
    page.locator("#id_sak-0-frist").fill("2027-02-01")
    page.locator("#id_sak-1-saksnummer").fill("OS 8/26")
    page.locator("#id_sak-1-tittel").fill("Orientering om skulebruksplanen")
    page.locator("#id_sak-1-sakstype").select_option(label="Orienteringssak")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre sakene").click()
    expect(page.get_by_role("table", name="22 saker")).to_be_visible()
    # the same case again is refused, with a link to the one registered
    page.get_by_role("link", name="Legg til saker").click()
    page.locator("#id_sak-0-saksnummer").fill("PS 077/2026")
    page.locator("#id_sak-0-tittel").fill("Dobbel")
    page.locator("#id_sak-0-ansvarleg_sektor").select_option(label="Oppvekst")
    page.get_by_role("button", name="Lagre sakene").click()
    expect(page.get_by_role("alert")).to_contain_text("Formannskapet har alt sak(ene) PS 77/26")
    sjekk_axe(page)

    # find a case by its number, written another way
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Vedtak").click()
    page.get_by_label("Saksnummer, arkivsak eller ord").fill("PS 062/2026")
    page.locator("main").get_by_role("button", name="Søk", exact=True).click()
    expect(page.get_by_role("link", name="Sak nummer 62 om tenestene")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "s03-sok")
    page.get_by_role("link", name="Sak nummer 62 om tenestene").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PS 62/26")
    sjekk_axe(page)

    # the politician: the follow-up report shows the cases that gave work, and its PDF opens
    page.context.clear_cookies()
    logg_inn("politikar@alver.example")
    page.goto(f"{live_server.url}/politisk-oppfolging/?aar=2026")
    expect(page.get_by_role("table").first).to_contain_text("PS 61/26")
    expect(page.get_by_role("table").first).not_to_contain_text("PS 60/26")
    expect(page.get_by_role("table").first).not_to_contain_text("Kjøp av tomt")
    sjekk_axe(page)
    skjermbilete(page, "s04-oppfolging")
    pdf = page.request.get(f"{live_server.url}/politisk-oppfolging.pdf?aar=2026")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_the_case_pages_work_by_keyboard_and_pass_axe(demo, live_server, page, logg_inn):
    """The case, its edit page, its points and the meeting's correction page."""
    logg_inn("sekretariat@alver.example")
    v = Vedtak.objects.get(saksnummer="PS 8/2026")
    page.goto(f"{live_server.url}{v.get_absolute_url()}")
    sjekk_axe(page)
    page.get_by_role("link", name="Vedtakspunkt").click()
    page.locator("#id_punkt-0-nummer").fill("1")
    page.locator("#id_punkt-0-tekst").fill("Kartlegg skulebygga")
    page.locator("#id_punkt-0-ansvarleg_sektor").select_option(label="Oppvekst")
    page.locator("#id_punkt-1-nummer").fill("2")
    page.locator("#id_punkt-1-tekst").fill("Rekn ut driftskostnadene")
    page.locator("#id_punkt-1-ansvarleg_sektor").select_option(label="Organisasjon og økonomi")
    page.locator("#id_punkt-1-frist").fill("2027-04-01")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre punkta").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table").first).to_contain_text("Rekn ut driftskostnadene")
    assert Oppdrag.objects.filter(kjelde_vedtak=v, kjelde_vedtakspunkt__isnull=False).count() == 2
    page.get_by_role("link", name="Endre sak").click()
    expect(page.get_by_label("Gir oppdrag")).to_be_checked()
    sjekk_axe(page)
    page.goto(f"{live_server.url}{v.mote.get_absolute_url()}")
    page.get_by_role("link", name="Rett møtet").click()
    sjekk_axe(page)
    skjermbilete(page, "s05-rett-motet")
