"""Reporting periods and rules, and status reports on oppdrag (the end of the red thread)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke, periodar
from alver.lib.lagring import PrivatLagring
from alver.lib.valvisning import ValVisning
from alver.models import Eining
from plans.models import Indikator
from verksemdsplan.models import Kategori, Oppdrag


class Frekvens(models.TextChoices):
    MAANAD = periodar.MAANAD, _("monthly")
    TERTIAL = periodar.TERTIAL, _("tertial")
    AAR = periodar.AAR, _("annual")


class PeriodeQuerySet(models.QuerySet):
    def opne(self, dag=None):
        """Open for reporting on `dag` (today): begun, and not closed by økonomi."""
        return self.filter(fra__lte=dag or klokke.i_dag(), stengd=False)


class Periode(models.Model):
    """A reporting period with its deadline. It opens by itself on its first day (nobody has to
    open it, so there is always a period to report into); økonomi may close it once its deadline
    has passed, and reopen it."""

    aar = models.PositiveSmallIntegerField(_("year"))
    type = models.CharField(_("kind"), max_length=10, choices=Frekvens.choices)
    nummer = models.PositiveSmallIntegerField(_("number"))
    fra = models.DateField(_("from"))
    til = models.DateField(_("to"))
    frist = models.DateField(_("deadline"))
    # closed by økonomi after the deadline; whether it is open otherwise follows from the date
    stengd = models.BooleanField(_("closed for reporting"), default=False)
    # the political report of the period is read by the politicians only once released
    frigitt_at = models.DateTimeField(_("released to the politicians"), null=True, blank=True)
    frigitt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = PeriodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["aar", "til", "type"]
        constraints = [
            models.UniqueConstraint(fields=["aar", "type", "nummer"], name="ein_periode_per_nummer")
        ]

    def __str__(self):
        return str(periodar.namn(self.aar, self.type, self.nummer))

    def get_absolute_url(self):
        return reverse("reporting:periode", args=[self.kode])

    @property
    def kode(self):
        return periodar.kode(self.aar, self.type, self.nummer)

    @property
    def begynt(self):
        return self.fra <= klokke.i_dag()

    @property
    def open(self):
        """Open for reporting today (see `PeriodeQuerySet.opne`)."""
        return self.begynt and not self.stengd

    @property
    def kan_stengjast(self):
        """Økonomi may close it: open, and its deadline has passed (so the next period of its
        kind has begun, and every kind always has an open period)."""
        return self.open and self.frist < klokke.i_dag()


class Regel(models.Model):
    """How often oppdrag of a category are reported, and whether to the politicians."""

    kategori = models.OneToOneField(
        Kategori,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        # one-way (verksemdsplan never reads rules); the query name serves reporting's own queries
        related_name="+",
        related_query_name="regel",
    )
    frekvens = models.CharField(
        _("frequency"), max_length=10, choices=Frekvens.choices, default=Frekvens.MAANAD
    )
    politisk = models.BooleanField(_("reported to the politicians"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting rule")
        verbose_name_plural = _("reporting rules")

    def __str__(self):
        return f"{self.kategori}: {self.get_frekvens_display()}"


class Statusrapport(ValVisning, models.Model):
    class Status(models.TextChoices):
        I_RUTE = "i_rute", _("on track")
        FORSEINKA = "forseinka", _("delayed")
        FULLFORT = "fullfort", _("done")
        AVBROTE = "avbrote", _("cancelled")
        IKKJE_STARTA = "ikkje_starta", _("not started")

    class Lys(models.TextChoices):
        GRON = "gron", _("green")
        GUL = "gul", _("yellow")
        RAUD = "raud", _("red")

    KREV_KOMMENTAR = {Lys.GUL, Lys.RAUD}

    # one-way (verksemdsplan never reads reports); the query name serves reporting's own counts
    oppdrag = models.ForeignKey(
        Oppdrag, on_delete=models.CASCADE, related_name="+", related_query_name="statusrapportar"
    )
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="statusrapportar")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    lys = models.CharField(_("traffic light"), max_length=10, choices=Lys.choices)
    kommentar = models.TextField(_("comment"), blank=True)
    framdrift = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    rapportert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rapportert_at = models.DateTimeField(default=klokke.no)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-rapportert_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["oppdrag", "periode"], name="ein_rapport_per_oppdrag_og_periode"),
            models.CheckConstraint(condition=models.Q(framdrift__lte=100), name="framdrift_0_til_100"),
        ]

    def __str__(self):
        return f"{self.oppdrag} – {self.periode}"


class Okonomirapport(models.Model):
    """A unit's economy at the end of a month: the year's operating budget, the actual to date,
    the forecast for the year and the leader's comment. Imported from the ledger export."""

    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="okonomirapportar")
    budsjett = models.BigIntegerField(_("budget for the year (NOK)"))
    rekneskap = models.BigIntegerField(_("actual to date (NOK)"))
    prognose = models.BigIntegerField(_("forecast for the year (NOK)"))
    kommentar = models.TextField(_("comment"), blank=True)
    importert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    importert_at = models.DateTimeField(default=klokke.no)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economy report")
        verbose_name_plural = _("economy reports")
        ordering = ["eining__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["eining", "periode"], name="ein_okonomirapport_per_eining_og_periode"
            )
        ]

    def __str__(self):
        return f"{self.eining} – {self.periode}"

    @property
    def budsjett_hittil(self):
        """The budget to the end of the month, spread evenly over the year."""
        return round(self.budsjett * self.periode.til.month / 12)

    @property
    def avvik(self):
        """Budget minus forecast: negative means the unit is heading for overspending."""
        return self.budsjett - self.prognose


class Rapportutskrift(models.Model):
    """A kommune-wide report as PDF, made by a Celery task; the page shows how far it has come."""

    class Type(models.TextChoices):
        MAANAD = "maanad", _("monthly report")
        TERTIAL = "tertial", _("tertial report")

    class Status(models.TextChoices):
        VENTAR = "ventar", _("waiting")
        HENTAR = "hentar", _("gathering the figures")
        SET_OPP = "set_opp", _("laying out the pages")
        FERDIG = "ferdig", _("done")
        FEILA = "feila", _("failed")

    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="utskrifter")
    type = models.CharField(max_length=10, choices=Type.choices)
    spraak = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTAR)
    fil = models.FileField(upload_to="rapportar/", storage=PrivatLagring(), blank=True)
    sider = models.PositiveIntegerField(default=0)
    feil = models.TextField(blank=True)
    # the released report's PDF, made once per language for every reader (not one per order)
    frigjeven = models.BooleanField(_("released version"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    ferdig_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "type", "spraak"],
                condition=models.Q(frigjeven=True),
                name="ein_frigjeven_utskrift_per_spraak",
            )
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.periode}"

    def get_absolute_url(self):
        return reverse("reporting:utskrift", args=[self.periode.kode, self.pk])

    # a job still «in progress» after this long has died with its worker
    TIDSGRENSE = datetime.timedelta(minutes=10)
    UNDERVEGS = ("ventar", "hentar", "set_opp")

    @property
    def fastlaast(self):
        return self.status in self.UNDERVEGS and self.created_at < klokke.no() - self.TIDSGRENSE

    @property
    def framdrift(self):
        """Percent done, for the progress bar."""
        return {"ventar": 5, "hentar": 30, "set_opp": 70}.get(self.status, 100)


class Indikatorverdi(models.Model):
    """An indicator's value for a period: for the kommune as a whole (no unit) or for a unit.

    `periode` is a code of the period calendar (`alver.lib.periodar`): «2026-m03» for a monthly
    indicator, «2026-t1»/«2026-t2»/«2026-aar» for a tertial one (the year's value closes its last
    third), «2026-aar» for a yearly one and for history. `aar` and `til` (the period's last day)
    are kept from the code so the latest value and a year's values are one indexed query."""

    class Kjelde(models.TextChoices):
        REGISTRERT = "registrert", _("entered")
        IMPORT = "import", _("imported")

    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    eining = models.ForeignKey(
        Eining, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    periode = models.CharField(_("period"), max_length=10)
    aar = models.PositiveSmallIntegerField(_("year"), editable=False)
    til = models.DateField(_("period ends"), editable=False)
    verdi = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    kommentar = models.TextField(_("comment"), blank=True)
    kjelde = models.CharField(_("source"), max_length=20, choices=Kjelde.choices, default=Kjelde.REGISTRERT)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registrert_at = models.DateTimeField(default=klokke.no)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indikator", "eining", "-til", "-pk"]
        constraints = [
            # NULL is no unit (the kommune): two partial constraints, since NULLs never collide
            models.UniqueConstraint(
                fields=["indikator", "eining", "periode"],
                condition=models.Q(eining__isnull=False),
                name="ei_indikatorverdi_per_eining_og_periode",
            ),
            models.UniqueConstraint(
                fields=["indikator", "periode"],
                condition=models.Q(eining__isnull=True),
                name="ei_indikatorverdi_for_kommunen_per_periode",
            ),
        ]
        indexes = [models.Index(fields=["indikator", "til"], name="indikatorverdi_til")]

    def __str__(self):
        return f"{self.indikator} {self.periode}: {self.verdi}"

    def save(self, *args, **kwargs):
        self.aar, self.til = Indikatorverdi.aar_og_til(self.periode)
        super().save(*args, **kwargs)

    @staticmethod
    def aar_og_til(kode):
        p = periodar.les(kode)
        if p is None:
            raise ValueError(f"Not a period code: {kode!r}")
        return p.aar, p.til

    @property
    def periode_namn(self):
        p = periodar.les(self.periode)
        return p.namn if p else self.periode
