"""Goals are chosen in a filterable list of checkboxes: by keyboard alone a leader filters,
checks two goals, unchecks one and saves, and exactly the goal left checked is linked. An
arrow key moves between the boxes without changing any of them (a <select multiple> replaced
the whole choice). axe on every form page that has the list."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from alver.management.commands.demo import last_grunndata
from alver.permissions import Rolle
from budget import services as budget_services
from budget.models import Organ
from plans.models import Handlingsplan, Maal, Plan, Plantype, Strategi
from tests.factories import PASSORD, EiningFactory, UserFactory
from verksemdsplan.models import Oppdrag

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

EPOST = "leiar@testvik.example"


def _plan(tittel, kode, eining):
    return Plan.objects.create(
        tittel=tittel,
        type=Plantype.objects.get(kode=kode),
        periode_fra=2024,
        periode_til=2035,
        status=Plan.Status.VEDTATT,
        vedtatt_dato=datetime.date(2024, 6, 1),
        ansvarleg_eining=eining,
    )


@pytest.fixture
def data(transactional_db):
    """A kommune with one sector, an administrator who leads the kommune, two adopted plans
    with goals and strategies, a draft økonomiplan, a decision and a handlingsplan."""
    last_grunndata()
    leiar = UserFactory(email=EPOST, namn="Kari Leiar")
    kommune = EiningFactory(namn="Testvik kommune", kode="1000", type="kommune", leiar=leiar)
    oppvekst = EiningFactory(parent=kommune, namn="Oppvekst", kode="2000", type="sektor", leiar=leiar)
    leiar.eining = kommune
    leiar.save()
    leiar.groups.add(Group.objects.get(name=Rolle.ADMINISTRATOR.value))
    kommuneplan = _plan("Kommuneplanen", "samfunnsdel", kommune)
    temaplan = _plan("Temaplan for skule", "temaplan", kommune)
    maal = {}
    for plan, titlar in (
        (kommuneplan, ["Trygg oppvekst", "Alle les godt", "God folkehelse"]),
        (temaplan, ["Fleire les bøker", "Trivsel i friminutta"]),
    ):
        for i, tittel in enumerate(titlar):
            maal[tittel] = Maal.objects.create(plan=plan, tittel=tittel, rekkjefolgje=i)
    Strategi.objects.create(maal=maal["Trygg oppvekst"], tittel="Tidleg innsats")
    Strategi.objects.create(maal=maal["Fleire les bøker"], tittel="Skulebibliotek")
    Handlingsplan.objects.create(plan=kommuneplan, fra_aar=2026, til_aar=2029)
    budget_services.lag_okonomiplan(2026, user=leiar)
    mote, _ny = budget_services.registrer_mote(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=datetime.date(2026, 2, 12),
        user=leiar,
        saker=[
            {
                "saksnummer": "PS 5/2026",
                "tittel": "Meir lesing",
                "tekst": "Vedtak: meir lesing",
                "type": "vedtak",
                "ansvarleg_sektor": oppvekst,
            }
        ],
    )
    return {"maal": maal, "vedtak": mote.vedtak.get(), "handlingsplan": Handlingsplan.objects.get()}


def _tab_til(page, vilkaar):
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate(vilkaar):
            return
    raise AssertionError(f"cannot reach {vilkaar} with Tab")


def _fokus(page):
    return page.evaluate("document.activeElement.labels && document.activeElement.labels[0].textContent")


def test_by_keyboard_alone_filter_check_two_goals_uncheck_one_and_save(data, live_server, page, logg_inn):
    logg_inn(EPOST, PASSORD)
    page.goto(f"{live_server.url}/oppdrag/ny/?eining=2000")
    maal = page.locator("#id_maal")
    valt = maal.locator("[data-fleirval-valt]")
    expect(valt).to_have_text("Valt: 0")
    page.get_by_label("Tittel", exact=True).fill("Lesekampanje")

    _tab_til(page, "document.activeElement.id === 'id_maal_filter'")
    page.keyboard.type("les")
    expect(maal.get_by_role("status")).to_have_text("2 treff")
    expect(maal.get_by_label("Alle les godt")).to_be_visible()
    expect(maal.get_by_label("Fleire les bøker")).to_be_visible()
    expect(maal.get_by_label("Trygg oppvekst")).to_be_hidden()
    expect(maal.get_by_role("group", name="Temaplan for skule")).to_be_visible()
    page.keyboard.press("Enter")  # in the filter box it does not send the half-filled form
    expect(page.locator("#feilsamandrag")).to_have_count(0)
    sjekk_axe(page)

    page.keyboard.press("ArrowDown")
    assert _fokus(page) == "Alle les godt"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert _fokus(page) == "Fleire les bøker"
    page.keyboard.press("Space")
    expect(valt).to_have_text("Valt: 2")
    page.keyboard.press("ArrowUp")  # moving on never changes a choice
    assert _fokus(page) == "Alle les godt"
    expect(valt).to_have_text("Valt: 2")
    page.keyboard.press("Space")
    expect(valt).to_have_text("Valt: 1")
    expect(maal.get_by_label("Alle les godt")).not_to_be_checked()
    expect(maal.get_by_label("Fleire les bøker")).to_be_checked()
    skjermbilete(page, "f01-fleirval")

    _tab_til(page, "document.activeElement.textContent.trim() === 'Lagre'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesekampanje")
    o = Oppdrag.objects.get(tittel="Lesekampanje")
    assert list(o.maal.all()) == [data["maal"]["Fleire les bøker"]]
    assert not o.strategiar.exists()


def test_the_form_pages_with_goal_lists_pass_axe(data, live_server, page, logg_inn):
    logg_inn(EPOST, PASSORD)
    hp = data["handlingsplan"]
    for url in [
        f"/vedtak/{data['vedtak'].pk}/endre/",
        "/okonomiplan/2026/tiltak/ny/",
        "/okonomiplan/2026/verbalpunkt/ny/",
        "/okonomiplan/2026/sektor/2000/",
        f"/planar/handlingsplan/{hp.pk}/tiltak/ny/",
        f"/oppdrag/{Oppdrag.objects.get().pk}/endre/",
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("[data-fleirval-sok]").first).to_be_visible()  # the script has started
        sjekk_axe(page)
    # and a form returned with errors, the goals kept
    page.goto(f"{live_server.url}/oppdrag/ny/")
    page.locator("#id_maal").get_by_label("Trivsel i friminutta").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#feilsamandrag")).to_be_visible()
    expect(page.locator("#id_maal").get_by_label("Trivsel i friminutta")).to_be_checked()
    expect(page.locator("#id_maal [data-fleirval-valt]")).to_have_text("Valt: 1")
    sjekk_axe(page)
    skjermbilete(page, "f02-fleirval-feil")
