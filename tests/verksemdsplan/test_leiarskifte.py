"""A unit's new leader takes over the old leader's open oppdrag there in one confirmation;
delegations stay as they are."""

import pytest
from django.urls import reverse

from alver import services as org_tenester
from tests.factories import UserFactory
from tests.hjelp import berre, tal_sporjingar
from verksemdsplan import services
from verksemdsplan.models import Leiarskifte, Oppdrag


@pytest.fixture
def skifte(org, oppdrag):
    """Oppvekst gets a new kommunalsjef while the old one owns an oppdrag with a delegation."""
    gammal = org["brukarar"]["kommunalsjef"]
    barn = services.deleger(oppdrag, til=org["brukarar"]["tenesteleiar"], frist=None, notat="", user=gammal)
    ferdig = services.lag_oppdrag(
        eining=org["einingar"]["oppvekst"],
        aar=2026,
        user=gammal,
        tittel="Alt gjort",
        kategori=oppdrag.kategori,
    )
    Oppdrag.objects.filter(pk=ferdig.pk).update(status=Oppdrag.Status.FULLFORT)
    ny = UserFactory(namn="Nina Nyleiar", eining=org["einingar"]["oppvekst"])
    org_tenester.sett_leiar(org["einingar"]["oppvekst"], ny, user=org["brukarar"]["hr"], grunn="Tilsett")
    return {"skifte": Leiarskifte.objects.get(), "ny": ny, "barn": barn, "ferdig": ferdig, "gammal": gammal}


MATRIX = berre(
    "vis",
    {"administrator": 200, "kommunedirektor": 200, "politikar": 404},
    andre=404,
)


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_who_sees_a_change_of_leader(namn, rolle, status, skifte, client_as):
    url = reverse("verksemdsplan:leiarskifte", args=[skifte["skifte"].pk])
    assert client_as(rolle).get(url).status_code == status


def test_the_new_leader_is_offered_the_takeover_on_mi_side_and_the_unit_pages(org, skifte, client):
    client.force_login(skifte["ny"])
    ta_over = reverse("verksemdsplan:ta_over", args=[skifte["skifte"].pk])
    assert ta_over in client.get(reverse("reporting:mi_side")).content.decode()
    assert ta_over in client.get(reverse("alver:eining", args=["2000"])).content.decode()
    assert ta_over in client.get(reverse("verksemdsplan:side", args=[2026, "2000"])).content.decode()
    assert client.get(reverse("verksemdsplan:leiarskifte", args=[skifte["skifte"].pk])).status_code == 200


def test_one_post_takes_over_the_open_ones_and_leaves_delegations(org, oppdrag, skifte, client, client_as):
    url = reverse("verksemdsplan:ta_over", args=[skifte["skifte"].pk])
    assert client_as("kommunedirektor").post(url).status_code == 403
    assert client_as("kommunalsjef").post(url).status_code == 404  # the old leader no longer leads it
    client.force_login(skifte["ny"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    oppdrag.refresh_from_db()
    assert oppdrag.owner == skifte["ny"]
    assert "Ola Oppvekst" in oppdrag.history.first().history_change_reason
    assert oppdrag.history.first().history_user == skifte["ny"]
    barn = Oppdrag.objects.get(pk=skifte["barn"].pk)
    assert (barn.owner, barn.parent_id) == (org["brukarar"]["tenesteleiar"], oppdrag.pk)
    assert Oppdrag.objects.get(pk=skifte["ferdig"].pk).owner == skifte["gammal"]  # done: left as it was
    # a second submit stores nothing more
    historikk = oppdrag.history.count()
    assert client.post(url).status_code == 302
    assert oppdrag.history.count() == historikk
    assert Leiarskifte.objects.get().teke_over_at is not None
    assert ta_over_lenkje(client, url) is False


def ta_over_lenkje(client, url):
    return url in client.get(reverse("reporting:mi_side")).content.decode()


def test_an_offer_not_taken_passes_to_the_next_leader(org, oppdrag, skifte):
    neste = UserFactory(namn="Nils Neste")
    org_tenester.sett_leiar(org["einingar"]["oppvekst"], neste, user=org["brukarar"]["hr"], grunn="Bytte")
    s = Leiarskifte.objects.get()
    assert (s.gammal_leiar, s.ny_leiar) == (skifte["gammal"], neste)
    services.ta_over(s, user=neste)
    oppdrag.refresh_from_db()
    assert oppdrag.owner == neste


def test_the_import_and_the_admin_paths_record_the_takeover_too(org, oppdrag):
    ny = UserFactory(namn="Ivar Import")
    org_tenester.gjennomfoer(
        [{"rad": 2, "kode": "2000", "namn": "Oppvekst", "overordna": "1000", "leiar_epost": ny.email}],
        [],
        user=org["brukarar"]["hr"],
    )
    s = Leiarskifte.objects.get()
    assert (s.eining, s.gammal_leiar, s.ny_leiar) == (
        org["einingar"]["oppvekst"],
        org["brukarar"]["kommunalsjef"],
        ny,
    )
    assert list(s.oppdrag()) == [oppdrag]


def test_nothing_to_hand_over_records_nothing(org):
    org_tenester.sett_leiar(org["einingar"]["helse"], UserFactory(), user=org["brukarar"]["hr"], grunn="Ny")
    assert not Leiarskifte.objects.exists()


def test_the_takeover_page_has_a_query_budget(org, oppdrag, skifte, client):
    client.force_login(skifte["ny"])
    url = reverse("verksemdsplan:leiarskifte", args=[skifte["skifte"].pk])
    faa = tal_sporjingar(client, url)
    for i in range(60):
        services.lag_oppdrag(
            eining=org["einingar"]["oppvekst"],
            aar=2026,
            user=skifte["gammal"],
            tittel=f"O {i}",
            kategori=oppdrag.kategori,
        )
    Oppdrag.objects.filter(eining=org["einingar"]["oppvekst"], owner=skifte["ny"]).update(
        owner=skifte["gammal"]
    )
    assert skifte["skifte"].oppdrag().count() > 50
    assert tal_sporjingar(client, url) == faa
