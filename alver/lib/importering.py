"""Reading import files, for every import in Alver (the HR export, plans' goals and measures,
the budget frames, the economy from the ledger).

`les_fil` reads an XLSX or CSV file (Norwegian or English headers, mapped to our column
names; CSV in UTF-8 or Windows-1252, as Norwegian Excel saves it) into rows, each numbered as
the spreadsheet shows it. A file that cannot be read as a whole raises `Importfeil`; the
checks of each row are the caller's, which collects them as `Feil` (file, row, message) so the
preview can list every error by row before anything is saved.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAKS_RADER = 100_000


class Importfeil(Exception):
    """The file as a whole cannot be read (wrong format, missing columns)."""


@dataclass
class Feil:
    """One error: the file (or the part of it) and the row the spreadsheet shows (0: the whole file)."""

    fil: str
    rad: int
    melding: str


def _kolonne(namn):
    return str(namn or "").strip().lower().replace(" ", "_").replace("-", "_")


def les_fil(filnamn, innhald, kolonner, paakravd):
    """Rows of a CSV or XLSX file as dicts keyed by our column names, each with its row number
    as the spreadsheet shows it (the header is row 1)."""
    if filnamn.lower().endswith(".xlsx"):
        rader = _les_xlsx(innhald)
    elif filnamn.lower().endswith((".csv", ".txt")):
        rader = _les_csv(innhald)
    else:
        raise Importfeil(_("%(fil)s: use an .xlsx or .csv file.") % {"fil": filnamn})
    rader = iter(rader)
    try:
        hovud = next(rader)
    except StopIteration:
        raise Importfeil(_("%(fil)s is empty.") % {"fil": filnamn}) from None
    namn = [kolonner.get(_kolonne(h)) for h in hovud]
    manglar = [k for k in paakravd if k not in namn]
    if manglar:
        raise Importfeil(
            _("%(fil)s lacks the column(s) %(kolonner)s in its first row.")
            % {"fil": filnamn, "kolonner": ", ".join(manglar)}
        )
    resultat = []
    for nr, rad in enumerate(rader, start=2):
        verdiar = {k: str(v).strip() if v is not None else "" for k, v in zip(namn, rad, strict=False) if k}
        if not any(verdiar.values()):
            continue  # blank lines at the end of exports are common and mean nothing
        verdiar["rad"] = nr
        resultat.append(verdiar)
        if len(resultat) > MAKS_RADER:
            raise Importfeil(_("%(fil)s has more than %(n)s rows.") % {"fil": filnamn, "n": MAKS_RADER})
    return resultat


def _les_csv(innhald):
    for koding in ("utf-8-sig", "cp1252"):  # Norwegian Excel saves CSV in Windows-1252
        try:
            tekst = innhald.decode(koding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Importfeil(_("The file is neither UTF-8 nor Windows-1252 text. Save it as CSV (UTF-8)."))
    try:
        dialekt = csv.Sniffer().sniff(tekst[:4096], delimiters=";,\t")
    except csv.Error:
        dialekt = csv.excel
    try:
        return list(csv.reader(io.StringIO(tekst), dialekt))
    except csv.Error as exc:
        raise Importfeil(_("The CSV file cannot be read (%(feil)s).") % {"feil": exc}) from exc


def _les_xlsx(innhald):
    try:
        bok = load_workbook(io.BytesIO(innhald), read_only=True, data_only=True)
        try:
            return [[_celle(c) for c in rad] for rad in bok.worksheets[0].iter_rows(values_only=True)]
        finally:
            bok.close()
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Importfeil(_("The file is not a readable Excel workbook (%(feil)s).") % {"feil": exc}) from exc


def _celle(verdi):
    # ledger codes read from Excel arrive as floats (1234.0); they are codes, not numbers
    if isinstance(verdi, float) and verdi.is_integer():
        return str(int(verdi))
    return verdi
