"""Tasks are recorded as jobs and queued when the transaction commits, and a broker that is down
is logged, not an error: the change is saved and its job stays behind to be run again."""

import datetime
import logging

import pytest
from celery import shared_task
from django.db import transaction

from alver.lib import klokke, oppgaver
from alver.models import Jobb

koyrt = []


@shared_task(name="tests.alver.test_oppgaver.merk")
def merk(*args):
    koyrt.append(args)
    return len(koyrt)


@pytest.fixture(autouse=True)
def _tom():
    koyrt.clear()


def test_queued_on_commit_and_not_on_rollback(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        oppgaver.etter_commit(merk, 1, 2)
        assert koyrt == []  # not before the commit
    assert koyrt == [(1, 2)]
    with django_capture_on_commit_callbacks(execute=True) as tilbakekall:
        try:
            with transaction.atomic():
                oppgaver.etter_commit(merk, 3)
                raise RuntimeError
        except RuntimeError:
            pass
    assert tilbakekall == [] and koyrt == [(1, 2)]


def test_a_task_by_name(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        oppgaver.etter_commit("tests.alver.test_oppgaver.merk", 7)
    assert koyrt == [(7,)]
    with pytest.raises(LookupError, match="ingen.slik"):
        oppgaver.etter_commit("ingen.slik")


def test_a_broker_that_is_down_is_logged_not_raised(
    db, brokar_nede, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="alver.lib.oppgaver"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        oppgaver.etter_commit(merk, 5)
    assert koyrt == []
    assert "Could not queue tests.alver.test_oppgaver.merk(5,)" in caplog.text


def test_errors_of_the_task_itself_are_logged_and_the_job_waits_without_a_broker(
    db, django_capture_on_commit_callbacks, caplog
):
    """Without a broker the job runs in the request, once: its error is the job's, not the
    request's, and the job waits for the sweep (not tried again inside the request)."""

    @shared_task(name="tests.alver.test_oppgaver.feil")
    def feil():
        koyrt.append("feil")
        raise ValueError("the task's own error")

    with django_capture_on_commit_callbacks(execute=True):
        jobb = oppgaver.etter_commit(feil)
    jobb.refresh_from_db()
    assert koyrt == ["feil"]
    assert (jobb.status, jobb.forsok) == (Jobb.Status.VENTAR, 1)
    assert "ValueError: the task's own error" in jobb.feil and "failed on attempt 1" in caplog.text


def test_the_sweep_deletes_done_jobs_after_a_month_and_keeps_the_rest(db):
    gamal = klokke.verkeleg() - oppgaver.BEHALD_FERDIGE - datetime.timedelta(days=1)
    ny = klokke.verkeleg() - datetime.timedelta(days=1)
    lagd = {
        (status, naar): Jobb.objects.create(
            oppgave="tests.alver.test_oppgaver.merk", status=status, updated_at=naar
        )
        for status in (Jobb.Status.FERDIG, Jobb.Status.FEILA)
        for naar in (gamal, ny)
    }
    oppgaver.sveip()
    att = set(Jobb.objects.values_list("pk", flat=True))
    assert lagd[(Jobb.Status.FERDIG, gamal)].pk not in att  # done and old: gone
    assert {
        lagd[k].pk for k in lagd if k != (Jobb.Status.FERDIG, gamal)
    } <= att  # failed ones stay for an operator


@shared_task(name="tests.alver.test_oppgaver.send_vidare")
def send_vidare(til):
    """A job that queues another (as a notification queues its mail)."""
    oppgaver.etter_commit(merk, til)


def test_a_job_run_again_after_its_worker_died_does_not_queue_its_work_twice(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        foreldre = oppgaver.etter_commit(send_vidare, "ola@testvik.no")
    assert koyrt == [("ola@testvik.no",)]
    barn = Jobb.objects.get(oppgave="tests.alver.test_oppgaver.merk")
    assert barn.forelder == foreldre and barn.status == Jobb.Status.FERDIG
    # the worker died after the child was queued, before the parent was marked done
    gammal = klokke.verkeleg() - datetime.timedelta(hours=1)
    Jobb.objects.filter(pk=foreldre.pk).update(
        status=Jobb.Status.KOYRER, hjarteslag=gammal, updated_at=gammal
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert oppgaver.sveip() == 1
    foreldre.refresh_from_db()
    assert foreldre.status == Jobb.Status.FERDIG and foreldre.forsok == 2
    assert koyrt == [("ola@testvik.no",)]  # no second mail
    assert Jobb.objects.filter(oppgave="tests.alver.test_oppgaver.merk").count() == 1
    # outside a job, the same work queued twice is two jobs: only a rerun is deduplicated
    with django_capture_on_commit_callbacks(execute=True):
        oppgaver.etter_commit(merk, "ola@testvik.no")
    assert len(koyrt) == 2
