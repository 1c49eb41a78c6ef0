"""As a new user would: økonomi imports a KOSTRA JSON-stat file and a CSV from Statistikkbanken
(preview, a suggested indicator, confirm), and opens Analyse for a sector, where the kommune
stands against its KOSTRA group and the country. Axe on every new page."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alver.models import Eining
from plans.models import Indikator

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "budget" / "ssb_data"


def _filer(tmp_path):
    """A JSON-stat file and a Windows-1252 CSV for two tables the demo has not imported."""
    d = json.loads((DATA / "12562_barnehagar.json").read_text(encoding="utf-8"))
    d["label"] = "19999: Spesialundervisning (K)"
    d["extension"]["px"]["tableid"] = "19999"
    kat = d["dimension"]["ContentsCode"]["category"]
    kat["index"] = {"KOSSPESUND0000": 0}
    kat["label"] = {"KOSSPESUND0000": "Andel elever i grunnskolen som får spesialundervisning"}
    kat.pop("unit", None)
    jsonfil = tmp_path / "19999_spesialundervisning.json"
    jsonfil.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    csvfil = tmp_path / "19998_skuleskyss.csv"
    csvfil.write_bytes(
        (
            '"19998: Skoleskyss (K)"\r\n\r\n'
            '"region";"statistikkvariabel";"2023";"2024";"2025"\r\n'
            '"4631 Alver";"KOSSKYSS0000 Andel elever med skoleskyss på grunn av særlig farlig skolevei";38,2;37,9;..\r\n'
            '"EKG13 KOSTRA-gruppe 13";"KOSSKYSS0000 Andel elever med skoleskyss på grunn av særlig farlig skolevei";30,1;30,4;30,0\r\n'
            '"EAK Landet";"KOSSKYSS0000 Andel elever med skoleskyss på grunn av særlig farlig skolevei";24,6;24,8;:\r\n'
        ).encode("cp1252")
    )
    return jsonfil, csvfil


def _last_opp(page, live_server, fil):
    page.goto(f"{live_server.url}/okonomiplan/analyse/import/")
    sjekk_axe(page)
    page.locator("input[type=file]").set_input_files(str(fil))
    page.locator("form.skjema button[type=submit]").click()
    page.wait_for_url("**/okonomiplan/analyse/import/*/")
    sjekk_axe(page)


def test_okonomi_imports_jsonstat_and_csv_and_opens_analyse(demo, live_server, page, logg_inn, tmp_path):
    oppvekst = Eining.objects.filter(type=Eining.Type.SEKTOR, namn__icontains="oppvekst").first()
    spes = Indikator.objects.create(
        namn="Del elevar med spesialundervisning",
        maaleeining="prosent",
        desimalar=1,
        kjelde="ssb",
        kjelde_tabell="19999",
        kjelde_variabel="KOSSPESUND0000",
        eigar=oppvekst,
    )
    skyss = Indikator.objects.create(
        namn="Del elevar med skuleskyss", maaleeining="prosent", desimalar=1, kjelde="ssb", eigar=oppvekst
    )
    jsonfil, csvfil = _filer(tmp_path)
    logg_inn("okonomi@alver.example")

    page.goto(f"{live_server.url}/okonomiplan/analyse/")
    sjekk_axe(page)

    _last_opp(page, live_server, jsonfil)
    expect(page.locator("body")).to_contain_text("19999")
    expect(page.locator("body")).to_contain_text("Andel elever i grunnskolen som får spesialundervisning")
    # suggested by the indicator's SSB table and variable
    expect(page.locator("#kopling-0")).to_have_value(str(spes.pk))
    skjermbilete(page, "a01-forhandsvising-jsonstat")
    page.locator("form:has(#kopling-0) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/okonomiplan/analyse/")
    expect(page.locator("body")).to_contain_text("Del elevar med spesialundervisning")

    _last_opp(page, live_server, csvfil)
    expect(page.locator("body")).to_contain_text("Windows-1252")
    expect(page.locator("#kopling-0")).to_have_value("")  # no suggestion: the user chooses
    page.locator("#kopling-0").select_option(str(skyss.pk))
    skjermbilete(page, "a02-forhandsvising-csv")
    page.locator("form:has(#kopling-0) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/okonomiplan/analyse/")
    sjekk_axe(page)

    page.get_by_role("link", name=oppvekst.namn).click()
    page.wait_for_url(f"**/okonomiplan/analyse/sektor/{oppvekst.kode}/")
    sjekk_axe(page)
    tabell = page.get_by_role("table", name="Del elevar med skuleskyss")
    expect(tabell).to_contain_text("38,2")
    expect(tabell).to_contain_text("30,4")
    expect(tabell).to_contain_text("24,8")
    expect(page.get_by_role("table", name="Del elevar med spesialundervisning")).to_contain_text("91,2")
    skjermbilete(page, "a03-analyse-sektor")
