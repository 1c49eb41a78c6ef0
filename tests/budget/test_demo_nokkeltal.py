"""The budget demo's targets, nøkkeltal and sjukefråvær: built through the services, and a
second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from budget.models import Indikatormaal, Nokkeltalplan, Nokkeltalstype, Nokkeltalverdi, Sjukefravaer

MODELLAR = (Indikatormaal, Nokkeltalplan, Nokkeltalverdi, Sjukefravaer, Nokkeltalstype)


@pytest.mark.django_db(transaction=True)
def test_the_demo_builds_key_figures_and_sick_leave_once(demo):
    tal = [M.objects.count() for M in MODELLAR]
    assert all(tal[1:])  # targets need the plans demo's indicators, which it may not have made
    assert Sjukefravaer.objects.filter(tilsette__lt=5).exists()  # small units, for the threshold
    call_command("demo", "--force", stdout=io.StringIO())
    assert [M.objects.count() for M in MODELLAR] == tal
