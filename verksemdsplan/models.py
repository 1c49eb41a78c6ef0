"""The one-year operational plan per unit, and the oppdrag that named leaders own and delegate."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alver.lib import klokke, urlar
from alver.lib.desimal import vis_desimal
from alver.lib.lagring import PrivatLagring
from alver.lib.valvisning import ValVisning
from alver.models import Eining
from budget.models import BudsjettTiltak, Organ, Vedtak, Vedtakspunkt, Verbalpunkt
from plans.models import Indikator, Kodeliste, Maal, Strategi


class KategoriQuerySet(models.QuerySet):
    def manuelle(self):
        """Categories a leader may choose; the political ones come only from propagation."""
        return self.exclude(kode__in=Kategori.PROPAGERTE)


class Kategori(Kodeliste):
    """Oppdrag categories (docs/GLOSSARY.md); administrators may add more."""

    PROPAGERTE = ("verbalpunkt", "politisk_vedtak", "tilleggsbestilling")
    # the oppdragsbrev theme an oppdrag of the category gets unless someone chooses another
    STANDARD_TEMA = {
        "verbalpunkt": "strategiske",
        "politisk_vedtak": "saerskilte",
        "tilleggsbestilling": "saerskilte",
        "plantiltak": "okonomiske",
        "administrativt": "organisatoriske",
    }

    history = HistoricalRecords()
    objects = KategoriQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["rekkjefolgje"]


class Tema(Kodeliste):
    """Oppdragsbrev themes (docs/GLOSSARY.md); administrators may add more."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["rekkjefolgje"]


class Verksemdsplan(models.Model):
    """A unit's plan for one year, made when first needed."""

    eining = models.ForeignKey(Eining, on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    ferdig_at = models.DateTimeField(_("marked done"), null=True, blank=True)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")
        constraints = [
            models.UniqueConstraint(fields=["eining", "aar"], name="ein_verksemdsplan_per_eining_og_aar")
        ]

    def __str__(self):
        return _("Operational plan %(aar)s for %(eining)s") % {"aar": self.aar, "eining": self.eining}


class OppdragQuerySet(models.QuerySet):
    def opne(self):
        return self.exclude(status__in=[Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE])

    def aktive(self):
        """Not withdrawn delegations."""
        return self.filter(trekt_at__isnull=True)

    def over_fristen(self, dag=None):
        """Not done or cancelled, and the deadline has passed: «over fristen», which is about the
        date. «Forseinka» is the status a leader sets, and is not implied by this."""
        return self.opne().filter(frist__lt=dag or klokke.i_dag())

    forseinka = over_fristen  # the old name, for code written before the words were told apart

    def utan_kopling(self):
        return self.filter(maal__isnull=True, strategiar__isnull=True)

    def i_aar(self, aar):
        """Active in the year: an oppdrag belongs to every year from its start until the year it
        was done or cancelled, so open work follows into the next year without copies."""
        return self.filter(Q(slutt_aar__isnull=True) | Q(slutt_aar__gte=aar), aar__lte=aar)


class Oppdrag(ValVisning, models.Model):
    class Status(models.TextChoices):
        IKKJE_STARTA = "ikkje_starta", _("not started")
        I_GANG = "i_gang", _("under way")
        FORSEINKA = "forseinka", _("delayed")
        FULLFORT = "fullfort", _("done")
        AVBROTE = "avbrote", _("cancelled")

    KREV_KOMMENTAR = {Status.FORSEINKA, Status.AVBROTE}

    verksemdsplan = models.ForeignKey(Verksemdsplan, on_delete=models.PROTECT, related_name="oppdrag")
    aar = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the assignment starts."))
    # kept by save() from the status: the last year the oppdrag belongs to, empty while open
    slutt_aar = models.PositiveSmallIntegerField(_("closed in"), null=True, blank=True, editable=False)
    tittel = models.CharField(_("title"), max_length=500)
    skildring = models.TextField(_("description"), blank=True)
    kategori = models.ForeignKey(
        Kategori, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    eining = models.ForeignKey(
        Eining, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The oppdragseigar. Empty when the responsible unit has no leader."),
    )
    frist = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IKKJE_STARTA)
    status_kommentar = models.TextField(_("status comment"), blank=True)
    tema = models.ForeignKey(Tema, verbose_name=_("theme"), null=True, blank=True, on_delete=models.PROTECT)
    maal = models.ManyToManyField(Maal, verbose_name=_("goals"), blank=True, related_name="+")
    strategiar = models.ManyToManyField(Strategi, verbose_name=_("strategies"), blank=True, related_name="+")
    kjelde_vedtak = models.ForeignKey(
        Vedtak,
        verbose_name=_("source decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kjelde_vedtakspunkt = models.ForeignKey(
        Vedtakspunkt,
        verbose_name=_("source decision point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kjelde_tiltak = models.ForeignKey(
        BudsjettTiltak,
        verbose_name=_("source measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kjelde_verbalpunkt = models.ForeignKey(
        Verbalpunkt,
        verbose_name=_("source verbal resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("delegated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="born",
    )
    notat = models.TextField(_("note to the delegate"), blank=True)
    unnateke = models.BooleanField(
        _("exempt from public access"),
        default=False,
        help_text=_("Left out of the public innsyn page and public PDF of the assignment letter."),
    )
    heimel = models.CharField(
        _("legal basis for the exemption"),
        max_length=200,
        blank=True,
        help_text=_("For example offentleglova § 14."),
    )
    trekt_at = models.DateTimeField(_("delegation withdrawn"), null=True, blank=True)
    # a fact verksemdsplan keeps (reporting tells it through verksemdsplan.services): an oppdrag
    # something has been reported on is never cancelled silently when its source changes
    rapportert_at = models.DateTimeField(_("first reported"), null=True, blank=True, editable=False)
    kjelde_merknad = models.TextField(
        _("note about the source"),
        blank=True,
        help_text=_("Set when the source no longer gives this assignment; the owner decides what to do."),
    )
    # what a prosjektdirektiv asks for; all optional
    oppdragsgjevar_organ = models.ForeignKey(
        Organ,
        verbose_name=_("commissioning political body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    oppdragsgjevar_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commissioning person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    startdato = models.DateField(_("start date"), null=True, blank=True)
    effektmaal = models.TextField(_("effect goals"), blank=True, help_text=_("The lasting benefit sought."))
    resultatmaal = models.TextField(
        _("result goals"), blank=True, help_text=_("What the assignment is to deliver, and when it is done.")
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[maal, strategiar])
    objects = OppdragQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["frist", "pk"]
        permissions = [("endre_oppdrag", _("May change this assignment"))]
        constraints = [
            # propagation is idempotent: one oppdrag per decision and year, however often it runs
            models.UniqueConstraint(
                fields=["kjelde_vedtak", "aar"],
                condition=Q(
                    kjelde_vedtak__isnull=False, kjelde_vedtakspunkt__isnull=True, parent__isnull=True
                ),
                name="eitt_oppdrag_per_vedtak_og_aar",
            ),
            models.UniqueConstraint(
                fields=["kjelde_vedtakspunkt", "aar"],
                condition=Q(kjelde_vedtakspunkt__isnull=False, parent__isnull=True),
                name="eitt_oppdrag_per_vedtakspunkt_og_aar",
            ),
            # a prioritised tiltak or a verbalpunkt becomes one oppdrag, however often adoption runs
            models.UniqueConstraint(
                fields=["kjelde_tiltak"],
                condition=Q(kjelde_tiltak__isnull=False, parent__isnull=True),
                name="eitt_oppdrag_per_budsjetttiltak",
            ),
            models.UniqueConstraint(
                fields=["kjelde_verbalpunkt"],
                condition=Q(kjelde_verbalpunkt__isnull=False, parent__isnull=True),
                name="eitt_oppdrag_per_verbalpunkt",
            ),
            # a prosjektdirektiv names one oppdragsgjevar: a political body or a person
            models.CheckConstraint(
                condition=Q(oppdragsgjevar_organ__isnull=True) | Q(oppdragsgjevar_person__isnull=True),
                name="oppdrag_ein_oppdragsgjevar",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["aar", "eining"]),
            models.Index(fields=["eining", "slutt_aar"]),
            # the oppdrag list's default order: the first page read off the index, not 100,000
            # rows sorted
            models.Index(fields=["frist", "id"], name="oppdrag_frist_id"),
            # «in the year» (`i_aar`: not ended before it) without reading every earlier year:
            # the year's count at Oslo scale 25 → 5 ms
            models.Index(fields=["slutt_aar", "aar"], name="oppdrag_slutt_aar_aar"),
        ]

    def __str__(self):
        return self.tittel

    def save(self, *args, **kwargs):
        if self.status in (self.Status.FULLFORT, self.Status.AVBROTE):
            if self.slutt_aar is None:
                self.slutt_aar = max(self.aar, klokke.i_dag().year)
        else:
            self.slutt_aar = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slutt_aar"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return urlar.til_rad("verksemdsplan:oppdrag", self.pk)

    @property
    def er_over_fristen(self):
        """See `OppdragQuerySet.over_fristen`: the date, not the status «forseinka»."""
        return bool(
            self.frist
            and self.frist < klokke.i_dag()
            and self.status not in {self.Status.FULLFORT, self.Status.AVBROTE}
        )

    er_forseinka = er_over_fristen  # the old name (see `forseinka` above)

    @property
    def oppdragsgjevar(self):
        return self.oppdragsgjevar_organ or self.oppdragsgjevar_person


class Milepael(models.Model):
    """A dated step on the way to an oppdrag's deadline, with at most one responsible: a person,
    a unit or a political body."""

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="milepaelar")
    tittel = models.CharField(_("title"), max_length=300)
    dato = models.DateField(_("date"))
    ansvarleg_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ansvarleg_eining = models.ForeignKey(
        Eining,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ansvarleg_organ = models.ForeignKey(
        Organ,
        verbose_name=_("responsible political body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ferdig_dato = models.DateField(_("done on"), null=True, blank=True)
    # the form's one-time token: a second submit of the same «add» form finds this row
    innsending = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["innsending"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["dato", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(ansvarleg_person__isnull=True, ansvarleg_eining__isnull=True)
                    | Q(ansvarleg_person__isnull=True, ansvarleg_organ__isnull=True)
                    | Q(ansvarleg_eining__isnull=True, ansvarleg_organ__isnull=True)
                ),
                name="milepael_ein_ansvarleg",
            ),
        ]

    def __str__(self):
        return self.tittel

    @property
    def ansvarleg(self):
        return self.ansvarleg_person or self.ansvarleg_eining or self.ansvarleg_organ

    @property
    def er_forseinka(self):
        return self.ferdig_dato is None and self.dato < klokke.i_dag()


class Oppdragsbrev(models.Model):
    """A unit's letter for a year: the kommunedirektør's overordna letter at the top, the
    others based on the letter of the unit above (the cascade)."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("draft")
        TIL_GODKJENNING = "til_godkjenning", _("awaiting approval")
        GODKJENT = "godkjent", _("approved")
        PUBLISERT = "publisert", _("published")

    class Godkjenning(models.TextChoices):
        LEIAR = "leiar", _("a leader above the unit")
        PERSON = "person", _("a named approver")
        LEIARGRUPPA = "leiargruppa", _("the leadership group")

    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("year"))
    basert_paa = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="under",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UTKAST)
    offentleg = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Published versions are also shown on the public innsyn page."),
    )
    status_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status_at = models.DateTimeField(_("status set"), null=True, blank=True)
    # four eyes: whoever last changed the text may not approve it
    sist_endra_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    godkjenning = models.CharField(
        _("approval rule"), max_length=20, choices=Godkjenning.choices, default=Godkjenning.LEIAR
    )
    godkjennar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    godkjent_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # the day the leiargruppe approved it, when the approval is the group's
    godkjent_dato = models.DateField(_("approved on"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment letter")
        verbose_name_plural = _("assignment letters")
        constraints = [
            models.UniqueConstraint(fields=["eining", "aar"], name="eitt_oppdragsbrev_per_eining_og_aar")
        ]

    def __str__(self):
        return _("Assignment letter %(aar)s – %(eining)s") % {"aar": self.aar, "eining": self.eining.namn}

    def get_absolute_url(self):
        return reverse("verksemdsplan:brev", args=[self.aar, self.eining.kode])


class Brevseksjon(models.Model):
    """One theme's section of a letter: written text (Markdown, sanitised HTML on save) and,
    listed by itself, the unit's oppdrag with that theme."""

    brev = models.ForeignKey(Oppdragsbrev, on_delete=models.CASCADE, related_name="seksjonar")
    tema = models.ForeignKey(Tema, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: ## heading, - list, **bold**, *italic*, [link](https://…)."),
    )
    html = models.TextField(editable=False, blank=True)
    med_underordna = models.BooleanField(
        _("include the units below"),
        default=False,
        help_text=_("List the oppdrag of the units below as well."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["tema__rekkjefolgje"]
        constraints = [models.UniqueConstraint(fields=["brev", "tema"], name="ein_seksjon_per_tema")]

    def __str__(self):
        return str(self.tema)


class Brevversjon(models.Model):
    """What a letter said when published: kept whole, so versions can be compared and the
    published text stays readable while the next version is drafted."""

    brev = models.ForeignKey(Oppdragsbrev, on_delete=models.CASCADE, related_name="versjonar")
    nummer = models.PositiveIntegerField(_("version"))
    innhald = models.JSONField()
    offentleg = models.BooleanField(_("public"), default=False)
    publisert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    publisert_at = models.DateTimeField(default=klokke.no)
    # the PDF is made once per version and served from here; the public one is made again when
    # what the public may see changes (its key is a digest of that content)
    pdf = models.FileField(upload_to="oppdragsbrev/", storage=PrivatLagring(), blank=True)
    pdf_offentleg = models.FileField(upload_to="oppdragsbrev/", storage=PrivatLagring(), blank=True)
    pdf_offentleg_nokkel = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords(excluded_fields=["pdf", "pdf_offentleg", "pdf_offentleg_nokkel"])

    class Meta:
        ordering = ["-nummer"]
        constraints = [models.UniqueConstraint(fields=["brev", "nummer"], name="eitt_nummer_per_brevversjon")]

    def __str__(self):
        return f"{self.brev} v{self.nummer}"


class Brevmal(models.Model):
    """Per theme, the guidance for the letters below the top: questions and hints shown beside
    the section while writing (never copied into the letter), and whether a unit must answer
    it — a letter is not published while a required section is empty."""

    tema = models.OneToOneField(Tema, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="mal")
    rettleiing = models.TextField(
        _("guidance"),
        blank=True,
        help_text=_("Questions and hints for the writer, in Markdown or plain text; not part of the letter."),
    )
    paakravd = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("A letter below the top is not published while this section is empty."),
    )
    versjon = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self):
        return str(self.tema)


class Leiarskifte(models.Model):
    """A unit changed leader while the old leader owned open oppdrag there: recorded when
    alver announces `leiar_endra`, and offered to the new leader to take over in one
    confirmation. Which oppdrag is decided when they take over (those still open and still the
    old leader's in that unit), so what changed meanwhile is neither lost nor taken twice."""

    eining = models.ForeignKey(Eining, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    gammal_leiar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ny_leiar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("new leader"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = klokke.Tidspunkt(auto_now_add=True)
    teke_over_at = models.DateTimeField(_("taken over"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change of leader")
        verbose_name_plural = _("changes of leader")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.eining}: {self.gammal_leiar} → {self.ny_leiar}"

    def get_absolute_url(self):
        return reverse("verksemdsplan:leiarskifte", args=[self.pk])

    def oppdrag(self):
        """The open oppdrag the old leader still owns in the unit (delegations to them included
        only when they are on this unit; withdrawn ones never)."""
        return Oppdrag.objects.aktive().opne().filter(eining_id=self.eining_id, owner_id=self.gammal_leiar_id)


class PrioritertIndikator(models.Model):
    """An indicator a unit takes on in its verksemdsplan («prioriterte indikatorar»), with the
    unit's own target for the year, its follow-up delegated to a unit or a person like an oppdrag."""

    verksemdsplan = models.ForeignKey(Verksemdsplan, on_delete=models.PROTECT, related_name="indikatorar")
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    maal = models.DecimalField(_("the unit's target"), max_digits=20, decimal_places=4, null=True, blank=True)
    ansvarleg_eining = models.ForeignKey(
        Eining,
        verbose_name=_("followed up by unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ansvarleg = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kommentar = models.TextField(_("comment"), blank=True)
    versjon = models.PositiveIntegerField(default=1, editable=False)
    created_at = klokke.Tidspunkt(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prioritised indicator")
        verbose_name_plural = _("prioritised indicators")
        ordering = ["verksemdsplan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["verksemdsplan", "indikator"], name="prioritert_indikator_eintydig"
            ),
            # the follow-up is delegated to a unit or to a person, never both
            models.CheckConstraint(
                condition=Q(ansvarleg_eining__isnull=True) | Q(ansvarleg__isnull=True),
                name="prioritert_indikator_ein_ansvarleg",
            ),
        ]

    def __str__(self):
        return f"{self.verksemdsplan}: {self.indikator}"

    def get_absolute_url(self):
        """Its place on the unit's verksemdsplan page."""
        plan = self.verksemdsplan
        return reverse("verksemdsplan:side", args=[plan.aar, plan.eining.kode]) + f"#indikator-{self.pk}"

    @property
    def er_delegert(self):
        return bool(self.ansvarleg_eining_id or self.ansvarleg_id)

    @property
    def maal_tekst(self):
        """The unit's target written the Norwegian way with the indicator's decimals («12,5»)."""
        return vis_desimal(self.maal, self.indikator.desimalar)
