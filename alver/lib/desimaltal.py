"""Decimal numbers (indicator values, targets) read and written the Norwegian way, exactly.

Read: «12,5», «1 234,75» (spaces, non-breaking or narrow non-breaking between groups),
«1.234,5» (dots between groups of three when a comma is the decimal sign), «−3,2» or «-3,2»,
«12.5» (a dot as the decimal sign, as spreadsheets and English input write it). «1.234» is
ambiguous (a thousand and more, or one and a bit) and is refused from a form with a message,
unless `punktum=True` says a dot is the decimal sign (numbers read from an XLSX cell).
The value is never rounded: the result is a `Decimal` with the digits the user wrote; whether
it has too many decimals is the caller's rule (`plans.Indikator.valider`).
Written: «1 234,5» with non-breaking spaces and a real minus sign.
"""

import re
from decimal import Decimal, InvalidOperation

MELLOMROM = "\u00a0"
MINUS = "\u2212"

_TAL = re.compile(r"-?\d+(\.\d+)?")
_GRUPPER = re.compile(r"-?\d{1,3}(\.\d{3})+")
_TVITYDIG = re.compile(r"-?\d{1,3}\.\d{3}")


class Ugyldig(ValueError):
    """Not a number; the message says why, for the user."""


def les_desimal(tekst, *, punktum=False):
    """The number in `tekst` as a Decimal, or None for an empty text. Raises `Ugyldig`."""
    if tekst is None:
        return None
    if isinstance(tekst, int):
        return Decimal(tekst)
    if isinstance(tekst, float):
        # the shortest text that reads back as the same float: 87.3, not 87.299999…
        tekst, punktum = repr(tekst), True
    t = str(tekst).strip()
    if not t:
        return None
    t = t.replace(" ", "").replace(MELLOMROM, "").replace("\u202f", "").replace(MINUS, "-")
    if "," in t:
        heil, _komma, desimal = t.partition(",")
        if "." in heil:
            if not _GRUPPER.fullmatch(heil):
                raise Ugyldig(t)
            heil = heil.replace(".", "")
        t = f"{heil}.{desimal}"
    elif not punktum and (_GRUPPER.fullmatch(t) and t.count(".") > 1):
        t = t.replace(".", "")
    elif not punktum and _TVITYDIG.fullmatch(t):
        raise Ugyldig(t)
    if not _TAL.fullmatch(t):
        raise Ugyldig(t)
    try:
        return Decimal(t)
    except InvalidOperation:
        raise Ugyldig(t) from None


def vis_desimal(verdi, desimalar=None):
    """«1 234,5»: groups of three, a comma and a real minus sign; "" for nothing. With
    `desimalar`, trailing zeros are kept to that many places (never rounded: a value with more
    decimals keeps them)."""
    if verdi is None or verdi == "":
        return ""
    if not isinstance(verdi, Decimal):
        verdi = Decimal(str(verdi))
    verdi = verdi.normalize()
    if verdi == verdi.to_integral_value():
        verdi = verdi.quantize(Decimal(1))
    if desimalar and -verdi.as_tuple().exponent < desimalar:
        verdi = verdi.quantize(Decimal(1).scaleb(-desimalar))
    teikn, tekst = ("-", format(-verdi, "f")) if verdi < 0 else ("", format(verdi, "f"))
    heil, _punktum, desimal = tekst.partition(".")
    heil = f"{int(heil):,}".replace(",", MELLOMROM)
    ut = f"{heil},{desimal}" if desimal else heil
    return f"{MINUS}{ut}" if teikn else ut
