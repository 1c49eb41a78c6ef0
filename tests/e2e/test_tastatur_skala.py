"""By keyboard and screen reader where a large kommune makes lists long (issue 21): a level of
the organisation tree that loads on demand, the delegation picker's search for someone further
down, and the oppdrag list's filter by another unit."""

import pytest
from playwright.sync_api import expect

from alver import views as alver_views
from alver.models import Eining, User
from verksemdsplan.models import Oppdrag

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def tab_til(page, vilkaar, gonger=200):
    for _ in range(gonger):
        page.keyboard.press("Tab")
        if page.evaluate(vilkaar):
            return
    raise AssertionError(f"cannot reach {vilkaar} with Tab")


def test_a_level_that_loads_on_demand_keeps_the_focus(demo, live_server, page, logg_inn, monkeypatch):
    # the kommune alone is read with the page; its sectors come when its level is opened
    monkeypatch.setattr(alver_views, "TRE_DJUPN", 1)
    logg_inn("kommunedirektor@alver.example")
    ventande = []
    page.route("**/organisasjon/*/under/**", lambda route: ventande.append(route))
    page.goto(f"{live_server.url}/organisasjon/")
    tab_til(page, "document.activeElement.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")  # opens the level; its units are on their way
    page.keyboard.press("Tab")  # onto the link that stands in for them until they come
    expect(page.locator(":focus")).to_have_text("Einingane under Alver kommune")
    for _ in range(50):
        if ventande:
            break
        page.wait_for_timeout(100)
    ventande[0].continue_()
    # the link is gone, and focus is on the first unit of the level, not the top of the page
    expect(page.locator(".tre details ul a").first).to_be_focused()
    expect(page.locator(":focus")).to_have_text(
        sorted(Eining.objects.filter(depth=2).values_list("namn", flat=True))[0]
    )
    sjekk_axe(page)


def test_the_search_says_how_many_units_match_in_one_live_region(demo, live_server, page, logg_inn):
    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/organisasjon/")
    status = page.get_by_role("status")
    expect(status).to_have_count(1)
    page.get_by_label("Søk etter eining, kode eller leiar").fill("barnehage")
    expect(status).to_have_text("7 einingar passar med «barnehage»")
    expect(page.locator("[aria-live]")).to_have_count(0)
    sjekk_axe(page)


def test_a_leader_delegates_to_someone_further_down_found_by_the_units_name(
    demo, live_server, page, logg_inn
):
    kommunalsjef = User.objects.get(email="kommunalsjef.oppvekst@alver.example")
    oppdrag = Oppdrag.objects.aktive().opne().filter(owner=kommunalsjef, eining__kode="2000").first()
    rektor = Eining.objects.get(namn="Knarvik skule").leiar
    logg_inn(kommunalsjef.email)
    page.goto(live_server.url + oppdrag.get_absolute_url())
    til = page.locator("#id_til")
    expect(til.locator("option", has_text=rektor.namn)).to_have_count(0)  # further down: not listed
    tab_til(page, "document.activeElement.id === 'deleger-sok'")
    page.keyboard.type("Knarvik skule")
    page.keyboard.press("Enter")
    # the page opens at the delegation, where what the search found is said first
    expect(page).to_have_url(
        f"{live_server.url}{oppdrag.get_absolute_url()}?deleger_sok=Knarvik+skule#deleger-tittel"
    )
    expect(page.locator("#deleger-svar")).to_contain_text("eller som leier ei eining med det i namnet")
    expect(til.locator("option", has_text=rektor.namn)).to_have_count(1)
    sjekk_axe(page)
    skjermbilete(page, "t01-deleger-sok")
    tab_til(page, "document.activeElement.id === 'id_til'")
    page.keyboard.type(rektor.namn)
    tab_til(page, "document.activeElement.textContent.trim() === 'Deleger'")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Delegert til {rektor.namn}.")).to_be_visible()


def test_the_oppdrag_list_filtered_by_a_unit_opens_at_the_result(demo, live_server, page, logg_inn):
    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/oppdrag/")
    tab_til(page, "document.activeElement.id === 'f-einingsok'")
    page.keyboard.type("barnehage")
    page.keyboard.press("Enter")
    expect(page.locator("#treff")).to_contain_text("einingar passar «barnehage»")
    # the next Tab goes on from the result, not from the top of the page
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('treff').contains(document.activeElement)")
    sjekk_axe(page)
