"""An open period: no end year, or no years at all."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import Plan, Plantype


def _data(org, **meir):
    return {
        "tittel": "Strategi for frivilligheit",
        "type": Plantype.objects.get(kode="temaplan").pk,
        "status": "under_arbeid",
        "ansvarleg_eining": org["einingar"]["oppvekst"].pk,
        **meir,
    }


@pytest.mark.parametrize(
    "fra,til,vist",
    [("2026", "", "frå 2026"), ("", "", "open"), ("2026", "2030", "2026–2030")],
)
def test_a_plan_may_have_an_open_period(org, client_as, fra, til, vist):
    c = client_as("administrator")
    response = c.post(reverse("plans:plan_ny"), _data(org, periode_fra=fra, periode_til=til))
    assert response.status_code == 302
    plan = Plan.objects.get(tittel="Strategi for frivilligheit")
    assert f"<dd>{vist}</dd>" in c.get(plan.get_absolute_url()).content.decode()
    assert f"<td>{vist}</td>" in c.get(reverse("plans:index")).content.decode()


def test_an_end_year_without_a_start_is_refused_by_the_field(org, client_as):
    response = client_as("administrator").post(reverse("plans:plan_ny"), _data(org, periode_til="2030"))
    html = response.content.decode()
    assert 'id="id_periode_fra_error"' in html and "treng startåret" in html
    assert not Plan.objects.filter(tittel="Strategi for frivilligheit").exists()


def test_the_database_refuses_an_end_before_the_start_and_an_end_without_start(planar):
    for fra, til in ((2030, 2026), (None, 2030)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Plan.objects.filter(pk=planar["vedteken"].pk).update(periode_fra=fra, periode_til=til)


def test_a_new_handlingsplan_for_an_open_plan_starts_this_year(planar, client_as, klokke):
    plan = planar["vedteken"]
    Plan.objects.filter(pk=plan.pk).update(periode_fra=None, periode_til=None)
    klokke.sett(datetime.date(2027, 3, 1))
    html = client_as("kommunalsjef").get(reverse("plans:handlingsplan_ny", args=[plan.pk])).content.decode()
    assert 'value="2027"' in html and 'value="2030"' in html
    Plan.objects.filter(pk=plan.pk).update(periode_fra=2024, periode_til=None)
    html = client_as("kommunalsjef").get(reverse("plans:handlingsplan_ny", args=[plan.pk])).content.decode()
    assert 'value="2024"' in html and 'value="2027"' in html
