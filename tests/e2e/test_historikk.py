"""As an administrator would: read in an oppdrag's change log which words of its description
changed, and put the earlier text back by keyboard alone; axe on the page with the log."""

import pytest
from playwright.sync_api import expect

from verksemdsplan.models import Oppdrag

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_an_administrator_restores_an_oppdrags_earlier_description(demo, live_server, logg_inn):
    o = Oppdrag.objects.filter(trekt_at=None, parent=None).order_by("pk").first()
    o.skildring = "Skulane skal kartleggje behovet for uteareal saman med elevråda."
    o.save()
    o.skildring = "Skulane skal kartleggje behovet for uteareal."
    o.save()
    page = logg_inn("admin@alver.example")
    page.goto(f"{live_server.url}/oppdrag/{o.pk}/#endringslogg")
    logg = page.locator("section", has=page.get_by_role("heading", name="Endringslogg"))
    # the words taken out, said in words for a screen reader too
    expect(logg.locator(".orddiff del").filter(has_text="saman med elevråda.").first).to_be_visible()
    knapp = logg.get_by_role("button", name="Hent fram att teksten i skildring frå før denne endringa").first
    sjekk_axe(page)
    skjermbilete(page, "historikk-01-orddiff")
    knapp.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ds-alert[role=status]")).to_contain_text("Den tidlegare teksten er tilbake")
    expect(page.locator("main")).to_contain_text("saman med elevråda.")
    expect(logg.get_by_text("Teksten i skildring vart henta fram att frå").first).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "historikk-02-henta-fram")
    o.refresh_from_db()
    assert o.skildring == "Skulane skal kartleggje behovet for uteareal saman med elevråda."
