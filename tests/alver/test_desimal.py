"""The one reader of decimal numbers (indicator values and targets, nøkkeltal, sjukefråvær):
exact, never rounded, Norwegian and spreadsheet forms read, and «1.234» — which may be 1234 or
1,234 — refused rather than guessed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alver.lib.desimal import DesimalField, les_desimal, vis_desimal


@pytest.mark.parametrize(
    ("tekst", "venta"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1.23", Decimal("1.23")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,55", Decimal("1234.55")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("\u22123,2", Decimal("-3.2")),
        ("-3,2", Decimal("-3.2")),
        ("12,50", Decimal("12.50")),
        (0.1, Decimal("0.1")),
        (7, Decimal(7)),
        ("", None),
        (None, None),
    ],
)
def test_numbers_are_read_exactly(tekst, venta):
    tal = les_desimal(tekst)
    assert tal == venta and (tal is None or str(tal) == str(venta))


@pytest.mark.parametrize("tekst", ["åtti", "1,2,3", "1e5", "12,", "1.23.4", "NaN"])
def test_what_is_not_a_number_is_refused(tekst):
    with pytest.raises(ValueError):
        les_desimal(tekst)


def test_a_dot_before_three_digits_is_refused_as_ambiguous():
    with pytest.raises(ValueError, match="ambiguous"):
        les_desimal("1.234")
    with pytest.raises(ValidationError) as feil:
        DesimalField().clean("1.234")
    assert feil.value.code == "ambiguous"


def test_numbers_are_written_the_norwegian_way_without_rounding():
    assert vis_desimal(Decimal("-1234.5")) == "\u22121\u00a0234,5"
    assert vis_desimal(Decimal("12"), 1) == "12,0"
    assert vis_desimal(Decimal("12.345"), 1) == "12,345"
