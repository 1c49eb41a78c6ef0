"""Reminders: a beat task e-mails owners with unreported oppdrag N days before the deadline
and on it — only those who have not reported, and once per day however often it runs."""

import datetime

from django.conf import settings
from django.core import mail

from alver.lib import klokke
from alver.models import Paaminning
from reporting import services, tasks


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
    assert services.send_paaminningar(dag) == 2
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
    assert tasks.send_paaminningar.delay().get() == 2
    assert tasks.send_paaminningar.delay().get() == 0 and len(mail.outbox) == 2
    assert Paaminning.objects.filter(dato=klokke.i_dag()).count() == 2


def test_on_the_deadline_the_mail_says_today_and_other_days_nothing_goes(org, periode, oppdrag, fleire):
    u = _oppsett(org, periode, fleire)
    assert services.send_paaminningar(periode.frist - datetime.timedelta(days=1)) == 0
    services.rapporter(
        oppdrag, periode, status="i_rute", lys="gron", kommentar="", framdrift=None, user=u["kommunalsjef"]
    )
    assert services.send_paaminningar(periode.frist) == 1
    (m,) = mail.outbox
    assert m.to == [u["tenesteleiar"].email] and "i dag" in m.subject


def test_a_closed_period_sends_no_reminders(org, periode, oppdrag, fleire):
    _oppsett(org, periode, fleire)
    periode.stengd = True
    periode.save()
    assert services.send_paaminningar(periode.frist) == 0 and not mail.outbox


def test_beat_runs_the_reminders_every_day():
    jobb = settings.CELERY_BEAT_SCHEDULE["paaminningar"]
    assert jobb["task"] == tasks.send_paaminningar.name
    assert jobb["schedule"].hour == {7} and len(jobb["schedule"].day_of_week) == 7


def test_a_failing_mail_does_not_stop_the_others_and_is_tried_again(
    org, periode, oppdrag, fleire, monkeypatch
):
    import smtplib

    from reporting import services as tenester

    u = _oppsett(org, periode, fleire)
    ekte = tenester.send_mail

    def send(emne, kropp, fra, til):
        if til == [u["kommunalsjef"].email]:
            raise smtplib.SMTPServerDisconnected("borte")
        return ekte(emne, kropp, fra, til)

    monkeypatch.setattr(tenester, "send_mail", send)
    assert services.send_paaminningar(periode.frist) == 1
    assert [m.to for m in mail.outbox] == [[u["tenesteleiar"].email]]
    assert not Paaminning.objects.filter(user=u["kommunalsjef"]).exists()  # not recorded: tried again
    monkeypatch.setattr(tenester, "send_mail", ekte)
    assert services.send_paaminningar(periode.frist) == 1 and mail.outbox[-1].to == [u["kommunalsjef"].email]
