"""As a new user would: økonomi opens the draft plan's sector page with its targets and planned
key figures, a tenesteleiar reports a unit's actual figure, and the kommunedirektør reviews
sick leave by sector and unit; axe on every new page."""

import pytest
from playwright.sync_api import expect

from alver.lib import klokke
from alver.models import Eining

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


def test_key_figures_targets_and_sick_leave_pages(demo, live_server, page, logg_inn):
    aar = klokke.i_dag().year
    knarvik = Eining.objects.get(namn="Knarvik skule").kode
    logg_inn("okonomi@alver.example")
    for side in [
        f"/okonomiplan/{aar + 1}/sektor/2000/",
        "/okonomiplan/nokkeltal/",
        "/okonomiplan/nokkeltal/ny/",
    ]:
        page.goto(live_server.url + side)
        sjekk_axe(page)
    page.goto(f"{live_server.url}/okonomiplan/{aar + 1}/sektor/2000/")
    expect(page.locator("#nokkeltal")).to_be_visible()
    skjermbilete(page, "i17b-sektor")
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/nokkeltal/{aar}/{knarvik}/")
    sjekk_axe(page)
    felt = page.locator("input[name^='f_']").first
    felt.fill("250")
    page.locator("form.skjema button[type=submit]").click()
    expect(page.locator("table").first).to_contain_text("250")
    sjekk_axe(page)
    logg_ut(page)

    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/sjukefravaer/")
    sjekk_axe(page)
    page.locator("table a[href*='/sjukefravaer/2000/']").click()
    expect(page.locator("table").nth(1)).to_contain_text("Skule")
    sjekk_axe(page)
    skjermbilete(page, "i17b-sjukefravaer")
    logg_ut(page)

    logg_inn("hr@alver.example")
    page.goto(f"{live_server.url}/sjukefravaer/import/")
    sjekk_axe(page)
