"""The Django admin answers bad input with a form, never a 500, and its change lists cost the
same number of queries however many rows they show (issue 18)."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.hjelp import tal_sporjingar


@pytest.fixture
def drift(client, org):
    client.force_login(UserFactory(namn="Drift", is_staff=True, is_superuser=True))
    return client


def test_an_org_import_is_not_added_in_the_admin(drift):
    assert drift.get(reverse("admin:alver_orgimport_add")).status_code == 403
    assert drift.get(reverse("admin:alver_orgimport_changelist")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "admin:verksemdsplan_oppdrag_add",  # maal: many-to-many autocomplete
        "admin:plans_tiltak_add",  # ansvarleg_eining: foreign-key autocomplete
        "admin:alver_eining_add",  # leiar
    ],
)
@pytest.mark.parametrize("verdi", ["abc", "1,abc", "99999999999999999999"])
def test_an_autocomplete_field_with_a_value_that_is_no_key_renders(drift, url, verdi):
    q = {"maal": verdi, "ansvarleg_eining": verdi, "leiar": verdi}
    assert drift.get(reverse(url), q).status_code == 200


def test_a_bad_autocomplete_value_posted_is_a_form_error(drift, org):
    skule = org["einingar"]["skule"]
    response = drift.post(
        reverse("admin:alver_eining_change", args=[skule.pk]),
        {
            "namn": skule.namn,
            "kode": skule.kode,
            "type": skule.type,
            "leiar": "abc",
            "_position": "first-child",
        },
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors


def test_the_oppdrag_changelist_does_not_grow_with_the_rows(drift, org):
    from verksemdsplan.models import Kategori, Oppdrag
    from verksemdsplan.services import verksemdsplan_for

    e = org["einingar"]["skule"]
    vp = verksemdsplan_for(e, 2026)

    def lag(n):
        Oppdrag.objects.bulk_create(
            Oppdrag(
                verksemdsplan=vp,
                aar=2026,
                tittel=f"O {i}",
                kategori=Kategori.objects.first(),
                eining=e,
                owner=UserFactory(),
                frist=datetime.date(2026, 12, 1),
            )
            for i in range(n)
        )

    url = reverse("admin:verksemdsplan_oppdrag_changelist")
    lag(2)
    lite = tal_sporjingar(drift, url)
    lag(40)
    assert tal_sporjingar(drift, url) == lite


def test_the_tiltak_changelist_does_not_grow_with_the_rows(drift, org):
    from plans.models import Handlingsplan, Tiltak
    from tests.plans.conftest import lag_plan

    hp = Handlingsplan.objects.create(plan=lag_plan(org["einingar"]["oppvekst"]), fra_aar=2026, til_aar=2029)
    einingar = list(org["einingar"].values())

    def lag(n, start):
        Tiltak.objects.bulk_create(
            Tiltak(
                handlingsplan=hp,
                tittel=f"T {i}",
                rekkjefolgje=i,
                ansvarleg_eining=einingar[i % len(einingar)],
            )
            for i in range(start, start + n)
        )

    url = reverse("admin:plans_tiltak_changelist")
    lag(2, 0)
    lite = tal_sporjingar(drift, url)
    lag(40, 2)
    assert tal_sporjingar(drift, url) == lite
