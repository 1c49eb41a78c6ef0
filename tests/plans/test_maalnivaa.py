"""Goal levels: a plan chooses the levels it uses, in order; its goals get one of them."""

from django.urls import reverse

from plans.models import Maal, Maalnivaa, Plan

from .conftest import lag_maal


def _nivaa(kode):
    return Maalnivaa.objects.get(kode=kode)


def _plan_data(plan, **meir):
    return {
        "tittel": plan.tittel,
        "type": plan.type_id,
        "periode_fra": plan.periode_fra or "",
        "periode_til": plan.periode_til or "",
        "status": plan.status,
        "vedtatt_dato": plan.vedtatt_dato.isoformat() if plan.vedtatt_dato else "",
        "ansvarleg_eining": plan.ansvarleg_eining_id,
        "nummerering": plan.nummerering,
        "versjon": plan.versjon,
        **meir,
    }


def test_the_levels_real_plans_use_are_there_for_every_installation(db):
    koder = set(Maalnivaa.objects.values_list("kode", flat=True))
    assert {"visjon", "hovudmaal", "delmaal", "satsingsomraade", "fokusomraade", "hovudutfordring"} <= koder


def test_an_editor_chooses_the_plans_levels_in_order_and_the_plan_page_shows_them(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    response = c.post(
        reverse("plans:plan_endre", args=[plan.pk]),
        _plan_data(plan, nivaa_1=_nivaa("visjon").pk, nivaa_2=_nivaa("satsingsomraade").pk, nivaa_3=""),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert [n.kode for n in plan.nivaaliste()] == ["visjon", "satsingsomraade"]
    html = c.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Visjon → Satsingsområde" in html
    assert "Nytt mål (visjon)" in html


def test_a_level_chosen_twice_is_refused_by_its_field_and_nothing_changes(planar, client_as):
    plan = planar["vedteken"]
    for_ = [n.pk for n in plan.nivaaliste()]
    response = client_as("kommunalsjef").post(
        reverse("plans:plan_endre", args=[plan.pk]),
        _plan_data(plan, tittel="Nytt namn", nivaa_1=_nivaa("visjon").pk, nivaa_2=_nivaa("visjon").pk),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_nivaa_2_error"' in html and "Planen brukar allereie dette nivået" in html
    assert 'value="Nytt namn"' in html  # what was typed stays
    plan.refresh_from_db()
    assert plan.tittel != "Nytt namn" and [n.pk for n in plan.nivaaliste()] == for_


def test_a_new_goal_gets_the_level_below_its_parent_by_default(planar, client_as):
    plan = planar["vedteken"]
    c = client_as("kommunalsjef")
    c.post(
        reverse("plans:plan_endre", args=[plan.pk]),
        _plan_data(plan, nivaa_1=_nivaa("visjon").pk, nivaa_2=_nivaa("satsingsomraade").pk),
    )
    topp = lag_maal(plan, "Saman skaper vi framtida", rekkjefolgje=9)
    topp.maalnivaa = _nivaa("visjon")
    topp.save()
    html = c.get(reverse("plans:maal_ny", args=[plan.pk]) + f"?parent={topp.pk}").content.decode()
    assert f'<option value="{_nivaa("satsingsomraade").pk}" selected>Satsingsområde</option>' in html
    assert "Fokusområde" not in html  # only the plan's own levels are offered
    c.post(
        reverse("plans:maal_ny", args=[plan.pk]),
        {"tittel": "Levande lokalsamfunn", "parent": topp.pk, "maalnivaa": _nivaa("satsingsomraade").pk},
    )
    m = Maal.objects.get(tittel="Levande lokalsamfunn")
    assert m.maalnivaa.kode == "satsingsomraade" and m.parent == topp
    assert "Satsingsområde" in c.get(m.get_absolute_url()).content.decode()


def test_a_new_plan_starts_with_hovudmaal_and_delmaal(org, client_as):
    c = client_as("administrator")
    html = c.get(reverse("plans:plan_ny")).content.decode()
    assert f'<option value="{_nivaa("hovudmaal").pk}" selected>' in html
    assert f'<option value="{_nivaa("delmaal").pk}" selected>' in html
    response = c.post(
        reverse("plans:plan_ny"),
        {
            "tittel": "Temaplan for idrett",
            "type": Plan._meta.get_field("type").related_model.objects.get(kode="temaplan").pk,
            "periode_fra": 2026,
            "periode_til": 2030,
            "status": "under_arbeid",
            "ansvarleg_eining": org["einingar"]["oppvekst"].pk,
            "nummerering": "utrekna",
            "nivaa_1": _nivaa("hovudmaal").pk,
            "nivaa_2": _nivaa("delmaal").pk,
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(tittel="Temaplan for idrett")
    assert [n.kode for n in plan.nivaaliste()] == ["hovudmaal", "delmaal"]
    assert plan.plannivaa.first().history.first().history_change_reason == "Oppretta"
