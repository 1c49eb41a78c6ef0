"""The checklist as a spreadsheet: the export (one row per point in force, Norwegian headers) and
what the import reads back (the same columns, Norwegian or English headers, XLSX or CSV through
the shared reader `alver.lib.importering`).

Values are written in Nynorsk words (månad, tertial, år, ein gong; alle, sektor, einingstype,
einingar) and read in Nynorsk, Bokmål or English, as codes or as the labels the pages show; a
sector is its unit code, named units their codes separated by commas."""

import datetime
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from alver.lib import eksport
from alver.lib.importering import les_fil
from alver.models import Eining

from .models import Frekvens, Gjeld

OVERSKRIFTER = [
    ("foremaal", "Føremål"),
    ("type", "Type"),
    ("sporsmaal", "Sjekkpunkt"),
    ("rettleiing", "Rettleiing"),
    ("heimel", "Heimel"),
    ("frekvens", "Frekvens"),
    ("dato", "Dato"),
    ("gjeld", "Gjeld"),
    ("sektor", "Sektor"),
    ("einingstype", "Einingstype"),
    ("einingar", "Einingar"),
]

# header (as `importering` normalises it: lower case, «_» for spaces) → our column
KOLONNER = {
    **{namn.lower(): kol for kol, namn in OVERSKRIFTER},
    "foremaal": "foremaal",
    "formål": "foremaal",
    "formaal": "foremaal",
    "purpose": "foremaal",
    "sjekktype": "type",
    "check_type": "type",
    "sporsmaal": "sporsmaal",
    "spørsmål": "sporsmaal",
    "kontrollpunkt": "sporsmaal",
    "check_point": "sporsmaal",
    "checkpoint": "sporsmaal",
    "question": "sporsmaal",
    "rettledning": "rettleiing",
    "veiledning": "rettleiing",
    "guidance": "rettleiing",
    "hjemmel": "heimel",
    "reference": "heimel",
    "kor_ofte": "frekvens",
    "hvor_ofte": "frekvens",
    "how_often": "frekvens",
    "frequency": "frekvens",
    "date": "dato",
    "by_date": "dato",
    "gjelder": "gjeld",
    "applies_to": "gjeld",
    "sector": "sektor",
    "enhetstype": "einingstype",
    "kind_of_unit": "einingstype",
    "unit_type": "einingstype",
    "enheter": "einingar",
    "units": "einingar",
}
PAAKRAVD = ["foremaal", "type", "sporsmaal"]

FREKVENS_ORD = {
    Frekvens.MAANAD: "månad",
    Frekvens.TERTIAL: "tertial",
    Frekvens.AAR: "år",
    Frekvens.EIN_GONG: "ein gong",
}
GJELD_ORD = {
    Gjeld.ALLE: "alle",
    Gjeld.SEKTOR: "sektor",
    Gjeld.TYPE: "einingstype",
    Gjeld.EININGAR: "einingar",
}
EININGSTYPE_ORD = {
    Eining.Type.SEKTOR: "sektor",
    Eining.Type.TENESTEOMRAADE: "tenesteområde",
    Eining.Type.EINING: "eining",
}

_FREKVENS_LES = {
    Frekvens.MAANAD: [
        "månad",
        "måned",
        "månadleg",
        "månedlig",
        "kvar månad",
        "hver måned",
        "monthly",
        "month",
    ],
    Frekvens.TERTIAL: ["tertial", "kvart tertial", "hvert tertial", "tertialvis", "every tertial"],
    Frekvens.AAR: ["år", "aar", "årleg", "årlig", "kvart år", "hvert år", "yearly", "year", "annual"],
    Frekvens.EIN_GONG: ["ein gong", "éin gong", "en gang", "én gang", "once", "once, by a date"],
}
_GJELD_LES = {
    Gjeld.ALLE: ["alle", "all", "alle leiarar", "alle ledere", "all leaders"],
    Gjeld.SEKTOR: ["sektor", "sector"],
    Gjeld.TYPE: ["type", "einingstype", "enhetstype", "kind of unit", "unit type"],
    Gjeld.EININGAR: [
        "einingar",
        "enheter",
        "units",
        "named units",
        "namngitte einingar",
        "navngitte enheter",
    ],
}
_EININGSTYPE_LES = {
    Eining.Type.SEKTOR: ["sektor", "sector"],
    Eining.Type.TENESTEOMRAADE: ["tenesteområde", "tenesteomraade", "tjenesteområde", "service area"],
    Eining.Type.EINING: ["eining", "enhet", "unit"],
}


def _ord(tekst):
    return " ".join(str(tekst or "").replace("_", " ").split()).casefold()


def _oppslag(ordliste, choices):
    """Words → code: the lists above, the codes themselves and the labels in today's language."""
    ut = {}
    for kode, ord_ in ordliste.items():
        for o in [*ord_, kode, str(choices(kode).label)]:
            ut[_ord(o)] = kode
    return ut


def frekvens(tekst):
    """The frequency a cell names, «» for an empty cell, None for a word we do not know."""
    if not _ord(tekst):
        return ""
    return _oppslag(_FREKVENS_LES, Frekvens).get(_ord(tekst))


def gjeld(tekst):
    if not _ord(tekst):
        return ""
    return _oppslag(_GJELD_LES, Gjeld).get(_ord(tekst))


def einingstype(tekst):
    if not _ord(tekst):
        return ""
    return _oppslag(_EININGSTYPE_LES, Eining.Type).get(_ord(tekst))


_DATO_NORSK = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATO_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def dato(tekst):
    """A date cell: an Excel date (read as «2026-03-01 00:00:00»), 01.03.2026 or 2026-03-01.
    None for an empty cell; ValueError for anything else."""
    tekst = str(tekst or "").strip()
    if not tekst:
        return None
    if m := _DATO_NORSK.match(tekst):
        d, mnd, aar = (int(x) for x in m.groups())
    elif m := _DATO_ISO.match(tekst):
        aar, mnd, d = (int(x) for x in m.groups())
    else:
        raise ValueError(tekst)
    return datetime.date(aar, mnd, d)


def kodar(tekst):
    """Unit codes separated by commas (or semicolons, or spaces)."""
    return [k for k in re.split(r"[,;\s]+", str(tekst or "").strip()) if k]


def les(filnamn, innhald):
    """The rows of an import file (raises `Importfeil` when the file cannot be read)."""
    return les_fil(filnamn, innhald, KOLONNER, PAAKRAVD)


def rad(punkt):
    """One point as the export's row, in the columns' order (the point's sektor, its type's
    purpose and its named units loaded beforehand)."""
    return [
        punkt.sjekktype.foremaal.namn,
        punkt.sjekktype.namn,
        punkt.sporsmaal,
        punkt.rettleiing,
        punkt.heimel,
        FREKVENS_ORD.get(punkt.frekvens, punkt.frekvens),
        punkt.dato,
        GJELD_ORD.get(punkt.gjeld, punkt.gjeld),
        punkt.sektor.kode if punkt.sektor_id else "",
        EININGSTYPE_ORD.get(punkt.einingstype, punkt.einingstype),
        ", ".join(sorted(e.kode for e in punkt.einingar.all())),
    ]


def skriv(sjekkliste, punkt):
    """The export workbook as bytes: a header row and one row per point."""
    bok = Workbook()
    ark = bok.active
    ark.title = _("Checklist %(aar)s") % {"aar": sjekkliste.aar}
    ark.append([namn for _kol, namn in OVERSKRIFTER])
    for celle in ark[1]:
        celle.font = Font(bold=True)
    for p in punkt:
        ark.append(eksport.rad(ark, rad(p)))
        ark.cell(row=ark.max_row, column=7).number_format = "DD.MM.YYYY"
    ark.freeze_panes = "A2"
    for bokstav, breidd in zip("ABCDEFGHIJK", (22, 22, 60, 40, 24, 10, 12, 12, 10, 14, 20), strict=True):
        ark.column_dimensions[bokstav].width = breidd
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()
