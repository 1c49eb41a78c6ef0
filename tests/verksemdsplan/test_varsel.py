"""Who hears what about an oppdrag: the delegate of a new task, the owner and the one who
delegated of a new status (never the person who made the change), and the deadlines of oppdrag
and milestones 7 days and 1 day ahead — once, however often the daily job runs."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alver.lib import klokke
from alver.models import Varsel
from verksemdsplan import services, tasks
from verksemdsplan.models import Kategori, Milepael, Oppdrag


@pytest.fixture
def barn(org, oppdrag, django_capture_on_commit_callbacks):
    """The fixture's oppdrag (owned by the kommunalsjef) delegated to the tenesteleiar."""
    Varsel.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        b = services.deleger(
            oppdrag,
            til=org["brukarar"]["tenesteleiar"],
            frist=None,
            notat="",
            user=org["brukarar"]["kommunalsjef"],
        )
    return b


def test_the_delegate_is_told_with_a_link_and_the_delegator_is_not(org, barn):
    (v,) = Varsel.objects.all()
    assert (v.mottakar, v.kind, v.url) == (
        org["brukarar"]["tenesteleiar"],
        "nytt_oppdrag",
        barn.get_absolute_url(),
    )
    assert v.tekst == "Nytt oppdrag: Betre skulevegar"
    (m,) = mail.outbox
    assert m.to == [org["brukarar"]["tenesteleiar"].email] and barn.get_absolute_url() in m.body


def test_a_status_set_by_the_delegate_tells_the_one_who_delegated(
    org, barn, client_as, django_capture_on_commit_callbacks
):
    Varsel.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        r = client_as("tenesteleiar").post(
            reverse("verksemdsplan:oppdrag_endre", args=[barn.pk]),
            {
                "frist": "2026-11-01",
                "status": "forseinka",
                "status_kommentar": "Ventar på fylket",
                "versjon": barn.versjon,
            },
        )
    assert r.status_code == 302
    (v,) = Varsel.objects.all()
    assert (v.mottakar, v.kind) == (org["brukarar"]["kommunalsjef"], "status_endra")
    assert v.tekst == "Per Skule endra statusen til «Betre skulevegar» frå «ikkje starta» til «forseinka»."
    # the delegator opens it from the notification list: it is their delegated task
    assert client_as("kommunalsjef").get(v.url).status_code == 200


def test_a_status_set_by_the_delegator_tells_the_delegate(org, barn, django_capture_on_commit_callbacks):
    Varsel.objects.all().delete()
    barn.status = Oppdrag.Status.I_GANG
    with django_capture_on_commit_callbacks(execute=True):
        services.endre(barn, barn.versjon, user=org["brukarar"]["kommunalsjef"])
    assert list(Varsel.objects.values_list("mottakar", "kind")) == [
        (org["brukarar"]["tenesteleiar"].pk, "status_endra")
    ]


def test_saving_without_a_new_status_tells_nobody(org, barn):
    Varsel.objects.all().delete()
    barn.skildring = "Meir tekst"
    services.endre(barn, barn.versjon, user=org["brukarar"]["tenesteleiar"])
    assert not Varsel.objects.exists()


def test_deadlines_seven_days_and_one_day_ahead_once_each(org, oppdrag, django_capture_on_commit_callbacks):
    Varsel.objects.all().delete()
    mail.outbox.clear()
    sjef, leiar = org["brukarar"]["kommunalsjef"], org["brukarar"]["tenesteleiar"]
    oppdrag.frist = datetime.date(2026, 12, 8)  # a week after 1 December
    oppdrag.save()
    m = Milepael.objects.create(
        oppdrag=oppdrag, tittel="Kartlegging", dato=datetime.date(2026, 12, 2), ansvarleg_person=leiar
    )
    Milepael.objects.create(
        oppdrag=oppdrag,
        tittel="Ferdig alt",
        dato=datetime.date(2026, 12, 2),
        ferdig_dato=datetime.date(2026, 11, 1),
    )
    dag = datetime.date(2026, 12, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.varsle_fristar(dag) == 2
    got = {(v.mottakar_id, v.noekkel): v.tekst for v in Varsel.objects.filter(kind="frist_snart")}
    assert got == {
        (
            sjef.pk,
            f"frist7:oppdrag:{oppdrag.pk}:2026-12-08",
        ): "Fristen for «Betre skulevegar» er om 7 dagar, 8. desember 2026.",
        (
            leiar.pk,
            f"frist1:milepael:{m.pk}:2026-12-02",
        ): "Milepælen «Kartlegging» i «Betre skulevegar» har frist i morgon, 2. desember 2026.",
    }
    assert sorted(x.to[0] for x in mail.outbox) == sorted([sjef.email, leiar.email])
    # the job runs again the same day: nothing new
    assert services.varsle_fristar(dag) == 0
    # a day before the oppdrag's deadline is its own reminder; a moved deadline is a new event
    assert services.varsle_fristar(datetime.date(2026, 12, 7)) == 1
    oppdrag.frist = datetime.date(2026, 12, 14)
    oppdrag.save()
    assert services.varsle_fristar(datetime.date(2026, 12, 7)) == 1
    assert Varsel.objects.filter(kind="frist_snart").count() == 4


def test_done_cancelled_or_withdrawn_oppdrag_have_no_deadline_reminders(org, oppdrag):
    Varsel.objects.all().delete()
    oppdrag.frist = datetime.date(2026, 12, 8)
    oppdrag.status = Oppdrag.Status.FULLFORT
    oppdrag.save()
    assert services.varsle_fristar(datetime.date(2026, 12, 1)) == 0


def test_the_beat_task_uses_todays_date(org, oppdrag):
    Varsel.objects.all().delete()
    oppdrag.frist = klokke.i_dag() + datetime.timedelta(days=1)
    oppdrag.save()
    assert tasks.varsle_fristar.delay().get() == 1
    assert tasks.varsle_fristar.delay().get() == 0


def test_the_deadline_job_costs_the_same_for_many_oppdrag(org, oppdrag, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def kostnad(dag):
        with CaptureQueriesContext(connection) as q, TestCase.captureOnCommitCallbacks(execute=False):
            services.varsle_fristar(dag)
        return len(q)

    def lag(n, frist):
        for i in range(n):
            services.lag_oppdrag(
                eining=org["einingar"]["skule"],
                aar=2026,
                user=org["brukarar"]["tenesteleiar"],
                tittel=f"Oppdrag {frist} {i}",
                kategori=Kategori.objects.get(kode="administrativt"),
                frist=frist,
            )

    lag(2, datetime.date(2026, 12, 8))
    lag(20, datetime.date(2026, 12, 9))
    Varsel.objects.all().delete()
    assert kostnad(datetime.date(2026, 12, 1)) == kostnad(datetime.date(2026, 12, 2))
    assert Varsel.objects.filter(kind="frist_snart").count() == 22
