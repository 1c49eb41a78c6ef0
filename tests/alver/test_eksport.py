"""Exports cannot run anything when opened (issue 18): every string is a text cell in XLSX,
whatever it starts with, in a normal and a streamed (write-only) workbook; CSV quotes a
leading formula character."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from alver.lib.eksport import csv_tekst, rad

FARLEGE = ['=HYPERLINK("https://example.org/?"&A1,"Klikk")', "+47 999", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("straumande", [False, True])
def test_every_string_is_a_text_cell_and_other_values_keep_their_type(straumande):
    bok = Workbook(write_only=straumande)
    ark = bok.create_sheet("Ark") if straumande else bok.active
    ark.append(rad(ark, [*FARLEGE, 7, Decimal("1.5"), datetime.date(2026, 3, 1), None, "vanleg"]))
    ut = io.BytesIO()
    bok.save(ut)
    celler = next(load_workbook(io.BytesIO(ut.getvalue())).worksheets[0].iter_rows())
    for celle, verdi in zip(celler, FARLEGE, strict=False):
        # "f" would be a live formula; XML reads a lone CR back as LF
        assert (celle.value, celle.data_type) == (verdi.replace("\r", "\n"), "s")
    n = len(FARLEGE)
    assert [c.value for c in celler[n : n + 2]] == [7, 1.5]
    assert celler[n + 2].value.date() == datetime.date(2026, 3, 1)
    assert celler[n + 4].value == "vanleg"


def test_csv_quotes_a_leading_formula_character():
    assert [csv_tekst(v) for v in FARLEGE] == ["'" + v for v in FARLEGE]
    assert (
        csv_tekst("Betre skuleveg") == "Betre skuleveg" and csv_tekst(None) == "" and csv_tekst(-3) == "'-3"
    )
