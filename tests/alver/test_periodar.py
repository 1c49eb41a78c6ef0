"""The reporting calendar: codes, dates and deadlines, without a model."""

import datetime

import pytest
from django.utils import translation

from alver.lib import periodar
from alver.lib.periodar import AAR, MAANAD, TERTIAL, Kalenderperiode

D = datetime.date


@pytest.mark.parametrize(
    ("kode", "venta"),
    [
        ("2026-m10", (2026, MAANAD, 10)),
        ("2026-m01", (2026, MAANAD, 1)),
        ("2026-m1", (2026, MAANAD, 1)),  # read as before: the number, padded or not
        ("2026-t2", (2026, TERTIAL, 2)),
        ("2026-aar", (2026, AAR, 1)),
    ],
)
def test_a_code_is_read(kode, venta):
    p = periodar.les(kode)
    assert (p.aar, p.type, p.nummer) == venta


@pytest.mark.parametrize(
    "kode",
    ["", None, "2026", "2026-", "2026-m", "2026-m0", "2026-m13", "2026-t0", "2026-t3", "2026-x1",
     "2026-aar1", "26-m01", "abcd-m01", "2026-m-1", "2026-m١", " 2026-m01", "2026-m01/"],
)  # fmt: skip
def test_a_bad_code_is_none(kode):
    assert periodar.les(kode) is None


def test_only_the_kinds_asked_for():
    assert periodar.les("2026-m11", typar=(TERTIAL, AAR)) is None
    assert periodar.les("2026-t1", typar=(TERTIAL, AAR)) == Kalenderperiode(2026, TERTIAL, 1)


def test_a_code_is_written_and_read_back():
    assert periodar.kode(2026, MAANAD, 3) == "2026-m03"
    assert periodar.kode(2026, TERTIAL, 1) == "2026-t1"
    assert periodar.kode(2026, AAR, 1) == "2026-aar"
    for p in periodar.aaret(2026):
        assert periodar.les(p.kode) == p


@pytest.mark.parametrize(
    ("kode", "fra", "til", "frist"),
    [
        ("2026-m01", D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 10)),
        ("2028-m02", D(2028, 2, 1), D(2028, 2, 29), D(2028, 3, 10)),  # a leap year
        ("2026-m11", D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 10)),
        ("2026-m12", D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 10)),
        ("2026-t1", D(2026, 1, 1), D(2026, 4, 30), D(2026, 5, 31)),
        ("2026-t2", D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 30)),
        ("2026-aar", D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 31)),
    ],
)
def test_dates_and_deadline(kode, fra, til, frist):
    p = periodar.les(kode)
    assert (p.fra, p.til, p.frist) == (fra, til, frist)


def test_the_year_in_order():
    aaret = periodar.aaret(2026)
    assert [p.kode for p in aaret] == [f"2026-m{m:02}" for m in range(1, 13)] + [
        "2026-t1",
        "2026-t2",
        "2026-aar",
    ]


def test_the_period_a_day_falls_in():
    assert periodar.for_dag(D(2026, 11, 30), MAANAD).kode == "2026-m11"
    assert periodar.for_dag(D(2026, 4, 30), TERTIAL).kode == "2026-t1"
    assert periodar.for_dag(D(2026, 5, 1), TERTIAL).kode == "2026-t2"
    assert periodar.for_dag(D(2026, 9, 1), TERTIAL) is None  # the annual report covers the rest
    assert periodar.for_dag(D(2026, 9, 1), AAR).kode == "2026-aar"


def test_no_period_the_year_does_not_have():
    for typ, nummer in [(MAANAD, 13), (TERTIAL, 3), (AAR, 2), ("veke", 1)]:
        with pytest.raises(ValueError):
            Kalenderperiode(2026, typ, nummer)


def test_names_in_the_users_language():
    with translation.override("en"):
        assert [str(periodar.les(k)) for k in ("2026-m11", "2026-t1", "2026-aar")] == [
            "November 2026",
            "1. tertial 2026",
            "annual report 2026",
        ]
