"""Analyse: importing Statistikkbanken files (preview → confirm, all or nothing), mapping a
variable to an indicator once, the sector page and its query budget, and who may do what."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from budget import services, ssb, ssb_demo
from budget.models import Maaloppfolging, Statistikkimport, Statistikkkopling, Statistikkverdi
from plans.models import Indikator, MaalIndikator
from tests.hjelp import alle_les, berre, tal_sporjingar

DATA = Path(__file__).resolve().parents[2] / "budget" / "ssb_data"


def _fil(namn):
    return SimpleUploadedFile(namn, (DATA / namn).read_bytes())


def indikator(namn, tabell="", variabel="", eigar=None, desimalar=1):
    return Indikator.objects.create(
        namn=namn,
        maaleeining="prosent",
        desimalar=desimalar,
        kjelde="ssb",
        kjelde_tabell=tabell,
        kjelde_variabel=variabel,
        eigar=eigar,
    )


@pytest.fixture
def barnehage(org):
    return indikator("Del born 1–5 år med barnehageplass", "12562", "KOSAG210000", org["einingar"]["skule"])


def _last_opp(c, namn):
    return c.post(reverse("budget:analyse_import"), {"fil": _fil(namn)})


def test_preview_stores_nothing_then_confirm_stores_all(client_as, barnehage):
    c = client_as("okonomi")
    r = _last_opp(c, "12562_barnehagar.json")
    imp = Statistikkimport.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("budget:analyse_forhandsvis", args=[imp.pk])
    assert not Statistikkverdi.objects.exists() and not Statistikkkopling.objects.exists()

    side = c.get(r["Location"])
    assert side.context["tabellar"] == ["12562"]
    assert side.context["aar"] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert side.context["tal_verdiar"] == 24
    assert [k for k, _r in side.context["regionar"]] == ["4631", "EKG13", "46", "EAK"]
    (v,) = side.context["variablar"]
    assert (v["variabel"], v["kopling"], v["forslag"]) == ("KOSAG210000", None, barnehage)
    # the suggestion by the indicator's SSB table and variable is the chosen option
    assert f'<option value="{barnehage.pk}" selected>' in side.content.decode()

    r = c.post(side.request["PATH_INFO"], {"kopling-0": str(barnehage.pk)})
    assert r.status_code == 302
    assert Statistikkverdi.objects.count() == 24
    assert Statistikkkopling.objects.get().indikator == barnehage
    imp.refresh_from_db()
    assert imp.status == "lagra" and imp.created_by.email and imp.tal_rader == 24

    verdiar = ssb.verdiar_for([barnehage.pk])
    assert set(verdiar[barnehage.pk]) == {"kommune", "kommunegruppe", "fylke", "landet"}
    assert verdiar[barnehage.pk]["kommune"][2020] == Decimal("91.2")
    assert verdiar[barnehage.pk]["landet"][2025] == Decimal("94.6")


def test_a_second_confirm_changes_nothing(client_as, barnehage):
    c = client_as("okonomi")
    url = _last_opp(c, "12562_barnehagar.json")["Location"]
    c.post(url, {"kopling-0": str(barnehage.pk)})
    historikk = Statistikkverdi.history.count()
    r = c.post(url, {"kopling-0": str(barnehage.pk)})
    assert r.status_code == 302
    assert Statistikkverdi.objects.count() == 24 and Statistikkverdi.history.count() == historikk


def test_mapping_made_once_fills_the_indicator_on_the_next_import(client_as, org):
    """A CSV with labels only: the user maps the variable once; next year's file of the same
    table fills the indicator by itself and updates the cells it repeats (with history)."""
    ind = indikator("Hushaldsavfall til materialattvinning", eigar=org["einingar"]["helse"])
    c = client_as("okonomi")
    forste = (
        '"12313: Avfall fra husholdningene"\n'
        '"region";"statistikkvariabel";"2023";"2024"\n'
        '"4631 Alver";"Andel husholdningsavfall levert til materialgjenvinning";41,5;..\n'
        '"EAK Landet";"Andel husholdningsavfall levert til materialgjenvinning";42,3;43,0\n'
    ).encode("cp1252")
    r = c.post(reverse("budget:analyse_import"), {"fil": SimpleUploadedFile("avfall.csv", forste)})
    side = c.get(r["Location"])
    (v,) = side.context["variablar"]
    assert v["forslag"] is None and v["kopling"] is None
    c.post(r["Location"], {"kopling-0": str(ind.pk)})
    assert ssb.verdiar_for([ind.pk])[ind.pk] == {
        "kommune": {2023: Decimal("41.5")},
        "landet": {2023: Decimal("42.3"), 2024: Decimal("43.0")},
    }

    neste = (
        b'"12313: Avfall fra husholdningene"\n'
        b'"region";"statistikkvariabel";"2024";"2025"\n'
        b'"4631 Alver";"Andel husholdningsavfall levert til materialgjenvinning";42,6;43,7\n'
    )
    r = c.post(reverse("budget:analyse_import"), {"fil": SimpleUploadedFile("avfall2.csv", neste)})
    side = c.get(r["Location"])
    (v,) = side.context["variablar"]
    assert v["kopling"] == ind
    assert 'name="kopling-0"' not in side.content.decode()
    c.post(r["Location"], {})
    assert Statistikkkopling.objects.count() == 1
    assert ssb.verdiar_for([ind.pk])[ind.pk]["kommune"] == {
        2023: Decimal("41.5"),
        2024: Decimal("42.6"),
        2025: Decimal("43.7"),
    }
    celle = Statistikkverdi.objects.get(region="4631", aar=2024)
    assert [h.verdi for h in celle.history.order_by("history_id")] == [None, Decimal("42.6")]


def _lesefeil(namn, innhald):
    with translation.override("nn"):
        try:
            ssb.les(namn, innhald)
        except ssb.Lesefeil as exc:
            return exc.meldingar[0]
    raise AssertionError("the file was read")


@pytest.mark.parametrize(
    "namn,innhald",
    [
        ("tabell.json", b'{"version": "2.0", "class": "collection"}'),
        ("tabell.json", b'{"version": "2.0", "class": "dataset", "id": ["a"], "size": [2], "dimension": {}}'),
        ("tabell.csv", b"\x00\x01binary"),
        ("tabell.csv", b'"12209: T"\n"region";"statistikkvariabel";"2023"\n"4631 Alver";"KOSX0000 X";..\n'),
        ("tabell.csv", b"Berre tekst\n"),
    ],
    ids=["not a dataset", "wrong shape", "unknown encoding", "no rows", "not a table"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_kept(client_as, namn, innhald):
    r = client_as("okonomi").post(
        reverse("budget:analyse_import"), {"fil": SimpleUploadedFile(namn, innhald)}
    )
    assert r.status_code == 200
    assert r.context["form"].errors["fil"] == [_lesefeil(namn, innhald)]
    assert escape(_lesefeil(namn, innhald)) in r.content.decode()
    assert not Statistikkimport.objects.exists() and not Statistikkverdi.objects.exists()


def test_an_empty_upload_is_refused(client_as):
    r = client_as("okonomi").post(reverse("budget:analyse_import"), {"fil": SimpleUploadedFile("t.csv", b"")})
    assert r.status_code == 200 and r.context["form"].errors["fil"]
    assert not Statistikkimport.objects.exists()


def test_a_failure_while_storing_leaves_nothing_half_saved(client_as, barnehage, monkeypatch):
    c = client_as("okonomi")
    url = _last_opp(c, "12562_barnehagar.json")["Location"]
    imp = Statistikkimport.objects.get()
    ekte = services.bulk_create_with_history

    def feil_paa_koplingane(objs, model, **kw):
        if model is Statistikkkopling:  # the values are written by now
            raise RuntimeError("database went away")
        return ekte(objs, model, **kw)

    monkeypatch.setattr(services, "bulk_create_with_history", feil_paa_koplingane)
    with pytest.raises(RuntimeError):
        c.post(url, {"kopling-0": str(barnehage.pk)})
    assert not Statistikkverdi.objects.exists() and not Statistikkkopling.objects.exists()
    imp.refresh_from_db()
    assert imp.status == "forhandsvist"


IMPORT = reverse("budget:analyse_import")


def _matrise():
    tillatne = {"okonomi": 200, "administrator": 200}
    return (
        alle_les("/okonomiplan/analyse/")
        + alle_les("/okonomiplan/analyse/sektor/2000/")
        + berre(IMPORT, tillatne)
        + berre("FORHANDSVIS", tillatne)
    )


@pytest.mark.parametrize("url,rolle,status", _matrise())
def test_access(url, rolle, status, client_as, org):
    if url == "FORHANDSVIS":
        imp = services.forhandsvis_statistikk(
            "12562_barnehagar.json",
            (DATA / "12562_barnehagar.json").read_bytes(),
            user=org["brukarar"]["okonomi"],
        )
        url = reverse("budget:analyse_forhandsvis", args=[imp.pk])
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize("rolle,status", [("medarbeidar", 403), ("politikar", 403), ("anonymous", 302)])
def test_confirming_is_for_those_who_import(client_as, org, rolle, status):
    imp = services.forhandsvis_statistikk(
        "12562_barnehagar.json",
        (DATA / "12562_barnehagar.json").read_bytes(),
        user=org["brukarar"]["okonomi"],
    )
    r = client_as(rolle).post(reverse("budget:analyse_forhandsvis", args=[imp.pk]), {})
    assert r.status_code == status
    assert not Statistikkverdi.objects.exists()


def test_unknown_preview_is_404(client_as):
    assert client_as("okonomi").get(reverse("budget:analyse_forhandsvis", args=[999])).status_code == 404


def test_import_link_only_for_those_who_may_import(client_as):
    assert IMPORT in client_as("okonomi").get("/okonomiplan/analyse/").content.decode()
    assert IMPORT not in client_as("medarbeidar").get("/okonomiplan/analyse/").content.decode()
    assert IMPORT not in client_as("politikar").get("/okonomiplan/analyse/").content.decode()


def _importer_alt(org):
    ssb_demo.bygg()


def test_sector_page_shows_the_sectors_indicators_against_group_and_country(client_as, org, okonomiplan):
    e = org["einingar"]
    eigd = indikator("Del born 1–5 år med barnehageplass", "12562", "KOSAG210000", e["skule"])
    paa_maal = indikator("Grunnskulepoeng", "12916", "KOSGRP0000", None)
    MaalIndikator.objects.create(maal=okonomiplan["maal"], indikator=paa_maal)
    Maaloppfolging.objects.create(
        okonomiplan=okonomiplan["plan"], eining=e["oppvekst"], maal=okonomiplan["maal"]
    )
    anna_sektor = indikator("Netto driftsutgifter pleie og omsorg", "12362", "KOSAG310000", e["helse"], 0)
    _importer_alt(org)
    r = client_as("politikar").get(reverse("budget:analyse_sektor", args=["2000"]))
    assert r.status_code == 200
    viste = [b["indikator"] for b in r.context["blokker"]]
    assert set(viste) == {eigd, paa_maal} and anna_sektor not in viste
    blokk = next(b for b in r.context["blokker"] if b["indikator"] == eigd)
    assert blokk["periodar"] == [2020, 2021, 2022, 2023, 2024, 2025]
    kommune = blokk["rader"][0]
    assert kommune[0].startswith("The kommune") or "4631" in kommune[0]
    assert kommune[1][0] == "91,2"
    assert len(blokk["rader"]) == 4  # kommune, KOSTRA group, county, country
    helse = client_as("politikar").get(reverse("budget:analyse_sektor", args=["3000"]))
    assert [b["indikator"] for b in helse.context["blokker"]] == [anna_sektor]


def test_sector_page_of_the_plan_links_to_analyse(client_as, org, okonomiplan):
    r = client_as("medarbeidar").get(reverse("budget:sektor", args=[2026, "2000"]))
    assert reverse("budget:analyse_sektor", args=["2000"]) + "?plan=2026" in r.content.decode()


def test_sector_page_query_count_does_not_grow_with_the_values(client_as, org, okonomiplan):
    e = org["einingar"]
    indikator("Del born 1–5 år med barnehageplass", "12562", "KOSAG210000", e["skule"])
    c = client_as("kommunalsjef")
    url = reverse("budget:analyse_sektor", args=["2000"]) + "?plan=2026"
    ssb_demo.bygg()
    lite = tal_sporjingar(c, url)
    for namn, tabell, variabel in [
        ("Grunnskulepoeng", "12916", "KOSGRP0000"),
        ("Utgifter per elev", "12916", "KOSAG120000"),
        ("Lærartettleik", "12918", "KOSLAERERTETTH0000"),
    ]:
        i = indikator(namn, tabell, variabel, e["knarvik"])
        Statistikkkopling.objects.create(tabell=tabell, variabel=variabel, indikator=i)
    assert Statistikkverdi.objects.count() > 100
    assert tal_sporjingar(c, url) == lite


def test_demo_imports_the_samples_and_maps_the_eight_once(org):
    koder = [
        ("12562", "KOSAG210000"),
        ("12916", "KOSGRP0000"),
        ("12918", "KOSLAERERTETTH0000"),
        ("12916", "KOSAG120000"),
        ("12362", "KOSAG310000"),
        ("12209", "KOSAG600000"),
        ("12134", "KOSNETTODRIFTSRES0000"),
        ("12313", "KOSMATGJENVINN0000"),
    ]
    indikatorar = [indikator(f"I {v}", t, v) for t, v in koder]
    ssb_demo.bygg()
    assert Statistikkkopling.objects.count() == 8
    assert Statistikkimport.objects.filter(status="lagra").count() == len(ssb_demo.prover())
    tal = (Statistikkverdi.objects.count(), Statistikkverdi.history.count(), Statistikkimport.objects.count())
    ssb_demo.bygg()
    assert (
        Statistikkverdi.objects.count(),
        Statistikkverdi.history.count(),
        Statistikkimport.objects.count(),
    ) == tal
    verdiar = ssb.verdiar_for([i.pk for i in indikatorar])
    assert all(set(verdiar[i.pk]) == {"kommune", "kommunegruppe", "fylke", "landet"} for i in indikatorar)


def test_demo_without_indicators_imports_unmapped(org):
    ssb_demo.bygg()
    assert Statistikkverdi.objects.exists() and not Statistikkkopling.objects.exists()


def test_verdiar_for_is_one_query(org, django_assert_num_queries):
    ind = [indikator(f"I {v}", t, v) for t, v in [("12562", "KOSAG210000"), ("12916", "KOSGRP0000")]]
    ssb_demo.bygg()
    with django_assert_num_queries(1):
        verdiar = ssb.verdiar_for([i.pk for i in ind] + [999999])
    assert verdiar[999999] == {}
    assert verdiar[ind[1].pk]["kommunegruppe"][2020] == Decimal("41.0")
