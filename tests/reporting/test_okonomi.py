"""Economy per unit and month: imported from the ledger export (CSV or XLSX), the budget from
the adopted rammer, all or nothing with row-numbered errors; the page per unit and kommune."""

import io

import pytest
from openpyxl import Workbook

from budget.models import Okonomiplan, Ramme
from reporting.models import Okonomirapport, Periode
from tests.hjelp import berre, tal_sporjingar


@pytest.fixture
def oktober(org, periode):
    plan = Okonomiplan.objects.create(forste_aar=2026, status=Okonomiplan.Status.VEDTATT)
    e = org["einingar"]
    Ramme.objects.create(okonomiplan=plan, eining=e["oppvekst"], aar=2026, drift=12_000_000)
    Ramme.objects.create(okonomiplan=plan, eining=e["skule"], aar=2026, drift=6_000_000)
    return Periode.objects.get(aar=2026, type="maanad", nummer=10)


def _csv(tekst, namn="hovudbok.csv"):
    f = io.BytesIO(tekst.encode("utf-8"))
    f.name = namn
    return f


def importer(c, periode, fil, **meir):
    """Upload the ledger file; when the preview is shown (no errors), confirm it as the user
    would. Returns the last answer."""
    svar = c.post(f"/rapportering/{periode.kode}/okonomi/import/", {"fil": fil, **meir})
    if svar.status_code == 200 and svar.context and svar.context.get("forhandsvis"):
        token = svar.context["forhandsvis"]["token"]
        svar = c.post(f"/rapportering/{periode.kode}/okonomi/import/", {"stadfest": "ja", "token": token})
    return svar


def test_a_ledger_export_is_imported_with_the_budget_from_the_frames(oktober, org, client_as):
    fil = _csv(
        "Ansvar;Regnskap;Prognose;Kommentar\n"
        "2000;10 100 000;12 400 000;Vikarbruk\n"
        "2100;4 900 000;5 900 000;\n"
    )
    svar = importer(client_as("okonomi"), oktober, fil)
    assert svar.status_code == 302
    oppvekst = Okonomirapport.objects.get(eining=org["einingar"]["oppvekst"], periode=oktober)
    assert (oppvekst.budsjett, oppvekst.rekneskap, oppvekst.prognose, oppvekst.kommentar) == (
        12_000_000, 10_100_000, 12_400_000, "Vikarbruk",
    )  # fmt: skip
    assert oppvekst.avvik == -400_000 and oppvekst.budsjett_hittil == 10_000_000
    assert oppvekst.history.get().importert_av == org["brukarar"]["okonomi"]
    # the page sums the topmost rows only: Skule is part of Oppvekst, not added to it
    svar = client_as("kommunedirektor").get(f"/rapportering/{oktober.kode}/okonomi/")
    assert svar.context["sum"]["prognose"] == 12_400_000 and len(svar.context["rader"]) == 2
    assert "\u2212400\u00a0000" in svar.content.decode()


def test_an_xlsx_with_its_own_budget_column_is_read(oktober, org, client_as):
    bok = Workbook()
    ark = bok.active
    ark.append(["Enhet", "Budsjett", "Rekneskap", "Prognose"])
    ark.append([3101, 2_000_000, 1_500_000, 1_950_000])  # Lindås: no frame of its own
    data = io.BytesIO()
    bok.save(data)
    data.seek(0)
    data.name = "okt.xlsx"
    assert importer(client_as("okonomi"), oktober, data).status_code == 302
    r = Okonomirapport.objects.get()
    assert (r.eining.kode, r.budsjett, r.avvik) == ("3101", 2_000_000, 50_000)


def test_any_bad_row_saves_nothing_and_each_error_names_its_row(oktober, org, client_as):
    Okonomirapport.objects.create(
        eining=org["einingar"]["oppvekst"], periode=oktober, budsjett=1, rekneskap=1, prognose=1,
        importert_av=org["brukarar"]["okonomi"],
    )  # fmt: skip
    fil = _csv(
        "eining;rekneskap;prognose\n"
        "2000;10 000 000;12 000 000\n"  # fine, but must not be saved
        "9999;1;1\n"  # no such unit
        "2100;mykje;1\n"  # not an amount
        "3101;1;1\n"  # no frame and no budget column
        "2000;1;1\n"  # twice
    )
    svar = importer(client_as("okonomi"), oktober, fil)
    assert svar.status_code == 200
    feil = [(f.rad, f.melding) for f in svar.context["feil"]]
    assert [rad for rad, _m in feil] == [3, 4, 5, 6]
    assert "«9999»" in feil[0][1] and "3101" in feil[2][1] and "rad 2" in feil[3][1]
    assert "Ingenting vart lagra" in svar.content.decode()
    assert Okonomirapport.objects.get().prognose == 1  # the old row is untouched


def test_a_file_without_the_needed_columns_is_refused(oktober, client_as):
    svar = client_as("okonomi").post(
        f"/rapportering/{oktober.kode}/okonomi/import/", {"fil": _csv("eining;sum\n2000;1\n")}
    )
    assert "rekneskap" in str(svar.context["form"].errors["fil"]) and not Okonomirapport.objects.exists()


def test_economy_is_per_month_only(oktober, client_as):
    assert client_as("okonomi").get("/rapportering/2026-t1/okonomi/import/").status_code == 404


MATRIX = berre("/okonomi/import/", {"okonomi": 200, "administrator": 200, "politikar": 404}) + berre(
    "/okonomi/",
    {
        "okonomi": 200,
        "administrator": 200,
        "kommunedirektor": 200,
        "kommunalsjef": 200,
        "tenesteleiar": 200,
        "politikar": 404,
    },
)


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_access(url, rolle, status, oktober, client_as):
    assert client_as(rolle).get(f"/rapportering/{oktober.kode}{url}").status_code == status


def test_the_economy_page_keeps_its_query_count(oktober, org, client_as):
    c = client_as("kommunedirektor")
    url = f"/rapportering/{oktober.kode}/okonomi/"
    smaa = tal_sporjingar(c, url)
    e = org["einingar"]
    for eining in (e["oppvekst"], e["skule"], e["knarvik"], e["helse"], e["sjukeheim"], e["lindaas"]):
        Okonomirapport.objects.create(
            eining=eining,
            periode=oktober,
            budsjett=10,
            rekneskap=5,
            prognose=11,
            importert_av=org["brukarar"]["okonomi"],
        )
    assert tal_sporjingar(c, url) == smaa


@pytest.mark.parametrize(
    "rad,melding",
    [
        ("2000;1234.56;1;", "heile kroner"),  # a decimal point is not a thousands separator
        ("2000;1234.50;1;", "heile kroner"),
        ("2000;;12 000 000;", "rekneskap er tom"),
        ("2000;5;;", "prognose er tom"),
        ("2000;5;5;-100", "kan ikkje vere negativt"),
    ],
)
def test_decimals_empty_amounts_and_negative_budgets_are_errors(oktober, client_as, rad, melding):
    fil = _csv(f"eining;rekneskap;prognose;budsjett\n{rad}\n")
    svar = importer(client_as("okonomi"), oktober, fil)
    (feil,) = svar.context["feil"]
    assert feil.rad == 2 and melding in feil.melding.lower() and not Okonomirapport.objects.exists()


def test_a_dot_as_thousands_separator_is_read(oktober, client_as):
    fil = _csv("eining;rekneskap;prognose\n2000;10.100.000;12.400.000\n")
    assert importer(client_as("okonomi"), oktober, fil).status_code == 302
    assert Okonomirapport.objects.get().rekneskap == 10_100_000


def test_a_decimal_excel_cell_is_an_error(oktober, client_as):
    bok = Workbook()
    bok.active.append(["eining", "rekneskap", "prognose"])
    bok.active.append(["2000", 1234.56, 1000])
    data = io.BytesIO()
    bok.save(data)
    data.seek(0)
    data.name = "okt.xlsx"
    svar = importer(client_as("okonomi"), oktober, data)
    assert svar.status_code == 200 and not Okonomirapport.objects.exists()


def test_a_leader_reads_the_economy_of_their_own_units_only(oktober, client_as):
    c = client_as("tenesteleiar")
    assert c.get(f"/rapportering/{oktober.kode}/okonomi/").context["rot"].namn == "Skule"
    assert c.get(f"/rapportering/{oktober.kode}/okonomi/?eining=3000").status_code == 403
    assert c.get(f"/rapportering/{oktober.kode}/maanadsrapport/?eining=3000").status_code == 403
    assert c.get(f"/rapportering/{oktober.kode}/maanadsrapport.pdf?eining=2000").status_code == 403


@pytest.fixture
def skule_oktober(oktober, org):
    return Okonomirapport.objects.create(
        eining=org["einingar"]["skule"], periode=oktober, budsjett=6_000_000, rekneskap=5_400_000,
        prognose=6_300_000, importert_av=org["brukarar"]["okonomi"],
    )  # fmt: skip


def test_the_units_leader_writes_the_comment_and_a_later_import_keeps_it(skule_oktober, oktober, client_as):
    url = f"/rapportering/{oktober.kode}/okonomi/2100/"
    c = client_as("tenesteleiar")
    side = c.get(f"/rapportering/{oktober.kode}/okonomi/").content.decode()
    assert url in side  # the link to write it
    assert (
        c.post(
            url, {"kommentar": "Fleire elevar med vedtak om spesialundervisning.", "versjon": 1}
        ).status_code
        == 302
    )
    skule_oktober.refresh_from_db()
    assert skule_oktober.kommentar.startswith("Fleire elevar") and skule_oktober.history.count() == 2
    fil = _csv("eining;rekneskap;prognose;kommentar\n2100;5 500 000;6 350 000;\n")
    importer(client_as("okonomi"), oktober, fil)
    skule_oktober.refresh_from_db()
    assert (skule_oktober.prognose, skule_oktober.kommentar[:6]) == (6_350_000, "Fleire")
    # the form built before the import is stale now: a conflict, not an overwrite
    svar = c.post(url, {"kommentar": "Gammal tekst", "versjon": 2})
    assert svar.status_code == 200 and "Nokon andre lagra" in svar.content.decode()


def test_who_may_comment_on_a_units_economy(skule_oktober, oktober, client_as):
    url = f"/rapportering/{oktober.kode}/okonomi/2100/"
    assert client_as("kommunalsjef").get(url).status_code == 200  # leads Oppvekst, above Skule
    assert client_as("okonomi").get(url).status_code == 200
    assert client_as("kommunedirektor").get(url).status_code == 200
    assert client_as("medarbeidar").get(url).status_code == 403
    assert client_as("politikar").get(url).status_code == 404
    assert client_as("tenesteleiar").get(f"/rapportering/{oktober.kode}/okonomi/3000/").status_code == 403
    assert (
        client_as("tenesteleiar").get(f"/rapportering/{oktober.kode}/okonomi/2101/").status_code == 404
    )  # no row


def test_the_economy_page_does_not_ask_per_row_who_may_comment(oktober, org, client_as):
    c = client_as("tenesteleiar")
    url = f"/rapportering/{oktober.kode}/okonomi/"
    smaa = tal_sporjingar(c, url)
    e = org["einingar"]
    for eining in (e["skule"], e["knarvik"]):
        Okonomirapport.objects.create(
            eining=eining,
            periode=oktober,
            budsjett=10,
            rekneskap=5,
            prognose=11,
            importert_av=org["brukarar"]["okonomi"],
        )
    assert tal_sporjingar(c, url) == smaa


def test_a_ledger_in_thousands_is_stored_in_kroner_and_a_fraction_of_a_krone_is_an_error(oktober, client_as):
    fil = _csv("eining;rekneskap;prognose\n2000;10 100,5;12 400\n")
    c = client_as("okonomi")
    # the preview shows the rows in kroner with their sums before anything is saved
    svar = c.post(f"/rapportering/{oktober.kode}/okonomi/import/", {"fil": fil, "eining": "1000"})
    assert svar.context["forhandsvis"]["sum"]["rekneskap"] == 10_100_500
    assert "10\u00a0100\u00a0500" in svar.content.decode() and not Okonomirapport.objects.exists()
    stadfest = {"stadfest": "ja", "token": svar.context["forhandsvis"]["token"]}
    assert c.post(f"/rapportering/{oktober.kode}/okonomi/import/", stadfest).status_code == 302
    # a second confirm (a double submit) finds the preview used and saves nothing again
    svar = c.post(f"/rapportering/{oktober.kode}/okonomi/import/", stadfest)
    assert svar.status_code == 302 and Okonomirapport.history.count() == 1
    assert (Okonomirapport.objects.get().rekneskap, Okonomirapport.objects.get().prognose) == (
        10_100_500,
        12_400_000,
    )
    fil = _csv("eining;rekneskap;prognose\n2100;4,9000001;5,9\n")
    svar = c.post(f"/rapportering/{oktober.kode}/okonomi/import/", {"fil": fil, "eining": "mill"})
    (feil,) = svar.context["feil"]
    assert feil.rad == 2 and "mill. kr" in feil.melding
    assert Okonomirapport.objects.count() == 1


def test_the_comment_page_shows_who_changed_the_months_figures_and_comment(skule_oktober, oktober, client_as):
    """History everywhere (issue 22): the import and the comment, each change in words."""
    url = f"/rapportering/{oktober.kode}/okonomi/2100/"
    c = client_as("tenesteleiar")
    c.post(url, {"kommentar": "Fleire elevar enn venta.", "versjon": 1})
    importer(
        client_as("okonomi"),
        oktober,
        _csv("eining;rekneskap;prognose;kommentar\n2100;5 500 000;6 350 000;\n"),
    )
    logg = c.get(url).content.decode().split('id="endringslogg"', 1)[1]
    assert "Fleire elevar enn venta." in logg.split("<ins>", 1)[1]  # the comment written
    assert "6300000" in logg and "6350000" in logg  # the forecast the import changed
