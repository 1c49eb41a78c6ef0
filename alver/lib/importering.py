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
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser  # streaming, without the declared size

MAKS_RADER = 100_000
MAKS_KOLONNER = 100
# An XLSX is a zip of XML: a small file may unpack to gigabytes. What every part may unpack to
# together, and the shared strings alone (openpyxl holds them all in memory while it reads).
MAKS_UTPAKKA = 100 * 1024 * 1024
MAKS_DELTE_TEKSTAR = 20 * 1024 * 1024


class Importfeil(Exception):
    """The file as a whole cannot be read (wrong format, missing columns, too large)."""


@dataclass
class Feil:
    """One error: the file (or the part of it) and the row the spreadsheet shows (0: the whole file)."""

    fil: str
    rad: int
    melding: str


def sjekk_storleik(fil, maks_mb=None):
    """For an import form's clean_fil: refuse a file over the import limit before it is read
    (an uploaded file's size is known without reading it)."""
    maks_mb = maks_mb or settings.MAKS_IMPORTFIL_MB
    if fil is not None and fil.size > maks_mb * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": maks_mb})
    return fil


def _kolonne(namn):
    return str(namn or "").strip().lower().replace(" ", "_").replace("-", "_")


def _breidd(rad):
    """The number of columns up to the last one with something in it."""
    for i in range(len(rad) - 1, -1, -1):
        if rad[i] is not None and rad[i] != "":
            return i + 1
    return 0


def les_fil(filnamn, innhald, kolonner, paakravd):
    """Rows of a CSV or XLSX file as dicts keyed by our column names, each with its row number
    as the spreadsheet shows it (the header is row 1).

    The file is read row by row and refused as soon as it passes MAKS_RADER rows (empty rows
    count: they cost as much to read) or MAKS_KOLONNER columns, whatever size the file says
    it has: an XLSX declares its dimension itself, and a file of 2 KB may declare a million
    rows by sixteen thousand columns."""
    if len(innhald) > settings.MAKS_IMPORTFIL_MB * 1024 * 1024:
        raise Importfeil(
            _("%(fil)s is larger than %(mb)s MB.") % {"fil": filnamn, "mb": settings.MAKS_IMPORTFIL_MB}
        )
    if filnamn.lower().endswith(".xlsx"):
        rader = _les_xlsx(filnamn, innhald)
    elif filnamn.lower().endswith((".csv", ".txt")):
        rader = _les_csv(innhald)
    else:
        raise Importfeil(_("%(fil)s: use an .xlsx or .csv file.") % {"fil": filnamn})
    try:
        return _rader(filnamn, rader, kolonner, paakravd)
    finally:
        rader.close()  # an XLSX keeps its zip open until the reader is closed


def _rader(filnamn, rader, kolonner, paakravd):
    forste = next(rader, None)
    if forste is None:
        raise Importfeil(_("%(fil)s is empty.") % {"fil": filnamn})
    nr, hovud = forste
    _sjekk_rad(filnamn, hovud, nr)
    namn = [kolonner.get(_kolonne(h)) for h in hovud]
    manglar = [k for k in paakravd if k not in namn]
    if manglar:
        raise Importfeil(
            _("%(fil)s lacks the column(s) %(kolonner)s in its first row.")
            % {"fil": filnamn, "kolonner": ", ".join(manglar)}
        )
    resultat = []
    for nr, rad in rader:
        _sjekk_rad(filnamn, rad, nr)
        if len(rad) < len(namn):  # a short row still has every column, empty
            rad = list(rad) + [None] * (len(namn) - len(rad))
        verdiar = {k: str(v).strip() if v is not None else "" for k, v in zip(namn, rad, strict=False) if k}
        if not any(verdiar.values()):
            continue  # blank lines at the end of exports are common and mean nothing
        verdiar["rad"] = nr
        resultat.append(verdiar)
    return resultat


def _for_brei(filnamn, nr):
    raise Importfeil(
        _("%(fil)s, row %(rad)s: more than %(n)s columns.") % {"fil": filnamn, "rad": nr, "n": MAKS_KOLONNER}
    )


def _sjekk_rad(filnamn, rad, nr):
    # the row's number, not a count: a row far down counts as all the empty rows above it
    if nr > MAKS_RADER + 1:
        raise Importfeil(
            _("%(fil)s has more than %(n)s rows. Empty rows count too: delete the rows below the data.")
            % {"fil": filnamn, "n": MAKS_RADER}
        )
    if _breidd(rad) > MAKS_KOLONNER:
        _for_brei(filnamn, nr)


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
    return _csv_rader(tekst, dialekt)


def _csv_rader(tekst, dialekt):
    # a generator, so rows are checked as they are read and never all held at once
    try:
        yield from enumerate(csv.reader(io.StringIO(tekst), dialekt), start=1)
    except csv.Error as exc:
        raise Importfeil(_("The CSV file cannot be read (%(feil)s).") % {"feil": exc}) from exc


def _les_xlsx(filnamn, innhald):
    try:
        with zipfile.ZipFile(io.BytesIO(innhald)) as z:
            # the sizes the zip states; reading never unpacks more than a part states
            storleikar = {i.filename: i.file_size for i in z.infolist()}
    except zipfile.BadZipFile as exc:
        raise Importfeil(_("The file is not a readable Excel workbook (%(feil)s).") % {"feil": exc}) from exc
    if (
        sum(storleikar.values()) > MAKS_UTPAKKA
        or storleikar.get("xl/sharedStrings.xml", 0) > MAKS_DELTE_TEKSTAR
    ):
        raise Importfeil(
            _(
                "The workbook unpacks to more than %(mb)s MB. Save only the sheet to import, or save it as CSV."
            )
            % {"mb": MAKS_UTPAKKA // (1024 * 1024)}
        )
    try:
        bok = load_workbook(io.BytesIO(innhald), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Importfeil(_("The file is not a readable Excel workbook (%(feil)s).") % {"feil": exc}) from exc
    return _xlsx_rader(filnamn, bok)


def _xlsx_rader(filnamn, bok):
    """(row number, values) of the first sheet, read as the XML has them.

    Not through openpyxl's iter_rows: it trusts the dimension the file declares and pads every
    row to its width and makes every missing row up to its height (a 2 KB file declaring
    A1:XFD1048576 cost 45 s and 581 MB). Its own streaming parser gives each row with its real
    number and only the cells that are there, so the limits are checked on what is read."""
    try:
        ark = bok.worksheets[0]
        with ark._get_source() as kjelde:
            lesar = WorkSheetParser(
                kjelde,
                ark._shared_strings,
                data_only=True,
                epoch=bok.epoch,
                date_formats=bok._date_formats,
                timedelta_formats=bok._timedelta_formats,
            )
            for nr, celler in lesar.parse():
                breidd = max((c["column"] for c in celler if c["value"] is not None), default=0)
                if breidd > MAKS_KOLONNER:  # checked before a row as wide as that is made
                    _for_brei(filnamn, nr)
                rad = [None] * breidd
                for c in celler:
                    if c["value"] is not None and c["column"] <= breidd:
                        rad[c["column"] - 1] = _celle(c["value"])
                yield nr, rad
    except Importfeil:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Importfeil(_("The file is not a readable Excel workbook (%(feil)s).") % {"feil": exc}) from exc
    finally:
        bok.close()


def _celle(verdi):
    # ledger codes read from Excel arrive as floats (1234.0); they are codes, not numbers
    if isinstance(verdi, float) and verdi.is_integer():
        return str(int(verdi))
    return verdi
