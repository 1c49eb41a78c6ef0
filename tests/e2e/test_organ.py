"""As the politisk sekretariat would: from the decisions page to the list of bodies and case
types, add a body, correct a mistake the form points out, make it inactive; a politician reads
the list without the edit links. axe on every page and on the form with errors.

Links and fields are found by address and id, not by their text, so the test holds whatever
the translations say."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from alver.management.commands.demo import last_grunndata
from alver.permissions import Rolle
from tests.factories import PASSORD, EiningFactory, UserFactory

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser

NAMN = "Råd for personar med funksjonsnedsetjing"


@pytest.fixture
def brukarar(transactional_db):
    """A sekretær and a politician, and the bodies and case types every installation starts with
    (a smaller start than the whole demo kommune: this journey needs nothing else)."""
    last_grunndata()
    kommune = EiningFactory(namn="Testvik kommune", kode="1000", type="kommune")
    sekretar = UserFactory(email="sekretar@testvik.example", eining=kommune)
    sekretar.groups.add(Group.objects.get(name=Rolle.SEKRETARIAT.value))
    politikar = UserFactory(email="politikar@testvik.example")
    politikar.groups.add(Group.objects.get(name=Rolle.POLITIKAR.value))


def test_the_sekretariat_adds_a_body_and_makes_it_inactive(brukarar, live_server, page, logg_inn):
    logg_inn("sekretar@testvik.example", PASSORD)
    page.goto(f"{live_server.url}/vedtak/")
    page.locator('main a[href="/vedtak/organ/"]').click()
    tabell = page.locator("section[aria-labelledby=organ-tittel] table")
    expect(tabell).to_contain_text("Kommunestyret")
    expect(page.locator("section[aria-labelledby=sakstype-tittel] table")).to_contain_text("PS")
    sjekk_axe(page)
    skjermbilete(page, "organ-01-liste")

    page.locator('a[href="/vedtak/organ/ny/"]').click()
    sjekk_axe(page)
    lagre = page.locator("form.skjema button[type=submit]")
    page.locator("#id_namn").fill("kommunestyret")  # taken: the form says so next to the field
    lagre.click()
    expect(page.locator("#id_namn_error")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "organ-02-feil")

    page.locator("#id_namn").fill(NAMN)
    page.locator("#id_type").select_option("raad")
    lagre.click()
    expect(page).to_have_url(f"{live_server.url}/vedtak/organ/")
    rad = tabell.locator("tr", has_text=NAMN)
    expect(rad).to_be_visible()

    rad.locator("a").click()
    sjekk_axe(page)
    page.locator("#id_aktiv").uncheck()
    page.locator("form.skjema button[type=submit]").click()
    expect(rad.locator(".ds-tag")).to_be_visible()  # shown as inactive, still listed
    skjermbilete(page, "organ-03-inaktiv")
    logg_ut(page)

    logg_inn("politikar@testvik.example", PASSORD)
    page.goto(f"{live_server.url}/vedtak/organ/")
    expect(page.locator("main")).to_contain_text(NAMN)
    expect(page.locator('main a[href*="/endre/"], main a[href$="/ny/"]')).to_have_count(0)
    sjekk_axe(page)
