"""The top of the red thread: plans, their goals and strategies, handlingsplanar and tiltak."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke, urlar
from alver.lib.desimal import desimalar_i, vis_desimal
from alver.models import Eining, Unnatak


class Fleirspraakleg(models.Model):
    """Names kept as data in the three languages; `namn` gives the one in use."""

    namn_nn = models.CharField(_("name (Nynorsk)"), max_length=200)
    namn_nb = models.CharField(_("name (Bokmål)"), max_length=200)
    namn_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.namn

    @property
    def namn(self):
        return getattr(self, f"namn_{(get_language() or 'nn')[:2]}", None) or self.namn_nn


class Kodeliste(Fleirspraakleg):
    """A short list the admin site can extend (plan kinds, oppdrag categories, themes): a stable
    code for the program, names in three languages for people, and an order."""

    kode = models.SlugField(_("code"), unique=True)
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class Plantype(Kodeliste):
    """Kinds of plan; an administrator may add more in the admin site."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan kind")
        verbose_name_plural = _("plan kinds")
        ordering = ["rekkjefolgje", "namn_nn"]


class Maalnivaa(Kodeliste):
    """What a plan calls its goal levels (visjon, hovudmål, satsingsområde, ...); an
    administrator may add more in the admin site."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal level")
        verbose_name_plural = _("goal levels")
        ordering = ["rekkjefolgje", "namn_nn"]


class Berekraftsmaal(Fleirspraakleg):
    """The 17 UN sustainable development goals (loaded by a data migration)."""

    nummer = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["nummer"]

    def __str__(self):
        return f"{self.nummer}. {self.namn}"


class PlanQuerySet(models.QuerySet):
    def vedtekne(self):
        return self.filter(status=Plan.Status.VEDTATT)


class Plan(Unnatak):
    class Status(models.TextChoices):
        UNDER_ARBEID = "under_arbeid", _("in progress")
        PAA_HOYRING = "paa_hoyring", _("out for consultation")
        VEDTATT = "vedtatt", _("adopted")
        OPPHEVA = "oppheva", _("repealed")

    class Nummerering(models.TextChoices):
        UTREKNA = "utrekna", _("computed (1, 1.1, 1.1.1)")
        EIGA = "eiga", _("the plan's own numbering")

    UTKAST = {Status.UNDER_ARBEID, Status.PAA_HOYRING}

    tittel = models.CharField(_("title"), max_length=300)
    type = models.ForeignKey(
        Plantype, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="planar"
    )
    # many plans state no period, or no end to it: both years may be left empty
    periode_fra = models.PositiveSmallIntegerField(_("period from (year)"), null=True, blank=True)
    periode_til = models.PositiveSmallIntegerField(
        _("period to (year)"), null=True, blank=True, help_text=_("Leave empty for an open period.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNDER_ARBEID)
    vedtatt_dato = models.DateField(_("adopted on"), null=True, blank=True)
    saksnummer = models.CharField(_("case number"), max_length=50, blank=True)
    ansvarleg_eining = models.ForeignKey(
        Eining, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    overordna = models.ForeignKey(
        "self",
        verbose_name=_("follows up plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="underplanar",
        help_text=_("A kommunedelplan follows up the kommuneplan."),
    )
    skildring = models.TextField(_("description"), blank=True)
    nummerering = models.CharField(
        _("numbering of goals"),
        max_length=10,
        choices=Nummerering.choices,
        default=Nummerering.UTREKNA,
        help_text=_(
            "Own numbering keeps the document's numbers (1, 1.2, A, 2a); they never change when a goal moves."
        ),
    )
    maalnivaa = models.ManyToManyField(
        Maalnivaa, through="PlanMaalnivaa", verbose_name=_("goal levels"), blank=True, related_name="+"
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    updated_at = klokke.Tidspunkt(auto_now=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["type__rekkjefolgje", "tittel"]
        permissions = [("endre_plan", _("May edit this plan"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(periode_til__isnull=True)
                | Q(periode_fra__isnull=False, periode_til__gte=models.F("periode_fra")),
                name="plan_periode_gyldig",
            )
        ]

    def __str__(self):
        return self.tittel

    def get_absolute_url(self):
        return urlar.til_rad("plans:plan", self.pk)

    @property
    def er_utkast(self):
        return self.status in self.UTKAST

    @property
    def eiga_nummerering(self):
        return self.nummerering == self.Nummerering.EIGA

    @property
    def periode(self):
        """The period as people write it: 2024–2035, from 2024, or open."""
        if self.periode_fra is None:
            return _("open")
        if self.periode_til is None:
            return _("from %(fra)s") % {"fra": self.periode_fra}
        return f"{self.periode_fra}–{self.periode_til}"

    def nivaaliste(self):
        """The goal levels the plan uses, top level first."""
        return [pm.maalnivaa for pm in self.plannivaa.select_related("maalnivaa").order_by("rekkjefolgje")]

    def clean(self):
        super().clean()
        if self.periode_til is not None and self.periode_fra is None:
            raise ValidationError({"periode_fra": _("A period with an end year needs its start year.")})
        if self.periode_fra and self.periode_til and self.periode_til < self.periode_fra:
            raise ValidationError({"periode_til": _("The period cannot end before it starts.")})
        if self.status == self.Status.VEDTATT and not self.vedtatt_dato:
            raise ValidationError({"vedtatt_dato": _("An adopted plan needs its adoption date.")})


class PlanMaalnivaa(models.Model):
    """One goal level a plan uses, at its place: the first is the top of the goal tree."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plannivaa")
    maalnivaa = models.ForeignKey(
        Maalnivaa, verbose_name=_("goal level"), on_delete=models.PROTECT, related_name="+"
    )
    rekkjefolgje = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal level of a plan")
        verbose_name_plural = _("goal levels of a plan")
        ordering = ["plan", "rekkjefolgje"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "maalnivaa"], name="eitt_nivaa_ein_gong_per_plan")
        ]

    def __str__(self):
        return str(self.maalnivaa)


class Vedlegg(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="vedlegg")
    tittel = models.CharField(_("title"), max_length=300)
    fil = models.FileField(_("file"), upload_to="planar/%Y/")
    created_at = klokke.Tidspunkt(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at"]

    def __str__(self):
        return self.tittel


class MaalQuerySet(models.QuerySet):
    def til_kopling(self):
        """Goals offered for linking: those of adopted plans (the seed: usable once adopted)."""
        return self.filter(plan__status=Plan.Status.VEDTATT)

    def ikkje_offentlege(self):
        """Goals the public never sees: in a draft or exempt plan, exempt themselves, or under an
        exempt goal (a sub-goal shares its secrecy)."""
        vilkaar = Q(plan__status__in=Plan.UTKAST) | Q(plan__unnateke=True) | Q(unnateke=True)
        sti = ""
        for _steg in range(MAALDJUPN):
            sti += "parent__"
            vilkaar |= Q(**{f"{sti}unnateke": True})
        return self.filter(vilkaar)


MAALDJUPN = 5  # goal trees are at most this deep below the top (the levels a plan may name)


class Maal(Unnatak):
    """A goal at one of its plan's levels (visjon, hovudmål, delmål, ...), at most three deep.

    `eige_nummer` is the document's own number, used when the plan has own numbering."""

    MAKS_NIVAA = 3

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="maal")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delmaal",
    )
    maalnivaa = models.ForeignKey(
        Maalnivaa, verbose_name=_("level"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eige_nummer = models.CharField(_("number"), max_length=30, blank=True)
    tittel = models.CharField(_("goal"), max_length=500)
    skildring = models.TextField(_("description"), blank=True)
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    berekraftsmaal = models.ManyToManyField(
        Berekraftsmaal, verbose_name=_("sustainable development goals"), blank=True, related_name="maal"
    )
    folgjer_opp = models.ForeignKey(
        "self",
        verbose_name=_("follows up goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="oppfolgt_av",
        help_text=_("The goal in an overarching plan (e.g. the samfunnsdel) that this goal follows up."),
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[berekraftsmaal])
    objects = MaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "rekkjefolgje", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "eige_nummer"], condition=~Q(eige_nummer=""), name="eige_maalnummer_eintydig"
            )
        ]

    def __str__(self):
        nummer = getattr(self, "nummer", "")
        return f"{nummer} {self.tittel}".strip()

    def get_absolute_url(self):
        return urlar.til_rad("plans:maal", self.pk)


class Strategi(models.Model):
    """A strategy of the plan as a whole (no goal) or of one of its goals."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategiar")
    maal = models.ForeignKey(
        Maal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="strategiar",
        help_text=_("Leave empty for a strategy of the whole plan."),
    )
    eige_nummer = models.CharField(_("number"), max_length=30, blank=True)
    tittel = models.CharField(_("strategy"), max_length=500)
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["maal", "rekkjefolgje", "pk"]

    def __str__(self):
        return self.tittel

    def save(self, *args, **kwargs):
        # code that names only the goal (older callers, other apps' demo data) still works
        if self.plan_id is None and self.maal_id is not None:
            self.plan_id = Maal.objects.values_list("plan_id", flat=True).get(pk=self.maal_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.maal.get_absolute_url() if self.maal_id else self.plan.get_absolute_url() + "#strategiar"


class Handlingsplan(models.Model):
    """A plan's action plan for one rullering, e.g. 2026–2029."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="handlingsplanar")
    fra_aar = models.PositiveSmallIntegerField(_("from year"))
    til_aar = models.PositiveSmallIntegerField(_("to year"))
    forrige = models.OneToOneField(
        "self",
        verbose_name=_("rolled from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="neste",
    )
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["plan", "-fra_aar"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fra_aar"], name="ein_handlingsplan_per_plan_og_aar"),
            models.CheckConstraint(
                condition=Q(til_aar__gte=models.F("fra_aar")), name="handlingsplan_periode"
            ),
        ]

    def __str__(self):
        return _("Action plan %(fra)s–%(til)s") % {"fra": self.fra_aar, "til": self.til_aar}

    def get_absolute_url(self):
        return urlar.til_rad("plans:handlingsplan", self.pk)

    @property
    def aar(self):
        return list(range(self.fra_aar, self.til_aar + 1))


class TiltakQuerySet(models.QuerySet):
    def kan_foreslaast(self):
        """Tiltak linked to at least one goal or strategy: only these go on to the økonomiplan."""
        return self.filter(Q(maal__isnull=False) | Q(strategiar__isnull=False)).distinct()


class Tiltak(Unnatak):
    class Status(models.TextChoices):
        FORSLAG = "forslag", _("proposed")
        PRIORITERT = "prioritert", _("prioritised")
        IKKJE_PRIORITERT = "ikkje_prioritert", _("not prioritised")
        GJENNOMFORT = "gjennomfort", _("completed")
        UTGAATT = "utgaatt", _("dropped")

    OPNE = {Status.FORSLAG, Status.PRIORITERT, Status.IKKJE_PRIORITERT}

    handlingsplan = models.ForeignKey(Handlingsplan, on_delete=models.CASCADE, related_name="tiltak")
    tittel = models.CharField(_("title"), max_length=500)
    skildring = models.TextField(_("description"), blank=True)
    okonomisk = models.BooleanField(_("economic"), default=False, help_text=_("Has a cost to be financed."))
    ansvarleg_eining = models.ForeignKey(
        Eining,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="tiltak")
    strategiar = models.ManyToManyField(
        Strategi, verbose_name=_("strategies"), blank=True, related_name="tiltak"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FORSLAG)
    forrige = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="neste",
    )
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    versjon = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[maal, strategiar])
    objects = TiltakQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["handlingsplan", "rekkjefolgje", "pk"]

    def __str__(self):
        return self.tittel

    def get_absolute_url(self):
        return urlar.til_rad("plans:tiltak", self.pk)


class TiltakKostnad(models.Model):
    """Estimated cost of an economic tiltak in one year, in whole kroner."""

    tiltak = models.ForeignKey(Tiltak, on_delete=models.CASCADE, related_name="kostnader")
    aar = models.PositiveSmallIntegerField(_("year"))
    belop = models.BigIntegerField(_("amount (NOK)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost per year")
        verbose_name_plural = _("costs per year")
        ordering = ["aar"]
        constraints = [
            models.UniqueConstraint(fields=["tiltak", "aar"], name="ein_kostnad_per_tiltak_og_aar")
        ]

    def __str__(self):
        return f"{self.aar}: {self.belop}"


class Indikator(models.Model):
    """A measure in the indicator register (the seed's «Aktivitet»): what is measured and how.

    The indicator owns its frequency; what is due when comes from `alver.lib.periodar`. Values
    themselves live downstream (reporting, and budget's SSB statistics); `valider` is the one
    rule every app uses before it stores one."""

    class Maaleeining(models.TextChoices):
        PROSENT = "prosent", _("per cent")
        KRONER = "kroner", _("kroner")
        TAL = "tal", _("count")
        PER_1000 = "per_1000", _("per 1,000 inhabitants")
        TIMAR = "timar", _("hours")
        DAGAR = "dagar", _("days")
        SKAAR = "skaar", _("score")

    class Retning(models.TextChoices):
        HOEGARE = "hoegare", _("higher is better")
        LAAGARE = "laagare", _("lower is better")

    class Kjelde(models.TextChoices):
        EIGA = "eiga", _("own measurement")
        SSB = "ssb", _("SSB/KOSTRA")
        HR = "hr", _("HR")
        FAGSYSTEM = "fagsystem", _("a specialist system")

    class Frekvens(models.TextChoices):
        MAANAD = "maanad", _("monthly")
        TERTIAL = "tertial", _("every tertial")
        AAR = "aar", _("yearly")

    MAKS_DESIMALAR = 4

    namn = models.CharField(_("name"), max_length=300)
    definisjon = models.TextField(_("definition"), blank=True)
    maaleeining = models.CharField(_("unit of measure"), max_length=20, choices=Maaleeining.choices)
    desimalar = models.PositiveSmallIntegerField(
        _("decimals"), default=0, help_text=_("How many decimals a value may have (0–4).")
    )
    retning = models.CharField(
        _("direction"), max_length=10, choices=Retning.choices, default=Retning.HOEGARE
    )
    minimum = models.DecimalField(_("minimum"), max_digits=20, decimal_places=4, null=True, blank=True)
    maksimum = models.DecimalField(_("maximum"), max_digits=20, decimal_places=4, null=True, blank=True)
    kjelde = models.CharField(_("source"), max_length=20, choices=Kjelde.choices, default=Kjelde.EIGA)
    kjelde_tabell = models.CharField(
        _("SSB table"),
        max_length=30,
        blank=True,
        help_text=_("The table number in Statistikkbanken, e.g. 12362."),
    )
    kjelde_variabel = models.CharField(
        _("SSB variable"),
        max_length=100,
        blank=True,
        help_text=_("The table's content code, e.g. KOSAG110000."),
    )
    kjelde_merknad = models.CharField(
        _("source note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the specialist system the value comes from."),
    )
    frekvens = models.CharField(_("frequency"), max_length=10, choices=Frekvens.choices, default=Frekvens.AAR)
    eigar = models.ForeignKey(
        Eining,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["namn", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(desimalar__lte=4), name="indikator_desimalar_maks_4"),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maksimum__isnull=True)
                | Q(minimum__lte=models.F("maksimum")),
                name="indikator_min_under_maks",
            ),
        ]

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return urlar.til_rad("plans:indikator", self.pk)

    def clean(self):
        if self.minimum is not None and self.maksimum is not None and self.minimum > self.maksimum:
            raise ValidationError({"maksimum": _("The maximum must not be below the minimum.")})

    def valider(self, verdi):
        """Refuse a value (a Decimal) with more decimals than the indicator has or outside its
        bounds; never round it. The unit alone sets no bounds (KOSTRA percentages can exceed
        100 or be negative)."""
        if not verdi.is_finite():
            raise ValidationError(_("Enter a number."), code="ugyldig")
        if desimalar_i(verdi) > self.desimalar:
            raise ValidationError(
                ngettext(
                    "This indicator takes at most %(n)s decimal; you entered %(v)s.",
                    "This indicator takes at most %(n)s decimals; you entered %(v)s.",
                    self.desimalar,
                )
                % {"n": self.desimalar, "v": vis_desimal(verdi)}
                if self.desimalar
                else _("This indicator takes whole numbers only; you entered %(v)s.")
                % {"v": vis_desimal(verdi)},
                code="desimalar",
            )
        if self.minimum is not None and verdi < self.minimum:
            raise ValidationError(
                _("The value must be at least %(min)s.") % {"min": vis_desimal(self.minimum)}, code="minimum"
            )
        if self.maksimum is not None and verdi > self.maksimum:
            raise ValidationError(
                _("The value must be at most %(max)s.") % {"max": vis_desimal(self.maksimum)}, code="maksimum"
            )

    def er_betre(self, verdi, maal):
        """Whether `verdi` reaches the target `maal` in the indicator's direction."""
        return verdi >= maal if self.retning == self.Retning.HOEGARE else verdi <= maal


class MaalIndikator(models.Model):
    """An indicator attached to a goal (mål or delmål) in a plan, with the plan's targets."""

    maal = models.ForeignKey(
        Maal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indikatorar"
    )
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="maalkoplingar"
    )
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    versjon = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator on a goal")
        verbose_name_plural = _("indicators on goals")
        ordering = ["maal", "rekkjefolgje", "pk"]
        constraints = [models.UniqueConstraint(fields=["maal", "indikator"], name="maalindikator_eintydig")]

    def __str__(self):
        return f"{self.maal} – {self.indikator}"


class Planmaalverdi(models.Model):
    """The plan's target for an indicator on a goal in one year."""

    kopling = models.ForeignKey(MaalIndikator, on_delete=models.CASCADE, related_name="maalverdiar")
    aar = models.PositiveSmallIntegerField(_("year"))
    verdi = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["kopling", "aar"]
        constraints = [models.UniqueConstraint(fields=["kopling", "aar"], name="planmaalverdi_eintydig")]

    def __str__(self):
        return f"{self.kopling}: {self.aar} {self.verdi}"
