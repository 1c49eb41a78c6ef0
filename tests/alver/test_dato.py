"""The two date styles: short in tables and lists, long in running text, month names in lower
case in nynorsk and bokmål."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from alver.lib import periodar
from alver.lib.dato import kort, lang


@pytest.mark.parametrize(
    "spraak, venta",
    [("nn", "1. mai 2027"), ("nb", "1. mai 2027"), ("en", "1 May 2027")],
)
def test_a_date_in_text_is_written_out(spraak, venta):
    with translation.override(spraak):
        assert lang(datetime.date(2027, 5, 1)) == venta
        assert (
            Template("{% load alver %}{{ d|langdato }}").render(Context({"d": datetime.date(2027, 5, 1)}))
            == venta
        )


def test_a_date_in_a_table_is_short_and_none_is_empty():
    assert kort(datetime.date(2027, 5, 1)) == "1.5.2027"
    assert (kort(None), lang(None)) == ("", "")


def test_a_moment_is_dated_in_the_kommunes_time_zone():
    # 23:30 UTC on 31 December is already New Year's Day in Norway
    with translation.override("nn"):
        assert lang(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)) == "1. januar 2027"


def test_month_names_and_period_names_are_lower_case_in_norwegian():
    with translation.override("nn"):
        assert str(periodar.namn(2026, periodar.MAANAD, 10)) == "oktober 2026"
        assert [str(m) for m in periodar.MAANADER][:3] == ["januar", "februar", "mars"]
    with translation.override("nb"):
        assert str(periodar.namn(2026, periodar.MAANAD, 12)) == "desember 2026"
    with translation.override("en"):
        assert str(periodar.namn(2026, periodar.MAANAD, 10)) == "October 2026"
