"""Strategies of the plan as a whole, not tied to one goal."""

from django.urls import reverse

from plans.models import Maal, Strategi
from tests.hjelp import tal_sporjingar

from .conftest import lag_maal


def test_an_editor_adds_a_strategy_for_the_whole_plan_and_it_shows_on_the_plan_page(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    side = c.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:plan_strategi_ny", args=[plan.pk]) in side
    response = c.post(
        reverse("plans:plan_strategi_ny", args=[plan.pk]), {"tittel": "Tverrfagleg samarbeid", "maal": ""}
    )
    s = Strategi.objects.get(tittel="Tverrfagleg samarbeid")
    assert s.plan == plan and s.maal is None
    assert response["Location"].endswith(plan.get_absolute_url() + "#strategiar")
    side = c.get(plan.get_absolute_url()).content.decode()
    assert "Strategiar for heile planen" in side and "Tverrfagleg samarbeid" in side
    # a reader sees it, but not the links to change it
    side = client_as("medarbeidar").get(plan.get_absolute_url()).content.decode()
    assert "Tverrfagleg samarbeid" in side
    assert reverse("plans:strategi_endre", args=[s.pk]) not in side


def test_a_strategy_moves_from_a_goal_to_the_plan_and_back(planar, client_as):
    s, m2 = planar["s1"], planar["m2"]
    c = client_as("kommunalsjef")
    url = reverse("plans:strategi_endre", args=[s.pk])
    assert "Heile planen" in c.get(url).content.decode()
    c.post(url, {"tittel": s.tittel, "maal": "", "versjon": s.versjon})
    s.refresh_from_db()
    assert s.maal is None and s.plan == planar["vedteken"]
    c.post(url, {"tittel": s.tittel, "maal": m2.pk, "versjon": s.versjon})
    s.refresh_from_db()
    assert s.maal == m2


def test_a_goal_from_another_plan_is_refused(planar, client_as):
    s = planar["s1"]
    response = client_as("kommunalsjef").post(
        reverse("plans:strategi_endre", args=[s.pk]),
        {"tittel": s.tittel, "maal": planar["utkast_maal"].pk, "versjon": s.versjon},
    )
    assert response.status_code == 200 and 'id="id_maal_error"' in response.content.decode()
    s.refresh_from_db()
    assert s.maal == planar["m1"]


def test_a_tiltak_may_be_linked_to_a_plan_strategy(planar, client_as):
    s = Strategi.objects.create(plan=planar["vedteken"], tittel="Tverrfagleg samarbeid")
    html = client_as("kommunalsjef").get(reverse("plans:tiltak_ny", args=[planar["hp"].pk])).content.decode()
    # offered under the heading for the whole plan, not under a goal
    gruppe = html.split("<legend>Heile planen</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert f'value="{s.pk}"' in gruppe and "Tverrfagleg samarbeid" in gruppe
    assert s.get_absolute_url().endswith("#strategiar")


def test_plan_page_query_count_does_not_grow_with_levels_numbers_and_strategies(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    url = reverse("plans:plan", args=[plan.pk])
    Strategi.objects.create(plan=plan, tittel="For heile planen")
    liten = tal_sporjingar(c, url)
    nivaa = plan.nivaaliste()
    for i in range(30):
        m = lag_maal(plan, f"Mål {i}", parent=planar["m1"] if i % 2 else None)
        Maal.objects.filter(pk=m.pk).update(eige_nummer=f"X{i}", maalnivaa=nivaa[i % 2] if nivaa else None)
        Strategi.objects.create(plan=plan, maal=m if i % 3 else None, tittel=f"Strategi {i}")
    assert tal_sporjingar(c, url) == liten
