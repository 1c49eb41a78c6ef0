"""Notifications as a person meets them: on Mi side, opened with the keyboard (marked read,
on to the thing), all of them on /varsel/, «mark all as read»; axe on both pages."""

import pytest
from playwright.sync_api import expect

from alver import services
from alver.models import Eining, User, Varsel

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_a_notification_on_mi_side_opens_and_is_read(demo, live_server, logg_inn):
    kd = User.objects.get(email="kommunedirektor@alver.example")
    skule = Eining.objects.get(kode="2100")
    for kode in ("1000", "2100"):
        services.varsle(kd, "brev_til_godkjenning", skule, f"/organisasjon/{kode}/")
    page = logg_inn("kommunedirektor@alver.example")
    blokk = page.locator("section#varsel")
    expect(blokk.locator("#varsel-uleste")).to_contain_text("2")
    expect(blokk.locator("form[action^='/varsel/'] button")).to_have_count(3)
    sjekk_axe(page)
    skjermbilete(page, "v01-mi-side-varsel")

    # the newest first; its button opens it with the keyboard
    knapp = blokk.locator("li").first.locator("button")
    knapp.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/organisasjon/2100/")
    assert Varsel.objects.filter(mottakar=kd, lest_at__isnull=True).count() == 1

    page.goto(f"{live_server.url}/varsel/")
    # all of mine, also those the demo's letters left behind, already dealt with (read)
    expect(page.locator(".varsel-liste > li")).to_have_count(Varsel.objects.filter(mottakar=kd).count())
    expect(page.locator(".varsel-liste > li.ulest")).to_have_count(1)
    sjekk_axe(page)
    skjermbilete(page, "v02-varsel")

    page.goto(f"{live_server.url}/mi-side/")
    page.locator("section#varsel form.inline:not([action*='opne']) button").click()
    page.wait_for_url(f"{live_server.url}/mi-side/")
    expect(page.locator("#varsel-uleste")).to_have_count(0)
    assert not Varsel.objects.filter(mottakar=kd, lest_at__isnull=True).exists()
