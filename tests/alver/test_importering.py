"""Import files that cannot hurt (issue 18): an XLSX is read as it streams, its declared size
never trusted, and refused past the row and column limits within a second and a small memory;
a file over the import limit is refused by the form before it is read."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from alver.lib.importering import MAKS_KOLONNER, MAKS_RADER, Importfeil, les_fil, sjekk_storleik

KOLONNER = {"kode": "kode", "namn": "namn"}


@pytest.fixture(autouse=True)
def _engelsk():
    """The messages are asserted in English (the source language), whatever is compiled."""
    with translation.override("en"):
        yield


def _xlsx(rader_xml, dimensjon="A1:B2", delte_tekstar=None):
    """A real workbook whose sheet XML is replaced by ours: openpyxl writes an honest one, an
    attacker writes whatever they like."""
    bok = Workbook()
    bok.active.append(["kode", "namn"])
    ut = io.BytesIO()
    bok.save(ut)
    inn = zipfile.ZipFile(io.BytesIO(ut.getvalue()))
    ny = io.BytesIO()
    with zipfile.ZipFile(ny, "w", zipfile.ZIP_DEFLATED) as z:
        for info in inn.infolist():
            data = inn.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f'<dimension ref="{dimensjon}"/><sheetData>{rader_xml}</sheetData></worksheet>'
                ).encode()
            z.writestr(info.filename, data)
        if delte_tekstar is not None:
            z.writestr("xl/sharedStrings.xml", delte_tekstar)
    return ny.getvalue()


def _celle(ref, tekst):
    return f'<c r="{ref}" t="inlineStr"><is><t>{tekst}</t></is></c>'


HOVUD = '<row r="1">' + _celle("A1", "kode") + _celle("B1", "namn") + "</row>"


def _les(innhald, namn="fil.xlsx", minne=True):
    """les_fil with its time and the peak of memory it allocated (tracemalloc slows it, so the
    time is measured on a second read without it)."""
    if minne:
        tracemalloc.start()
        try:
            les_fil(namn, innhald, KOLONNER, ["kode"])
        except Importfeil:
            pass
        finally:
            _les.topp = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    start = time.perf_counter()
    try:
        return les_fil(namn, innhald, KOLONNER, ["kode"])
    finally:
        _les.sekund = time.perf_counter() - start


MB = 1024 * 1024


def test_a_lying_dimension_is_not_trusted():
    """A1:XFD1048576 declared, three rows there: read as three rows, fast and small."""
    rader = HOVUD + '<row r="2">' + _celle("A2", "4000") + _celle("B2", "Kultur") + "</row>"
    innhald = _xlsx(rader, dimensjon="A1:XFD1048576")
    assert len(innhald) < 6000
    assert _les(innhald) == [{"kode": "4000", "namn": "Kultur", "rad": 2}]
    assert _les.sekund < 1 and _les.topp < 10 * MB


def test_eight_thousand_rows_declared_as_wide_as_excel_are_read_in_their_real_width():
    """The probe's 8,000 declared rows killed a worker: each was padded to 16,384 columns."""
    rader = HOVUD + "".join(f'<row r="{n}">{_celle(f"A{n}", n)}</row>' for n in range(2, 8002))
    innhald = _xlsx(rader, dimensjon="A1:XFD8001")
    resultat = _les(innhald)
    assert len(resultat) == 8000 and resultat[-1] == {"kode": "8001", "namn": "", "rad": 8001}
    assert _les.sekund < 3 and _les.topp < 30 * MB


def test_a_cell_far_down_is_refused_at_the_row_limit_within_a_second():
    rader = HOVUD + '<row r="1048576">' + _celle("A1048576", "x") + "</row>"
    with pytest.raises(Importfeil, match=f"more than {MAKS_RADER} rows"):
        _les(_xlsx(rader, dimensjon="A1:XFD1048576"))
    assert _les.sekund < 1 and _les.topp < 10 * MB


def test_many_empty_rows_count_as_rows():
    """Styled empty rows, as a sheet formatted to the bottom has them: refused as they are read."""
    rader = HOVUD + "".join(f'<row r="{n}" ht="15" customHeight="1"/>' for n in range(2, MAKS_RADER + 10))
    innhald = _xlsx(rader)
    with pytest.raises(Importfeil, match="Empty rows count too"):
        _les(innhald, minne=False)
    assert _les.sekund < 10  # a hundred thousand rows really there are parsed, no more


def test_a_row_wider_than_the_limit_is_refused_however_far_out_the_cell_is():
    for kolonne in ("CW", "XFD"):  # the 101st and the last column Excel has
        rader = HOVUD + f'<row r="2">{_celle("A2", "1")}{_celle(f"{kolonne}2", "x")}</row>'
        with pytest.raises(Importfeil, match=f"row 2: more than {MAKS_KOLONNER} columns"):
            _les(_xlsx(rader))
        assert _les.sekund < 1


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    bombe = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si><t>a</t></si>" * (25 * MB // 16)
        + "</sst>"
    )
    innhald = _xlsx(HOVUD, delte_tekstar=bombe)
    assert len(innhald) < 200_000
    with pytest.raises(Importfeil, match="unpacks to more than"):
        _les(innhald)
    assert _les.sekund < 1 and _les.topp < 10 * MB


def test_a_csv_is_checked_row_by_row_too():
    tekst = "kode;namn\n" + "1;x\n" * (MAKS_RADER + 5)
    with pytest.raises(Importfeil, match=f"more than {MAKS_RADER} rows"):
        les_fil("fil.csv", tekst.encode(), KOLONNER, ["kode"])
    with pytest.raises(Importfeil, match="more than"):
        les_fil("fil.csv", ("kode;namn" + ";x" * MAKS_KOLONNER + "\n").encode(), KOLONNER, ["kode"])


def test_a_file_over_the_import_limit_is_refused_by_the_form_and_by_the_reader(settings):
    settings.MAKS_IMPORTFIL_MB = 1
    stor = SimpleUploadedFile("stor.csv", b"kode;namn\n" + b"1;x\n" * (MB // 4 + 1))
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        sjekk_storleik(stor)
    with pytest.raises(Importfeil, match="larger than 1 MB"):
        les_fil("stor.csv", stor.read(), KOLONNER, ["kode"])
