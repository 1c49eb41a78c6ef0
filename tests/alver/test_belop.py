"""Amounts in the document's unit (alver/lib/belop.py): stored as exact whole kroner; what does
not come to whole kroner, or could be read two ways, is refused, never rounded or cut."""

import pytest

from alver.lib.belop import Eining, les_belop


@pytest.mark.parametrize(
    "tekst,eining,kroner",
    [
        ("3,70", Eining.MILLIONAR, 3_700_000),
        ("3,7", Eining.MILLIONAR, 3_700_000),
        ("−0,045", Eining.MILLIONAR, -45_000),
        ("1 234,567", Eining.TUSEN, 1_234_567),
        ("152.5", Eining.MILLIONAR, 152_500_000),
        (2.5, Eining.TUSEN, 2_500),  # a number from a spreadsheet
        ("1.234.567", Eining.KRONER, 1_234_567),
        ("1 234 567,00", Eining.KRONER, 1_234_567),
        ("", Eining.MILLIONAR, None),
    ],
)
def test_amounts_are_read_in_their_unit_as_exact_kroner(tekst, eining, kroner):
    assert les_belop(tekst, eining) == kroner


@pytest.mark.parametrize(
    "tekst,eining",
    [
        ("12,3456", Eining.TUSEN),  # 12 345,6 kr
        ("0,0000001", Eining.MILLIONAR),  # 0,1 kr
        ("1.234", Eining.MILLIONAR),  # 1 234 or 1,234 million?
        ("1234,56", Eining.KRONER),
        ("tre", Eining.MILLIONAR),
        ("1e6", Eining.TUSEN),
    ],
)
def test_what_does_not_come_to_whole_kroner_is_refused(tekst, eining):
    with pytest.raises(ValueError):
        les_belop(tekst, eining)
