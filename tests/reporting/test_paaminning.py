"""Reminders: a beat task e-mails owners with unreported oppdrag N days before the deadline
and on it — only those who have not reported, and once per day however often it runs."""

import datetime

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from alver.lib import klokke
from alver.models import Jobb, Paaminning
from reporting import services, tasks


def _paamin(fn, *args):
    """Run the reminders and what they queue when their transaction commits (the mails, at once
    without a broker)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args)


def _oppsett(org, periode, fleire):
    e, u = org["einingar"], org["brukarar"]
    fleire(e["skule"], u["tenesteleiar"], "Skuleskyss")
    fleire(e["skule"], u["tenesteleiar"], "Leksehjelp")
    ferdig = fleire(e["helse"], e["helse"].leiar, "Velferdsteknologi")
    services.rapporter(
        ferdig, periode, status="i_rute", lys="gron", kommentar="", framdrift=None, user=e["helse"].leiar
    )
    mail.outbox.clear()  # the mails telling the owners of their new oppdrag
    return u


def test_only_those_who_have_not_reported_are_reminded_before_the_deadline(
    org, periode, oppdrag, fleire, settings
):
    u = _oppsett(org, periode, fleire)
    settings.RAPPORT_PAAMINNING_DAGAR = 3
    dag = periode.frist - datetime.timedelta(days=3)
    assert _paamin(services.send_paaminningar, dag) == 2
    mottakarar = sorted(m.to[0] for m in mail.outbox)
    assert mottakarar == sorted([u["kommunalsjef"].email, u["tenesteleiar"].email])  # not Helse: reported
    til_per = next(m for m in mail.outbox if m.to == [u["tenesteleiar"].email])
    assert "2 oppdrag" in til_per.body and periode.frist.strftime("%-d.%-m.%Y") in til_per.subject
    assert f"{settings.ALVER_URL}/rapportering/{periode.kode}/?vis=manglar" in til_per.body


def test_the_task_reminds_today_and_a_second_run_sends_nothing_more(org, periode, oppdrag, fleire, settings):
    _oppsett(org, periode, fleire)
    settings.RAPPORT_PAAMINNING_DAGAR = 3
    periode.frist = klokke.i_dag() + datetime.timedelta(days=3)
    periode.save()
    assert _paamin(lambda: tasks.send_paaminningar.delay().get()) == 2
    assert _paamin(lambda: tasks.send_paaminningar.delay().get()) == 0 and len(mail.outbox) == 2
    assert Paaminning.objects.filter(dato=klokke.i_dag()).count() == 2


def test_on_the_deadline_the_mail_says_today_and_other_days_nothing_goes(org, periode, oppdrag, fleire):
    u = _oppsett(org, periode, fleire)
    assert _paamin(services.send_paaminningar, periode.frist - datetime.timedelta(days=1)) == 0
    services.rapporter(
        oppdrag, periode, status="i_rute", lys="gron", kommentar="", framdrift=None, user=u["kommunalsjef"]
    )
    assert _paamin(services.send_paaminningar, periode.frist) == 1
    (m,) = mail.outbox
    assert m.to == [u["tenesteleiar"].email] and "i dag" in m.subject


def test_a_closed_period_sends_no_reminders(org, periode, oppdrag, fleire):
    _oppsett(org, periode, fleire)
    periode.stengd = True
    periode.save()
    assert _paamin(services.send_paaminningar, periode.frist) == 0 and not mail.outbox


def test_beat_runs_the_reminders_every_day():
    jobb = settings.CELERY_BEAT_SCHEDULE["paaminningar"]
    assert jobb["task"] == tasks.send_paaminningar.name
    assert jobb["schedule"].hour == {7} and len(jobb["schedule"].day_of_week) == 7


def test_a_mail_server_that_is_down_leaves_the_mails_pending_and_the_sweep_sends_them(
    org, periode, oppdrag, fleire, settings
):
    u = _oppsett(org, periode, fleire)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    settings.JOBB_HJARTESLAG_SEKUND = 1
    assert _paamin(services.send_paaminningar, periode.frist) == 2  # recorded; nothing raised
    assert Paaminning.objects.count() == 2 and not mail.outbox
    ventar = Jobb.objects.filter(oppgave="alver.tasks.send_epost", status=Jobb.Status.VENTAR)
    assert ventar.count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert _paamin(services.send_paaminningar, periode.frist) == 0  # a rerun reminds nobody twice
    Jobb.objects.update(
        ikkje_foer=None, updated_at=Jobb.objects.first().updated_at - datetime.timedelta(seconds=5)
    )
    call_command("jobbar", "--sveip")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([u["kommunalsjef"].email, u["tenesteleiar"].email])
    assert not ventar.exists()
