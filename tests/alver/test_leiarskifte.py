"""A unit's new leader: every path (the unit page, the admin site, the HR import) goes through
one service that keeps history and announces `leiar_endra`."""

import pytest
from django.urls import reverse

from alver import services
from alver.models import Eining
from alver.signals import leiar_endra
from tests.factories import UserFactory


@pytest.fixture
def signalar():
    motteke = []

    def lytt(sender, **kwargs):
        motteke.append(kwargs)

    leiar_endra.connect(lytt)
    yield motteke
    leiar_endra.disconnect(lytt)


def test_the_unit_page_form_sends_the_signal_with_history(org, client_as, signalar):
    skule, ny = org["einingar"]["skule"], org["brukarar"]["medarbeidar"]
    response = client_as("hr").post(
        reverse("alver:eining_leiar", args=[skule.kode]),
        {"leiar": ny.pk, "grunn": "Tilsett frå 1. mars", "gammal": skule.leiar_id},
    )
    assert response.status_code == 302
    skule.refresh_from_db()
    assert skule.leiar == ny
    assert skule.history.first().history_change_reason == "Tilsett frå 1. mars"
    assert skule.history.first().history_user == org["brukarar"]["hr"]
    assert len(signalar) == 1
    s = signalar[0]
    assert (s["eining"], s["gammal_leiar"], s["ny_leiar"], s["user"]) == (
        skule,
        org["brukarar"]["tenesteleiar"],
        ny,
        org["brukarar"]["hr"],
    )


def test_the_form_is_on_the_unit_page_for_keepers_only(org, client_as):
    url = reverse("alver:eining", args=["2100"])
    handling = reverse("alver:eining_leiar", args=["2100"])
    assert handling in client_as("hr").get(url).content.decode()
    assert handling not in client_as("kommunedirektor").get(url).content.decode()
    assert handling not in client_as("medarbeidar").get(url).content.decode()


def test_a_reason_is_required_and_the_choice_stays(org, client_as, signalar):
    skule, ny = org["einingar"]["skule"], org["brukarar"]["medarbeidar"]
    response = client_as("hr").post(
        reverse("alver:eining_leiar", args=[skule.kode]),
        {"leiar": ny.pk, "grunn": " ", "gammal": skule.leiar_id},
    )
    assert response.status_code == 200
    form = response.context["leiar_form"]
    assert "grunn" in form.errors and form["leiar"].value() == str(ny.pk)
    skule.refresh_from_db()
    assert skule.leiar == org["brukarar"]["tenesteleiar"] and not signalar


def test_a_leader_changed_meanwhile_is_not_overwritten(org, client_as, signalar):
    skule = org["einingar"]["skule"]
    services.sett_leiar(skule, org["brukarar"]["utanfor"], user=org["brukarar"]["hr"], grunn="Mellombels")
    response = client_as("hr").post(
        reverse("alver:eining_leiar", args=[skule.kode]),
        {
            "leiar": org["brukarar"]["medarbeidar"].pk,
            "grunn": "Tilsett",
            "gammal": org["brukarar"]["tenesteleiar"].pk,
        },
    )
    assert response.status_code == 200
    assert "leiar" in response.context["leiar_form"].errors
    skule.refresh_from_db()
    assert skule.leiar == org["brukarar"]["utanfor"]
    assert len(signalar) == 1  # only the first change


def test_the_admin_site_goes_through_the_service(org, client, signalar):
    admin = UserFactory(namn="Superbrukar", is_staff=True, is_superuser=True)
    client.force_login(admin)
    skule, ny = org["einingar"]["skule"], org["brukarar"]["medarbeidar"]
    forelder = org["einingar"]["oppvekst"]
    response = client.post(
        reverse("admin:alver_eining_change", args=[skule.pk]),
        {
            "namn": "Skule",
            "kode": skule.kode,
            "type": skule.type,
            "leiar": ny.pk,
            "gyldig_fra": "",
            "gyldig_til": "",
            "treebeard_position": "first-child",
            "treebeard_ref_node": forelder.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    skule.refresh_from_db()
    assert skule.leiar == ny
    assert [(s["eining"], s["gammal_leiar"], s["ny_leiar"]) for s in signalar] == [
        (skule, org["brukarar"]["tenesteleiar"], ny)
    ]
    assert skule.history.first().history_user == admin


def test_the_hr_import_sends_one_signal_per_changed_unit_in_bulk(org, signalar):
    ny = org["brukarar"]["medarbeidar"]
    rader = [
        {"rad": 2, "kode": "2100", "namn": "Skule", "overordna": "2000", "leiar_epost": ny.email},
        {"rad": 3, "kode": "3100", "namn": "Sjukeheimar", "overordna": "3000", "leiar_epost": ny.email},
        {"rad": 4, "kode": "2101", "namn": "Knarvik skule", "overordna": "2100", "leiar_epost": ""},
    ]
    services.gjennomfoer(rader, [], user=org["brukarar"]["hr"])
    assert Eining.objects.get(kode="2100").leiar == ny
    endra = {s["eining"].kode: (s["gammal_leiar"], s["ny_leiar"]) for s in signalar}
    assert endra == {"2100": (org["brukarar"]["tenesteleiar"], ny), "3100": (None, ny)}
    assert all(s["user"] == org["brukarar"]["hr"] for s in signalar)
