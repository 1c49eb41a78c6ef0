"""Background work that survives: every job is a row (`alver.models.Jobb`, an outbox) written in
the caller's transaction, and queued once that transaction commits. A rolled-back change
queues nothing, and the worker never looks for a row that is not there yet.

Nothing here raises into the request: a broker that is down is logged and the job stays
«waiting»; a task that fails is logged and the job waits for its next attempt (or is marked
failed after JOBB_MAKS_FORSOK). Without a broker (`CELERY_TASK_ALWAYS_EAGER`) the job runs at
once in the calling process, once: a failure is never retried inside the request.

    etter_commit(varsle_ny_eigar, oppdrag.pk, owner.pk)
    etter_commit("budget.tasks.gjennomfoer_vedtaking", vedtaking.pk)

A running job beats its heart (`Jobb.hjarteslag`); `sveip()` (Celery beat every minute, or
`manage.py jobbar --sveip` from cron where there is no broker) queues again the jobs waiting
longer than JOBB_HJARTESLAG_SEKUND and those whose heartbeat stopped. A task may therefore run
more than once: every task must be idempotent.

A task given by name must be registered with Celery (its app imports its `tasks` module in
`AppConfig.ready()`), so a service can queue the task whose module imports the service.
"""

import contextvars
import datetime
import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from alver.lib import klokke

log = logging.getLogger(__name__)

KOYR_JOBB = "alver.tasks.koyr_jobb"
# done jobs are kept this long (an operator may ask what ran), then the sweep deletes them
BEHALD_FERDIGE = datetime.timedelta(days=30)
# the job whose task is running in this thread (`koyr`), for the jobs it queues
_koyrande = contextvars.ContextVar("alver_koyrande_jobb", default=None)


def _jobb():
    from alver.models import Jobb  # models import this package's siblings; import late

    return Jobb


def etter_commit(task, *args):
    """Record a job for `task` (a task, or a registered task's name) with `args` (primary keys,
    or other JSON) and queue it once the current transaction commits (at once outside one).
    Returns the `Jobb`."""
    namn = task if isinstance(task, str) else task.name
    oppgave(namn)  # a name that is not registered fails here, in the caller's code
    Jobb = _jobb()
    forelder = _koyrande.get()
    if forelder is not None:
        # queued by a job that runs again (its worker died after this was queued): the mail
        # or the work it queued then is not queued twice; the sweep sees to that one
        tidlegare = Jobb.objects.filter(forelder_id=forelder, oppgave=namn, argument=list(args)).first()
        if tidlegare is not None:
            return tidlegare
    jobb = Jobb.objects.create(oppgave=namn, argument=list(args), forelder_id=forelder)
    transaction.on_commit(lambda: send(jobb))
    return jobb


def oppgave(namn):
    """The registered task called `namn`; a name that is not registered is a programming error."""
    try:
        return current_app.tasks[namn]
    except KeyError:
        raise LookupError(
            f"No Celery task named {namn!r} is registered; import its tasks module in AppConfig.ready()."
        ) from None


def send(jobb):
    """Queue the job now. Never raises: a broker that cannot be reached (kombu's
    OperationalError, redis-py's ConnectionError, an OSError, a timeout) is logged and the job
    stays waiting for the sweep. Without a broker this runs the job here, which catches its
    own errors."""
    try:
        return oppgave(KOYR_JOBB).delay(jobb.pk)
    except Exception:
        log.exception(
            "Could not queue %s%r (job %s): the broker is unreachable; the sweep queues it again",
            jobb.oppgave,
            tuple(jobb.argument),
            jobb.pk,
        )
        return None


def _grense():
    return datetime.timedelta(seconds=settings.JOBB_HJARTESLAG_SEKUND)


def _vent_til(forsok):
    """When a job that failed `forsok` times may be tried again: the heartbeat period, doubled
    for every failure, at most an hour."""
    return klokke.verkeleg() + min(_grense() * 2 ** max(forsok - 1, 0), datetime.timedelta(hours=1))


def koyr(pk, *, hjarteslag=True):
    """Run job `pk` (called by the task `alver.tasks.koyr_jobb`). A job done, failed, or running
    elsewhere with a fresh heartbeat is left alone, so a message delivered twice runs it once.
    Returns the task's result, or None."""
    Jobb = _jobb()
    no = klokke.verkeleg()
    with transaction.atomic():
        jobb = Jobb.objects.select_for_update().filter(pk=pk).first()
        if jobb is None or jobb.status in (Jobb.Status.FERDIG, Jobb.Status.FEILA):
            return None
        if jobb.status == Jobb.Status.KOYRER and not jobb.er_fast(no):
            return None  # another worker is on it
        if jobb.forsok >= settings.JOBB_MAKS_FORSOK:
            Jobb.objects.filter(pk=pk).update(status=Jobb.Status.FEILA, updated_at=no)
            log.error("Job %s (%s) gave up after %s attempts: %s", pk, jobb, jobb.forsok, jobb.feil)
            return None
        jobb.forsok += 1
        Jobb.objects.filter(pk=pk).update(
            status=Jobb.Status.KOYRER, forsok=jobb.forsok, hjarteslag=no, updated_at=no
        )
    stopp = threading.Event()
    slag = None
    if hjarteslag:
        slag = threading.Thread(target=_slaa, args=(pk, stopp), daemon=True, name=f"jobb-{pk}")
        slag.start()
    koyrande = _koyrande.set(pk)
    try:
        resultat = oppgave(jobb.oppgave)(*jobb.argument)
    except Exception as exc:
        gje_opp = jobb.forsok >= settings.JOBB_MAKS_FORSOK
        log.exception(
            "Job %s (%s) failed on attempt %s%s", pk, jobb, jobb.forsok, "; giving up" if gje_opp else ""
        )
        Jobb.objects.filter(pk=pk).update(
            status=Jobb.Status.FEILA if gje_opp else Jobb.Status.VENTAR,
            feil=f"{type(exc).__name__}: {exc}"[:2000],
            ikkje_foer=_vent_til(jobb.forsok),
            updated_at=klokke.verkeleg(),
        )
        return None
    finally:
        _koyrande.reset(koyrande)
        stopp.set()
        if slag is not None:
            slag.join()
    Jobb.objects.filter(pk=pk).update(status=Jobb.Status.FERDIG, feil="", updated_at=klokke.verkeleg())
    return resultat


def _slaa(pk, stopp):
    """The heartbeat of a running job, on its own thread and database connection."""
    Jobb = _jobb()
    intervall = settings.JOBB_HJARTESLAG_SEKUND / 3
    try:
        while not stopp.wait(intervall):
            Jobb.objects.filter(pk=pk, status=Jobb.Status.KOYRER).update(hjarteslag=klokke.verkeleg())
    except Exception:
        log.warning("The heartbeat of job %s failed", pk, exc_info=True)
    finally:
        connection.close()  # this thread's own connection


def ventande():
    """Jobs the sweep should queue: waiting longer than JOBB_HJARTESLAG_SEKUND (and past their
    back-off), or running without a heartbeat for that long."""
    Jobb = _jobb()
    no = klokke.verkeleg()
    return Jobb.objects.filter(
        Q(status=Jobb.Status.VENTAR, updated_at__lt=no - _grense())
        & (Q(ikkje_foer__isnull=True) | Q(ikkje_foer__lte=no))
        | Q(status=Jobb.Status.KOYRER, hjarteslag__lt=no - _grense())
    )


def sveip(grense=500):
    """Queue again what `ventande()` finds (the oldest first, at most `grense`); returns how
    many. Running this twice at once queues some jobs twice, which their runner drops. Done
    jobs older than BEHALD_FERDIGE are deleted, so the table does not grow with the years."""
    Jobb = _jobb()
    Jobb.objects.filter(status=Jobb.Status.FERDIG, updated_at__lt=klokke.verkeleg() - BEHALD_FERDIGE).delete()
    pks = list(ventande().order_by("pk").values_list("pk", flat=True)[:grense])
    for pk in pks:
        # claimed by moving its time on, so the next sweep leaves it to this one's message
        if not ventande().filter(pk=pk).update(status=Jobb.Status.VENTAR, updated_at=klokke.verkeleg()):
            continue
        send(Jobb.objects.get(pk=pk))
    return len(pks)


def prov_igjen(jobb):
    """Queue a stuck or failed job again now (an operator, or «Try again» on a page); its
    attempts start from nought."""
    Jobb = _jobb()
    Jobb.objects.filter(pk=jobb.pk).update(
        status=Jobb.Status.VENTAR, forsok=0, ikkje_foer=None, updated_at=klokke.verkeleg()
    )
    jobb.refresh_from_db()
    transaction.on_commit(lambda: send(jobb))
    return jobb


def siste(task, *args):
    """The newest job for `task` with exactly these arguments, or None."""
    namn = task if isinstance(task, str) else task.name
    return _jobb().objects.filter(oppgave=namn, argument=list(args)).order_by("-pk").first()
