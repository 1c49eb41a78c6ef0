"""Queue a Celery task when the transaction commits: a rolled-back change queues nothing, and
the worker never looks for a row that is not there yet.

A broker that is down must not turn a committed change into an error page: the change is
saved, so the failure to queue is logged and the caller's record of the work stays behind
to be run again (a `Vedtaking` stays «waiting» and can be tried again; a report PDF job
left «in progress» is ordered again). Without a broker (`CELERY_TASK_ALWAYS_EAGER`) the task
runs at once in the calling process and its own errors propagate as before.

    etter_commit(varsle_ny_eigar, oppdrag.pk, owner.pk)
    etter_commit("budget.tasks.gjennomfoer_vedtaking", vedtaking.pk)

A task given by name must be registered with Celery (its app imports its `tasks` module in
`AppConfig.ready()`), so a service can queue the task whose module imports the service.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as Brokarfeil

log = logging.getLogger(__name__)


def etter_commit(task, *args):
    """Queue `task` (a task, or a registered task's name) with `args` once the current
    transaction commits (at once outside one). Arguments should be primary keys."""
    if isinstance(task, str):
        task = oppgave(task)
    transaction.on_commit(lambda: send(task, *args))


def oppgave(namn):
    """The registered task called `namn`; a name that is not registered is a programming error."""
    try:
        return current_app.tasks[namn]
    except KeyError:
        raise LookupError(
            f"No Celery task named {namn!r} is registered; import its tasks module in AppConfig.ready()."
        ) from None


def send(task, *args):
    """Queue now; if the broker cannot be reached, log it and return None (the work stays recorded)."""
    try:
        return task.delay(*args)
    except Brokarfeil:
        log.exception("Could not queue %s%r: the broker is unreachable; run it again later", task.name, args)
        return None
