"""The permission matrix for the organisation pages: url × role → status."""

import pytest
from django.urls import reverse

from alver.models import OrgImport
from tests.hjelp import alle_les, berre

BERRE_ORG_ANSVARLEGE = {"administrator": 200, "hr": 200}


MATRIX = (
    alle_les("alver:organisasjon")
    + alle_les("eining:knarvik")
    + alle_les("eining:lindaas")
    + alle_les("under:skule")
    + alle_les("person:medarbeidar")
    + alle_les("alver:profil", politikar=200)
    + berre("alver:import", BERRE_ORG_ANSVARLEGE)
    + berre("import:forhandsvis", BERRE_ORG_ANSVARLEGE)
    + berre("alver:invitasjonar", BERRE_ORG_ANSVARLEGE)
    + [("alver:login", "anonymous", 200), ("alver:login", "medarbeidar", 302)]
    + alle_les("alver:passord", politikar=200)
    + [("alver:gloymt_passord", "anonymous", 200), ("alver:gloymt_passord_sendt", "anonymous", 200)]
    + [("eining:finst_ikkje", "medarbeidar", 404), ("person:finst_ikkje", "medarbeidar", 404)]
    + [("under:finst_ikkje", "medarbeidar", 404)]
)


def _url(namn, org, import_pk):
    kind, _, kva = namn.partition(":")
    if kind == "eining":
        return reverse("alver:eining", args=["9999" if kva == "finst_ikkje" else org["einingar"][kva].kode])
    if kind == "person":
        return reverse("alver:person", args=[999999 if kva == "finst_ikkje" else org["brukarar"][kva].pk])
    if kind == "under":
        return reverse(
            "alver:eining_born", args=["9999" if kva == "finst_ikkje" else org["einingar"][kva].kode]
        )
    if kind == "import":
        return reverse("alver:import_forhandsvis", args=[import_pk])
    return reverse(namn)


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_get(namn, rolle, status, org, client_as):
    orgimport = OrgImport.objects.create(created_by=org["brukarar"]["hr"], filnamn="x.csv")
    assert client_as(rolle).get(_url(namn, org, orgimport.pk)).status_code == status


POST_MATRIX = [
    # the apply step changes the organisation: only its keepers, and only by POST
    ("medarbeidar", 403),
    ("kommunedirektor", 403),
    ("politikar", 403),
    ("anonymous", 302),
    ("hr", 302),
]


@pytest.mark.parametrize("rolle,status", POST_MATRIX)
def test_import_apply_is_for_keepers_only(rolle, status, org, client_as):
    orgimport = OrgImport.objects.create(created_by=org["brukarar"]["hr"], filnamn="x.csv")
    url = reverse("alver:import_gjennomfoer", args=[orgimport.pk])
    assert client_as(rolle).post(url).status_code == status


@pytest.mark.parametrize("url", ["alver:import_gjennomfoer", "alver:logout", "alver:spraak"])
def test_changing_views_refuse_get(url, org, client_as):
    args = (
        [OrgImport.objects.create(created_by=org["brukarar"]["hr"], filnamn="x.csv").pk]
        if url == "alver:import_gjennomfoer"
        else []
    )
    assert client_as("administrator").get(reverse(url, args=args)).status_code == 405


def test_history_is_shown_to_keepers_and_leaders_only(org, client_as):
    url = reverse("alver:eining", args=["2101"])
    assert "endringslogg" in client_as("tenesteleiar").get(url).content.decode()
    assert "endringslogg" in client_as("hr").get(url).content.decode()
    assert "endringslogg" not in client_as("medarbeidar").get(url).content.decode()
    assert "endringslogg" not in client_as("utanfor").get(url).content.decode()


@pytest.mark.parametrize(
    "rolle,status",
    [
        ("hr", 302),
        ("administrator", 302),
        ("kommunedirektor", 403),
        ("kommunalsjef", 403),
        ("medarbeidar", 403),
        ("politikar", 403),
        ("anonymous", 302),
    ],
)
def test_naming_a_new_leader_is_for_keepers_only(rolle, status, org, client_as):
    skule = org["einingar"]["skule"]
    ny = org["brukarar"]["medarbeidar"]
    response = client_as(rolle).post(
        reverse("alver:eining_leiar", args=[skule.kode]),
        {"leiar": ny.pk, "grunn": "Tilsett", "gammal": skule.leiar_id},
    )
    assert response.status_code == status
    skule.refresh_from_db()
    assert (skule.leiar == ny) == (rolle in ("hr", "administrator"))


def test_naming_a_leader_refuses_get(org, client_as):
    url = reverse("alver:eining_leiar", args=[org["einingar"]["skule"].kode])
    assert client_as("hr").get(url).status_code == 405


@pytest.mark.parametrize("rolle,ser", [("hr", False), ("administrator", False), ("stab", True)])
def test_the_admin_link_on_a_unit_shows_only_to_those_the_admin_lets_in(rolle, ser, org, client_as, client):
    """HR keep the organisation on our own pages but are not staff: the link was a dead end."""
    from tests.factories import UserFactory

    url = reverse("alver:eining", args=[org["einingar"]["skule"].kode])
    if rolle == "stab":
        client.force_login(UserFactory(namn="Drift", is_staff=True, is_superuser=True))
        c = client
    else:
        c = client_as(rolle)
    html = c.get(url).content.decode()
    assert ("Endre på administrasjonssida" in html) is ser
    if ser:
        assert (
            c.get(reverse("admin:alver_eining_change", args=[org["einingar"]["skule"].pk])).status_code == 200
        )
