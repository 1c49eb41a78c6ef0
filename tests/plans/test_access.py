"""The permission matrix for plans: url × role → status."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.hjelp import alle_les, berre

LEIARAR_OG_ADMIN = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "tenesteleiar": 200}
# the adopted plan belongs to Oppvekst: its leader, the kommunedirektør above, and administrators edit it
REDAKTORAR = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200}
# the draft belongs to Helse: leaders read it; of our roles only the administrator and the
# kommunedirektør (above Helse) edit it, other leaders see it but get 403
UTKAST_ENDRE = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 403, "tenesteleiar": 403}

MATRIX = (
    alle_les("plans:index")
    + alle_les("plan:vedteken")
    + alle_les("maal:m11")
    + alle_les("handlingsplan:hp")
    + alle_les("tiltak:prioritert")
    + alle_les("samanlikn:hp")
    + berre("plan:utkast", LEIARAR_OG_ADMIN, andre=404)
    + berre("maal:utkast_maal", LEIARAR_OG_ADMIN, andre=404)
    + berre("plans:plan_ny", LEIARAR_OG_ADMIN)
    + berre("plan_endre:vedteken", REDAKTORAR)
    + berre("maal_endre:m11", REDAKTORAR)
    + berre("maal_ny:vedteken", REDAKTORAR)
    + berre("strategi_ny:m1", REDAKTORAR)
    + berre("plan_strategi_ny:vedteken", REDAKTORAR)
    + berre("plan_strategi_ny:utkast", UTKAST_ENDRE, andre=404)
    + berre("strategi_endre:s1", REDAKTORAR)
    + berre("tiltak_endre:prioritert", REDAKTORAR)
    + berre("tiltak_ny:hp", REDAKTORAR)
    + berre("handlingsplan_ny:vedteken", REDAKTORAR)
    + berre("maal_import:vedteken", REDAKTORAR)
    + berre("tiltak_import:hp", REDAKTORAR)
    + berre("plan_endre:utkast", UTKAST_ENDRE, andre=404)
)

NAMN = {
    "plan": "plans:plan",
    "maal": "plans:maal",
    "handlingsplan": "plans:handlingsplan",
    "tiltak": "plans:tiltak",
    "samanlikn": "plans:samanlikn",
    "plan_endre": "plans:plan_endre",
    "maal_endre": "plans:maal_endre",
    "maal_ny": "plans:maal_ny",
    "strategi_ny": "plans:strategi_ny",
    "plan_strategi_ny": "plans:plan_strategi_ny",
    "strategi_endre": "plans:strategi_endre",
    "tiltak_endre": "plans:tiltak_endre",
    "tiltak_ny": "plans:tiltak_ny",
    "handlingsplan_ny": "plans:handlingsplan_ny",
    "maal_import": "plans:maal_import",
    "tiltak_import": "plans:tiltak_import",
}


def _url(namn, planar):
    kind, _, kva = namn.partition(":")
    if kind not in NAMN:
        return reverse(namn)
    obj = planar["tiltak"][kva] if kind in {"tiltak", "tiltak_endre"} else planar[kva]
    return reverse(NAMN[kind], args=[obj.pk])


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_get(namn, rolle, status, planar, client_as):
    assert client_as(rolle).get(_url(namn, planar)).status_code == status


@pytest.mark.parametrize(
    "namn",
    [
        "plans:handlingsplan_rull",
        "plans:maal_flytt",
        "plans:strategi_flytt",
        "plans:redaktor_legg_til",
        "plans:vedlegg_last_opp",
        "plans:maal_import_stadfest",
        "plans:tiltak_import_stadfest",
    ],
)
def test_changing_views_are_post_only(namn, planar, client_as):
    obj = {
        "plans:handlingsplan_rull": planar["hp"],
        "plans:maal_flytt": planar["m1"],
        "plans:strategi_flytt": planar["s1"],
        "plans:tiltak_import_stadfest": planar["hp"],
    }.get(namn, planar["vedteken"])
    assert client_as("administrator").get(reverse(namn, args=[obj.pk])).status_code == 405


@pytest.mark.parametrize(
    "rolle,status",
    [("medarbeidar", 403), ("politikar", 403), ("utanfor", 403), ("kommunalsjef", 302), ("anonymous", 302)],
)
def test_rolling_is_for_editors(rolle, status, planar, client_as):
    response = client_as(rolle).post(reverse("plans:handlingsplan_rull", args=[planar["hp"].pk]))
    assert response.status_code == status
    if rolle == "anonymous":
        assert "/logg-inn/" in response["Location"]


def test_a_granted_editor_sees_the_draft_and_may_edit_it(org, planar, client_as):
    medarbeidar = org["brukarar"]["medarbeidar"]
    url = reverse("plans:plan_endre", args=[planar["utkast"].pk])
    assert client_as("medarbeidar").get(url).status_code == 404
    assign_perm("plans.endre_plan", medarbeidar, planar["utkast"])
    assert client_as("medarbeidar").get(url).status_code == 200
    assert client_as("medarbeidar").get(reverse("plans:plan", args=[planar["utkast"].pk])).status_code == 200


def test_editors_grant_and_withdraw_editing_from_the_plan_page(org, planar, client_as):
    c = client_as("kommunalsjef")
    plan = planar["vedteken"]
    medarbeidar = org["brukarar"]["medarbeidar"]
    c.post(reverse("plans:redaktor_legg_til", args=[plan.pk]), {"epost": medarbeidar.email.upper()})
    assert medarbeidar.has_perm("plans.endre_plan", plan)
    assert client_as("medarbeidar").get(reverse("plans:plan_endre", args=[plan.pk])).status_code == 200
    c.post(reverse("plans:redaktor_fjern", args=[plan.pk, medarbeidar.pk]))
    # an unknown address: the page again with the address as typed and the message by the field
    svar = c.post(reverse("plans:redaktor_legg_til", args=[plan.pk]), {"epost": "ingen@alver.example"})
    assert svar.status_code == 200 and 'value="ingen@alver.example"' in svar.content.decode()
    assert svar.context["redaktor_form"].errors["epost"]
    assert client_as("medarbeidar").get(reverse("plans:plan_endre", args=[plan.pk])).status_code == 403
    # a read-only user cannot grant
    assert (
        client_as("utanfor")
        .post(reverse("plans:redaktor_legg_til", args=[plan.pk]), {"epost": org["brukarar"]["utanfor"].email})
        .status_code
        == 403
    )


def test_the_list_hides_drafts_from_those_who_may_not_see_them(planar, client_as):
    assert "Temaplan for eldre" not in client_as("medarbeidar").get(reverse("plans:index")).content.decode()
    html = client_as("tenesteleiar").get(reverse("plans:index")).content.decode()
    assert "Temaplan for eldre" in html and "ikkje vedtatt" in html


def test_plan_list_query_count_does_not_grow_with_the_plans(org, planar, client_as):
    from tests.hjelp import tal_sporjingar

    from .conftest import lag_plan

    c = client_as("medarbeidar")
    liten = tal_sporjingar(c, reverse("plans:index"))
    for i in range(40):
        lag_plan(org["einingar"]["skule"], tittel=f"Plan {i}", kode="temaplan")
    assert tal_sporjingar(c, reverse("plans:index")) == liten
