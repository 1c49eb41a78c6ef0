"""Reminders: a beat task notifies owners with unreported oppdrag («rapport_frist»)
RAPPORT_PAAMINNING_DAGAR days and one day before the deadline — only those who have not
reported, and once per period and reminder day however often it runs (the notification's key).
The mail follows the owner's choice and goes after the commit, through the task queue."""

import datetime

from django.conf import settings
from django.core import mail
from django.test import TestCase

from alver import services as alver_services
from alver import tasks as alver_tasks
from alver.lib import klokke
from alver.models import Varsel
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
    Varsel.objects.all().delete()
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
    assert "2 oppdrag" in til_per.subject and "Fristen er 10. desember 2026." in til_per.subject
    assert f"{settings.ALVER_URL}/rapportering/{periode.kode}/?vis=manglar" in til_per.body
    v = Varsel.objects.get(mottakar=u["tenesteleiar"])
    assert (v.kind, v.objekt, v.url) == (
        "rapport_frist",
        periode,
        f"/rapportering/{periode.kode}/?vis=manglar",
    )


def test_the_task_reminds_and_a_second_run_sends_nothing_more(org, periode, oppdrag, fleire):
    _oppsett(org, periode, fleire)
    periode.frist = klokke.i_dag() + datetime.timedelta(days=settings.RAPPORT_PAAMINNING_DAGAR)
    periode.save()
    assert _paamin(lambda: tasks.send_paaminningar.delay().get()) == 2
    assert _paamin(lambda: tasks.send_paaminningar.delay().get()) == 0 and len(mail.outbox) == 2
    assert Varsel.objects.filter(kind="rapport_frist").count() == 2


def test_the_day_before_reminds_again_and_other_days_nothing_goes(org, periode, oppdrag, fleire):
    u = _oppsett(org, periode, fleire)
    sju = periode.frist - datetime.timedelta(days=settings.RAPPORT_PAAMINNING_DAGAR)
    assert _paamin(services.send_paaminningar, sju) == 2
    for dagar in (5, 2, 0):
        assert _paamin(services.send_paaminningar, periode.frist - datetime.timedelta(days=dagar)) == 0
    services.rapporter(
        oppdrag, periode, status="i_rute", lys="gron", kommentar="", framdrift=None, user=u["kommunalsjef"]
    )
    mail.outbox.clear()
    dagen_foer = periode.frist - datetime.timedelta(days=1)
    assert _paamin(services.send_paaminningar, dagen_foer) == 1  # a new reminder, with its own key
    assert _paamin(services.send_paaminningar, dagen_foer) == 0
    (m,) = mail.outbox
    assert m.to == [u["tenesteleiar"].email]
    assert Varsel.objects.filter(mottakar=u["tenesteleiar"], kind="rapport_frist").count() == 2


def test_a_closed_period_sends_no_reminders(org, periode, oppdrag, fleire):
    _oppsett(org, periode, fleire)
    periode.stengd = True
    periode.save()
    assert _paamin(services.send_paaminningar, periode.frist - datetime.timedelta(days=1)) == 0
    assert not mail.outbox


def test_an_owner_who_chose_no_mail_or_has_no_address_is_reminded_in_alver_only(
    org, periode, oppdrag, fleire
):
    u = _oppsett(org, periode, fleire)
    alver_services.lagre_varselval(u["tenesteleiar"], {"rapport_frist": "aldri"})
    u["kommunalsjef"].email = ""
    u["kommunalsjef"].save()
    assert _paamin(services.send_paaminningar, periode.frist - datetime.timedelta(days=1)) == 2
    assert not mail.outbox
    assert set(Varsel.objects.values_list("mottakar", flat=True)) == {
        u["tenesteleiar"].pk,
        u["kommunalsjef"].pk,
    }


def test_beat_runs_the_reminders_every_day_before_the_daily_summary():
    jobb = settings.CELERY_BEAT_SCHEDULE["paaminningar"]
    assert jobb["task"] == tasks.send_paaminningar.name
    assert (jobb["schedule"].hour, jobb["schedule"].minute) == ({6}, {35})
    assert len(jobb["schedule"].day_of_week) == 7
    assert settings.CELERY_BEAT_SCHEDULE["dagleg_samandrag"]["schedule"].hour == {7}


def test_a_mail_server_that_is_down_leaves_the_mails_pending_and_the_periodic_job_sends_them(
    org, periode, oppdrag, fleire, settings
):
    u = _oppsett(org, periode, fleire)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    dag = periode.frist - datetime.timedelta(days=1)
    assert _paamin(services.send_paaminningar, dag) == 2  # recorded; nothing raised
    assert not mail.outbox
    assert Varsel.objects.filter(kind="rapport_frist", epost_sendt_at__isnull=True).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert _paamin(services.send_paaminningar, dag) == 0  # a rerun reminds nobody twice
    Varsel.objects.update(created_at=klokke.no() - datetime.timedelta(minutes=10))
    assert alver_tasks.send_ventande_varsel.delay().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([u["kommunalsjef"].email, u["tenesteleiar"].email])
    assert not Varsel.objects.filter(epost_sendt_at__isnull=True).exists()
