"""Ownership, as users would meet it: the kommunalsjef moves an oppdrag from the tenesteleiar
to a teacher; HR names the teacher the new leader of Skule; she takes over the rest of the old
leader's open oppdrag from Mi side in one click."""

import re

import pytest
from playwright.sync_api import expect

from alver.models import Eining, User
from verksemdsplan import services
from verksemdsplan.models import Kategori

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def logg_ut(page):
    page.get_by_role("button", name="Logg ut").click()


def test_moving_an_oppdrag_and_taking_over_after_a_new_leader(demo, live_server, page, logg_inn):
    per = User.objects.get(email="tenesteleiar.skule@alver.example")
    skule = Eining.objects.get(leiar=per)
    kategori = Kategori.objects.get(kode="administrativt")
    flyttast = services.lag_oppdrag(eining=skule, aar=2026, user=per, tittel="Ny leseplan", kategori=kategori)
    services.lag_oppdrag(eining=skule, aar=2026, user=per, tittel="Betre skuleskyss", kategori=kategori)
    silje = User.objects.get(email="medarbeidar@alver.example")
    tal = services.Oppdrag.objects.aktive().opne().filter(eining=skule, owner=per).count() - 1

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}{flyttast.get_absolute_url()}")
    page.locator("summary", has_text="Flytt til ein annan eigar").click()
    page.get_by_label("Ny eigar").select_option(value=str(silje.pk))
    sjekk_axe(page)
    page.get_by_label("Grunn").fill("   ")
    page.get_by_role("button", name="Flytt", exact=True).click()
    # the reason is required (blanks are no reason): the message is by the field, the choice stays
    expect(page.locator("#id_grunn_error")).to_be_visible()
    expect(page.get_by_label("Ny eigar")).to_have_value(str(silje.pk))
    sjekk_axe(page)
    page.get_by_label("Grunn").fill("Silje har fagansvaret for lesing")
    page.get_by_role("button", name="Flytt", exact=True).click()
    expect(page.get_by_text(f"{silje.namn} eig no oppdraget.")).to_be_visible()
    expect(page.get_by_text("Silje har fagansvaret for lesing").first).to_be_visible()
    skjermbilete(page, "e01-flytta")
    logg_ut(page)

    logg_inn("hr@alver.example")
    page.goto(f"{live_server.url}{skule.get_absolute_url()}")
    page.locator("summary", has_text="Ny leiar").click()
    page.get_by_label("Ny leiar", exact=True).select_option(value=str(silje.pk))
    page.get_by_label("Grunn").fill("Tilsett som tenesteleiar")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre ny leiar").click()
    expect(page.get_by_text(f"{silje.namn} er no leiar for {skule.namn}.")).to_be_visible()
    skjermbilete(page, "e02-ny-leiar")
    logg_ut(page)

    logg_inn("medarbeidar@alver.example")
    tilbod = page.get_by_text(re.compile(rf"Du er ny leiar for {skule.namn}: {tal} opne? oppdrag"))
    expect(tilbod).to_be_visible()
    sjekk_axe(page)
    page.get_by_role("button", name="Ta over").click()
    expect(page.get_by_text(f"Du eig no {tal} oppdrag.")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "e03-teke-over")
    assert services.Oppdrag.objects.aktive().opne().filter(eining=skule, owner=per).count() == 0
