"""In Chromium, as a new user would: the kommunalsjef for oppvekst takes on an indicator from the
register for her sector's verksemdsplan with a target (a wrong number first), delegates the
follow-up to a unit below, and that unit's leader finds it on their own verksemdsplan. axe on
every page and form on the way."""

from decimal import Decimal

from alver.lib import klokke
from alver.models import Eining
from plans.models import Indikator, Maal, MaalIndikator
from tests.e2e.conftest import sjekk_axe, skjermbilete
from verksemdsplan.models import PrioritertIndikator


def test_a_kommunalsjef_takes_on_an_indicator_with_a_target_and_delegates_it(
    demo, page, live_server, logg_inn
):
    aar = klokke.i_dag().year
    ind = Indikator.objects.filter(
        namn="Del born 1–5 år med barnehageplass"
    ).first() or Indikator.objects.create(
        namn="Del born 1–5 år med barnehageplass",
        maaleeining=Indikator.Maaleeining.PROSENT,
        desimalar=1,
        maksimum=Decimal("100"),
        kjelde=Indikator.Kjelde.SSB,
    )
    maal = Maal.objects.filter(plan__status="vedtatt").order_by("pk").first()
    MaalIndikator.objects.get_or_create(maal=maal, indikator=ind)
    PrioritertIndikator.objects.filter(verksemdsplan__eining__kode="2000", indikator=ind).delete()
    under = Eining.objects.aktive().filter(path__startswith=Eining.objects.get(kode="2000").path, depth=3)
    under = under.filter(leiar__isnull=False).order_by("path").first()

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/verksemdsplan/{aar}/2000/")
    sjekk_axe(page)
    page.locator('a[href$="/indikatorar/ny/"]').click()
    page.wait_for_url("**/indikatorar/ny/")
    sjekk_axe(page)
    page.locator("#id_indikator").select_option(str(ind.pk))
    page.locator("#id_maal").fill("92,55")  # one decimal too many: refused, not rounded
    page.locator("#id_ansvarleg_eining").select_option(str(under.pk))
    page.locator("form.skjema button[type=submit]").click()
    page.wait_for_load_state("load")
    assert (
        page.locator("#id_maal").get_attribute("aria-invalid") == "true"
        or page.locator(".felt--feil #id_maal").count()
    )
    assert page.locator("#id_maal").input_value() == "92,55"  # what was typed stays
    sjekk_axe(page)
    page.locator("#id_maal").fill("92,5")
    page.locator("form.skjema button[type=submit]").click()
    page.wait_for_url(f"**/verksemdsplan/{aar}/2000/#indikatorar")
    pi = PrioritertIndikator.objects.get(verksemdsplan__eining__kode="2000", indikator=ind)
    assert pi.maal == Decimal("92.5") and pi.ansvarleg_eining == under
    rad = page.locator(f"#indikator-{pi.pk}")
    assert "92,5" in rad.inner_text() and under.namn in rad.inner_text()
    sjekk_axe(page)
    skjermbilete(page, "prioriterte-indikatorar-sektor")

    # the change page (with its change log) by keyboard
    rad.locator(f'a[href$="/2000/indikatorar/{pi.pk}/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/indikatorar/{pi.pk}/")
    sjekk_axe(page)
    page.locator("#id_kommentar").fill("Følgjast opp på leiarmøtet.")
    page.locator("form.skjema button[type=submit]").click()
    page.wait_for_url(f"**/verksemdsplan/{aar}/2000/#indikatorar")

    # the delegated unit's leader sees it on their own verksemdsplan
    page.context.clear_cookies()
    logg_inn(under.leiar.email)
    page.goto(f"{live_server.url}/verksemdsplan/{aar}/{under.kode}/")
    delegert = page.locator("#delegerte-indikatorar")
    assert ind.namn in delegert.inner_text() and "92,5" in delegert.inner_text()
    sjekk_axe(page)
    skjermbilete(page, "prioriterte-indikatorar-delegert")
