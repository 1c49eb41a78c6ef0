"""The handlings- og økonomiplan (later) and the political decisions made through the year."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.models import Eining
from plans.models import Maal


class Organ(models.Model):
    """A political body: kommunestyret, formannskapet, a committee (editable in the admin site)."""

    namn = models.CharField(_("name"), max_length=200, unique=True)
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("political body")
        verbose_name_plural = _("political bodies")
        ordering = ["rekkjefolgje", "namn"]

    def __str__(self):
        return self.namn


class Mote(models.Model):
    organ = models.ForeignKey(Organ, verbose_name=_("body"), on_delete=models.PROTECT, related_name="mote")
    dato = models.DateField(_("meeting date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-dato", "organ__rekkjefolgje"]

    def __str__(self):
        return f"{self.organ} {self.dato:%d.%m.%Y}"


class Vedtak(models.Model):
    class Type(models.TextChoices):
        VEDTAK = "vedtak", _("decision")
        TILLEGGSBESTILLING = "tilleggsbestilling", _("additional order")

    mote = models.ForeignKey(Mote, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="vedtak")
    saksnummer = models.CharField(_("case number"), max_length=50, help_text=_("For example PS 45/2026."))
    tittel = models.CharField(_("title"), max_length=500)
    tekst = models.TextField(_("decision text"))
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices, default=Type.VEDTAK)
    ansvarleg_sektor = models.ForeignKey(
        Eining, verbose_name=_("responsible sector"), on_delete=models.PROTECT, related_name="+"
    )
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="vedtak")
    trekt_grunn = models.TextField(_("reason for withdrawal"), blank=True)
    trekt_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[maal])

    class Meta:
        verbose_name = _("political decision")
        verbose_name_plural = _("political decisions")
        ordering = ["-mote__dato", "saksnummer"]
        constraints = [
            models.UniqueConstraint(fields=["mote", "saksnummer"], name="eitt_vedtak_per_sak_i_motet")
        ]

    def __str__(self):
        return f"{self.saksnummer} {self.tittel}"

    def get_absolute_url(self):
        return reverse("budget:vedtak", args=[self.pk])

    @property
    def aar(self):
        return self.mote.dato.year
