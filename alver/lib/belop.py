"""Amounts in the unit of the document they come from: kroner, 1 000 kr or mill. kr, as
budget documents and ledger exports give them. Stored as whole kroner, always exact: «3,70»
in mill. kr is 3 700 000 kr; a value that does not come to whole kroner («1,2345» in 1 000 kr
is 1 234,5 kr) is refused, never rounded or cut.

    les_belop("3,70", Eining.MILLIONAR)  # 3700000
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .desimal import les_desimal, vis_desimal
from .forms import stor_forbokstav
from .kroner import MELLOMROM, KronerField, les_kroner, vis_kroner


class Eining(models.TextChoices):
    KRONER = "kr", _("kroner")
    TUSEN = "1000", _("1 000 kr")
    MILLIONAR = "mill", _("mill. kr")


FAKTOR = {Eining.KRONER: 1, Eining.TUSEN: 1_000, Eining.MILLIONAR: 1_000_000}


def les_belop(tekst, eining=Eining.KRONER):
    """The amount in `tekst`, given in `eining`, as whole kroner (int); None when empty. Raises
    ValueError when it is not a number, or does not come to whole kroner."""
    if eining == Eining.KRONER:
        return les_kroner(tekst)  # «1.234.567» and «1 234 567,00» as before
    tal = les_desimal(tekst)
    if tal is None:
        return None
    kroner = tal * FAKTOR[Eining(eining)]
    if kroner != kroner.to_integral_value():
        raise ValueError(f"not whole kroner in {eining}: {tekst!r}")
    return int(kroner)


def vis_i_eining(kroner, eining=Eining.KRONER, mellomrom=MELLOMROM):
    """Whole kroner written in `eining`, exactly: 3 700 000 in mill. kr is «3,7»."""
    if kroner is None or kroner == "":
        return ""
    if eining == Eining.KRONER:
        return vis_kroner(kroner, mellomrom=mellomrom)
    return vis_desimal((Decimal(int(kroner)) / FAKTOR[Eining(eining)]).normalize(), mellomrom=mellomrom)


def eining_fraa(tekst):
    """The unit a query or form names («mill»), kroner when it names none or a wrong one."""
    return tekst if tekst in Eining.values else Eining.KRONER


class BelopInput(forms.TextInput):
    """An amount shown the way the user writes it in the form's unit: «1 234 567», «3,7»."""

    def __init__(self, eining=Eining.KRONER, attrs=None):
        super().__init__(attrs)
        self.eining = eining

    def format_value(self, value):
        if isinstance(value, int):
            return vis_i_eining(value, self.eining, mellomrom=" ")
        return super().format_value(value)


class BelopField(KronerField):
    """An amount typed in `eining` (kroner, 1 000 kr, mill. kr), cleaned to exact whole kroner;
    one that does not come to whole kroner is an error, never rounded."""

    def __init__(self, *, eining=Eining.KRONER, **kwargs):
        self.eining = eining
        attrs = {"inputmode": "decimal" if eining != Eining.KRONER else "numeric", "class": "ds-input kroner"}
        kwargs.setdefault("widget", BelopInput(eining, attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return les_belop(value, self.eining)
        except ValueError:
            raise ValidationError(
                _("Enter an amount in %(eining)s that comes to whole kroner.")
                % {"eining": Eining(self.eining).label}
                if self.eining != Eining.KRONER
                else self.error_messages["invalid"],
                code="invalid",
            ) from None


class EiningFelt(forms.ChoiceField):
    """Which unit the amounts are in; kroner when the form does not say (a script's upload)."""

    har_standard = True  # always has a value: not marked «optional» (templates/partials/felt.html)

    def clean(self, value):
        return super().clean(value) or Eining.KRONER


def eining_felt(**kwargs):
    """The form field where the user says which unit the amounts are in."""
    kwargs.setdefault("label", _("Amounts in"))
    kwargs.setdefault("initial", Eining.KRONER)
    return EiningFelt(choices=stor_forbokstav(Eining.choices), required=False, **kwargs)
