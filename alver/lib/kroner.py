"""Whole kroner, read and written the Norwegian way: one parser, one formatter, one form field.

Read: «1 234 567» (spaces, non-breaking or narrow non-breaking spaces between groups),
«1.234.567» (a dot only between groups of three), «-45 000» or «−45 000» (the minus sign our
own pages print), «1234567,00» (a comma with zeros only). A decimal is never rounded away:
«1234.56», «1234,50» and «12,5» are refused, and so is a fractional number from a spreadsheet.
Written: «1 234 567» with non-breaking spaces, «−50 000» with a real minus sign.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

GRENSE = 10**12  # a thousand billion kroner: beyond any kommune, well inside the columns

MELLOMROM = "\u00a0"  # between groups of three, so an amount never breaks over two lines
MINUS = "\u2212"

_GRUPPER_MED_PUNKTUM = re.compile(r"-?\d{1,3}(\.\d{3})+")


def les_kroner(tekst):
    """The whole-kroner amount in `tekst` (a string or a number from a spreadsheet) as an int;
    None when it is empty. Raises ValueError for anything that is not a whole number of kroner."""
    if tekst is None or str(tekst).strip() == "":
        return None
    if isinstance(tekst, int | float):
        if isinstance(tekst, float) and not tekst.is_integer():
            raise ValueError(f"not whole kroner: {tekst!r}")
        return int(tekst)
    t = str(tekst).replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(MINUS, "-")
    if "," in t:
        heil, _komma, desimal = t.partition(",")
        if desimal.strip("0"):
            raise ValueError(f"not whole kroner: {tekst!r}")
        t = heil
    if "." in t:
        # a dot is a thousands separator only in groups of three («1.234.567»); «1234.56» is
        # a decimal number, which would otherwise become 123456
        if not _GRUPPER_MED_PUNKTUM.fullmatch(t):
            raise ValueError(f"not whole kroner: {tekst!r}")
        t = t.replace(".", "")
    return int(t)


def vis_kroner(verdi, mellomrom=MELLOMROM):
    """Whole kroner in Norwegian format: 1 234 567, −50 000 for savings; "" for nothing, and
    a value that is not a number back as it came. `mellomrom` goes between the groups (a plain
    space in a form field, where the user edits the number)."""
    if verdi is None or verdi == "":
        return ""
    try:
        tal = int(verdi)
    except (TypeError, ValueError):
        return verdi
    tekst = f"{abs(tal):,}".replace(",", mellomrom)
    return f"{MINUS}{tekst}" if tal < 0 else tekst


class KronerField(forms.IntegerField):
    """Whole kroner, read with `les_kroner`: «1 234 567», «−45 000»; at most ± GRENSE."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -GRENSE)
        kwargs.setdefault("max_value", GRENSE)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return les_kroner(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
