"""The handlings- og økonomiplan (rammer, tiltak, verbalpunkt, adoption) and the political
decisions made through the year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke, urlar
from alver.lib.dato import kort
from alver.lib.tekst import naturleg_nokkel
from alver.models import Eining, Unnatak
from plans.models import Fleirspraakleg, Indikator, Maal, Strategi, Tiltak


class Organ(models.Model):
    """A political body: kommunestyret, formannskapet, a committee, a council. The sekretariat
    keeps the list in the app; a body no longer in use is made inactive, never deleted."""

    class Type(models.TextChoices):
        KOMMUNESTYRE = "kommunestyre", _("municipal council")
        FORMANNSKAP = "formannskap", _("executive committee")
        HOVUDUTVAL = "hovudutval", _("standing committee")
        RAAD = "raad", _("council (råd)")
        ANNA = "anna", _("other")

    namn = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices, default=Type.ANNA)
    aktiv = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive bodies are not offered for new meetings.")
    )
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("political body")
        verbose_name_plural = _("political bodies")
        ordering = ["rekkjefolgje", "namn"]

    def __str__(self):
        return self.namn


class Sakstype(models.Model):
    """What kind of case: a political case gives work, a referatsak or a melding does not.
    `gir_oppdrag` is the default of a case's own switch; `prefiks` is the series in the case
    number (PS, RS, OS …) that a pasted list uses to guess the kind."""

    namn = models.CharField(_("name"), max_length=100, unique=True)
    prefiks = models.CharField(
        _("series prefix"),
        max_length=10,
        blank=True,
        help_text=_("For example PS or RS. Leave empty for none."),
    )
    gir_oppdrag = models.BooleanField(_("gives assignments"), default=False)
    aktiv = models.BooleanField(_("active"), default=True)
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["rekkjefolgje", "namn"]

    def __str__(self):
        return self.namn


class Mote(models.Model):
    """A meeting of a body: it may exist before it has cases (the møteplan), and its cases are
    added, corrected and reordered later."""

    organ = models.ForeignKey(Organ, verbose_name=_("body"), on_delete=models.PROTECT, related_name="mote")
    dato = models.DateField(_("meeting date"))
    nummer = models.CharField(
        _("meeting number"), max_length=50, blank=True, help_text=_("Optional, for example 5/2026.")
    )
    protokoll_url = models.URLField(_("link to the minutes"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-dato", "organ__rekkjefolgje"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "dato", "nummer"], name="eitt_mote_per_organ_dato_nummer"
            )
        ]

    def __str__(self):
        nr = f" ({self.nummer})" if self.nummer else ""
        return f"{self.organ} {kort(self.dato)}{nr}"

    def get_absolute_url(self):
        return urlar.til_rad("budget:mote", self.pk)


class Innsending(models.Model):
    """A one-time form token: the second submit of the same form (two tabs, a double click, a
    retry) finds the first one's meeting instead of storing it again."""

    token = models.CharField(max_length=64, unique=True)
    mote = models.ForeignKey(Mote, on_delete=models.CASCADE, related_name="+", null=True)
    created_at = klokke.Tidspunkt(auto_now_add=True)

    def __str__(self):
        return self.token


class VedtakQuerySet(models.QuerySet):
    def gjeldande(self):
        """Not entered by mistake (withdrawn decisions are real decisions and stay)."""
        return self.filter(feilregistrert_at__isnull=True)


class Vedtak(models.Model):
    class Type(models.TextChoices):
        VEDTAK = "vedtak", _("decision")
        TILLEGGSBESTILLING = "tilleggsbestilling", _("additional order")

    class Skjerming(models.TextChoices):
        OPEN = "", _("open")
        UNNATEKE = "unnateke", _("exempt from public access")
        LUKKA = "lukka", _("closed meeting (kommunelova § 11-5)")

    mote = models.ForeignKey(Mote, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="vedtak")
    # the meeting's body, kept here so a case number is unique per body (follows the meeting)
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+", editable=False)
    saksnummer = models.CharField(_("case number"), max_length=50, help_text=_("For example PS 45/2026."))
    saksnokkel = models.CharField(max_length=80, editable=False)
    sakstype = models.ForeignKey(
        Sakstype, verbose_name=_("case type"), on_delete=models.PROTECT, related_name="+"
    )
    gir_oppdrag = models.BooleanField(
        _("gives assignments"), default=True, help_text=_("Only cases that give work become assignments.")
    )
    tittel = models.CharField(_("title"), max_length=500)
    tekst = models.TextField(_("decision text"), blank=True)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices, default=Type.VEDTAK)
    ansvarleg_sektor = models.ForeignKey(
        Eining,
        verbose_name=_("responsible sector"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    frist = models.DateField(_("deadline"), null=True, blank=True)
    arkivsak = models.CharField(
        _("archive case"),
        max_length=50,
        blank=True,
        help_text=_("The case in the archive, for example 18/01572."),
    )
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
    strategiar = models.ManyToManyField(Strategi, verbose_name=_("strategies"), blank=True, related_name="+")
    skjerming = models.CharField(
        _("public access"), max_length=10, choices=Skjerming.choices, blank=True, default=""
    )
    heimel = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("For example offentleglova § 13.")
    )
    offentleg_tittel = models.CharField(
        _("public title"),
        max_length=500,
        blank=True,
        help_text=_("What everyone else sees of an exempt or closed case."),
    )
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    trekt_grunn = models.TextField(_("reason for withdrawal"), blank=True)
    trekt_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    feilregistrert_grunn = models.TextField(_("why it was entered by mistake"), blank=True)
    feilregistrert_at = models.DateTimeField(_("entered by mistake"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[maal, strategiar])
    objects = VedtakQuerySet.as_manager()

    class Meta:
        verbose_name = _("political decision")
        verbose_name_plural = _("political decisions")
        ordering = ["-mote__dato", "rekkjefolgje", "pk"]
        constraints = [
            # «PS 024/2020» and «PS 24/20» are one case of the body, whatever meeting it came in
            models.UniqueConstraint(
                fields=["organ", "saksnokkel"],
                condition=Q(feilregistrert_at__isnull=True),
                name="ei_sak_per_organ",
            )
        ]
        indexes = [models.Index(fields=["saksnokkel"])]

    def __str__(self):
        # wherever a case is named without an access check, an exempt one shows its public title
        return f"{self.saksnummer} {self.offentleg_tittel if self.skjerming else self.tittel}"

    def get_absolute_url(self):
        return urlar.til_rad("budget:vedtak", self.pk)

    @property
    def aar(self):
        return self.mote.dato.year

    @property
    def skjerma(self):
        return bool(self.skjerming)


class PunktQuerySet(models.QuerySet):
    def gjeldande(self):
        return self.filter(fjerna_at__isnull=True)


class Vedtakspunkt(models.Model):
    """A numbered point of a decision that gives its own order: one assignment per point, with
    its own sector, deadline and goals."""

    vedtak = models.ForeignKey(Vedtak, on_delete=models.CASCADE, related_name="punkt")
    nummer = models.CharField(_("point"), max_length=20, help_text=_("For example 1, 2 or 3a."))
    tekst = models.TextField(_("text"))
    ansvarleg_sektor = models.ForeignKey(
        Eining, verbose_name=_("responsible sector"), on_delete=models.PROTECT, related_name="+"
    )
    frist = models.DateField(_("deadline"), null=True, blank=True)
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
    rekkjefolgje = models.PositiveSmallIntegerField(default=0)
    # a removed point stays (its oppdrag and history point to it); its number is free again
    fjerna_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[maal])
    objects = PunktQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")
        ordering = ["rekkjefolgje", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vedtak", "nummer"], condition=Q(fjerna_at__isnull=True), name="eitt_punkt_per_nummer"
            )
        ]

    def __str__(self):
        return f"{self.vedtak.saksnummer} pkt. {self.nummer}"


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
    # kommunelova § 14-2: the kommunestyre sets a target for netto driftsresultat (share of income)
    maal_driftsresultat = models.DecimalField(
        _("target for net operating result (per cent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The council's financial target, as a share of the income, for example 1,75."),
    )
    # kommunelova § 14-3: formannskapet's recommendation lies out for public inspection at least
    # 14 days before the kommunestyre treats it
    innstilling_dato = models.DateField(
        _("recommendation from the executive committee"), null=True, blank=True
    )
    ettersyn_fra = models.DateField(_("laid out for public inspection from"), null=True, blank=True)
    kommunestyre_dato = models.DateField(_("treated by the council on"), null=True, blank=True)
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


class Budsjettlinje(models.Model):
    """A line of the main overview that is not a sector's frame: the central income, interest and
    repayments, reserves, and the investment budget's financing. Amounts per year in kroner, each
    line signed as its kind reads (income and financing positive)."""

    class Art(models.TextChoices):
        SKATT = "skatt", _("tax on income and wealth")
        RAMMETILSKOT = "rammetilskot", _("block grant")
        ANDRE_INNTEKTER = "andre_inntekter", _("other general income")
        RENTER_AVDRAG = "renter_avdrag", _("interest and repayments (net)")
        AVSETJING = "avsetjing", _("transfers to reserves")
        BRUK_FOND = "bruk_fond", _("use of reserves")
        LAAN = "laan", _("borrowing")
        TILSKOT = "tilskot", _("grants and VAT compensation")
        FOND_INVESTERING = "fond_investering", _("reserves used for investment")
        SAL = "sal", _("sale of assets")

    INNTEKT = (Art.SKATT, Art.RAMMETILSKOT, Art.ANDRE_INNTEKTER)
    FINANSIERING = (Art.LAAN, Art.TILSKOT, Art.FOND_INVESTERING, Art.SAL)

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="linjer")
    art = models.CharField(_("kind"), max_length=20, choices=Art.choices)
    # «Eigedomsskatt», «Konsesjonskraft»: several lines of one kind, each named as the document does
    tittel = models.CharField(_("title"), max_length=200)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["okonomiplan", "art", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "art", "tittel"], name="ei_linje_per_art_og_tittel"
            )
        ]

    def __str__(self):
        return self.tittel


class Linjebelop(models.Model):
    linje = models.ForeignKey(Budsjettlinje, on_delete=models.CASCADE, related_name="belop")
    aar = models.PositiveSmallIntegerField(_("year"))
    belop = models.BigIntegerField(_("amount (NOK)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["aar"]
        constraints = [models.UniqueConstraint(fields=["linje", "aar"], name="eitt_belop_per_linje_og_aar")]

    def __str__(self):
        return f"{self.aar}: {self.belop}"


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
        return f"{self.saksnummer} {kort(self.dato)}"


class BudsjettTiltak(Unnatak):
    """A tiltak assessed in the plan: from a handlingsplan ("alle tiltak blir vurdert") or added here."""

    class Vedtak(models.TextChoices):
        IKKJE_VURDERT = "ikkje_vurdert", _("not assessed")
        PRIORITERT = "prioritert", _("prioritised")
        IKKJE_PRIORITERT = "ikkje_prioritert", _("not prioritised")

    class Type(models.TextChoices):
        DRIFT = "drift", _("operating")
        INVESTERING = "investering", _("investment")
        # higher tax intake, konsesjonskraft, a sales gain: no goal, never an oppdrag
        INNTEKT = "inntekt", _("income or budget-technical")

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="tiltak")
    type = models.CharField(
        _("kind"),
        max_length=12,
        choices=Type.choices,
        default=Type.DRIFT,
        help_text=_(
            "An investment counts apart from the operating budget. Income and budget-technical lines "
            "need no goal and never become assignments."
        ),
    )
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
    strategiar = models.ManyToManyField(Strategi, verbose_name=_("strategies"), blank=True, related_name="+")
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
    """A verbal resolution proposed for the plan; an adopted one becomes an oppdrag for the budget year."""

    class Status(models.TextChoices):
        FORSLAG = "forslag", _("proposed")
        VEDTEKE = "vedteke", _("adopted")
        IKKJE_VEDTEKE = "ikkje_vedteke", _("not adopted")

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="verbalpunkt")
    # as the document writes it: «1», «1a», «avsnitt 2»
    nummer = models.CharField(_("number"), max_length=30, help_text=_("As the document writes it: 1, 1a, 2."))
    # «1», «1a», «2», «10» in that order (alver.lib.tekst.naturleg_nokkel), set on save
    sortering = models.CharField(max_length=120, editable=False, default="")
    # the document's heading when it has one; else the text's first line stands for it
    overskrift = models.CharField(_("title"), max_length=300, blank=True)
    tekst = models.TextField(_("text"))
    parti = models.CharField(_("proposed by (party)"), max_length=100, blank=True)
    # those entered before proposals were recorded were all adopted with their plan
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=Status.choices,
        default=Status.VEDTEKE,
        help_text=_("Only an adopted verbal resolution becomes an assignment."),
    )
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
        verbose_name = _("verbal resolution")
        verbose_name_plural = _("verbal resolutions")
        ordering = ["okonomiplan", "sortering"]
        constraints = [
            models.UniqueConstraint(fields=["okonomiplan", "nummer"], name="eitt_nummer_per_verbalpunkt")
        ]

    def __str__(self):
        return _("Verbal resolution %(nr)s") % {"nr": self.nummer}

    def save(self, *args, **kwargs):
        self.nummer = str(self.nummer).strip()
        self.sortering = naturleg_nokkel(self.nummer)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("budget:verbalpunkt", args=[self.okonomiplan.forste_aar, self.pk])

    @property
    def tittel(self):
        if self.overskrift:
            return self.overskrift
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


class Indikatormaal(models.Model):
    """The kommunestyre's target for an indicator in one year of the økonomiplan, per sector.

    Set while the plan is being made; locked once it is adopted (`Okonomiplan.er_vedtatt`)."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="indikatormaal")
    sektor = models.ForeignKey(Eining, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    aar = models.PositiveSmallIntegerField(_("year"))
    verdi = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target in the economic plan")
        verbose_name_plural = _("indicator targets in the economic plan")
        ordering = ["okonomiplan", "sektor", "indikator", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "sektor", "indikator", "aar"], name="indikatormaal_eintydig"
            )
        ]

    def __str__(self):
        return f"{self.indikator} {self.aar}: {self.verdi}"


# --- Statistics from SSB (KOSTRA) for Analyse -------------------------------------------------


class Statistikkimport(models.Model):
    """One uploaded file from Statistikkbanken: previewed first (its rows kept here), stored
    when confirmed (`services.lagre_statistikk`). A preview never confirmed stores nothing."""

    class Format(models.TextChoices):
        JSONSTAT = "jsonstat", "JSON-stat 2.0"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        FORHANDSVIST = "forhandsvist", _("previewed")
        LAGRA = "lagra", _("stored")

    filnamn = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    koding = models.CharField(_("text encoding"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.FORHANDSVIST)
    # the parsed rows: [tabell, variabel, variabel_namn, region, region_namn, aar, verdi (text) | null, status]
    rader = models.JSONField(default=list, editable=False)
    tal_rader = models.PositiveIntegerField(_("rows"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = klokke.Tidspunkt(_("uploaded"), auto_now_add=True)
    lagra_at = models.DateTimeField(_("stored"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rader"])

    class Meta:
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")
        ordering = ["-pk"]

    def __str__(self):
        return self.filnamn


class Statistikkverdi(models.Model):
    """One cell of a Statistikkbanken table: a variable for a region in a year. A later import
    of the same cell updates it (the history keeps what it was)."""

    class Regiontype(models.TextChoices):
        KOMMUNE = "kommune", _("kommune")
        KOMMUNEGRUPPE = "kommunegruppe", _("KOSTRA group")
        FYLKE = "fylke", _("county")
        LANDET = "landet", _("the country")
        ANNA = "anna", _("other region")

    tabell = models.CharField(_("SSB table"), max_length=30)
    variabel = models.CharField(_("SSB variable"), max_length=300)
    variabel_namn = models.CharField(_("variable"), max_length=500)
    regiontype = models.CharField(_("kind of region"), max_length=15, choices=Regiontype.choices)
    region = models.CharField(_("region code"), max_length=100)
    region_namn = models.CharField(_("region"), max_length=200)
    aar = models.PositiveSmallIntegerField(_("year"))
    verdi = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, blank=True)
    statistikkimport = models.ForeignKey(
        Statistikkimport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="verdiar"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics value")
        verbose_name_plural = _("statistics values")
        ordering = ["tabell", "variabel", "region", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["tabell", "variabel", "region", "aar"], name="statistikkverdi_eintydig"
            )
        ]

    def __str__(self):
        return f"{self.tabell} {self.variabel} {self.region} {self.aar}: {self.verdi}"


class Statistikkkopling(models.Model):
    """A table's variable mapped to an indicator in the register, made once: every import of
    the table fills the indicator."""

    tabell = models.CharField(_("SSB table"), max_length=30)
    variabel = models.CharField(_("SSB variable"), max_length=300)
    variabel_namn = models.CharField(_("variable"), max_length=500, blank=True)
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics mapping")
        verbose_name_plural = _("statistics mappings")
        ordering = ["tabell", "variabel"]
        constraints = [
            models.UniqueConstraint(fields=["tabell", "variabel"], name="statistikkkopling_eintydig")
        ]

    def __str__(self):
        return f"{self.tabell} {self.variabel} → {self.indikator}"


class Sektorindikator(models.Model):
    """An indicator a sector takes into its targets in the økonomiplan from the register, beyond
    those on the plans' goals it owns (see `budget.indikatormaal.indikatorar_for`)."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="sektorindikatorar")
    sektor = models.ForeignKey(Eining, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator added by a sector")
        verbose_name_plural = _("indicators added by sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "sektor", "indikator"], name="sektorindikator_eintydig"
            )
        ]

    def __str__(self):
        return f"{self.sektor}: {self.indikator}"


class Nokkeltalstype(Fleirspraakleg):
    """A kind of nøkkeltal, a premise the budget builds on («Tal born i barnehage»). Økonomi and
    administrators keep the list; a kind no longer used is made inactive, never deleted.
    `gjeld_for`: the units (that unit and those below it) the kind is counted for; empty: all."""

    maaleeining = models.CharField(
        _("unit of measure"),
        max_length=20,
        choices=Indikator.Maaleeining.choices,
        default=Indikator.Maaleeining.TAL,
    )
    desimalar = models.PositiveSmallIntegerField(
        _("decimals"), default=0, help_text=_("How many decimals a value may have (0–4).")
    )
    gjeld_for = models.ForeignKey(
        Eining,
        verbose_name=_("counted for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The units under this one report the figure. Leave empty for every unit."),
    )
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    aktiv = models.BooleanField(_("active"), default=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of key figure")
        verbose_name_plural = _("kinds of key figure")
        ordering = ["rekkjefolgje", "namn_nn"]
        constraints = [
            models.CheckConstraint(condition=Q(desimalar__lte=4), name="nokkeltalstype_desimalar_maks_4")
        ]

    def valider(self, verdi):
        """Refuse a negative value or one with more decimals than the kind has; never round."""
        from django.core.exceptions import ValidationError

        eksponent = verdi.normalize().as_tuple().exponent
        if eksponent < 0 and -eksponent > self.desimalar:
            raise ValidationError(
                _("%(namn)s takes at most %(n)s decimals; you entered %(v)s.")
                % {"namn": self.namn, "n": self.desimalar, "v": verdi},
                code="desimalar",
            )
        if verdi < 0:
            raise ValidationError(_("A key figure cannot be negative."), code="minimum")


class Nokkeltalplan(models.Model):
    """The planned value of a nøkkeltal for a unit and year, entered in the økonomiplan (locked
    with the plan once it is adopted)."""

    okonomiplan = models.ForeignKey(Okonomiplan, on_delete=models.CASCADE, related_name="nokkeltal")
    type = models.ForeignKey(
        Nokkeltalstype, verbose_name=_("key figure"), on_delete=models.PROTECT, related_name="+"
    )
    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    verdi = models.DecimalField(_("planned"), max_digits=20, decimal_places=4)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned key figure")
        verbose_name_plural = _("planned key figures")
        constraints = [
            models.UniqueConstraint(
                fields=["okonomiplan", "type", "eining", "aar"], name="nokkeltalplan_eintydig"
            )
        ]

    def __str__(self):
        return f"{self.type} {self.eining} {self.aar}: {self.verdi}"


class Nokkeltalverdi(models.Model):
    """The actual value of a nøkkeltal for a unit and year, reported during the year by the
    unit's leaders or økonomi (the latest known figure, with an optional comment)."""

    type = models.ForeignKey(
        Nokkeltalstype, verbose_name=_("key figure"), on_delete=models.PROTECT, related_name="+"
    )
    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    verdi = models.DecimalField(_("actual"), max_digits=20, decimal_places=4)
    kommentar = models.CharField(_("comment"), max_length=500, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    endra_at = klokke.Tidspunkt(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual key figure")
        verbose_name_plural = _("actual key figures")
        constraints = [
            models.UniqueConstraint(fields=["type", "eining", "aar"], name="nokkeltalverdi_eintydig")
        ]

    def __str__(self):
        return f"{self.type} {self.eining} {self.aar}: {self.verdi}"


class Sjukefravaer(models.Model):
    """Sick leave for one unit and month, from HR's file: health data about identifiable
    people. Read only through `budget.sjukefravaer`, which hides small units (fewer than
    `SJUKEFRAVAER_MIN_TILSETTE` employees) in the unit above; never on public pages, the API
    or exports, and not in the admin site."""

    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    maanad = models.PositiveSmallIntegerField(_("month"))
    prosent = models.DecimalField(_("sick leave (per cent)"), max_digits=5, decimal_places=2)
    tilsette = models.PositiveIntegerField(_("employees"))
    importert_at = klokke.Tidspunkt(_("imported"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sick leave")
        verbose_name_plural = _("sick leave")
        constraints = [
            models.UniqueConstraint(fields=["eining", "aar", "maanad"], name="sjukefravaer_eintydig"),
            models.CheckConstraint(condition=Q(maanad__gte=1, maanad__lte=12), name="sjukefravaer_maanad"),
            models.CheckConstraint(
                condition=Q(prosent__gte=0, prosent__lte=100), name="sjukefravaer_prosent"
            ),
        ]

    def __str__(self):
        return f"{self.eining} {self.aar}-{self.maanad:02d}"
