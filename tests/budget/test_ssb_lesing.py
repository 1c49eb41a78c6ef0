"""The Statistikkbanken readers on SSB-shaped files: JSON-stat 2.0 (dimension order, index as
list or object, sparse values, status) and the semicolon CSV (decimal comma, missing-value
symbols, flags, Windows-1252 and UTF-8 with BOM). Values are exact decimals."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from budget import ssb


@pytest.fixture(autouse=True)
def _engelsk():
    """The readers' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


DATA = Path(__file__).resolve().parents[2] / "budget" / "ssb_data"


def _dataset(rekkjefolgje, verdiar, *, status=None, indeks_liste=False, ekstra=None):
    kat = {
        "Region": (["4631", "EAK"], {"4631": "Alver", "EAK": "Landet"}),
        "ContentsCode": (["KOSAG210000"], {"KOSAG210000": "Andel barn 1-5 år med barnehageplass"}),
        "Tid": (["2023", "2024"], {"2023": "2023", "2024": "2024"}),
    }
    if ekstra:
        kat.update(ekstra)
    dim = {
        d: {
            "label": d.lower(),
            "category": {
                "index": kat[d][0] if indeks_liste else {k: i for i, k in enumerate(kat[d][0])},
                "label": kat[d][1],
            },
        }
        for d in rekkjefolgje
    }
    data = {
        "version": "2.0",
        "class": "dataset",
        "label": "12562: Barnehager",
        "id": rekkjefolgje,
        "size": [len(kat[d][0]) for d in rekkjefolgje],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": dim,
        "value": verdiar,
    }
    if status is not None:
        data["status"] = status
    return json.dumps(data, ensure_ascii=False)


def _celler(rader):
    return {(r.region, r.aar): (r.verdi, r.status) for r in rader}


def test_jsonstat_row_major_in_the_order_of_id():
    # Region × ContentsCode × Tid: the last (year) changes fastest
    rader = ssb.les_jsonstat(_dataset(["Region", "ContentsCode", "Tid"], [91.2, 92.5, 93.0, 93.4]).encode())
    assert _celler(rader) == {
        ("4631", 2023): (Decimal("91.2"), ""),
        ("4631", 2024): (Decimal("92.5"), ""),
        ("EAK", 2023): (Decimal("93.0"), ""),
        ("EAK", 2024): (Decimal("93.4"), ""),
    }
    r = rader[0]
    assert (r.tabell, r.variabel, r.variabel_namn, r.region_namn) == (
        "12562",
        "KOSAG210000",
        "Andel barn 1-5 år med barnehageplass",
        "Alver",
    )


def test_jsonstat_another_dimension_order_gives_the_same_cells():
    # Tid × ContentsCode × Region: now the region changes fastest
    rader = ssb.les_jsonstat(
        _dataset(["Tid", "ContentsCode", "Region"], [91.2, 93.0, 92.5, 93.4], indeks_liste=True).encode()
    )
    assert _celler(rader) == {
        ("4631", 2023): (Decimal("91.2"), ""),
        ("EAK", 2023): (Decimal("93.0"), ""),
        ("4631", 2024): (Decimal("92.5"), ""),
        ("EAK", 2024): (Decimal("93.4"), ""),
    }


def test_jsonstat_sparse_value_object_and_status_flags():
    tekst = _dataset(
        ["Region", "ContentsCode", "Tid"],
        {"0": 91.2, "2": 93.0, "3": 93.4},
        status={"1": "..", "3": "p"},
    )
    assert _celler(ssb.les_jsonstat(tekst.encode())) == {
        ("4631", 2023): (Decimal("91.2"), ""),
        ("4631", 2024): (None, ".."),
        ("EAK", 2023): (Decimal("93.0"), ""),
        ("EAK", 2024): (Decimal("93.4"), "p"),
    }


def test_jsonstat_status_as_array_and_as_one_string():
    tekst = _dataset(["Region", "ContentsCode", "Tid"], [91.2, None, 93.0, 93.4], status=["", ":", "", ""])
    assert _celler(ssb.les_jsonstat(tekst.encode()))[("4631", 2024)] == (None, ":")
    tekst = _dataset(["Region", "ContentsCode", "Tid"], [91.2, 92.5, 93.0, 93.4], status="p")
    assert {s for _v, s in _celler(ssb.les_jsonstat(tekst.encode())).values()} == {"p"}


def test_jsonstat_values_are_exact_decimals_never_floats():
    tekst = _dataset(["Region", "ContentsCode", "Tid"], [0.1, 123456789.123456, 12345678901234, -0.3])
    verdiar = [r.verdi for r in ssb.les_jsonstat(tekst.encode())]
    assert verdiar == [
        Decimal("0.1"),
        Decimal("123456789.123456"),
        Decimal("12345678901234"),
        Decimal("-0.3"),
    ]
    assert all(isinstance(v, Decimal) for v in verdiar)


def test_jsonstat_a_value_with_more_decimals_than_stored_is_refused_not_rounded():
    tekst = _dataset(["Region", "ContentsCode", "Tid"], [0.1234567, 1, 2, 3])
    with pytest.raises(ssb.Lesefeil, match="more than 6 decimals"):
        ssb.les_jsonstat(tekst.encode())


def test_jsonstat_an_extra_dimension_with_several_categories_becomes_part_of_the_variable():
    tekst = _dataset(
        ["Region", "Kjonn", "ContentsCode", "Tid"],
        [1, 2, 3, 4, 5, 6, 7, 8],
        ekstra={"Kjonn": (["1", "2"], {"1": "Menn", "2": "Kvinner"})},
    )
    variablar = {(r.variabel, r.variabel_namn) for r in ssb.les_jsonstat(tekst.encode())}
    assert variablar == {
        ("KOSAG210000|Kjonn=1", "Andel barn 1-5 år med barnehageplass (kjonn: Menn)"),
        ("KOSAG210000|Kjonn=2", "Andel barn 1-5 år med barnehageplass (kjonn: Kvinner)"),
    }


@pytest.mark.parametrize(
    "innhald,melding",
    [
        (b'{"version": "2.0", "class": "collection", "link": {}}', "not «dataset»"),
        (b'{"dataset": {"dimension": {}, "value": []}}', "JSON-stat 1.0"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"class": "dataset", "id": ["a"]', "not valid JSON"),
    ],
)
def test_jsonstat_wrong_kind_of_file_says_what_is_wrong(innhald, melding):
    with pytest.raises(ssb.Lesefeil, match=melding):
        ssb.les("tabell.json", innhald)


def test_jsonstat_wrong_shape_is_refused():
    data = json.loads(_dataset(["Region", "ContentsCode", "Tid"], [1, 2, 3]))
    with pytest.raises(ssb.Lesefeil, match="3 values where its dimensions make 4 cells"):
        ssb.les_jsonstat(json.dumps(data).encode())
    data["value"] = [1, 2, 3, 4]
    data["size"] = [2, 1, 3]
    with pytest.raises(ssb.Lesefeil, match="has 2 categories where «size» says 3"):
        ssb.les_jsonstat(json.dumps(data).encode())


def test_jsonstat_only_yearly_statistics():
    tekst = _dataset(
        ["Region", "ContentsCode", "Tid"],
        [1, 2, 3, 4],
        ekstra={"Tid": (["2024M01", "2024M02"], {"2024M01": "2024M01", "2024M02": "2024M02"})},
    )
    with pytest.raises(ssb.Lesefeil, match="«2024M01» is not a year"):
        ssb.les_jsonstat(tekst.encode())


def test_jsonstat_all_cells_empty_is_no_rows():
    with pytest.raises(ssb.Lesefeil, match="no rows with values"):
        ssb.les_jsonstat(_dataset(["Region", "ContentsCode", "Tid"], {}).encode())


CSV = (
    '"12209: Pleie og omsorg - institusjoner (K) 2022 - 2024"\r\n'
    "\r\n"
    '"region";"statistikkvariabel";"2022";"2023";"2024"\r\n'
    '"4631 Alver";"KOSAG600000 Andel innbyggere 80 år og over som er beboere på sykehjem";11,8;11,5;12,0 p\r\n'
    '"EKG13 KOSTRA-gruppe 13";"KOSAG600000 Andel innbyggere 80 år og over som er beboere på sykehjem";11,4;..;:\r\n'
    '"EAK Landet";"KOSAG600000 Andel innbyggere 80 år og over som er beboere på sykehjem";10,5;.;-\r\n'
)


def _csv_celler(rader):
    return {(r.region, r.aar): (r.verdi, r.status) for r in rader}


@pytest.mark.parametrize(
    "innhald",
    [CSV.encode("cp1252"), b"\xef\xbb\xbf" + CSV.encode("utf-8"), CSV.encode("utf-8")],
    ids=["windows-1252", "utf-8 with BOM", "utf-8"],
)
def test_csv_in_every_encoding_statistikkbanken_gives(innhald):
    rader = ssb.les_csv(innhald)
    assert _csv_celler(rader) == {
        ("4631", 2022): (Decimal("11.8"), ""),
        ("4631", 2023): (Decimal("11.5"), ""),
        ("4631", 2024): (Decimal("12.0"), "p"),
        ("EKG13", 2022): (Decimal("11.4"), ""),
        ("EKG13", 2023): (None, ".."),
        ("EKG13", 2024): (None, ":"),
        ("EAK", 2022): (Decimal("10.5"), ""),
        ("EAK", 2023): (None, "."),
        ("EAK", 2024): (None, "-"),
    }
    r = rader[0]
    assert (r.tabell, r.variabel, r.region_namn) == ("12209", "KOSAG600000", "Alver")
    assert r.variabel_namn == "Andel innbyggere 80 år og over som er beboere på sykehjem"


def test_csv_encoding_is_detected():
    assert ssb.dekod(CSV.encode("cp1252"))[1] == "Windows-1252"
    assert ssb.dekod(b"\xef\xbb\xbf" + CSV.encode("utf-8"))[1] == "UTF-8 (BOM)"
    assert ssb.dekod(CSV.encode("utf-8"))[1] == "UTF-8"


def test_csv_with_variable_and_year_in_the_column_titles():
    tekst = (
        '"region";"Andel husholdningsavfall levert til materialgjenvinning 2023";'
        '"Andel husholdningsavfall levert til materialgjenvinning 2024"\n'
        '"4631 Alver";41,5;42,6\n"Landet";42,3;43\n'
    )
    rader = ssb.les_csv(tekst.encode("cp1252"), "12313_20260315-101010.csv")
    assert {r.tabell for r in rader} == {"12313"}
    # no code in the file: the label is the variable, and «Landet» alone is the country
    assert {(r.variabel, r.region, r.aar, r.verdi) for r in rader} == {
        ("Andel husholdningsavfall levert til materialgjenvinning", "4631", 2023, Decimal("41.5")),
        ("Andel husholdningsavfall levert til materialgjenvinning", "4631", 2024, Decimal("42.6")),
        ("Andel husholdningsavfall levert til materialgjenvinning", "EAK", 2023, Decimal("42.3")),
        ("Andel husholdningsavfall levert til materialgjenvinning", "EAK", 2024, Decimal("43")),
    }


def test_csv_one_row_per_year():
    tekst = (
        '"region";"statistikkvariabel";"år";"12134: Finansielle nøkkeltall"\n'
        '"4631 Alver";"KOSNETTODRIFTSRES0000 Netto driftsresultat";"2023";-0,8\n'
        '"4631 Alver";"KOSNETTODRIFTSRES0000 Netto driftsresultat";"2024";1 234,5\n'
    )
    rader = ssb.les_csv(tekst.encode("utf-8"))
    assert [(r.tabell, r.aar, r.verdi) for r in rader] == [
        ("12134", 2023, Decimal("-0.8")),
        ("12134", 2024, Decimal("1234.5")),
    ]


@pytest.mark.parametrize(
    "innhald,melding",
    [
        (b'"12209: T"\n"kommune";"2023"\n"Alver";1\n', "no «region» column"),
        (b"Dette er eit brev.\nMed to linjer.\n", "neither a JSON-stat 2.0 dataset nor a CSV table"),
        (
            b'"region";"statistikkvariabel";"2023"\n"4631 Alver";"KOSX0000 X";1,2\n',
            "which Statistikkbanken table",
        ),
        (
            b'"12209: T"\n"region";"statistikkvariabel";"2023"\n"4631 Alver";"KOSX0000 X";mykje\n',
            "Row 3: «mykje» is not a number",
        ),
        (
            b'"12209: T"\n"region";"statistikkvariabel";"2023"\n"4631 Alver";"KOSX0000 X";..\n',
            "no rows with values",
        ),
        (b"\x00\x01\x02PK\x03\x04", "encoding is unknown"),
        (b'"12209: T"\n"region";"statistikkvariabel"\n"4631 Alver";"KOSX0000 X"\n', "no year columns"),
    ],
)
def test_csv_bad_files_say_what_is_wrong(innhald, melding):
    with pytest.raises(ssb.Lesefeil) as feil:
        ssb.les("tabell.csv", innhald)
    assert any(melding in m for m in feil.value.meldingar), feil.value.meldingar


def test_csv_the_same_cell_twice_is_refused():
    tekst = '"12209: T"\n"region";"statistikkvariabel";"2023"\n"4631 Alver";"KOSX0000 X";1\n"4631 Alver";"KOSX0000 X";2\n'
    with pytest.raises(ssb.Lesefeil, match="twice"):
        ssb.les_csv(tekst.encode())


@pytest.mark.parametrize(
    "kode,rt",
    [
        ("4631", "kommune"),
        ("EKG13", "kommunegruppe"),
        ("46", "fylke"),
        ("EKA46", "fylke"),
        ("EAK", "landet"),
        ("EAKUO", "landet"),
        ("4601", "kommune"),
        ("Bydel", "anna"),
    ],
)
def test_kind_of_region_from_its_code(kode, rt):
    assert ssb.regiontype(kode) == rt


def test_own_regions_come_from_the_settings(settings):
    settings.SSB_KOMMUNE, settings.SSB_KOSTRAGRUPPE = "1000", "EKG07"
    assert ssb.regionar()["kommune"] == "1000"
    assert ssb.regiontype("EKG07") == "kommunegruppe"


def test_values_are_shown_the_norwegian_way_without_rounding():
    assert ssb.vis_tal(Decimal("97.300000"), 1) == "97,3"
    assert ssb.vis_tal(Decimal("118450.000000"), 0) == "118\u00a0450"
    assert ssb.vis_tal(Decimal("15.250000"), 1) == "15,25"
    assert ssb.vis_tal(Decimal("-0.8"), 1) == "\u22120,8"
    assert ssb.vis_tal(Decimal("40"), 1) == "40,0"


def test_every_sample_file_reads():
    filer = sorted(DATA.iterdir())
    assert {p.suffix for p in filer} == {".json", ".csv"}
    for p in filer:
        format_, _koding, rader = ssb.les(p.name, p.read_bytes())
        assert format_ == ("jsonstat" if p.suffix == ".json" else "csv")
        assert {r.region for r in rader} == {"4631", "EKG13", "46", "EAK"}
        assert {r.aar for r in rader} == set(range(2020, 2026))
    assert ssb.dekod((DATA / "12134_driftsresultat.csv").read_bytes())[1] == "Windows-1252"
    assert ssb.dekod((DATA / "12209_sjukeheim.csv").read_bytes())[1] == "UTF-8 (BOM)"
