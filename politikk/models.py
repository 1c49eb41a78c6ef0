"""The Politikarmodul: political groups and their budget proposals (alternative budgets) on top
of the kommunedirektør's draft handlings- og økonomiplan.

A proposal holds only what it changes: a tiltak's decision or amounts, new tiltak, changes to the
sectors' frames and to the main overview's lines (tax, block grant, reserves …), and worded
orders. Its balance is the draft's with those changes (`services.oversikt`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke
from alver.lib.tekst import naturleg_nokkel
from alver.models import Eining
from budget.models import Budsjettlinje, BudsjettTiltak, Okonomiplan


class Gruppe(models.Model):
    """A party group or a cooperation of parties in the kommunestyre."""

    namn = models.CharField(_("name"), max_length=200, unique=True)
    medlemmer = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="+"
    )
    aktiv = models.BooleanField(_("active"), default=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[medlemmer])

    class Meta:
        verbose_name = _("political group")
        verbose_name_plural = _("political groups")
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class Budsjettforslag(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("draft")
        LEVERT = "levert", _("submitted")

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="+")
    gruppe = models.ForeignKey(
        Gruppe, verbose_name=_("group"), on_delete=models.PROTECT, related_name="forslag"
    )
    tittel = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UTKAST)
    # the group may let økonomi see a draft, for help with the figures; logged in the history
    delt_med_okonomi = models.BooleanField(_("shared with finance"), default=False)
    levert_at = klokke.Tidspunkt(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    # what the kommunestyre did with it: adopted as the budget, or as an amendment to the draft
    vedteke_som = models.CharField(
        _("adopted as"),
        max_length=10,
        blank=True,
        choices=[("heile", _("the budget")), ("endring", _("an amendment"))],
    )
    vedteke_saksnummer = models.CharField(_("case number"), max_length=50, blank=True)
    vedteke_dato = models.DateField(_("adopted on"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        ordering = ["okonomiplan", "gruppe__namn", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "gruppe", "tittel"], name="eitt_forslag_per_tittel"
            )
        ]

    def __str__(self):
        return f"{self.gruppe}: {self.tittel}"

    def get_absolute_url(self):
        return reverse("politikk:forslag", args=[self.okonomiplan.forste_aar, self.pk])


class Forslagstiltak(models.Model):
    """What the proposal does with a tiltak of the draft (its decision, its amounts), or a new
    tiltak it adds (no `budsjetttiltak`)."""

    class Vedtak(models.TextChoices):
        PRIORITERT = "prioritert", _("prioritised")
        IKKJE_PRIORITERT = "ikkje_prioritert", _("not prioritised")

    forslag = models.ForeignKey(Budsjettforslag, on_delete=models.CASCADE, related_name="tiltak")
    budsjetttiltak = models.ForeignKey(
        BudsjettTiltak, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tittel = models.CharField(_("title"), max_length=500, blank=True)
    ansvarleg_eining = models.ForeignKey(
        Eining,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    type = models.CharField(_("kind"), max_length=12, choices=BudsjettTiltak.Type.choices, default="drift")
    # blank: the draft's decision (the group changed only the amounts)
    vedtak = models.CharField(_("decision"), max_length=20, choices=Vedtak.choices, blank=True)
    # the amounts per year the proposal gives it ({"2027": 1000000}); empty: the draft's amounts
    effektar = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forslag", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forslag", "budsjetttiltak"],
                condition=Q(budsjetttiltak__isnull=False),
                name="tiltaket_ein_gong_i_forslaget",
            )
        ]

    def __str__(self):
        return self.tittel or str(self.budsjetttiltak)


class Forslagsendring(models.Model):
    """A change, in kroner for one year, to a sector's frame or to a line of the main overview."""

    forslag = models.ForeignKey(Budsjettforslag, on_delete=models.CASCADE, related_name="endringar")
    sektor = models.ForeignKey(Eining, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    art = models.CharField(max_length=20, choices=Budsjettlinje.Art.choices, blank=True)
    aar = models.PositiveSmallIntegerField(_("year"))
    belop = models.BigIntegerField(_("change (NOK)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["forslag", "aar"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(sektor__isnull=False) & Q(art="")) | (Q(sektor__isnull=True) & ~Q(art="")),
                name="ramme_eller_linje",
            ),
            models.UniqueConstraint(
                fields=["forslag", "sektor", "art", "aar"], name="ei_endring_per_post_og_aar"
            ),
        ]

    def __str__(self):
        return f"{self.sektor or self.get_art_display()} {self.aar}: {self.belop}"


class Forslagsverbalpunkt(models.Model):
    forslag = models.ForeignKey(Budsjettforslag, on_delete=models.CASCADE, related_name="verbalpunkt")
    nummer = models.CharField(_("number"), max_length=30, help_text=_("As the document writes it: 1, 1a, 2."))
    sortering = models.CharField(max_length=120, editable=False, default="")
    overskrift = models.CharField(_("title"), max_length=300, blank=True)
    tekst = models.TextField(_("text"))
    ansvarleg_sektor = models.ForeignKey(
        Eining, verbose_name=_("responsible sector"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["forslag", "sortering"]
        constraints = [
            models.UniqueConstraint(fields=["forslag", "nummer"], name="eitt_nummer_per_forslagspunkt")
        ]

    def __str__(self):
        return _("Verbal resolution %(nr)s") % {"nr": self.nummer}

    def save(self, *args, **kwargs):
        self.nummer = str(self.nummer).strip()
        self.sortering = naturleg_nokkel(self.nummer)
        super().save(*args, **kwargs)
