"""Spreadsheet exports that cannot run anything when opened.

A title typed as `=HYPERLINK("https://…","Klikk")` is text to us, but openpyxl stores a string
starting with «=» as a formula, and Excel runs it when the file is opened. Every export writes
its rows through `rad`, which makes every string a text cell whatever it starts with; a CSV
export uses `csv_tekst`, since CSV has no cell types and the spreadsheet decides from the first
character.

`tabell` is what a list page answers to `?eksport=csv` or `?eksport=xlsx`: the rows its filters
give, all of them (not one page), streamed, so a long list costs memory for one row at a time.
"""

import csv
import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

FORMAT = ("csv", "xlsx")

# what Excel, LibreOffice and Google Sheets read as the start of a formula (or a DDE call)
FORMELTEIKN = ("=", "+", "-", "@", "\t", "\r")


def rad(ark, verdiar):
    """A row for `ark.append` (a normal or a write-only sheet) with every string as a text cell."""
    celler = []
    for verdi in verdiar:
        if isinstance(verdi, str):
            # row and column are placeholders: append() places the cell
            celle = Cell(ark, row=1, column=1, value=verdi)
            # set after the value: assigning the value is what would have made it a formula
            celle.data_type = "s"
            celler.append(celle)
        else:
            celler.append(verdi)
    return celler


def csv_tekst(verdi):
    """A CSV field that a spreadsheet shows as text: a leading formula character is quoted
    with «'», as OWASP recommends."""
    tekst = "" if verdi is None else str(verdi)
    return "'" + tekst if tekst.startswith(FORMELTEIKN) else tekst


def format_(request):
    """The export a list page is asked for (`?eksport=csv|xlsx`), or None for the page itself."""
    f = request.GET.get("eksport")
    return f if f in FORMAT else None


class _Linje:
    def write(self, tekst):
        return tekst


def _csv_verdi(verdi):
    if isinstance(verdi, datetime.datetime | datetime.date):
        return verdi.isoformat()
    return verdi if isinstance(verdi, int | float) and not isinstance(verdi, bool) else csv_tekst(verdi)


def tabell(fmt, filnamn, kolonnar, rader, *, arknamn):
    """A download of `rader` (an iterable of value lists, one per row, under `kolonnar`) as
    `filnamn`.csv or .xlsx. Amounts are given whole as stored (never rounded); dates as dates
    (ISO in CSV); CSV is UTF-8 with a byte order mark, so Excel reads æøå."""
    if fmt == "csv":
        skrivar = csv.writer(_Linje(), lineterminator="\r\n")

        def linjer():
            yield "\ufeff" + skrivar.writerow([csv_tekst(capfirst(str(k))) for k in kolonnar])
            for r in rader:
                yield skrivar.writerow([_csv_verdi(v) for v in r])

        svar = StreamingHttpResponse(linjer(), content_type="text/csv; charset=utf-8")
    else:
        bok = Workbook(write_only=True)
        ark = bok.create_sheet(str(arknamn)[:31])
        ark.append([capfirst(str(k)) for k in kolonnar])
        for r in rader:
            ark.append(rad(ark, r))
        svar = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        bok.save(svar)
    svar["Content-Disposition"] = f'attachment; filename="{filnamn}.{fmt}"'
    return svar
