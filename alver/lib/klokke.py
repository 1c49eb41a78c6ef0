"""The one clock the app reads. Code asks `klokke.no()` and `klokke.i_dag()`, never
`timezone.now()` or `date.today()`, so that the demo can be built around a chosen day and
tests can set the day they are about: the suite gives the same result on any real date.

Setting the clock moves it to noon of the chosen day and lets it run from there, so
«ten minutes ago» and ordering by time still behave as in real life.
"""

import datetime
from contextlib import contextmanager

from django.db import models
from django.utils import timezone

# The day every test starts on unless it sets another (the demo is built around whatever day
# the clock reads).
REFERANSEDATO = datetime.date(2026, 11, 30)

_forskyving: datetime.timedelta | None = None


def no():
    """The current moment (aware)."""
    return timezone.now() + _forskyving if _forskyving is not None else timezone.now()


def verkeleg():
    """The real moment, whatever the app's day is set to: for machinery that compares moments
    between processes (a job's heartbeat read by another process whose clock may be set to
    another day), never for what a user sees as «now»."""
    return timezone.now()


def i_dag():
    """Today's date in the kommune's time zone."""
    return timezone.localdate(no())


def sett(dag, kl=datetime.time(12)):
    """From now on the clock reads noon (or `kl`) of `dag` (local time), and runs on from there."""
    global _forskyving
    maal = timezone.make_aware(datetime.datetime.combine(dag, kl))
    _forskyving = maal - timezone.now()


def nullstill():
    global _forskyving
    _forskyving = None


@contextmanager
def stilt(dag):
    """The clock set to `dag` for the block, then back to what it was."""
    global _forskyving
    foer = _forskyving
    sett(dag)
    try:
        yield
    finally:
        _forskyving = foer


class Tidspunkt(models.DateTimeField):
    """A DateTimeField whose auto_now / auto_now_add read this clock, not the real one."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            verdi = no()
            setattr(model_instance, self.attname, verdi)
            return verdi
        return super().pre_save(model_instance, add)
