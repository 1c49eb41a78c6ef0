"""A budget change that cancels or reopens an oppdrag bumps its version: an owner's form opened
before it is a conflict, not a silent revert (issue 18)."""

from django.urls import reverse

from plans.models import Tiltak
from verksemdsplan.models import Oppdrag

from .conftest import vedta
from .test_adoption import _endring

KONFLIKT = "Nokon andre lagra dette medan du skreiv"


def test_cancelling_and_reopening_by_budget_change_conflict_with_an_open_edit(
    org, okonomiplan, client_as, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    plan.refresh_from_db()
    natt = plan.tiltak.get(tittel="Nattpatrulje")
    o = Oppdrag.objects.get(kjelde_tiltak=natt)
    eigar = client_as("administrator")
    url = reverse("verksemdsplan:oppdrag_endre", args=[o.pk])
    skjema = {"tittel": o.tittel, "kategori": o.kategori_id, "frist": "2026-12-01", "status": "i_gang"}
    skjema["versjon"] = o.versjon

    with django_capture_on_commit_callbacks(execute=True):
        _endring(org, plan, "PS 60/2026", avprioriter=[natt])
    avbrote = Oppdrag.objects.get(pk=o.pk)
    assert avbrote.status == "avbrote" and avbrote.versjon == o.versjon + 1
    response = eigar.post(url, skjema)
    assert KONFLIKT in response.content.decode()
    assert Oppdrag.objects.get(pk=o.pk).status == "avbrote"

    with django_capture_on_commit_callbacks(execute=True):
        _endring(org, plan, "PS 61/2026", prioriter=[natt])
    opna = Oppdrag.objects.get(pk=o.pk)
    assert opna.status == "ikkje_starta" and opna.versjon == avbrote.versjon + 1
    response = eigar.post(url, skjema | {"status": "avbrote", "status_kommentar": "Gammalt skjema"})
    assert KONFLIKT in response.content.decode()
    assert Oppdrag.objects.get(pk=o.pk).status == "ikkje_starta"


def test_the_decision_on_a_handlingsplan_tiltak_bumps_its_version(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    for_ = dict(Tiltak.objects.values_list("tittel", "versjon"))
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    etter = dict(Tiltak.objects.values_list("tittel", "versjon"))
    assert all(etter[t] == for_[t] + 1 for t in for_)
