"""Nøkkeltal (planned in the økonomiplan, actual by the unit) and sjukefråvær: the import with
preview, the privacy threshold, who sees it, and the pages' query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget import nokkeltal, services
from budget.models import Nokkeltalplan, Nokkeltalstype, Nokkeltalverdi, Sjukefravaer
from budget.sjukefravaer import Oversikt
from tests.factories import EiningFactory
from tests.hjelp import alle_les, berre, tal_sporjingar


@pytest.fixture
def elevar(org):
    return Nokkeltalstype.objects.create(
        namn_nn="Elevar i grunnskulen", namn_nb="Elever", namn_en="Pupils", gjeld_for=org["einingar"]["skule"]
    )


def test_planned_on_the_sector_page_and_actual_by_the_unit_give_the_rows(client_as, org, okonomiplan, elevar):
    plan, knarvik = okonomiplan["plan"], org["einingar"]["knarvik"]
    data = {f"p_{elevar.pk}_{knarvik.pk}_{aar}": "" for aar in plan.periode}
    data |= {f"v_p_{elevar.pk}_{knarvik.pk}_{aar}": 0 for aar in plan.periode}
    data[f"p_{elevar.pk}_{knarvik.pk}_2026"] = "210"
    r = client_as("kommunalsjef").post(reverse("budget:nokkeltalplan", args=[2026, "2000"]), data)
    assert r.status_code == 302
    assert Nokkeltalplan.objects.get().verdi == 210
    # the unit's leader (here the tenesteleiar above it) reports the actual figure with a comment
    url = reverse("budget:eining_nokkeltal", args=[2026, "2101"])
    r = client_as("tenesteleiar").post(
        url, {f"f_{elevar.pk}": "214", f"k_{elevar.pk}": "Innflytting", f"v_f_{elevar.pk}": 0}
    )
    assert r.status_code == 302
    (rad,) = nokkeltal.for_eining(knarvik, 2026)
    assert (rad.type, rad.planlagt, rad.faktisk, rad.kommentar, rad.avvik) == (
        elevar,
        210,
        214,
        "Innflytting",
        4,
    )
    # the service area above sums its units
    (sum_,) = nokkeltal.for_eining(org["einingar"]["skule"], 2026)
    assert sum_.faktisk == 214
    tekst = client_as("medarbeidar").get(url).content.decode()
    assert "214" in tekst and "Innflytting" in tekst and f'name="f_{elevar.pk}"' not in tekst


def test_a_key_figure_refuses_decimals_it_does_not_have(client_as, elevar):
    url = reverse("budget:eining_nokkeltal", args=[2026, "2101"])
    r = client_as("tenesteleiar").post(url, {f"f_{elevar.pk}": "12,5", f"v_f_{elevar.pk}": 0})
    assert r.status_code == 400 and not Nokkeltalverdi.objects.exists()


def test_an_adopted_plan_locks_its_planned_figures(client_as, org, okonomiplan, elevar):
    from .conftest import vedta

    vedta(org, okonomiplan["plan"])
    r = client_as("okonomi").post(reverse("budget:nokkeltalplan", args=[2026, "2000"]), {})
    assert r.status_code == 403


def test_okonomi_keeps_the_kinds(client_as):
    r = client_as("okonomi").post(
        reverse("budget:nokkeltalstype_ny"),
        {
            "namn_nn": "Timar heimeteneste",
            "namn_nb": "Timer",
            "namn_en": "Hours",
            "maaleeining": "timar",
            "desimalar": 1,
            "rekkjefolgje": 0,
            "aktiv": "on",
        },
    )
    assert r.status_code == 302
    t = Nokkeltalstype.objects.get()
    r = client_as("okonomi").post(
        reverse("budget:nokkeltalstype", args=[t.pk]),
        {
            "namn_nn": "Timar",
            "namn_nb": "Timer",
            "namn_en": "Hours",
            "maaleeining": "timar",
            "desimalar": 1,
            "rekkjefolgje": 0,
            "versjon": 0,
        },
    )
    assert r.status_code == 200  # someone saved since version 0? no: version 1 is current → conflict
    assert Nokkeltalstype.objects.get().namn_nn == "Timar heimeteneste"


# --- sjukefråvær --------------------------------------------------------------------------


def fil(tekst, namn="sjukefravaer.csv"):
    return SimpleUploadedFile(namn, tekst.encode("cp1252"))


def importer(org, rader):
    return services.importer_sjukefravaer(
        [{"rad": i + 2, **r} for i, r in enumerate(rader)], user=org["brukarar"]["hr"], filnamn="t"
    )


def r(kode, m, prosent, tilsette):
    return {"eining": kode, "maanad": f"2026-{m:02d}", "prosent": prosent, "tilsette": str(tilsette)}


def test_import_previews_then_stores_all_or_nothing(client_as):
    c = client_as("hr")
    url = reverse("budget:sjukefravaer_import")
    feil = c.post(
        url, {"fil": fil("Eining;Månad;Sjukefråvær;Tilsette\n2101;2026-03;6,4;38\n9999;2026-03;5;10\n")}
    )
    assert feil.status_code == 200 and "9999" in feil.content.decode()
    assert not Sjukefravaer.objects.exists() and "sjukefravaer_import" not in c.session
    ok = c.post(
        url, {"fil": fil("eining;maanad;prosent;tilsette\n2101;2026-03;6,4;38\n3101;03.2026;5,25;12\n")}
    )
    assert ok.status_code == 200 and not Sjukefravaer.objects.exists()  # a preview saves nothing
    assert c.post(url, {"bruk": "1"}).status_code == 302
    assert {(s.eining.kode, s.maanad, s.prosent, s.tilsette) for s in Sjukefravaer.objects.all()} == {
        ("2101", 3, Decimal("6.4"), 38),
        ("3101", 3, Decimal("5.25"), 12),
    }
    assert c.post(url, {"bruk": "1"}).status_code == 302  # a second confirm finds no preview: nothing twice
    assert Sjukefravaer.objects.count() == 2


@pytest.mark.parametrize(
    "rad",
    [r("2101", 3, "101", 10), r("2101", 3, "6,456", 10), r("2101", 3, "6", "4,5"), r("2101", 12, "6", 10)],
)
def test_a_bad_row_is_refused(org, rad):
    with pytest.raises(services.Ugyldig):
        importer(
            org, [r("3101", 3, "5", 10), rad]
        )  # percent > 100, 3 decimals, fractional staff, future month
    assert not Sjukefravaer.objects.exists()


@pytest.fixture
def fravaer(org):
    """Knarvik skule 20 employees, a small school 3 (hidden) under Skule; Lindås 12 in Helse."""
    e = org["einingar"]
    EiningFactory(parent=e["skule"], namn="Lita skule", kode="2102", type="eining")
    importer(org, [r("2101", 3, "10", 20), r("2102", 3, "2", 3), r("3101", 3, "5", 12)])
    return e


def test_a_small_unit_shows_only_in_the_unit_above_and_its_sibling_is_hidden_with_it(fravaer, settings):
    settings.SJUKEFRAVAER_MIN_TILSETTE = 5
    o = Oversikt(2026)
    tal = {e.kode: o.linje(e).tal[2] for e in o.einingar}
    assert tal["2102"].skjult  # 3 employees
    # Skule (23) minus Knarvik (20) would give away Lita skule: Knarvik is hidden too
    assert tal["2101"].skjult
    assert tal["2100"].prosent == Decimal("8.96")  # (10·20 + 2·3) / 23, weighted
    assert not tal["3101"].skjult and tal["3101"].prosent == Decimal("5.00")
    settings.SJUKEFRAVAER_MIN_TILSETTE = 3
    o = Oversikt(2026)
    assert not o.linje(o.per_sti[fravaer["knarvik"].path]).tal[2].skjult


def test_the_pages_hide_small_units(client_as, fravaer):
    tekst = (
        client_as("kommunedirektor")
        .get(reverse("budget:sjukefravaer_eining", args=["2100"]))
        .content.decode()
    )
    assert "8,96" in tekst and "10,00" not in tekst and "2,00" not in tekst


URL = {
    "sjukefravaer": reverse("budget:sjukefravaer"),
    "oppvekst": reverse("budget:sjukefravaer_eining", args=["2000"]),
    "helse": reverse("budget:sjukefravaer_eining", args=["3000"]),
    "import": reverse("budget:sjukefravaer_import"),
    "mal": reverse("budget:sjukefravaer_mal"),
}
ALLE = {"administrator": 200, "kommunedirektor": 200, "hr": 200}
MATRIX = (
    berre(URL["sjukefravaer"], {**ALLE, "kommunalsjef": 200, "tenesteleiar": 200}, andre=404)
    + berre(URL["oppvekst"], {**ALLE, "kommunalsjef": 200}, andre=404)
    + berre(URL["helse"], ALLE, andre=404)
    + berre(
        URL["import"],
        {"administrator": 200, "hr": 200, "kommunalsjef": 403, "tenesteleiar": 403, "kommunedirektor": 403},
        andre=404,
    )
    + berre(
        URL["mal"],
        {"administrator": 200, "hr": 200, "kommunalsjef": 403, "tenesteleiar": 403, "kommunedirektor": 403},
        andre=404,
    )
    + alle_les(reverse("budget:eining_nokkeltal", args=[2026, "2101"]))
    + berre(reverse("budget:nokkeltalstypar"), {"okonomi": 200, "administrator": 200})
    + berre(reverse("budget:nokkeltalstype_ny"), {"okonomi": 200, "administrator": 200})
)


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_permission_matrix(client_as, fravaer, url, rolle, status):
    assert client_as(rolle).get(url).status_code == status


def test_sick_leave_is_not_in_the_menu_of_those_who_cannot_see_it(client_as, fravaer):
    lenkje = f'href="{URL["sjukefravaer"]}"'
    assert lenkje in client_as("tenesteleiar").get("/okonomiplan/").content.decode()
    for rolle in ("medarbeidar", "okonomi", "politikar"):
        assert lenkje not in client_as(rolle).get("/okonomiplan/").content.decode()


def test_the_review_keeps_its_query_count(client_as, org, fravaer):
    c = client_as("kommunedirektor")
    lite = (tal_sporjingar(c, URL["sjukefravaer"]), tal_sporjingar(c, URL["oppvekst"]))
    skule = org["einingar"]["skule"]
    for i in range(10):
        EiningFactory(parent=skule, namn=f"Skule {i}", kode=f"22{i:02d}", type="eining")
    importer(org, [r(f"22{i:02d}", m, "4,5", 10 + i) for i in range(10) for m in range(1, 11)])
    assert (tal_sporjingar(c, URL["sjukefravaer"]), tal_sporjingar(c, URL["oppvekst"])) == lite


def test_the_kinds_and_the_plan_are_kept_until_the_next_change(client_as, org, okonomiplan, elevar):
    """Every verksemdsplan page reads the active kinds and the year's plan: kept, read once, and
    a kind okonomi adds or a plan the kommunestyre adopts shows on the next read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alver.lib import mellomlager

    knarvik = org["einingar"]["knarvik"]
    mellomlager.ny_generasjon()
    with CaptureQueriesContext(connection) as forste:
        (rad,) = nokkeltal.for_eining(knarvik, 2026)
    with CaptureQueriesContext(connection) as andre:
        nokkeltal.for_eining(knarvik, 2026)
    assert len(andre) == len(forste) - 2  # the kinds and the plan not read again
    assert rad.okonomiplan == okonomiplan["plan"] and rad.okonomiplan.status != "vedtatt"

    Nokkeltalstype.objects.create(namn_nn="Barnehagebarn", namn_nb="Barnehagebarn", namn_en="Children")
    plan = okonomiplan["plan"]
    plan.status = "vedtatt"  # as the adoption job saves it
    plan.save()
    rader = nokkeltal.for_eining(knarvik, 2026)
    assert {r.type.namn_nn for r in rader} == {"Elevar i grunnskulen", "Barnehagebarn"}
    assert {r.okonomiplan.status for r in rader} == {"vedtatt"}
