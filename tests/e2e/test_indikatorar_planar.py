"""As a new user would: a kommunalsjef finds the indicator register, adds an indicator (and is
told what an SSB indicator needs), and attaches it with targets to a delmål of the sector's
plan, correcting a target with too many decimals; axe on the register, the indicator's page,
the forms and the goal page."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

DELMAAL = "Tidleg og tverrfagleg innsats når barn treng det"
NY = "Del elevar over kritisk grense i lesing"


def test_kommunalsjef_attaches_an_indicator_with_targets_to_a_delmaal(demo, live_server, logg_inn, klokke):
    aar = klokke.i_dag().year
    page = logg_inn("kommunalsjef.oppvekst@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Planar").click()
    page.get_by_role("link", name="Indikatorar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorar")
    expect(page.get_by_role("table")).to_contain_text("25 indikatorar")
    sjekk_axe(page)
    skjermbilete(page, "i01-indikatorar")

    page.get_by_label("Namn").fill("grunnskule")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Gjennomsnittlege grunnskulepoeng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjennomsnittlege grunnskulepoeng")
    expect(page.locator(".fakta")).to_contain_text("KOSGRP0000")
    sjekk_axe(page)
    skjermbilete(page, "i02-indikator")

    page.get_by_role("navigation", name="Du er her:").get_by_role("link", name="Indikatorar").click()
    page.get_by_role("link", name="Ny indikator").click()
    page.get_by_label("Namn").fill(NY)
    page.get_by_label("Måleeining").select_option(label="Prosent")
    page.get_by_label("Desimalar").fill("1")
    page.get_by_label("høgare er betre").check()
    page.get_by_label("Minimum").fill("0")
    page.get_by_label("Maksimum").fill("100")
    page.get_by_label("Kjelde", exact=True).select_option(label="SSB/KOSTRA")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#feilsamandrag")).to_contain_text(
        "Ein SSB-indikator treng tabellnummeret i Statistikkbanken."
    )
    sjekk_axe(page)
    skjermbilete(page, "i03-ny-indikator-feil")
    page.get_by_label("Kjelde", exact=True).select_option(label="Eiga måling")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NY)

    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Planar").click()
    page.get_by_role("link", name=re.compile("Kommunedelplan for oppvekst")).click()
    page.get_by_role("link", name=re.compile(DELMAAL)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(DELMAAL)
    page.get_by_role("link", name="Kople til indikator").click()
    verdi = page.locator("#id_indikator option", has_text=NY).get_attribute("value")
    page.get_by_label("Indikator").select_option(value=verdi)
    page.get_by_label(f"Målverdi {aar}").fill("12,55")
    page.get_by_label(f"Målverdi {aar + 1}").fill("14")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#feilsamandrag")).to_contain_text(
        "Denne indikatoren tek høgst 1 desimal; du skreiv 12,55."
    )
    expect(page.get_by_label(f"Målverdi {aar}")).to_have_value(
        "12,55"
    )  # never rounded behind the user's back
    sjekk_axe(page)
    skjermbilete(page, "i04-kople-feil")
    page.get_by_label(f"Målverdi {aar}").fill("12,5")
    page.get_by_role("button", name="Lagre").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(DELMAAL)
    kort = page.locator("article.indikatorkort", has_text=NY)
    expect(kort.get_by_role("table")).to_contain_text("12,5")
    expect(kort.get_by_role("table")).to_contain_text("14,0")
    sjekk_axe(page)
    skjermbilete(page, "i05-delmaal")

    kort.get_by_role("link", name=re.compile("Endre målverdiar")).click()
    page.get_by_label(f"Målverdi {aar + 2}").fill("15,5")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("article.indikatorkort", has_text=NY).get_by_role("table")).to_contain_text("15,5")
