"""The internal-control checklist as its users meet it in the browser, on the demo kommune:
HR copies last year's checklist, adds a point and publishes; a tenesteleiar answers the month's
points by keyboard alone (one «nei» with an improvement oppdrag); the kommunalsjef comments and
marks the month discussed; the kommunedirektør follows a red cell in the overview to the answer."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from alver.lib import klokke
from alver.models import Eining
from checklists import plikt
from checklists.models import Oppfolging, Sjekkliste, Sjekkpunkt, Svar
from tests.e2e.conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.django_db(transaction=True)

NOVEMBER = "2026-m11"


def nn(tekst):
    """The Nynorsk the demo users read, from the project's own translations."""
    with translation.override("nn"):
        return gettext(tekst)


def test_hr_copies_last_years_checklist_adds_a_point_and_publishes(demo, live_server, page, logg_inn):
    aar = klokke.i_dag().year + 1
    # the demo has already copied next year's draft; HR starts that step over here
    Sjekkliste.objects.filter(aar=aar).delete()

    logg_inn("hr@alver.example")
    page.goto(f"{live_server.url}/sjekklister/")
    sjekk_axe(page)
    page.get_by_role("link", name=nn("New checklist")).click()
    sjekk_axe(page)
    page.get_by_label(nn("Year")).fill(str(aar))
    page.get_by_label(nn("Copy from")).select_option(label=str(aar - 1))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/sjekklister/{aar}/")
    sjekk_axe(page)
    kopiert = Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste__aar=aar).count()
    assert (
        kopiert
        == Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste__aar=aar - 1, neste__isnull=True).count()
    )
    assert kopiert > 0

    page.get_by_role(
        "link", name=re.compile(re.escape(nn("Add a check point to «%(type)s»").split("«")[0]))
    ).first.click()
    sjekk_axe(page)
    page.get_by_label(nn("Check point (a yes/no question)")).fill(
        "Er beredskapsplanen for eininga oppdatert?"
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/sjekklister/{aar}/"))
    assert Sjekkpunkt.objects.filter(
        sjekktype__foremaal__sjekkliste__aar=aar, sporsmaal="Er beredskapsplanen for eininga oppdatert?"
    ).exists()

    page.goto(f"{live_server.url}/sjekklister/{aar}/")
    page.get_by_role("button", name=nn("Publish the checklist")).click()
    page.wait_for_load_state("load")
    skjermbilete(page, "sjekkliste-publisert")
    liste = Sjekkliste.objects.get(aar=aar)
    assert liste.status == Sjekkliste.Status.PUBLISERT
    assert liste.kopiert_fra.aar == aar - 1


def _tab_til(page, selektor, maks=200):
    """Move focus with Tab alone until the element matching `selektor` has it."""
    for _ in range(maks):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selektor):
            return
    raise AssertionError(f"Tab never reached {selektor}")


def test_leader_answers_by_keyboard_kommunalsjef_follows_up_and_kd_finds_the_red_cell(
    demo, live_server, page, logg_inn
):
    skule = Eining.objects.get(kode="2100")
    # the demo has answered November for Skule already; the tenesteleiar answers it here
    punkt_2026 = Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste__aar=2026)
    Svar.objects.filter(
        eining=skule, periode__in={plikt.periode(p, klokke.i_dag()) for p in punkt_2026}
    ).delete()
    Oppfolging.objects.filter(eining=skule, periode=NOVEMBER).delete()

    # the tenesteleiar: Mi side/the checklist page → the month's points, answered by keyboard alone
    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/sjekklister/")
    page.get_by_role("link", name=re.compile(nn("Answer for %(m)s").split("%")[0])).first.click()
    page.wait_for_url(re.compile(r"/sjekklister/svar/2100/"))
    sjekk_axe(page)
    punkt = page.locator("fieldset.ds-fieldset")
    tal = punkt.count()
    assert tal >= 3
    page.locator("h1").focus()
    for i in range(tal):
        boks = punkt.nth(i)
        pk = boks.locator("xpath=..").get_attribute("id").removeprefix("punkt-")
        # the first radio of the point's group («Ja»); arrow keys move within the group
        _tab_til(page, f"#punkt-{pk} input[type=radio]")
        if i == 0:
            page.keyboard.press("ArrowRight")  # «Nei»
            _tab_til(page, f"#punkt-{pk} textarea")
            page.keyboard.type("Medarbeidarsamtalane for haustsemesteret er ikkje haldne.")
            _tab_til(page, f"#punkt-{pk} input[type=checkbox]")
            page.keyboard.press("Space")
        else:
            page.keyboard.press("Space")  # «Ja»
    _tab_til(page, "main form button[type=submit]")
    with page.expect_navigation():  # the answers are saved when the next page has come
        page.keyboard.press("Enter")
    skjermbilete(page, "sjekkliste-svar")
    svar = Svar.objects.filter(eining=skule, svart_at__date=klokke.i_dag()).select_related("oppdrag")
    assert svar.count() == tal
    nei = svar.get(verdi=Svar.Verdi.NEI)
    assert nei.oppdrag is not None and nei.oppdrag.owner.email == "tenesteleiar.skule@alver.example"
    expect(page.get_by_role("link", name=nei.oppdrag.tittel)).to_be_visible()

    # the kommunalsjef reads the unit's answers, comments and marks them discussed
    page.context.clear_cookies()
    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/sjekklister/svar/2100/?maanad={NOVEMBER}")
    sjekk_axe(page)
    expect(page.get_by_text("Medarbeidarsamtalane for haustsemesteret er ikkje haldne.")).to_be_visible()
    oppfolging = page.locator("section#oppfolging, section[aria-labelledby=oppfolging]")
    oppfolging.get_by_role("textbox").fill("Drøfta på månadsmøtet: samtalane vert haldne innan jul.")
    oppfolging.get_by_role("checkbox").check()
    oppfolging.get_by_role("button").click()
    page.wait_for_load_state("load")
    o = Oppfolging.objects.get(eining=skule, periode=NOVEMBER)
    assert o.droefta_at is not None and o.droefta_av.email == "kommunalsjef.oppvekst@alver.example"

    # the kommunedirektør: the overview, a red («nei») cell, down to the unit's answers
    page.context.clear_cookies()
    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/sjekklister/2026/oversikt/")
    sjekk_axe(page)

    def raud_celle(rad):
        """The latest red cell in the row whose heading starts with `rad`."""
        return (
            page.locator("table tr", has=page.locator("th", has_text=re.compile(rf"^\s*{rad}")))
            .locator("a:has(.ds-tag[data-color=danger])")
            .last
        )

    raud_celle("Oppvekst").click()
    page.wait_for_url(re.compile(r"eining=2000"))
    raud_celle("Skule").click()
    page.wait_for_url(re.compile(r"eining=2100"))
    sjekk_axe(page)
    skjermbilete(page, "sjekkliste-oversikt-skule")
    # the row of Skule's own answers leads to them
    raud_celle(f"{skule.namn} \\(").click()
    page.wait_for_url(re.compile(r"/sjekklister/svar/2100/\?maanad=2026-m11"))
    sjekk_axe(page)
    expect(page.get_by_text("Medarbeidarsamtalane for haustsemesteret er ikkje haldne.")).to_be_visible()
