"""Links to a row by its key are the URLs `reverse()` gives, also when the URL configuration or
the script prefix (a site served below a path) changes."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from alver.lib import urlar


@pytest.mark.parametrize(
    "namn", ["verksemdsplan:oppdrag", "plans:maal", "plans:plan", "budget:vedtak", "alver:person"]
)
def test_the_link_is_the_one_reverse_gives(namn):
    for pk in (1, 42, 987654321):
        assert urlar.til_rad(namn, pk) == reverse(namn, args=[pk])


def test_a_site_below_a_path_gets_links_below_it():
    try:
        assert urlar.til_rad("verksemdsplan:oppdrag", 7) == "/oppdrag/7/"
        set_script_prefix("/alver/")
        assert urlar.til_rad("verksemdsplan:oppdrag", 7) == "/alver/oppdrag/7/"
    finally:
        set_script_prefix("/")
    assert urlar.til_rad("verksemdsplan:oppdrag", 7) == "/oppdrag/7/"


@override_settings(ROOT_URLCONF="tests.alver.urlar_konf")
def test_another_url_configuration_is_reversed_on_its_own():
    assert urlar.til_rad("verksemdsplan:oppdrag", 7) == "/anna/oppdrag/7/"


def test_an_unsaved_row_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        urlar.til_rad("verksemdsplan:oppdrag", None)
