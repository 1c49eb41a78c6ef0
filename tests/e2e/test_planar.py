"""As a new user would: a kommunalsjef creates a temaplan, builds its goals and strategies,
adds tiltak, rolls the handlingsplan and compares the versions; axe on every plan page."""

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_kommunalsjef_builds_a_temaplan_and_rolls_its_handlingsplan(demo, live_server, logg_inn):
    page = logg_inn("kommunalsjef.oppvekst@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Planar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planar")
    sjekk_axe(page)
    skjermbilete(page, "p01-planar")

    page.get_by_role("link", name="Ny plan").click()
    page.get_by_label("Tittel").fill("Temaplan for fysisk aktivitet")
    page.get_by_label("Type").select_option(label="Temaplan")
    page.get_by_label("Periode frå (år)").fill("2026")
    page.get_by_label("Periode til (år)").fill("2030")
    page.get_by_label("Ansvarleg eining").select_option(label="Oppvekst")
    page.get_by_label("Følgjer opp planen").select_option(label="Kommuneplanen sin samfunnsdel 2023–2035")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temaplan for fysisk aktivitet")
    expect(page.get_by_text("Denne planen er ikkje vedteken")).to_be_visible()

    page.get_by_role("link", name="Nytt hovudmål").click()
    page.get_by_label("Mål", exact=True).fill("Fleire barn er fysisk aktive kvar dag")
    page.get_by_label("3. God helse og livskvalitet").check()
    verdi = page.locator(
        "#id_folgjer_opp option", has_text="Gode levekår og god folkehelse for alle"
    ).get_attribute("value")
    page.get_by_label("Følgjer opp målet").select_option(value=verdi)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 Fleire barn er fysisk aktive kvar dag")
    page.get_by_role("link", name="Nytt delmål").click()
    page.get_by_label("Mål", exact=True).fill("Ein time fysisk aktivitet kvar skuledag")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.1 Ein time fysisk aktivitet")
    page.get_by_role("navigation", name="Du er her:").get_by_role("link", name="1", exact=True).click()
    page.get_by_role("link", name="Ny strategi").click()
    page.get_by_label("Strategi").fill("Aktive friminutt")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Aktive friminutt")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "p02-maal")

    page.get_by_role("link", name="Temaplan for fysisk aktivitet").first.click()
    expect(page.locator(".maaltre")).to_contain_text("1.1")
    sjekk_axe(page)
    skjermbilete(page, "p03-plan")

    page.get_by_role("link", name="Ny handlingsplan").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan 2026–2029")
    page.get_by_role("link", name="Nytt tiltak").click()
    page.get_by_label("Tittel").fill("Utstyrsbuer ved alle skular")
    page.get_by_label("Økonomisk", exact=True).check()
    page.get_by_label("Kostnad 2026 (kr)").fill("300 000")
    page.get_by_label("1 Fleire barn er fysisk aktive kvar dag").check()
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utstyrsbuer ved alle skular")
    expect(page.get_by_role("table", name="Anslått kostnad per år (kr)")).to_contain_text("300\u00a0000")
    sjekk_axe(page)
    skjermbilete(page, "p04-tiltak")

    page.get_by_role("link", name="Handlingsplan 2026–2029").first.click()
    page.get_by_role("link", name="Nytt tiltak").click()
    page.get_by_label("Tittel").fill("Aktivitetsdag for heile kommunen")
    page.get_by_label("Status").select_option(label="Gjennomført")
    page.get_by_label("1.1 Ein time fysisk aktivitet kvar skuledag").check()
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="Handlingsplan 2026–2029").first.click()
    expect(page.locator(".tiltaktabell tbody tr")).to_have_count(2)
    sjekk_axe(page)
    skjermbilete(page, "p05-handlingsplan")

    page.get_by_role("button", name="Rull handlingsplanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Handlingsplan 2026–2029 samanlikna med Handlingsplan 2027–2030"
    )
    expect(page.get_by_text("0 lagt til, 1 tekne bort, 0 endra, 1 uendra.")).to_be_visible()
    expect(page.get_by_role("region", name="Ikkje førte vidare")).to_contain_text(
        "Aktivitetsdag for heile kommunen"
    )
    sjekk_axe(page)
    skjermbilete(page, "p06-samanlikning")


def test_demo_plan_pages_have_no_wcag_violations(demo, live_server, page, logg_inn):
    logg_inn("medarbeidar@alver.example")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Planar").click()
    page.get_by_role("link", name="Temaplan for klima og miljø 2024–2030").click()
    sjekk_axe(page)
    page.locator(".maaltre a").first.click()
    sjekk_axe(page)
    skjermbilete(page, "p07-demo-maal")
    page.go_back()
    page.get_by_role("link", name="Handlingsplan 2026–2029").click()
    sjekk_axe(page)
    skjermbilete(page, "p08-demo-handlingsplan")
    page.get_by_role("link", name="Samanlikn med ein annan versjon").click()
    sjekk_axe(page)
    skjermbilete(page, "p09-demo-samanlikning")
    page.go_back()
    page.locator(".tiltaktabell a").first.click()
    sjekk_axe(page)


KOMMUNEPLAN_FIL = (
    "nummer;nivå;tittel\n"
    ";strategi;Vi samarbeider med frivillige\n"
    "1;Visjon;Saman skaper vi framtida\n"
    "A;Satsingsområde;Levande lokalsamfunn\n"
    "A.1;strategi;Styrke sentrumsområda\n"
    "B;Satsingsområde;Grøn omstilling\n"
    "B.1;strategi;Redusere utslepp frå transport\n"
)


def test_a_plan_as_the_kommune_wrote_it_is_imported_with_its_levels_and_numbers(demo, live_server, logg_inn):
    """An open-ended plan with visjon → satsingsområde → strategiar and the document's own
    numbers, imported from a file; axe on the form, the preview and the plan page."""
    page = logg_inn("kommunalsjef.oppvekst@alver.example")
    page.goto(f"{live_server.url}/planar/ny/")
    page.get_by_label("Tittel").fill("Kommuneplan for Alver – samfunnsdelen")
    page.get_by_label("Type").select_option(label="Temaplan")
    page.get_by_label("Periode frå (år)").fill("2026")
    page.get_by_label("Ansvarleg eining").select_option(label="Oppvekst")
    page.get_by_label("Målnivå 1").select_option(label="Visjon")
    page.get_by_label("Målnivå 2").select_option(label="Satsingsområde")
    sjekk_axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommuneplan for Alver – samfunnsdelen")
    expect(page.locator(".fakta")).to_contain_text("frå 2026")
    expect(page.locator(".fakta")).to_contain_text("Visjon → Satsingsområde")

    page.get_by_role("link", name="Importer frå fil").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "kommuneplan.csv", "mimeType": "text/csv", "buffer": KOMMUNEPLAN_FIL.encode()}]
    )
    page.get_by_role("button", name="Førehandsvis").click()
    expect(page.get_by_text("Fila har 3 nye mål og 3 strategiar")).to_be_visible()
    expect(page.get_by_text("Planen held på nummera i fila.")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "p10-import-nivaa")
    page.get_by_role("button", name="Gjennomfør importen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kommuneplan for Alver – samfunnsdelen")
    tre = page.locator(".maaltre")
    expect(tre.locator(".maaltre__nummer")).to_have_text(["1", "A", "B"])
    expect(tre).to_contain_text("Strategi: A.1 Styrke sentrumsområda")
    expect(page.get_by_role("heading", name="Strategiar for heile planen")).to_be_visible()
    expect(page.get_by_text("Vi samarbeider med frivillige")).to_be_visible()
    expect(page.locator(".fakta")).to_contain_text("planen si eiga nummerering")
    sjekk_axe(page)
    skjermbilete(page, "p11-plan-nivaa")

    page.get_by_role("link", name="Levande lokalsamfunn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A Levande lokalsamfunn")
    sjekk_axe(page)
    page.get_by_role("link", name="Endre mål").click()
    expect(page.get_by_label("Nummer")).to_have_value("A")
    sjekk_axe(page)
