"""Internal-control checklists (kommunelova kap. 25): a checklist per year in two levels
(føremål → type) over yes/no check points, answered by the leaders each period and followed
up in the monthly leader dialogue; and the register of statlege tilsyn with their findings.

What is due when is the point's own frequency read against the period calendar in
`alver.lib.periodar` (`checklists.plikt`); reporting reads these answers, never the reverse."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke
from alver.lib.dato import kort
from alver.models import Eining
from verksemdsplan.models import Oppdrag


class Sjekkliste(models.Model):
    """The year's checklist. Built as a draft by HR, published by the deadline (31 January by
    default); from then its points are fixed, and a change closes the point and makes a new
    version of it (`Sjekkpunkt.forrige`), so answers keep the wording they answered."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("draft")
        PUBLISERT = "publisert", _("published")

    aar = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UTKAST)
    frist = models.DateField(_("publish by"))
    publisert_at = models.DateTimeField(_("published"), null=True, blank=True)
    publisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # bumped by every change to a published checklist: «version 3 of the 2026 checklist»
    utgaave = models.PositiveIntegerField(_("edition"), default=1)
    kopiert_fra = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("copied from"),
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-aar"]

    def __str__(self):
        return str(_("Internal-control checklist %(aar)s") % {"aar": self.aar})

    def get_absolute_url(self):
        return reverse("checklists:liste", args=[self.aar])

    @property
    def publisert(self):
        return self.status == self.Status.PUBLISERT

    @property
    def er_over_fristen(self):
        return not self.publisert and self.frist < klokke.i_dag()


class Foremaal(models.Model):
    """The first level: what the points are for (Leiardialog, Planlegging, HMS)."""

    sjekkliste = models.ForeignKey(Sjekkliste, on_delete=models.CASCADE, related_name="foremaal")
    namn = models.CharField(_("purpose"), max_length=200)
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        ordering = ["rekkjefolgje", "pk"]
        constraints = [models.UniqueConstraint(fields=["sjekkliste", "namn"], name="eitt_foremaal_per_namn")]

    def __str__(self):
        return self.namn


class Sjekktype(models.Model):
    """The second level: a grouping of points under a purpose (Verksemdstyring, HMS)."""

    foremaal = models.ForeignKey(Foremaal, on_delete=models.CASCADE, related_name="typar")
    namn = models.CharField(_("type"), max_length=200)
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("type")
        verbose_name_plural = _("types")
        ordering = ["rekkjefolgje", "pk"]
        constraints = [models.UniqueConstraint(fields=["foremaal", "namn"], name="ein_sjekktype_per_namn")]

    def __str__(self):
        return self.namn


class Frekvens(models.TextChoices):
    MAANAD = "maanad", _("monthly")
    TERTIAL = "tertial", _("every tertial")
    AAR = "aar", _("yearly")
    EIN_GONG = "ein_gong", _("once, by a date")


class Gjeld(models.TextChoices):
    ALLE = "alle", _("all leaders")
    SEKTOR = "sektor", _("the leaders in a sector")
    TYPE = "type", _("the leaders of a kind of unit")
    EININGAR = "einingar", _("named units")


class SjekkpunktQuerySet(models.QuerySet):
    def gjeldande(self, dag=None):
        """In force on `dag` (today): not closed by a later version or by removal."""
        dag = dag or klokke.i_dag()
        return self.filter(models.Q(gyldig_til__isnull=True) | models.Q(gyldig_til__gte=dag))


class Sjekkpunkt(models.Model):
    """A yes/no question with its guidance, its reference, how often it is answered and by whom.

    Before publishing a point is edited in place. After, it is fixed: a change closes it
    (`gyldig_til`) and makes the next version (`forrige` → this), in force from that day."""

    sjekktype = models.ForeignKey(Sjekktype, on_delete=models.CASCADE, related_name="punkt")
    # short enough that «Improve: <point>» fits an oppdrag title (500)
    sporsmaal = models.CharField(_("check point"), max_length=400)
    rettleiing = models.TextField(_("guidance"), blank=True)
    heimel = models.CharField(
        _("reference"), max_length=300, blank=True, help_text=_("A legal reference or the HMS plan's point.")
    )
    frekvens = models.CharField(
        _("how often"), max_length=10, choices=Frekvens.choices, default=Frekvens.MAANAD
    )
    dato = models.DateField(
        _("by date"), null=True, blank=True, help_text=_("Only for a point answered once.")
    )
    gjeld = models.CharField(_("applies to"), max_length=10, choices=Gjeld.choices, default=Gjeld.ALLE)
    sektor = models.ForeignKey(
        Eining, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    einingstype = models.CharField(_("kind of unit"), max_length=20, blank=True, choices=Eining.Type.choices)
    einingar = models.ManyToManyField(Eining, blank=True, related_name="+", verbose_name=_("units"))
    rekkjefolgje = models.PositiveIntegerField(_("order"), default=0)
    gyldig_fra = models.DateField(_("in force from"), null=True, blank=True)
    gyldig_til = models.DateField(_("in force until"), null=True, blank=True)
    forrige = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="neste",
        verbose_name=_("previous version"),
    )  # fmt: skip
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[einingar])

    objects = SjekkpunktQuerySet.as_manager()

    class Meta:
        verbose_name = _("check point")
        verbose_name_plural = _("check points")
        ordering = ["rekkjefolgje", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(frekvens="ein_gong") | models.Q(dato__isnull=False),
                name="ein_gong_har_dato",
            ),
            models.CheckConstraint(
                condition=~models.Q(gjeld="sektor") | models.Q(sektor__isnull=False), name="sektor_er_valt"
            ),
            models.CheckConstraint(
                condition=~models.Q(gjeld="type") | ~models.Q(einingstype=""), name="einingstype_er_valt"
            ),
        ]

    def __str__(self):
        return self.sporsmaal

    @property
    def sjekkliste(self):
        return self.sjekktype.foremaal.sjekkliste


class Svar(models.Model):
    """A unit's answer to a point for one period (`periode` is a calendar code: 2026-m03,
    2026-t1, 2026-aar). «Nei» and «delvis» need a comment; a «nei» may raise an improvement
    oppdrag, linked here."""

    class Verdi(models.TextChoices):
        JA = "ja", _("yes")
        NEI = "nei", _("no")
        DELVIS = "delvis", _("partly")
        IKKJE_AKTUELT = "ikkje_aktuelt", _("not applicable")

    KREV_KOMMENTAR = {Verdi.NEI, Verdi.DELVIS}

    punkt = models.ForeignKey(Sjekkpunkt, on_delete=models.PROTECT, related_name="svar")
    eining = models.ForeignKey(Eining, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    periode = models.CharField(_("period"), max_length=10)
    verdi = models.CharField(_("answer"), max_length=15, choices=Verdi.choices)
    kommentar = models.TextField(_("comment"), blank=True)
    oppdrag = models.ForeignKey(
        Oppdrag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("improvement assignment"),
    )  # fmt: skip
    svart_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    svart_at = models.DateTimeField(_("answered"), default=klokke.no)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["periode", "punkt__rekkjefolgje", "punkt"]
        constraints = [
            models.UniqueConstraint(
                fields=["punkt", "eining", "periode"], name="eitt_svar_per_punkt_og_periode"
            ),
            models.CheckConstraint(
                condition=~models.Q(verdi__in=["nei", "delvis"]) | ~models.Q(kommentar=""),
                name="nei_og_delvis_har_kommentar",
            ),
        ]
        indexes = [models.Index(fields=["periode", "eining"], name="svar_periode_eining")]

    def __str__(self):
        return f"{self.punkt} – {self.eining} – {self.periode}"


class Oppfolging(models.Model):
    """The monthly leader dialogue on one unit's answers for a period: the leader above
    comments and marks them discussed."""

    sjekkliste = models.ForeignKey(Sjekkliste, on_delete=models.CASCADE, related_name="oppfolgingar")
    eining = models.ForeignKey(Eining, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    periode = models.CharField(_("period"), max_length=10)
    kommentar = models.TextField(_("comment"), blank=True)
    droefta_at = models.DateTimeField(_("discussed"), null=True, blank=True)
    droefta_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["sjekkliste", "eining", "periode"], name="ei_oppfolging_per_periode"
            )
        ]

    def __str__(self):
        return f"{self.eining} – {self.periode}"


class Tilsyn(models.Model):
    """A statleg tilsyn (kommunelova § 25-2: the kommunedirektør reports on them to the
    kommunestyre at least once a year): who inspected what, when, and what they found."""

    myndigheit = models.CharField(
        _("authority"), max_length=200, help_text=_("E.g. Statsforvaltaren, Arbeidstilsynet.")
    )
    dato = models.DateField(_("date"))
    tema = models.CharField(_("theme"), max_length=300)
    eining = models.ForeignKey(
        Eining,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit inspected"),
    )
    saksnummer = models.CharField(_("case number"), max_length=50, blank=True)
    rapport_dato = models.DateField(_("final report received"), null=True, blank=True)
    lukka_at = models.DateField(_("closed by the authority"), null=True, blank=True)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-dato", "-pk"]

    def __str__(self):
        return f"{self.myndigheit}: {self.tema} ({kort(self.dato)})"

    def get_absolute_url(self):
        return reverse("checklists:tilsyn", args=[self.pk])


class Funn(models.Model):
    """A finding of a tilsyn: an avvik (a breach of a requirement, which must be closed) or a
    merknad (a remark). Each is followed up as an oppdrag with an owner."""

    class Type(models.TextChoices):
        AVVIK = "avvik", _("nonconformity")
        MERKNAD = "merknad", _("remark")

    tilsyn = models.ForeignKey(Tilsyn, on_delete=models.CASCADE, related_name="funn")
    type = models.CharField(_("kind"), max_length=10, choices=Type.choices)
    nummer = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As in the report: «Avvik 1».")
    )
    tekst = models.TextField(_("finding"))
    frist = models.DateField(_("deadline"), null=True, blank=True)
    oppdrag = models.ForeignKey(
        Oppdrag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("follow-up assignment"),
    )  # fmt: skip
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["type", "nummer", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} {self.nummer}".strip()


def standard_frist(aar):
    """The default deadline for publishing a year's checklist: 31 January of the year
    (`SJEKKLISTE_FRIST`, «MM-DD»)."""
    return datetime.date(aar, *settings.SJEKKLISTE_FRIST)
