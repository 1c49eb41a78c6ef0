import pytest
from django import forms

from alver.lib.kroner import GRENSE, KronerField, les_kroner, vis_kroner


@pytest.mark.parametrize(
    "tekst,tal",
    [
        ("1234567", 1_234_567),
        ("1 234 567", 1_234_567),
        ("1\u00a0234\u00a0567", 1_234_567),  # as our own pages print it
        ("1\u202f234\u202f567", 1_234_567),  # narrow non-breaking space
        ("  50 000 ", 50_000),
        ("-45 000", -45_000),
        ("\u221245\u00a0000", -45_000),  # the real minus sign
        ("1.234.567", 1_234_567),  # a dot between groups of three
        ("-10.100.000", -10_100_000),
        ("1234567,00", 1_234_567),  # a comma with zeros only
        ("1 234,", 1_234),
        ("0", 0),
        (2_000_000, 2_000_000),
        (2_000_000.0, 2_000_000),  # a whole number from a spreadsheet
    ],
)
def test_accepted_amounts(tekst, tal):
    assert les_kroner(tekst) == tal


@pytest.mark.parametrize("tekst", [None, "", "   ", "\u00a0"])
def test_empty_is_none(tekst):
    assert les_kroner(tekst) is None


@pytest.mark.parametrize(
    "tekst",
    [
        "1234.56",  # a decimal point is not a thousands separator
        "1234.50",
        "1234.00",
        "1234.0",
        "1.23",
        "12,5",  # no decimal is rounded away
        "1 234,50",
        "1,234",  # nor is an English thousands comma a decimal
        "1.2345",
        "tolv",
        "inf",
        "1e3",
        "-",
        ",00",
        1234.56,
        float("inf"),
        float("nan"),
    ],
)
def test_refused_amounts(tekst):
    with pytest.raises(ValueError):
        les_kroner(tekst)


@pytest.mark.parametrize(
    "verdi,tekst",
    [
        (1_234_567, "1\u00a0234\u00a0567"),
        (-50_000, "\u221250\u00a0000"),
        (999, "999"),
        (0, "0"),
        ("1234", "1\u00a0234"),
        (None, ""),
        ("", ""),
        ("–", "–"),  # not a number: shown as it came
    ],
)
def test_formatting(verdi, tekst):
    assert vis_kroner(verdi) == tekst


def test_formatting_with_plain_spaces_for_form_fields():
    assert vis_kroner(-1_234_567, mellomrom=" ") == "\u22121 234 567"


@pytest.mark.parametrize("tal", [0, 7, -7, 1_234_567, -45_000, GRENSE])
def test_what_is_written_reads_back(tal):
    assert les_kroner(vis_kroner(tal)) == tal


def test_the_form_field_reads_norwegian_amounts_and_refuses_the_rest():
    class Skjema(forms.Form):
        belop = KronerField(required=False)
        ramme = KronerField(required=False, min_value=0)

    s = Skjema({"belop": "\u22121 234 567", "ramme": "50 000"})
    assert s.is_valid() and s.cleaned_data == {"belop": -1_234_567, "ramme": 50_000}
    assert Skjema({"belop": " ", "ramme": ""}).is_valid()
    for data, felt in [
        ({"belop": "12,5"}, "belop"),
        ({"belop": "tolv"}, "belop"),
        ({"belop": str(GRENSE + 1)}, "belop"),
        ({"ramme": "-1"}, "ramme"),
    ]:
        s = Skjema(data)
        assert not s.is_valid() and list(s.errors) == [felt], data
