"""Decimal numbers read and written the Norwegian way (indicator values and targets).

Read: «12,5», «-3,25» or «−3,25» (the minus sign our pages print), «1 234,5» (spaces,
non-breaking or narrow non-breaking spaces between groups), «1.234,5» (dots only between
groups of three when a comma is the decimal mark), and «12.5» (a dot as the decimal mark when
there is no comma, as a spreadsheet or a browser may send it). The number is kept exactly as
written: nothing is rounded here; how many decimals a value may have is the caller's rule
(`plans.models.Indikator.valider`).
Written: «1 234,5» with a decimal comma, non-breaking spaces and a real minus sign.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MELLOMROM = "\u00a0"
MINUS = "\u2212"
# what a DecimalField(max_digits=20, decimal_places=4) holds
MAKS_HEILTAL_SIFFER = 16

_TAL = re.compile(r"-?\d+(\.\d+)?")
_GRUPPER_MED_PUNKTUM = re.compile(r"-?\d{1,3}(\.\d{3})+")


def les_desimal(tekst):
    """The number in `tekst` as a Decimal, exactly; None when it is empty. Raises ValueError
    for anything else (letters, two decimal marks, «1.23,4»)."""
    if tekst is None:
        return None
    if isinstance(tekst, Decimal):
        return tekst
    if isinstance(tekst, int):
        return Decimal(tekst)
    if isinstance(tekst, float):
        # a spreadsheet's float: its shortest decimal form, never the binary expansion
        return Decimal(repr(tekst))
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
    if not _TAL.fullmatch(t):
        raise ValueError(f"not a number: {tekst!r}")
    try:
        return Decimal(t)
    except InvalidOperation:
        raise ValueError(f"not a number: {tekst!r}") from None


def vis_desimal(verdi, desimalar=0, mellomrom=MELLOMROM):
    """A Decimal the Norwegian way, with at least `desimalar` decimals and every decimal it
    has beyond them (a stored 12.5000 with one decimal shows «12,5»; nothing is rounded
    away). "" for nothing."""
    if verdi is None or verdi == "":
        return ""
    if not isinstance(verdi, Decimal):
        verdi = les_desimal(verdi)
    normal = verdi.normalize()
    eksponent = normal.as_tuple().exponent
    plassar = max(desimalar, -eksponent if eksponent < 0 else 0)
    tekst = f"{abs(verdi):,.{plassar}f}"
    heil, _punkt, desimal = tekst.partition(".")
    heil = heil.replace(",", mellomrom)
    tekst = f"{heil},{desimal}" if desimal else heil
    return f"{MINUS}{tekst}" if verdi < 0 else tekst


class DesimalField(forms.Field):
    """A decimal number read with `les_desimal`, shown with `vis_desimal` (plain spaces, so
    the user edits what they see); within what the database columns hold."""

    default_error_messages = {
        "invalid": _("Enter a number, for example 12,5."),
        "for_stort": _("The number is too large."),
    }

    def __init__(self, *, desimalar=0, **kwargs):
        self.desimalar = desimalar
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return vis_desimal(value, self.desimalar, mellomrom=" ")
        return value

    def to_python(self, value):
        try:
            verdi = les_desimal(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if verdi is not None:
            if not verdi.is_finite():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            if verdi.adjusted() >= MAKS_HEILTAL_SIFFER:
                raise ValidationError(self.error_messages["for_stort"], code="for_stort")
        return verdi
