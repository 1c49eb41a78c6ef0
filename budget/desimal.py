"""Decimal numbers read the Norwegian way, for indicator targets, nøkkeltal and sjukefråvær.

Read: «12,5», «1 234,75» (spaces, non-breaking or narrow non-breaking spaces between groups),
«1.234,5» (a dot only between groups of three), «−3,2» (the minus sign our pages print),
«12.5» (a dot as the decimal sign, when it cannot be a thousands separator). «1.234» is
refused, since it may mean either; a number from a spreadsheet arrives as int, float or
Decimal and is taken as it is written (a float through its shortest repr, never binary noise).
Nothing is rounded here: the indicator's `valider` refuses too many decimals.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MINUS = "\u2212"
_MED_GRUPPER = re.compile(r"-?\d{1,3}(\.\d{3})+")
_TAL = re.compile(r"-?\d+(\.\d+)?")
GRENSE = Decimal(10) ** 15  # the columns hold 16 digits before the decimal point


def les_desimal(tekst):
    """The number in `tekst` as a Decimal; None when empty. Raises ValueError otherwise."""
    if tekst is None:
        return None
    if isinstance(tekst, Decimal):
        verdi = tekst
    elif isinstance(tekst, bool):
        raise ValueError(f"not a number: {tekst!r}")
    elif isinstance(tekst, int):
        verdi = Decimal(tekst)
    elif isinstance(tekst, float):
        verdi = Decimal(repr(tekst))
    else:
        t = str(tekst).strip()
        if not t:
            return None
        t = t.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(MINUS, "-")
        if "," in t:
            heil, _k, desimal = t.partition(",")
            if "." in heil:
                if not _MED_GRUPPER.fullmatch(heil):
                    raise ValueError(f"not a number: {tekst!r}")
                heil = heil.replace(".", "")
            t = f"{heil}.{desimal}"
        elif _MED_GRUPPER.fullmatch(t):
            if t.count(".") == 1:
                raise ValueError(f"ambiguous: {tekst!r}")
            t = t.replace(".", "")
        if not _TAL.fullmatch(t):
            raise ValueError(f"not a number: {tekst!r}")
        verdi = Decimal(t)
    if not verdi.is_finite() or abs(verdi) >= GRENSE:
        raise ValueError(f"out of range: {tekst!r}")
    return verdi


def vis_desimal(verdi, desimalar=None):
    """A Decimal the Norwegian way: «1 234,5», «−3,25»; "" for None. With `desimalar`, shown
    with exactly that many decimals (a stored value never has more: `valider` saw to it)."""
    if verdi is None or verdi == "":
        return ""
    verdi = Decimal(verdi)
    if desimalar is not None:
        verdi = verdi.quantize(Decimal(1).scaleb(-desimalar))
    else:
        verdi = verdi.normalize()
        if verdi == verdi.to_integral_value():
            verdi = verdi.quantize(Decimal(1))
    teikn, siffer, eksponent = verdi.as_tuple()
    tekst = f"{abs(verdi):,f}".replace(",", "\u00a0").replace(".", ",")
    return f"{MINUS}{tekst}" if teikn and verdi != 0 else tekst


class DesimalField(forms.CharField):
    """A number field read with `les_desimal`; cleaned value a Decimal or None."""

    default_error_messages = {
        "invalid": _("Enter a number, for example 12,5."),
        "ambiguous": _("Write 1234 or 1,234: a dot between digits may mean either."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return vis_desimal(value).replace("\u00a0", " ")
        return value

    def to_python(self, value):
        try:
            return les_desimal(value)
        except ValueError as exc:
            kode = "ambiguous" if str(exc).startswith("ambiguous") else "invalid"
            raise ValidationError(self.error_messages[kode], code=kode) from None
