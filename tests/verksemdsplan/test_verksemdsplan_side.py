"""The unit's verksemdsplan page, and oppdrag given by hand (administrativt frå kommunedirektøren)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan.models import Kategori, Oppdrag

LEIARAR = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "tenesteleiar": 200}
SIDE = "/verksemdsplan/2026/2000/"

MATRIX = (
    alle_les("/verksemdsplan/", politikar=404)
    + alle_les(SIDE, politikar=404)
    + berre("/oppdrag/ny/", LEIARAR | {"politikar": 404})
)


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_access(url, rolle, status, oppdrag, client_as):
    assert client_as(rolle).get(url).status_code == status


def test_the_page_gathers_the_units_oppdrag_and_the_goals_they_follow_up(org, oppdrag, client_as):
    from plans.models import Maal, Plan, Plantype

    plan = Plan.objects.create(
        tittel="Samfunnsdelen",
        type=Plantype.objects.get(kode="samfunnsdel"),
        periode_fra=2024,
        periode_til=2035,
        status=Plan.Status.VEDTATT,
        vedtatt_dato="2024-01-01",
        ansvarleg_eining=org["einingar"]["kommune"],
    )
    maal = Maal.objects.create(plan=plan, tittel="Trygge oppvekstvilkår")
    oppdrag.maal.add(maal)
    html = client_as("medarbeidar").get(SIDE).content.decode()
    assert "Betre skulevegar" in html and "Trygge oppvekstvilkår" in html
    assert "Løpande politisk vedtak" in html  # grouped by category
    # a year before it started and another unit show neither; the next year shows it while it is open
    assert (
        "Betre skulevegar" not in client_as("medarbeidar").get("/verksemdsplan/2025/2000/").content.decode()
    )
    assert "frå 2026" in client_as("medarbeidar").get("/verksemdsplan/2027/2000/").content.decode()
    assert (
        "Betre skulevegar" not in client_as("medarbeidar").get("/verksemdsplan/2026/3000/").content.decode()
    )
    assert client_as("medarbeidar").get("/verksemdsplan/2026/9999/").status_code == 404


def test_the_index_leads_a_leader_to_their_unit(org, client_as):
    html = client_as("tenesteleiar").get("/verksemdsplan/?aar=2026").content.decode()
    assert reverse("verksemdsplan:side", args=[2026, "2100"]) in html
    svar = client_as("medarbeidar").get("/verksemdsplan/?aar=2027&eining=2101")
    assert svar.status_code == 302 and svar["Location"] == "/verksemdsplan/2027/2101/"


def test_the_kommunedirektor_gives_an_administrative_oppdrag_owned_by_the_units_leader(
    org, client_as, django_capture_on_commit_callbacks
):
    admin = Kategori.objects.get(kode="administrativt")
    with django_capture_on_commit_callbacks(execute=True):
        svar = client_as("kommunedirektor").post(
            "/oppdrag/ny/",
            {
                "tittel": "Kartlegg sjukefråvær",
                "skildring": "",
                "kategori": admin.pk,
                "eining": org["einingar"]["skule"].pk,
                "aar": 2027,
                "frist": "2027-06-30",
            },
        )
    o = Oppdrag.objects.get(tittel="Kartlegg sjukefråvær")
    assert svar.status_code == 302 and svar["Location"] == o.get_absolute_url()
    assert (o.owner, o.eining, o.aar, o.kategori) == (
        org["brukarar"]["tenesteleiar"],
        org["einingar"]["skule"],
        2027,
        admin,
    )
    assert o.verksemdsplan.eining == org["einingar"]["skule"] and o.verksemdsplan.aar == 2027
    assert [m.to for m in mail.outbox] == [[org["brukarar"]["tenesteleiar"].email]]
    assert (
        "Kartlegg sjukefråvær" in client_as("tenesteleiar").get("/verksemdsplan/2027/2100/").content.decode()
    )


def test_a_leader_gives_oppdrag_only_inside_their_units_and_never_political_categories(org, client_as):
    c = client_as("tenesteleiar")
    politisk = Kategori.objects.get(kode="politisk_vedtak")
    html = c.get("/oppdrag/ny/").content.decode()
    assert "Knarvik skule" in html and "Lindås sjukeheim" not in html
    assert str(politisk) not in html
    svar = c.post(
        "/oppdrag/ny/",
        {"tittel": "Utanfor", "kategori": politisk.pk, "eining": org["einingar"]["lindaas"].pk, "aar": 2027},
    )
    assert svar.status_code == 200
    feil = svar.context["form"].errors
    assert set(feil) == {"kategori", "eining"}
    assert not Oppdrag.objects.filter(tittel="Utanfor").exists()


def test_a_unit_without_leader_gives_an_oppdrag_without_owner(org, client_as):
    svar = client_as("administrator").post(
        "/oppdrag/ny/",
        {
            "tittel": "Ny rutine",
            "kategori": Kategori.objects.get(kode="administrativt").pk,
            "eining": org["einingar"]["knarvik"].pk,
            "aar": 2027,
        },
        follow=True,
    )
    o = Oppdrag.objects.get(tittel="Ny rutine")
    assert o.owner is None
    assert "Eininga har ingen leiar: oppdraget har ingen eigar" in svar.content.decode()


def test_a_deadline_years_away_is_refused(org, client_as):
    svar = client_as("kommunedirektor").post(
        "/oppdrag/ny/",
        {
            "tittel": "Seint",
            "kategori": Kategori.objects.get(kode="administrativt").pk,
            "eining": org["einingar"]["skule"].pk,
            "aar": 2026,
            "frist": "2030-01-01",
        },
    )
    assert "frist" in svar.context["form"].errors
    assert not Oppdrag.objects.filter(tittel="Seint").exists()


def test_the_list_filters_by_owner_name_and_unit_subtree(org, oppdrag, client_as):
    from verksemdsplan import services

    barn = services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    c = client_as("medarbeidar")
    sidene = c.get("/oppdrag/?eigarnamn=per+sk").context["side"]
    assert [o.pk for o in sidene] == [barn.pk]
    assert {o.pk for o in c.get("/oppdrag/?eining=2000").context["side"]} == {oppdrag.pk, barn.pk}
    assert [o.pk for o in c.get("/oppdrag/?eining=2100").context["side"]] == [barn.pk]
    html = c.get(f"/oppdrag/?eigar={barn.owner_id}").content.decode()
    assert f'<option value="{barn.owner_id}" selected>Per Skule</option>' in html


def test_the_page_keeps_its_query_count_for_50_and_5000_oppdrag(org, oppdrag, client_as):
    def mange(n):
        Oppdrag.objects.bulk_create(
            Oppdrag(
                verksemdsplan=oppdrag.verksemdsplan,
                aar=2026,
                tittel=f"Oppdrag {i}",
                kategori=oppdrag.kategori,
                eining=oppdrag.eining,
                owner=oppdrag.owner,
                frist=datetime.date(2026, 1 + i % 12, 10),
                parent=oppdrag if i % 3 == 0 else None,
            )
            for i in range(n)
        )

    c = client_as("medarbeidar")
    mange(49)
    liten = tal_sporjingar(c, SIDE)
    mange(4950)
    assert tal_sporjingar(c, SIDE) == liten
