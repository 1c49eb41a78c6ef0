"""Reporting periods and rules, and status reports on oppdrag (the end of the red thread)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksemdsplan.models import Kategori, Oppdrag

MAANADER = [
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
]  # fmt: skip


class Frekvens(models.TextChoices):
    MAANAD = "maanad", _("monthly")
    TERTIAL = "tertial", _("tertial")
    AAR = "aar", _("annual")


class Periode(models.Model):
    """A reporting period with its deadline; økonomi opens and closes it."""

    aar = models.PositiveSmallIntegerField(_("year"))
    type = models.CharField(_("kind"), max_length=10, choices=Frekvens.choices)
    nummer = models.PositiveSmallIntegerField(_("number"))
    fra = models.DateField(_("from"))
    til = models.DateField(_("to"))
    frist = models.DateField(_("deadline"))
    open = models.BooleanField(_("open for reporting"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["aar", "til", "type"]
        constraints = [
            models.UniqueConstraint(fields=["aar", "type", "nummer"], name="ein_periode_per_nummer")
        ]

    def __str__(self):
        if self.type == Frekvens.MAANAD:
            return f"{MAANADER[self.nummer - 1]} {self.aar}"
        if self.type == Frekvens.TERTIAL:
            return _("%(n)s. tertial %(aar)s") % {"n": self.nummer, "aar": self.aar}
        return _("Annual report %(aar)s") % {"aar": self.aar}

    def get_absolute_url(self):
        return reverse("reporting:periode", args=[self.kode])

    @property
    def kode(self):
        return {"maanad": f"{self.aar}-m{self.nummer:02}", "tertial": f"{self.aar}-t{self.nummer}"}.get(
            self.type, f"{self.aar}-aar"
        )


class Regel(models.Model):
    """How often oppdrag of a category are reported, and whether to the politicians."""

    kategori = models.OneToOneField(
        Kategori, verbose_name=_("category"), on_delete=models.CASCADE, related_name="regel"
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


class Statusrapport(models.Model):
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

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="statusrapportar")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="statusrapportar")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    lys = models.CharField(_("traffic light"), max_length=10, choices=Lys.choices)
    kommentar = models.TextField(_("comment"), blank=True)
    framdrift = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    rapportert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rapportert_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["oppdrag", "periode"], name="ein_rapport_per_oppdrag_og_periode"),
            models.CheckConstraint(condition=models.Q(framdrift__lte=100), name="framdrift_0_til_100"),
        ]

    def __str__(self):
        return f"{self.oppdrag} – {self.periode}"
