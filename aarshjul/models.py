"""The årshjul's own facts: the fixed dates of the governance year (statutory and local), and the
calendar feeds. Everything else in the årshjul is read from the apps that own it (meetings,
the økonomiplan's handling dates, reporting deadlines, checklists, oppdrag): see `kjelder.py`."""

import calendar
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke
from budget.models import Organ


class Ring(models.TextChoices):
    POLITISK = "politisk", _("Political")
    ADMINISTRATIV = "administrativ", _("Administrative")
    EIGE = "eige", _("My own")


class Hending(models.Model):
    """A date that comes back every year (or every N years): «Økonomiplanen vedteken»,
    «Oppdragsmøte». The built-in ones (`kode` set, made by a migration) carry their title in
    code, so each reader sees it in their own language until someone writes their own title;
    the sekretariat adds the kommune's own."""

    kode = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    tittel = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Leave empty to keep the built-in title.")
    )
    skildring = models.TextField(_("description"), blank=True)
    ring = models.CharField(_("ring"), max_length=20, choices=Ring.choices[:2], default=Ring.ADMINISTRATIV)
    maanad = models.PositiveSmallIntegerField(_("month"), choices=[(m, m) for m in range(1, 13)])
    dag = models.PositiveSmallIntegerField(
        _("day"),
        help_text=_(
            "A day past the end of the month means its last day (31 for February is the 28th or 29th)."
        ),
    )
    heimel = models.CharField(
        _("legal reference"), max_length=200, blank=True, help_text=_("For example «kommunelova § 14-3».")
    )
    kvart = models.PositiveSmallIntegerField(
        _("every … years"), default=1, help_text=_("1 for every year; 4 for once in an election period.")
    )
    fra_aar = models.PositiveSmallIntegerField(
        _("from the year"),
        default=2020,
        help_text=_("The first year it applies; with «every 4 years», it counts from this year."),
    )
    aktiv = models.BooleanField(_("shown"), default=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fixed date")
        verbose_name_plural = _("fixed dates")
        ordering = ["maanad", "dag", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(dag__gte=1, dag__lte=31), name="hending_dag_1_31"),
            models.CheckConstraint(condition=models.Q(kvart__gte=1), name="hending_kvart_minst_1"),
        ]

    def __str__(self):
        return self.visingstittel

    def get_absolute_url(self):
        return reverse("aarshjul:hending", args=[self.pk])

    @property
    def visingstittel(self):
        from .faste import TITLAR

        return self.tittel or str(TITLAR.get(self.kode, self.kode or ""))

    def clean(self):
        if self.dag and self.maanad and self.dag > 31:
            raise ValidationError({"dag": _("A month has at most 31 days.")})

    def gjeld(self, aar):
        return self.aktiv and aar >= self.fra_aar and (aar - self.fra_aar) % self.kvart == 0

    def dato(self, aar):
        """The date in `aar`; a day past the month's end falls on its last day."""
        return datetime.date(aar, self.maanad, min(self.dag, calendar.monthrange(aar, self.maanad)[1]))


def ny_token():
    return secrets.token_urlsafe(32)


class Kalenderfeed(models.Model):
    """A calendar subscription (iCalendar) that opens without login: the token in its address is
    the key, so it is long and random, and revoking it (a new token) shuts the old address.
    A person's own feed (`user` set) carries their deadlines and milestones, the meetings of the
    bodies they follow, and the reporting deadlines; the kommune's feed (`user` empty, one row)
    the political meetings and the statutory dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=ny_token, editable=False)
    organ = models.ManyToManyField(
        Organ,
        blank=True,
        related_name="+",
        verbose_name=_("bodies I follow"),
        help_text=_("Their meetings are in your feed. None chosen: the meetings of every body."),
    )
    kommune = models.BooleanField(default=False, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    fornya_at = models.DateTimeField(_("address renewed"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[organ], excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            # one kommune feed; a person's feed is never the kommune's
            models.UniqueConstraint(
                fields=["kommune"], condition=models.Q(kommune=True), name="ein_kommunefeed"
            ),
            models.CheckConstraint(
                condition=models.Q(kommune=True, user__isnull=True)
                | models.Q(kommune=False, user__isnull=False),
                name="feed_anten_kommune_eller_person",
            ),
        ]

    def __str__(self):
        return (
            str(_("Calendar of %(namn)s") % {"namn": self.user})
            if self.user_id
            else str(_("The kommune's calendar"))
        )

    def get_absolute_url(self):
        return reverse("aarshjul:feed", args=[self.token])
