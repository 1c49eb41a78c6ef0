"""E-mail as an outbox: `send_epost` records the mail as a job (`alver.models.Jobb`) in the
caller's transaction, and it is sent after the commit through the task queue. A mail server
that is down never fails the action that sent the mail: the failure is logged, the mail stays
pending, and the sweep tries again later (the wait doubling, up to JOBB_MAKS_FORSOK times).
Without a broker the first attempt runs in the request and a failure is not retried there.

    send_epost([u.email], emne, kropp)
"""

from alver.lib.oppgaver import etter_commit

SEND_EPOST = "alver.tasks.send_epost"


def send_epost(mottakarar, emne, kropp):
    """Queue one plain-text mail from DEFAULT_FROM_EMAIL to `mottakarar` (a list of addresses,
    or one). Returns the job."""
    if isinstance(mottakarar, str):
        mottakarar = [mottakarar]
    return etter_commit(SEND_EPOST, list(mottakarar), str(emne).strip(), str(kropp).strip())
