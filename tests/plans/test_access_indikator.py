"""The permission matrix for the indicator register and the indicators on goals."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.hjelp import alle_les, berre

# who keeps the register: those who edit plans — administrators and leaders (who may make plans)
REGISTER = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "tenesteleiar": 200}
# the adopted plan belongs to Oppvekst: its leader, the kommunedirektør above, and administrators
REDAKTORAR = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200}
# the draft belongs to Helse: leaders see it, only the administrator and the kommunedirektør edit it
UTKAST_ENDRE = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 403, "tenesteleiar": 403}

MATRIX = (
    alle_les("liste")
    + alle_les("indikator:trivsel")
    + alle_les("indikator:laus")
    + berre("ny", REGISTER)
    + berre("endre:trivsel", REGISTER)
    + berre("kople:m11", REDAKTORAR)
    + berre("kople:utkast_maal", UTKAST_ENDRE, andre=404)
    + berre("maalverdiar:kopling", REDAKTORAR)
    + berre("maalverdiar:utkast_kopling", UTKAST_ENDRE, andre=404)
)


def _url(namn, planar, indikatorar):
    kind, _, kva = namn.partition(":")
    if kind == "liste":
        return reverse("plans:indikator_liste")
    if kind == "ny":
        return reverse("plans:indikator_ny")
    if kind in ("indikator", "endre"):
        return reverse(
            f"plans:{'indikator' if kind == 'indikator' else 'indikator_endre'}", args=[indikatorar[kva].pk]
        )
    if kind == "kople":
        return reverse("plans:maal_indikator_ny", args=[planar[kva].pk])
    k = indikatorar[kva]
    return reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk])


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_get(namn, rolle, status, planar, indikatorar, client_as):
    assert client_as(rolle).get(_url(namn, planar, indikatorar)).status_code == status


@pytest.mark.parametrize(
    "rolle,status",
    [
        ("anonymous", 302),
        ("medarbeidar", 403),
        ("politikar", 403),
        ("utanfor", 403),
        ("tenesteleiar", 403),
        ("kommunalsjef", 302),
    ],
)
def test_detaching_is_for_the_plans_editors_and_post_only(rolle, status, planar, indikatorar, client_as):
    k = indikatorar["kopling"]
    url = reverse("plans:maal_indikator_fjern", args=[k.maal_id, k.pk])
    assert client_as("administrator").get(url).status_code == 405
    assert client_as(rolle).post(url).status_code == status
    assert k.maal.indikatorar.exists() == (status != 302 or rolle == "anonymous")


def test_detaching_on_a_draft_the_reader_cannot_see_is_404(planar, indikatorar, client_as):
    k = indikatorar["utkast_kopling"]
    url = reverse("plans:maal_indikator_fjern", args=[k.maal_id, k.pk])
    assert client_as("medarbeidar").post(url).status_code == 404


def test_a_link_under_another_goal_is_404(planar, indikatorar, client_as):
    k = indikatorar["kopling"]
    url = reverse("plans:maal_indikator_endre", args=[planar["m1"].pk, k.pk])
    assert client_as("kommunalsjef").get(url).status_code == 404


def test_a_granted_plan_editor_keeps_the_register_too(org, planar, indikatorar, client_as):
    url = reverse("plans:indikator_endre", args=[indikatorar["trivsel"].pk])
    assert client_as("medarbeidar").get(url).status_code == 403
    assign_perm("plans.endre_plan", org["brukarar"]["medarbeidar"], planar["vedteken"])
    assert client_as("medarbeidar").get(url).status_code == 200
    assert client_as("medarbeidar").get(reverse("plans:indikator_ny")).status_code == 200


@pytest.mark.parametrize("rolle", ["medarbeidar", "politikar", "tenesteleiar"])
def test_readers_are_shown_no_link_they_cannot_use(rolle, planar, indikatorar, client_as):
    c = client_as(rolle)
    liste = c.get(reverse("plans:indikator_liste")).content.decode()
    assert reverse("plans:indikator_liste") in c.get(reverse("plans:index")).content.decode()
    side = c.get(indikatorar["trivsel"].get_absolute_url()).content.decode()
    maal = c.get(planar["m11"].get_absolute_url()).content.decode()
    k = indikatorar["kopling"]
    if rolle != "tenesteleiar":
        assert reverse("plans:indikator_ny") not in liste
        assert reverse("plans:indikator_endre", args=[k.indikator_id]) not in side
    assert reverse("plans:maal_indikator_ny", args=[k.maal_id]) not in maal
    assert reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk]) not in maal
    assert reverse("plans:maal_indikator_fjern", args=[k.maal_id, k.pk]) not in maal
    # what they may read is there: the indicator with its targets, in Norwegian format
    assert "Del elevar som trivst" in maal and "85,5" in maal and "86,0" in maal


def test_editors_are_shown_the_links(planar, indikatorar, client_as):
    c = client_as("kommunalsjef")
    k = indikatorar["kopling"]
    maal = c.get(planar["m11"].get_absolute_url()).content.decode()
    for url in (
        reverse("plans:maal_indikator_ny", args=[k.maal_id]),
        reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk]),
        reverse("plans:maal_indikator_fjern", args=[k.maal_id, k.pk]),
    ):
        assert url in maal
    assert reverse("plans:indikator_ny") in c.get(reverse("plans:indikator_liste")).content.decode()


def test_the_indicator_page_lists_only_goals_the_reader_may_see(planar, indikatorar, client_as):
    from plans.models import MaalIndikator

    MaalIndikator.objects.create(maal=planar["utkast_maal"], indikator=indikatorar["trivsel"])
    url = indikatorar["trivsel"].get_absolute_url()
    assert "Fleire eldre bur heime" not in client_as("medarbeidar").get(url).content.decode()
    assert "Fleire eldre bur heime" in client_as("tenesteleiar").get(url).content.decode()
