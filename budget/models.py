"""The handlings- og økonomiplan (rammer, tiltak, verbalpunkt, adoption) and the political
decisions made through the year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke
from alver.models import Eining
from plans.models import Maal, Strategi, Tiltak


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
    created_at = klokke.Tidspunkt(auto_now_add=True)
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
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
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


class Okonomiplan(models.Model):
    """A four-year handlings- og økonomiplan; the first year is the årsbudsjett."""

    AAR = 4

    class Status(models.TextChoices):
        UNDER_ARBEID = "under_arbeid", _("in progress")
        FRAMLEGG = "framlegg", _("the chief executive's proposal")
        POLITISK = "politisk", _("political handling")
        VEDTATT = "vedtatt", _("adopted")

    forste_aar = models.PositiveSmallIntegerField(_("first year"), unique=True)
    tittel = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNDER_ARBEID)
    vedtatt_dato = models.DateField(_("adopted on"), null=True, blank=True)
    saksnummer = models.CharField(_("case number"), max_length=50, blank=True)
    forrige = models.OneToOneField(
        "self",
        verbose_name=_("previous plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="neste",
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economic plan")
        verbose_name_plural = _("economic plans")
        ordering = ["-forste_aar"]

    def __str__(self):
        return self.tittel or _("Economic plan %(fra)s–%(til)s") % {
            "fra": self.forste_aar,
            "til": self.siste_aar,
        }

    def get_absolute_url(self):
        return reverse("budget:okonomiplan", args=[self.forste_aar])

    @property
    def siste_aar(self):
        return self.forste_aar + self.AAR - 1

    @property
    def periode(self):
        return list(range(self.forste_aar, self.forste_aar + self.AAR))

    @property
    def er_vedtatt(self):
        """Adopted, or being adopted: from «Vedta» on, the plan changes only by budget change
        (so the confirmation page lists exactly what the task will make)."""
        if self.status == self.Status.VEDTATT:
            return True
        if not hasattr(self, "_under_vedtak"):
            self._under_vedtak = (
                self.pk is not None
                # a failed adoption leaves the plan open to be put right before trying again
                and self.vedtakingar.filter(endring__isnull=True).exclude(status="feila").exists()
            )
        return self._under_vedtak


class Ramme(models.Model):
    """A sector's (or tenesteområde's) frame for one year, in whole kroner."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="rammer")
    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    drift = models.BigIntegerField(_("operating (NOK)"), default=0)
    investering = models.BigIntegerField(_("investment (NOK)"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget frame")
        verbose_name_plural = _("budget frames")
        ordering = ["eining__path", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "eining", "aar"], name="ei_ramme_per_eining_og_aar"
            )
        ]

    def __str__(self):
        return f"{self.eining} {self.aar}"


class Budsjettendring(models.Model):
    """A recorded change to an adopted plan; the only way an adopted plan changes."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.PROTECT, related_name="endringar")
    dato = models.DateField(_("date"))
    saksnummer = models.CharField(_("case number"), max_length=50)
    skildring = models.TextField(_("what changes and why"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        ordering = ["-dato", "-pk"]
        constraints = [
            # a resubmitted form finds the change it made, instead of making it twice
            models.UniqueConstraint(fields=["okonomiplan", "saksnummer"], name="ei_endring_per_saksnummer")
        ]

    def __str__(self):
        return f"{self.saksnummer} {self.dato:%d.%m.%Y}"


class BudsjettTiltak(models.Model):
    """A tiltak assessed in the plan: from a handlingsplan ("alle tiltak blir vurdert") or added here."""

    class Vedtak(models.TextChoices):
        IKKJE_VURDERT = "ikkje_vurdert", _("not assessed")
        PRIORITERT = "prioritert", _("prioritised")
        IKKJE_PRIORITERT = "ikkje_prioritert", _("not prioritised")

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="tiltak")
    tiltak = models.ForeignKey(
        Tiltak,
        verbose_name=_("measure in the action plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tittel = models.CharField(_("title"), max_length=500)
    skildring = models.TextField(_("description"), blank=True)
    ansvarleg_eining = models.ForeignKey(
        Eining, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
    strategiar = models.ManyToManyField(
        Strategi, verbose_name=_("strategies"), blank=True, related_name="+"
    )
    prioritet = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    vedtak = models.CharField(
        _("decision"), max_length=20, choices=Vedtak.choices, default=Vedtak.IKKJE_VURDERT
    )
    fra_aar = models.PositiveSmallIntegerField(
        _("starts in"),
        help_text=_("The year the measure becomes an assignment (when that year's plan is adopted)."),
    )
    forrige = models.OneToOneField(
        "self",
        verbose_name=_("in the previous plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="neste",
    )
    endring = models.ForeignKey(
        Budsjettendring,
        verbose_name=_("budget change"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tiltak",
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[maal, strategiar])

    class Meta:
        verbose_name = _("measure in the economic plan")
        verbose_name_plural = _("measures in the economic plan")
        ordering = ["okonomiplan", "prioritet", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "tiltak"],
                condition=Q(tiltak__isnull=False),
                name="tiltaket_ein_gong_i_planen",
            )
        ]

    def __str__(self):
        return self.tittel

    def get_absolute_url(self):
        return reverse("budget:tiltak", args=[self.okonomiplan.forste_aar, self.pk])


class TiltakEffekt(models.Model):
    """The measure's economic effect in one year of the period; negative for savings."""

    budsjetttiltak = models.ForeignKey(BudsjettTiltak, on_delete=models.CASCADE, related_name="effektar")
    aar = models.PositiveSmallIntegerField(_("year"))
    belop = models.BigIntegerField(_("amount (NOK)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["aar"]
        constraints = [models.UniqueConstraint(fields=["budsjetttiltak", "aar"], name="ein_effekt_per_aar")]

    def __str__(self):
        return f"{self.aar}: {self.belop}"


class Verbalpunkt(models.Model):
    """A worded order adopted with the plan; becomes an oppdrag for the budget year."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="verbalpunkt")
    nummer = models.PositiveSmallIntegerField(_("number"))
    tekst = models.TextField(_("text"))
    parti = models.CharField(_("proposed by (party)"), max_length=100, blank=True)
    ansvarleg_sektor = models.ForeignKey(
        Eining, verbose_name=_("responsible sector"), on_delete=models.PROTECT, related_name="+"
    )
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
    endring = models.ForeignKey(
        Budsjettendring, null=True, blank=True, on_delete=models.PROTECT, related_name="verbalpunkt"
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[maal])

    class Meta:
        verbose_name = _("worded order")
        verbose_name_plural = _("worded orders")
        ordering = ["okonomiplan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["okonomiplan", "nummer"], name="eitt_nummer_per_verbalpunkt")
        ]

    def __str__(self):
        return _("Worded order %(nr)s") % {"nr": self.nummer}

    def get_absolute_url(self):
        return reverse("budget:verbalpunkt", args=[self.okonomiplan.forste_aar, self.pk])

    @property
    def tittel(self):
        forste = self.tekst.strip().split("\n", 1)[0]
        return forste if len(forste) <= 120 else forste[:117].rstrip() + "…"


class Maaloppfolging(models.Model):
    """A goal or strategy a sector follows up in the period."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="maaloppfolging")
    eining = models.ForeignKey(Eining, on_delete=models.PROTECT, related_name="+")
    maal = models.ForeignKey(Maal, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    strategi = models.ForeignKey(Strategi, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(maal__isnull=False) | Q(strategi__isnull=False), name="maal_eller_strategi"
            ),
        ]

    def __str__(self):
        return f"{self.eining}: {self.maal or self.strategi}"


class Vedtaking(models.Model):
    """One adoption (or budget change) being carried out, for its progress and result page."""

    class Status(models.TextChoices):
        VENTAR = "ventar", _("waiting")
        FERDIG = "ferdig", _("done")
        FEILA = "feila", _("failed")

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.PROTECT, related_name="vedtakingar")
    endring = models.OneToOneField(Budsjettendring, null=True, blank=True, on_delete=models.PROTECT)
    dato = models.DateField(_("adopted on"))
    saksnummer = models.CharField(_("case number"), max_length=50)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTAR)
    feil = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    ferdig_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        constraints = [
            # a plan is adopted once; a second «Vedta» finds this one
            models.UniqueConstraint(
                fields=["okonomiplan"], condition=Q(endring__isnull=True), name="planen_blir_vedtatt_ein_gong"
            )
        ]

    def __str__(self):
        return f"{self.okonomiplan} {self.saksnummer}"

    def get_absolute_url(self):
        return reverse("budget:okonomiplan_vedtaking", args=[self.okonomiplan.forste_aar, self.pk])
