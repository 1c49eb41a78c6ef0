"""Alver's own background tasks: the runner of every recorded job and its sweep
(`alver.lib.oppgaver`), one e-mail (`alver.lib.epost`), and the e-mail of a notification
(`services.varsle` queues it by name, so this module is imported in `AppConfig.ready()`)."""

import logging
import smtplib

from celery import shared_task
from django.core.mail import send_mail

from alver.lib import oppgaver

from . import services

log = logging.getLogger(__name__)

# a mail server that is down: the notification is kept, its mail tried again later
Epostfeil = (smtplib.SMTPException, OSError)


@shared_task(bind=True, name=oppgaver.KOYR_JOBB)
def koyr_jobb(self, jobb_pk):
    """Run one recorded job (`alver.models.Jobb`), with a heartbeat when in a worker."""
    return oppgaver.koyr(jobb_pk, hjarteslag=not self.request.is_eager)


@shared_task
def sveip_jobbar():
    """Run by Celery beat every minute: queue again the jobs the broker never got or whose worker died."""
    return oppgaver.sveip()


@shared_task
def send_epost(mottakarar, emne, kropp):
    """Send one mail; an error is raised for the job's runner to log and try again later."""
    return send_mail(emne, kropp, None, mottakarar)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_varsel(self, varsel_pk):
    """E-mail one notification (a second run sends nothing). A mail error never reaches the
    action that notified: queued as a job (`etter_commit`), its error is logged and the job
    waits for the sweep, which tries again with a growing wait; the notification stays unsent
    meanwhile. Queued directly under a broker, the task retries itself (1, 2, 4, 8, 16 minutes)."""
    try:
        return services.send_varsel_epost(varsel_pk)
    except Epostfeil as exc:
        log.warning("Could not e-mail notification %s: %s", varsel_pk, exc)
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return False
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


def _send_epostar(pks):
    """Mail each notification once; stop at the first mail error (the server is down: the
    periodic `send_ventande_varsel` sends the rest when it is back). Returns how many went."""
    sendt = 0
    for pk in pks:
        try:
            sendt += services.send_varsel_epost(pk)
        except Epostfeil as exc:
            log.warning("Could not e-mail notification %s; the periodic job tries again: %s", pk, exc)
            break
    return sendt


@shared_task
def send_varslar(varsel_pks):
    """E-mail the notifications `services.varsle_mange` made, each once (a rerun sends what is
    left). Stops at the first mail error, as `send_ventande_varsel` does: the server is down,
    and that job sends the rest when it is back. Returns how many went."""
    return _send_epostar(varsel_pks)


@shared_task(bind=True, max_retries=3)
def send_dagleg_samandrag(self):
    """Run by Celery beat at 07:00: each person who chose a daily summary for some kinds gets
    one mail listing those notifications (`services.send_dagleg_samandrag`). A mail that failed
    leaves that person's notifications unsent; under a broker the task runs again in half an
    hour for them (the others are marked sent and not mailed twice). Returns how many went."""
    sendt, feila = services.send_dagleg_samandrag()
    if feila and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=30 * 60)
    return sendt


@shared_task
def inviter_utan_passord(avsendar_pk):
    """HR's «invite everyone without a password» (`services.inviter_alle`)."""
    return services.inviter_utan_passord()


@shared_task
def send_ventande_varsel():
    """Run by Celery beat: send the notifications whose mail has not gone (the mail server was
    down), younger than a day. Stops at the first mail error: the server is still down, and
    the next run tries again. Returns how many went."""
    return _send_epostar(services.ventande_varsel().values_list("pk", flat=True)[:500])
