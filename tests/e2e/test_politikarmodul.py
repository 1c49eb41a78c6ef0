"""The Politikarmodul in Chromium, on the demo: a politician of Framstegspartiet builds a budget
proposal on the draft (moves two tiltak, adds a verbal resolution) until it balances and submits it;
a politician of another group could not see it before; the comparison page and its PDF; the
sekretariat records it as an amendment, økonomi adopts the draft and the oppdrag appear.
axe-core on every new page."""

import re

import pytest
from playwright.sync_api import expect

from budget.models import BudsjettTiltak, Okonomiplan
from politikk import services
from politikk.models import Budsjettforslag
from verksemdsplan.models import Oppdrag

from .conftest import sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


def test_a_group_proposes_the_sekretariat_records_the_amendment_and_the_oppdrag_appear(
    demo, live_server, page, logg_inn
):
    plan = Okonomiplan.objects.get(forste_aar=2027)
    flytt = list(
        plan.tiltak.filter(vedtak="prioritert", type="drift", fra_aar=2027).order_by("-prioritet", "-pk")[:2]
    )
    logg_inn("politikar3@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Økonomiplan").click()
    page.get_by_role("link", name="Økonomiplan 2027–2030").click()
    page.get_by_role("link", name="Nytt budsjettforslag").click()
    page.get_by_label("Tittel").fill("Budsjett for lågare skatt")
    sjekk_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Lagre")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budsjett for lågare skatt")
    expect(page.locator("#forslag-balanse")).to_contain_text(
        "2027: 4\u00a0200\u00a0000 kr manglar i driftsbudsjettet"
    )
    sjekk_axe(page)
    # two tiltak out: the balance follows before anything is saved
    for t in flytt:
        page.get_by_label(f"Vedtak for {t.tittel}").select_option(label="Ikkje prioriter")
    expect(page.locator("#forslag-balanse")).not_to_contain_text(
        "4\u00a0200\u00a0000 kr manglar", timeout=10_000
    )
    skjermbilete(page, "p01-forslag-endra")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Forslaget er lagra.")).to_be_visible()
    # what is left over goes to the disposal reserve, in kroner, year by year
    f = Budsjettforslag.objects.get(tittel="Budsjett for lågare skatt")
    for aar, kr in services.oversikt(f)["udisponert"].items():
        if kr:
            page.get_by_label(f"avsetjingar til fond {aar}").fill(str(kr))
    expect(page.locator("#forslag-balanse")).to_contain_text("I balanse", timeout=10_000)
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre", exact=True).click()
    page.get_by_label("Nummer").fill("F1")
    page.get_by_label("Tekst").fill("Kommunedirektøren legg fram ein plan for lågare eigedomsskatt.")
    page.get_by_label("Ansvarleg sektor").select_option(label="Organisasjon og økonomi")
    with page.expect_navigation():
        page.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_role("region", name="Verbalpunkt")).to_contain_text("lågare eigedomsskatt")
    sjekk_axe(page)
    skjermbilete(page, "p02-forslag-i-balanse")
    url = page.url

    # before it is submitted, another group's politician cannot see it
    logg_ut(page)
    logg_inn("politikar2@alver.example")
    assert page.goto(url).status == 404
    page.goto(f"{live_server.url}/okonomiplan/2027/forslag/")
    expect(page.locator("main")).not_to_contain_text("Budsjett for lågare skatt")
    logg_ut(page)

    logg_inn("politikar3@alver.example")
    page.goto(url)
    with page.expect_navigation():
        page.get_by_role("button", name="Lever forslaget").click()
    expect(page.get_by_text("Forslaget er levert.")).to_be_visible()
    logg_ut(page)

    # now the other group reads it, side by side with the draft and the other proposals
    logg_inn("politikar2@alver.example")
    page.goto(f"{live_server.url}/okonomiplan/2027/forslag/samanlikn/")
    expect(page.get_by_role("table", name="Rammene til sektorane")).to_contain_text("Framstegspartiet")
    expect(page.get_by_role("table", name="Vedtak og sum")).to_contain_text(flytt[0].tittel)
    sjekk_axe(page)
    skjermbilete(page, "p03-samanlikn")
    pdf = page.request.get(live_server.url + page.get_by_role("link", name="Som PDF").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    logg_ut(page)

    # the kommunestyre adopted the draft with this proposal as an amendment
    logg_inn("sekretariat@alver.example")
    page.goto(f"{live_server.url}/politikk/grupper/")
    expect(page.get_by_role("table", name="Gruppene og medlemmene deira")).to_contain_text("Eirik Hopsdal")
    sjekk_axe(page)
    page.get_by_role("link", name="Ny politisk gruppe").click()
    sjekk_axe(page)
    page.goto(f"{live_server.url}/okonomiplan/2027/forslag/")
    expect(page.get_by_role("table", name="Forslaga du kan sjå")).to_contain_text("Budsjett for lågare skatt")
    sjekk_axe(page)
    page.goto(url)
    page.get_by_role("link", name="Registrer vedtaket i kommunestyret").click()
    page.get_by_label("Saksnummer").fill("PS 118/2026 pkt. 2")
    page.get_by_label("Møtedato").fill("2026-12-10")
    page.get_by_label(re.compile("eit endringsforslag til utkastet", re.IGNORECASE)).check()
    sjekk_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Registrer").click()
    expect(page.get_by_text("Endringsforslaget er ført inn i utkastet.")).to_be_visible()
    logg_ut(page)

    logg_inn("okonomi@alver.example")
    page.goto(f"{live_server.url}/okonomiplan/2027/")
    expect(page.locator("main")).to_contain_text("I balanse")
    page.get_by_role("link", name="Vedta", exact=True).click()
    page.get_by_label("Vedtatt dato").fill("2026-12-10")
    page.get_by_label("Saksnummer").fill("PS 118/2026")
    page.get_by_role("button", name="Vedta og lag oppdraga").click()
    expect(page.get_by_text("Ferdig:")).to_be_visible()
    laga = page.get_by_role("table", name="Oppdrag frå planen")
    expect(laga).to_contain_text("lågare eigedomsskatt")
    for t in flytt:
        expect(laga).not_to_contain_text(t.tittel)
    skjermbilete(page, "p04-vedteke")
    assert Oppdrag.objects.filter(kjelde_verbalpunkt__parti="Framstegspartiet").count() == 1
    assert not Oppdrag.objects.filter(kjelde_tiltak__in=flytt, aar=2027).exists()
    assert set(
        BudsjettTiltak.objects.filter(pk__in=[t.pk for t in flytt]).values_list("vedtak", flat=True)
    ) == {"ikkje_prioritert"}
