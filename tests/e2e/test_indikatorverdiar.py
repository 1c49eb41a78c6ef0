"""As a new user would: a tenesteleiar reports an indicator value off target and sees the red
light (axe on every new page: the list, the entry page, the import); the kommunedirektør's
tertialrapport has the indicator section with its chart, on the page and in the PDF."""

import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from alver.models import Eining, User
from plans.models import Indikator, Maal, MaalIndikator, Planmaalverdi

from .conftest import ARTEFAKT, sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


@pytest.fixture
def indikator(demo):
    """A monthly indicator owned by the tenesteleiar's unit, on a demo goal, target 90 in 2026."""
    leiar = User.objects.get(email="tenesteleiar.skule@alver.example")
    eining = Eining.objects.aktive().filter(leiar=leiar).order_by("depth").first()
    ind = Indikator.objects.create(
        namn="Elevar som les på forventa nivå",
        maaleeining="prosent",
        desimalar=1,
        retning="hoegare",
        minimum=Decimal(0),
        maksimum=Decimal(100),
        frekvens="maanad",
        eigar=eining,
    )
    kopling = MaalIndikator.objects.create(maal=Maal.objects.order_by("pk").first(), indikator=ind)
    Planmaalverdi.objects.create(kopling=kopling, aar=2026, verdi=Decimal(90))
    return ind


def test_tenesteleiar_rapporterer_ein_verdi_utanfor_maalet(indikator, live_server, page, logg_inn, tmp_path):
    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/rapportering/")
    page.locator("a[href='/rapportering/indikatorar/']").click()
    sjekk_axe(page)
    page.get_by_role("link", name=indikator.namn).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(indikator.namn)
    sjekk_axe(page)
    # too many decimals: refused with a message by the field, nothing saved
    page.locator("#id_verdi").fill("70,25")
    page.locator("form.skjema button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    sjekk_axe(page)
    page.locator("#id_verdi").fill("70,5")
    page.locator("#id_kommentar").fill("Mange nye elevar denne hausten.")
    page.locator("form.skjema button[type=submit]").click()
    expect(page.locator("#gjeldande .indikatorlys--raud")).to_be_visible()  # 70,5 against 90
    expect(page.locator("#gjeldande")).to_contain_text("70,5")
    sjekk_axe(page)
    skjermbilete(page, "i01-indikatorverdi-raud")
    page.goto(f"{live_server.url}/rapportering/indikatorar/import/")
    sjekk_axe(page)
    logg_ut(page)

    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-t2/tertialrapport/")
    seksjon = page.locator("section.indikatorar")
    expect(seksjon).to_contain_text(indikator.namn)
    expect(seksjon.locator("svg").first).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "i02-tertialrapport-indikatorar")
    # the PDF (every indicator with its chart) is laid out before the page answers: give it time
    page.locator("form[action$='/utskrift/'] button[type=submit]").first.click(timeout=120_000)
    lenkje = page.locator("a[href*='/fil/']")
    expect(lenkje).to_be_visible(timeout=120_000)
    with page.expect_download() as nedlasting:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 't.pdf'; a.click(); }",
            lenkje.get_attribute("href"),
        )
    pdf = tmp_path / "tertial.pdf"
    nedlasting.value.save_as(pdf)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert indikator.namn in tekst
    ARTEFAKT.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTEFAKT / "i03-tertialrapport")], check=True
    )
