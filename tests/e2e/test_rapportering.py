"""As a new user would (a first part of reporting): the month is open by itself (økonomi only
reopens a closed one); a tenesteleiar
reports one deviation and confirms the rest as on track in deviation mode; the
kommunalsjef sees who has reported."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ARTEFAKT, sjekk_axe, skjermbilete
from .test_oppdrag import logg_ut

pytestmark = pytest.mark.browser


def test_a_month_reported_in_deviation_mode(demo, live_server, page, logg_inn):
    logg_inn("okonomi@alver.example")
    page.goto(f"{live_server.url}/rapportering/?aar=2026")
    sjekk_axe(page)
    expect(page.get_by_role("row", name="Desember 2026")).to_contain_text("opnar 1.12.2026")
    expect(page.get_by_role("row", name="November 2026")).to_contain_text("kan stengjast etter 10.12.2026")
    page.get_by_role("row", name="Oktober 2026").get_by_role("button", name="Opne").click()
    expect(page.get_by_role("row", name="Oktober 2026")).to_contain_text("open")
    skjermbilete(page, "r01-periodar")
    logg_ut(page)

    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m11/")
    sjekk_axe(page)
    tabell = page.get_by_role("table", name="Oppdrag i perioden")
    forste = tabell.get_by_role("row").nth(1)
    tittel = forste.get_by_role("cell").first.inner_text()
    forste.get_by_role("link", name="Rapporter").click()
    page.get_by_label("Status").select_option(label="Forseinka")
    page.get_by_label("raud").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("kommentar")  # red needs a comment
    sjekk_axe(page)
    page.get_by_label("Kommentar").fill("Manglar vikarar i november.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text(f"Rapportert: {tittel}.")).to_be_visible()
    page.get_by_role("button", name="Alt anna er i rute").click()
    expect(page.get_by_text("stadfesta i rute")).to_be_visible()
    page.get_by_label("Vis").select_option(label="Med avvik")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("table", name="Oppdrag i perioden")).to_contain_text(
        "Manglar vikarar i november."
    )
    sjekk_axe(page)
    skjermbilete(page, "r02-avvik")
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m11/innlevering/")
    expect(page.get_by_role("table", name="Per eigar og eining")).to_contain_text("Per Mjanger")
    sjekk_axe(page)
    skjermbilete(page, "r03-innlevering")


def test_deviation_rolled_up_and_the_tertial_report_printed(demo, live_server, page, logg_inn, tmp_path):
    """The issue's journey: a tenesteleiar reports November with one deviation in deviation
    mode; the kommunalsjef finds it from the roll-up; the kommunedirektør releases the second
    tertial report and downloads its PDF."""
    logg_inn("tenesteleiar.skule@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m11/")
    tabell = page.get_by_role("table", name="Oppdrag i perioden")
    forste = tabell.get_by_role("row").nth(1)
    tittel = forste.get_by_role("cell").first.inner_text()
    forste.get_by_role("link", name="Rapporter").click()
    page.get_by_label("Status").select_option(label="Forseinka")
    page.get_by_label("raud").check()
    page.get_by_label("Kommentar").fill("Bussen er innstilt heile november.")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("button", name="Alt anna er i rute").click()
    expect(page.get_by_text("stadfesta i rute")).to_be_visible()
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m11/")
    page.get_by_role("navigation", name="Denne perioden").get_by_role("link", name="Samandrag").click()
    sjekk_axe(page)
    skjermbilete(page, "r04-samandrag")
    org = page.get_by_role("table", name="Etter organisasjon")
    expect(org).to_contain_text("Skule")
    org.get_by_role("row", name="Skule").get_by_role("link", name="raud: Skule").click()
    tabell = page.get_by_role("table", name="Oppdrag i perioden")
    expect(tabell).to_contain_text(tittel)
    expect(tabell).to_contain_text("Bussen er innstilt heile november.")
    sjekk_axe(page)
    skjermbilete(page, "r05-drill-ned")
    page.goto(f"{live_server.url}/rapportering/2026-m11/maanadsrapport/")
    expect(page.get_by_role("table", name="Avvik").first).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "r06-maanadsrapport")
    logg_ut(page)

    logg_inn("kommunedirektor@alver.example")
    page.goto(f"{live_server.url}/rapportering/?aar=2026")
    page.get_by_role("link", name="rapport til politikarane 2. tertial 2026").click()
    expect(page.get_by_text("Ikkje frigitt")).to_be_visible()
    sjekk_axe(page)
    # the tests run queued work in the request: the release renders the report in three
    # languages before it answers, which takes a while on a loaded machine
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="Frigje til politikarane").click(no_wait_after=True)
    expect(page.get_by_text("Rapporten er frigitt til politikarane.")).to_be_visible()
    # the release made the PDF, once, for every reader: the page links it and offers no «Lag PDF»
    lenkje = page.get_by_role("link", name=re.compile(r"Den frigitte rapporten som PDF \(\d+ sider\)"))
    expect(lenkje).to_be_visible()
    expect(page.get_by_role("button", name="Lag PDF")).to_have_count(0)
    sjekk_axe(page)
    skjermbilete(page, "r07-pdf-klar")
    with page.expect_download() as nedlasting:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 't.pdf'; a.click(); }",
            lenkje.get_attribute("href"),
        )
    pdf = tmp_path / "tertial.pdf"
    nedlasting.value.save_as(pdf)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert (
        "Rapport til politikarane" in tekst and "2. tertial 2026" in tekst and "Økonomi per sektor" in tekst
    )
    ARTEFAKT.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTEFAKT / "r08-tertialrapport")], check=True
    )
    logg_ut(page)

    logg_inn("politikar@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Rapportering").click()
    page.get_by_role("link", name="2. tertial 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport til politikarane")
    sjekk_axe(page)
    skjermbilete(page, "r09-politikar")


def test_okonomi_imports_the_months_ledger(demo, live_server, page, logg_inn, tmp_path):
    """Økonomi uploads November's ledger export: a wrong row is named and nothing is saved;
    the corrected file lands, and the sector's leader reads it in the monthly report."""
    feil = tmp_path / "november.csv"
    feil.write_text(
        "Ansvar;Regnskap;Prognose;Kommentar\n2000;1 000 000;1 200 000 000;\n9999;1;1;\n", encoding="utf-8"
    )
    logg_inn("okonomi@alver.example")
    page.goto(f"{live_server.url}/rapportering/reglar/")
    expect(page.get_by_role("table", name="Reglar per kategori")).to_contain_text("tertial")
    sjekk_axe(page)
    page.goto(f"{live_server.url}/rapportering/2026-m11/okonomi/")
    sjekk_axe(page)
    page.get_by_role("link", name="Importer frå rekneskapen").click()
    page.get_by_label("Eksport frå rekneskapen").set_input_files(str(feil))
    page.get_by_role("button", name="Vis førehandsvisinga").click()
    expect(page.get_by_role("table", name="Rader som må rettast")).to_contain_text("9999")
    expect(page.get_by_text("Ingenting vart lagra")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "r10-okonomi-feil")
    rett = tmp_path / "november-rett.csv"
    rett.write_text(
        "Ansvar;Regnskap;Prognose;Kommentar\n2000;1 000 000 000;1 190 000 000;Fleire elevar enn venta\n",
        encoding="utf-8",
    )
    page.get_by_label("Eksport frå rekneskapen").set_input_files(str(rett))
    page.get_by_role("button", name="Vis førehandsvisinga").click()
    # the rows as read, in kroner, with the sums: nothing saved before the user has seen them
    expect(page.get_by_role("table", name="Radene, kroner")).to_contain_text("1 190 000 000")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre økonomien").click()
    expect(page.get_by_text("Økonomi for 1 eining er importert.")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Fleire elevar enn venta")
    sjekk_axe(page)
    skjermbilete(page, "r11-okonomi")
    logg_ut(page)

    logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/rapportering/2026-m11/maanadsrapport/")
    expect(page.get_by_role("table").first).to_contain_text("1 190 000 000")
    # the sector's leader explains the figures in their own words
    page.get_by_role("navigation", name="Denne perioden").get_by_role("link", name="Økonomi").click()
    page.get_by_role("link", name="Endre kommentaren Oppvekst").click()
    sjekk_axe(page)
    page.get_by_label("Kommentar").fill("Fleire elevar enn venta; vi søkjer om tilleggsløyving.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kommentaren er lagra.")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("vi søkjer om tilleggsløyving")
    skjermbilete(page, "r12-okonomi-kommentar")
