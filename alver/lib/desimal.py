"""Decimal numbers, read and written the Norwegian way (indicator values and targets).

Read: «12,5», «12.5» (a dot alone is a decimal point, as spreadsheets and English keyboards
give it, unless it stands before exactly three digits: «1.234» may mean either and is refused;
«1.234.567» is groups of three), «1 234,5» (spaces, non-breaking or narrow non-breaking spaces between groups),
«1.234,5» (with a comma, dots may only separate groups of three), «−3,2» or «-3,2»; a number
from a spreadsheet (int, Decimal, or a float read through its shortest text). Nothing is ever
rounded: the Decimal has exactly the digits typed, so a rule such as «one decimal» can refuse
«12,55» instead of storing 12,6. Written: «1 234,5» with non-breaking spaces and a real minus.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .kroner import MELLOMROM, MINUS

GRENSE = Decimal(10) ** 15  # within a DecimalField(max_digits=20, decimal_places=4)

_TAL = re.compile(r"-?\d+(\.\d+)?")
_GRUPPER_MED_PUNKTUM = re.compile(r"-?\d{1,3}(\.\d{3})+")


def les_desimal(tekst):
    """The number in `tekst` as an exact Decimal; None when it is empty. Raises ValueError for
    anything that is not a plain number (no exponents, no «1,2,3», no letters)."""
    if tekst is None:
        return None
    if isinstance(tekst, bool):
        raise ValueError(f"not a number: {tekst!r}")
    if isinstance(tekst, int | Decimal):
        tal = Decimal(tekst)
        if not tal.is_finite():
            raise ValueError(f"not a number: {tekst!r}")
        return tal
    if isinstance(tekst, float):
        # a float from a spreadsheet: its shortest text (0.1, not 0.1000000000000000055…)
        tekst = repr(tekst)
    t = str(tekst).strip()
    if not t:
        return None
    t = t.replace(" ", "").replace(MELLOMROM, "").replace("\u202f", "").replace(MINUS, "-")
    if "," in t:
        heil, _komma, desimal = t.partition(",")
        if "." in heil:
            if not _GRUPPER_MED_PUNKTUM.fullmatch(heil):
                raise ValueError(f"not a number: {tekst!r}")
            heil = heil.replace(".", "")
        t = f"{heil}.{desimal}"
    elif _GRUPPER_MED_PUNKTUM.fullmatch(t):
        if t.count(".") == 1:
            raise ValueError(f"ambiguous: {tekst!r}")
        t = t.replace(".", "")
    if not _TAL.fullmatch(t):
        raise ValueError(f"not a number: {tekst!r}")
    try:
        return Decimal(t)
    except InvalidOperation:
        raise ValueError(f"not a number: {tekst!r}") from None


def desimalar_i(verdi):
    """How many decimals a Decimal carries once trailing zeros are dropped (12,50 → 1)."""
    eksponent = verdi.normalize().as_tuple().exponent
    return max(0, -eksponent)


def vis_desimal(verdi, desimalar=None, mellomrom=MELLOMROM):
    """A Decimal in Norwegian format: «1 234,5», «−3,25»; "" for nothing. With `desimalar`, at
    least that many decimals are shown (12 → «12,0» for a one-decimal indicator); a value
    carrying more is shown in full, never rounded."""
    if verdi is None or verdi == "":
        return ""
    try:
        tal = Decimal(verdi)
    except (InvalidOperation, TypeError, ValueError):
        return verdi
    n = desimalar_i(tal)
    if desimalar is not None:
        n = max(n, desimalar)
    tekst = f"{abs(tal):,.{n}f}"  # exact: n is at least the number of decimals the value has
    heil, _punktum, desimal = tekst.partition(".")
    heil = heil.replace(",", mellomrom)
    tekst = f"{heil},{desimal}" if desimal else heil
    return f"{MINUS}{tekst}" if tal < 0 else tekst


class DesimalField(forms.Field):
    """A decimal number typed the Norwegian way («12,5»), read with `les_desimal`: exact, never
    rounded; the number of decimals allowed is the caller's rule (e.g. `Indikator.valider`)."""

    default_error_messages = {
        "invalid": _("Enter a number, e.g. 12,5."),
        "ambiguous": _("Write 1234 or 1,234: a dot between digits may mean either."),
        "grense": _("The number is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            tal = les_desimal(value)
        except ValueError as feil:
            kode = "ambiguous" if str(feil).startswith("ambiguous") else "invalid"
            raise ValidationError(self.error_messages[kode], code=kode) from None
        if tal is not None and abs(tal) >= GRENSE:
            raise ValidationError(self.error_messages["grense"], code="grense")
        return tal

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return vis_desimal(value, mellomrom=" ")
        return value
