"""As a new user would: the sekretariat enters a meeting with three decisions → the
kommunalsjef sees them on Mi side → delegates one (with the keyboard alone) → the
tenesteleiar sets a status with a comment → the kommunalsjef sees it on the parent."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from alver.lib.dato import lang

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

SAKER = [
    ("PS 71/2026", "Leksehjelp for alle på mellomtrinnet"),
    ("PS 72/2026", "Nytt uteområde ved Seim skule"),
    ("PS 73/2026", "Kartlegging av skuleskyss"),
]


MINE = re.compile(r"^Oppdraga mine($| \()")


def logg_ut(page):
    page.get_by_role("button", name="Logg ut").click()


def test_from_political_decision_to_delegated_status(demo, live_server, page, logg_inn):
    logg_inn("sekretariat@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Vedtak").click()
    sjekk_axe(page)
    page.get_by_role("link", name="Registrer eit møte").click()
    page.get_by_label("Organ").select_option(label="Formannskapet")
    page.get_by_label("Møtedato").fill("2026-09-10")
    for i, (nr, tittel) in enumerate(SAKER, start=1):
        sak = page.get_by_role("group", name=f"Sak {i}")
        sak.get_by_label("Saksnummer").fill(nr)
        sak.get_by_label("Tittel", exact=True).fill(tittel)
        sak.get_by_label("Vedtakstekst").fill(f"{tittel}. Vedteke samrøystes.")
        sak.get_by_label("Ansvarleg sektor").select_option(label="Oppvekst")
    sjekk_axe(page)
    skjermbilete(page, "o01-mote")
    page.get_by_role("button", name="Lagre møtet").click()
    expect(page.get_by_text("3 saker er lagra")).to_be_visible()
    skjermbilete(page, "o02-vedtak")
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    mine = page.get_by_role("table", name=MINE)
    for _nr, tittel in SAKER:
        expect(mine).to_contain_text(tittel)
    sjekk_axe(page)
    skjermbilete(page, "o03-mi-side")
    mine.get_by_role("link", name=SAKER[0][1]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SAKER[0][1])
    expect(page.get_by_role("region", name="Tråden")).to_contain_text("PS 71/2026")
    sjekk_axe(page)

    # delegate with the keyboard alone: tab to the field, type to choose, tab on, Enter to send
    def tab_til(vilkaar):
        for _ in range(150):
            page.keyboard.press("Tab")
            if page.evaluate(vilkaar):
                return
        raise AssertionError(f"cannot reach {vilkaar} with Tab")

    tab_til("document.activeElement.id === 'id_til'")
    page.keyboard.type("Per Mjanger")
    tab_til("document.activeElement.id === 'id_notat'")  # past the deadline's day, month and year
    page.keyboard.type("Ta dette inn i planen for skulane.")
    tab_til("document.activeElement.textContent.trim() === 'Deleger'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Delegert til Per Mjanger.")).to_be_visible()
    skjermbilete(page, "o04-delegert")
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    # the delegate is told: on Mi side, with a link to the task
    expect(page.locator("section.varsel")).to_contain_text(f"Nytt oppdrag: {SAKER[0][1]}")
    page.get_by_role("table", name=MINE).get_by_role("link", name=SAKER[0][1]).click()
    expect(page.get_by_text("Ta dette inn i planen for skulane.")).to_be_visible()
    page.get_by_role("link", name="Endre eller set status").click()
    page.get_by_label("Status", exact=True).select_option(label="Forseinka")
    page.get_by_label("Kommentar til status").fill("Ventar på svar frå fylkeskommunen")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Oppdraget er lagra.")).to_be_visible()
    logg_ut(page)

    # the one who delegated is told by mail, in their language, with a link that works
    (brev,) = [
        m for m in mail.outbox if m.to == ["kommunalsjef.oppvekst@alver.example"] and "statusen" in m.subject
    ]
    assert (
        brev.subject == f"Per Mjanger endra statusen til «{SAKER[0][1]}» frå «ikkje starta» til «forseinka»."
    )
    lenkje = re.search(r"http://\S+/oppdrag/\d+/", brev.body).group(0)
    logg_inn("kommunalsjef.oppvekst@alver.example")
    # ... and in the header's count and on Mi side
    expect(page.locator(".topp__varsel .teljar")).to_be_visible()
    expect(page.locator("section.varsel")).to_contain_text("Per Mjanger endra statusen")
    page.goto(live_server.url + urlsplit(lenkje).path)  # the mail's host is ALVER_URL
    expect(page.get_by_role("heading", level=1)).to_contain_text(SAKER[0][1])
    page.go_back()
    page.get_by_role("table", name=MINE).get_by_role("link", name=SAKER[0][1]).click()
    expect(page.get_by_role("region", name="Delegert")).to_contain_text(
        "Forseinka – Ventar på svar frå fylkeskommunen"
    )
    skjermbilete(page, "o05-status-paa-forelder")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Oppdrag", exact=True).click()
    sjekk_axe(page)
    skjermbilete(page, "o06-oppdragsliste")


def test_the_owner_adds_a_milestone_with_the_keyboard(demo, live_server, page, logg_inn):
    """The kommunalsjef adds a milestone by keyboard alone; one after the deadline is refused by
    its date field, what was typed stays, and the corrected one shows on the timeline."""
    import datetime

    from verksemdsplan.models import Oppdrag

    o = (
        Oppdrag.objects.filter(
            owner__email="kommunalsjef.oppvekst@alver.example",
            frist__isnull=False,
            trekt_at__isnull=True,
            milepaelar__isnull=True,
        )
        .order_by("-frist", "pk")
        .first()
    )
    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}{o.get_absolute_url()}")
    expect(page.get_by_role("region", name="Milepælar")).to_contain_text("Ingen milepælar.")
    sjekk_axe(page)

    def tab_til(vilkaar):
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate(vilkaar):
                return
        raise AssertionError(f"cannot reach {vilkaar} with Tab")

    def skriv_dato(dag):
        """Type the date into the date field's parts; their order follows the browser's own
        locale (not the page's), so try the orders there are, from the field's first part."""
        felt = page.locator("#id_milepael-dato")
        delar = {"d": f"{dag.day:02d}", "m": f"{dag.month:02d}", "y": str(dag.year)}
        for rekkje in ("dmy", "mdy", "ymd"):
            # Tab from the title lands on the first part (focusing the field keeps the last one)
            page.locator("#id_milepael-tittel").focus()
            page.keyboard.press("Tab")
            page.keyboard.type("".join(delar[c] for c in rekkje))
            if felt.input_value() == dag.isoformat():
                return
        raise AssertionError(f"cannot type {dag} into the date field")

    etter = o.frist + datetime.timedelta(days=1)
    tab_til("document.activeElement.id === 'id_milepael-tittel'")
    page.keyboard.type("Forprosjekt ferdig")
    tab_til("document.activeElement.id === 'id_milepael-dato'")
    skriv_dato(etter)
    page.keyboard.press("Enter")
    with translation.override("nn"):
        frist = lang(o.frist)  # a date in a sentence: «9. januar 2027»
    feil = page.locator("#id_milepael-dato_error")
    expect(feil).to_have_text(f"Milepælen kan ikkje vere etter fristen for oppdraget ({frist}).")
    expect(page.locator("#id_milepael-tittel")).to_have_value("Forprosjekt ferdig")
    sjekk_axe(page)
    skjermbilete(page, "o07-milepael-feil")

    page.locator("#id_milepael-tittel").focus()
    tab_til("document.activeElement.id === 'id_milepael-dato'")
    skriv_dato(o.frist)
    tab_til("document.activeElement.textContent.trim() === 'Legg til milepælen'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Milepæl lagd til: Forprosjekt ferdig.")).to_be_visible()
    tidslinje = page.get_by_role("region", name="Milepælar")
    expect(tidslinje).to_contain_text(f"{o.frist.day}.{o.frist.month}.{o.frist.year} Forprosjekt ferdig")
    sjekk_axe(page)
    skjermbilete(page, "o08-milepael")
    assert o.milepaelar.count() == 1
    # marking it done is one button; its edit page passes axe too
    tidslinje.get_by_role("button", name="Merk «Forprosjekt ferdig» som ferdig").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Milepæl ferdig: Forprosjekt ferdig.")).to_be_visible()
    page.get_by_role("link", name="Endre eller slett «Forprosjekt ferdig»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre milepæl")
    sjekk_axe(page)
