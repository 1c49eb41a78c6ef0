"""Own numbering: the document's numbers are stored, unique within the plan, kept when goals move."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans import services
from plans.models import Maal, Plan


def _eiga(plan):
    plan.nummerering = Plan.Nummerering.EIGA
    plan.save()
    return plan


def test_switching_to_own_numbering_keeps_the_numbers_readers_already_see(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    response = c.post(
        reverse("plans:plan_endre", args=[plan.pk]),
        {
            "tittel": plan.tittel,
            "type": plan.type_id,
            "periode_fra": 2024,
            "periode_til": 2035,
            "status": "vedtatt",
            "vedtatt_dato": "2024-06-01",
            "ansvarleg_eining": plan.ansvarleg_eining_id,
            "nummerering": "eiga",
            "versjon": plan.versjon,
        },
    )
    assert response.status_code == 302
    assert dict(Maal.objects.filter(plan=plan).values_list("tittel", "eige_nummer")) == {
        "Trygg oppvekst": "1",
        "Meistring i skulen": "1.1",
        "God helse": "2",
    }
    assert "planen si eiga nummerering" in c.get(plan.get_absolute_url()).content.decode()


def test_own_numbers_are_shown_and_never_change_when_a_goal_moves(planar, client_as):
    plan = _eiga(planar["vedteken"])
    for m, nr in ((planar["m1"], "A"), (planar["m11"], "A.1"), (planar["m2"], "2a")):
        m.eige_nummer = nr
        m.save()
    c = client_as("kommunalsjef")
    c.post(reverse("plans:maal_flytt", args=[planar["m2"].pk]), {"retning": "opp"})
    tre = services.maaltre(plan)
    assert [(m.nummer, m.tittel) for m in tre] == [
        ("2a", "God helse"),
        ("A", "Trygg oppvekst"),
        ("A.1", "Meistring i skulen"),
    ]
    html = c.get(planar["m11"].get_absolute_url()).content.decode()
    assert "A.1</span> Meistring i skulen" in html
    assert 'aria-current="page">A.1</a>' in html


def test_the_goal_form_asks_for_the_number_and_refuses_one_the_plan_already_has(planar, client_as):
    plan = _eiga(planar["vedteken"])
    m1 = planar["m1"]
    m1.eige_nummer = "1"
    m1.save()
    c = client_as("kommunalsjef")
    url = reverse("plans:maal_ny", args=[plan.pk])
    assert 'name="eige_nummer"' in c.get(url).content.decode()
    tal = Maal.objects.count()

    response = c.post(
        url,
        {
            "eige_nummer": "1",
            "tittel": "Eit nytt mål",
            "maalnivaa": plan.nivaaliste()[0].pk if plan.nivaaliste() else "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'id="id_eige_nummer_error"' in html
        and "«Trygg oppvekst» har allereie nummer 1 i denne planen" in html
    )
    assert 'value="Eit nytt mål"' in html
    assert Maal.objects.count() == tal

    response = c.post(url, {"tittel": "Utan nummer"})
    assert 'id="id_eige_nummer_error"' in response.content.decode()
    assert Maal.objects.count() == tal

    c.post(url, {"eige_nummer": "3b.", "tittel": "Eit nytt mål"})
    assert Maal.objects.get(tittel="Eit nytt mål").eige_nummer == "3b"


def test_the_database_refuses_a_number_twice_in_one_plan_but_not_in_two(planar):
    Maal.objects.filter(pk=planar["utkast_maal"].pk).update(eige_nummer="1")
    Maal.objects.filter(pk=planar["m1"].pk).update(eige_nummer="1")  # another plan: fine
    # several goals without a number are fine too
    assert Maal.objects.filter(plan=planar["vedteken"], eige_nummer="").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Maal.objects.filter(pk=planar["m2"].pk).update(eige_nummer="1")


def test_computed_plans_do_not_ask_for_a_number(planar, client_as):
    html = (
        client_as("kommunalsjef").get(reverse("plans:maal_ny", args=[planar["vedteken"].pk])).content.decode()
    )
    assert 'name="eige_nummer"' not in html
