"""Reminders sent at most once per person, subject and day, for any app (a beat job that runs
twice reminds once). The reminder is recorded and its mail queued in one transaction
(`alver.lib.epost.send_epost`, an outbox: a mail server that is down leaves the mail pending
for the sweep, never the reminder unrecorded). Should `send()` itself fail, the reminder is
logged and not recorded, so the next run tries that person again, and the caller goes on with
the others.

    def send():
        send_epost([u.email], emne, kropp)

    if send_ein_gong(u, f"rapportering:{p.kode}", dag, send, tal=n):
        sendt += 1

`kva` names what the reminder is about, with the app's prefix (`rapportering:2026-m11`), so
two apps reminding of the same period the same day do not silence each other.
"""

import logging
import smtplib

from django.db import transaction

from alver.models import Paaminning

log = logging.getLogger(__name__)


def send_ein_gong(user, kva, dato, send, *, tal=None):
    """Record the reminder and call `send()`, unless it was sent already. True when it went now;
    False when it had gone before, or the mail failed (logged; not recorded, so tried again)."""
    try:
        with transaction.atomic():
            _p, ny = Paaminning.objects.get_or_create(user=user, kva=kva, dato=dato, defaults={"tal": tal})
            if not ny:
                return False  # a rerun the same day: already reminded
            send()
    except (smtplib.SMTPException, OSError):
        log.exception("Reminder to user %s for %s failed", user.pk, kva)
        return False
    return True
