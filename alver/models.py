import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from alver.lib import klokke, urlar
from alver.lib.tre import i_subtre


class Unnatak(models.Model):
    """Exemption from public access (unnateke offentlegheit, offentleglova): the item never
    appears on the public pages, in public files, the public search or the open API without a
    key; `heimel` names the legal basis. Each app's public scope reads the flag
    (`reporting.permissions`)."""

    unnateke = models.BooleanField(
        _("exempt from public access"),
        default=False,
        help_text=_("Never shown on the public pages, in public files, the public search or the open API."),
    )
    heimel = models.CharField(
        _("legal basis for the exemption"),
        max_length=200,
        blank=True,
        help_text=_("For example offentleglova § 14."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.unnateke and not self.heimel.strip():
            raise ValidationError(
                {"heimel": _("Give the legal basis for the exemption, for example offentleglova § 14.")}
            )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normaliser_epost(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=normaliser_epost(username))


def normaliser_epost(email):
    """One spelling per address: HR systems and people type e-mail in any case."""
    return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    namn = models.CharField(_("full name"), max_length=200)
    tittel = models.CharField(_("title"), max_length=200, blank=True)
    eining = models.ForeignKey(
        "alver.Eining",
        verbose_name=_("primary unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tilsette",
    )
    # blank: follow the language chosen in the browser, else the kommune's own
    spraak = models.CharField(_("preferred language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("created"), default=klokke.no)

    # password and last_login never enter the history tables
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["namn"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["namn", "email"]

    def __str__(self):
        return self.namn or self.email

    def save(self, *args, **kwargs):
        self.email = normaliser_epost(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.namn

    def get_short_name(self):
        return self.namn.split(" ")[0] if self.namn else self.email

    def get_absolute_url(self):
        return urlar.til_rad("alver:person", self.pk)


class EiningQuerySet(MP_NodeQuerySet):
    def aktive(self, dag=None):
        dag = dag or klokke.i_dag()
        return self.filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=dag)).filter(
            Q(gyldig_fra__isnull=True) | Q(gyldig_fra__lte=dag)
        )


class EiningManager(MP_NodeManager):
    def get_queryset(self):
        return EiningQuerySet(self.model).order_by("path")

    def aktive(self, dag=None):
        return self.get_queryset().aktive(dag)


class Eining(MP_Node):
    """A unit in the organisation tree: kommune → sektor → tenesteområde → eining.

    Units are renamed, merged and closed; a closed unit (gyldig_til in the past) keeps
    its history and its page, but is hidden from choices and from the tree by default.
    """

    class Type(models.TextChoices):
        KOMMUNE = "kommune", _("municipality")
        SEKTOR = "sektor", _("sector")
        TENESTEOMRAADE = "tenesteomraade", _("service area")
        EINING = "eining", _("unit")

    namn = models.CharField(_("name"), max_length=200)
    kode = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("The unit's responsibility number in the ledger.")
    )
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    leiar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leia",
    )
    gyldig_fra = models.DateField(_("valid from"), null=True, blank=True)
    gyldig_til = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Set when the unit is closed or merged into another."),
    )

    history = HistoricalRecords()
    objects = EiningManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return reverse("alver:eining", args=[self.kode])

    @property
    def nedlagd(self):
        dag = klokke.i_dag()
        return (self.gyldig_til is not None and self.gyldig_til < dag) or (
            self.gyldig_fra is not None and self.gyldig_fra > dag
        )

    def subtre(self):
        """This unit and every unit below it, in one indexed query."""
        return Eining.objects.filter(i_subtre(self))


class OrgImport(models.Model):
    """One upload of units and people from an HR export: previewed, then applied whole."""

    class Status(models.TextChoices):
        FORHANDSVIST = "forhandsvist", _("previewed")
        GJENNOMFORT = "gjennomfort", _("applied")

    created_at = klokke.Tidspunkt(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    filnamn = models.CharField(_("files"), max_length=500)
    einingar = models.JSONField(_("unit rows"), default=list)
    personar = models.JSONField(_("person rows"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FORHANDSVIST)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    resultat = models.JSONField(_("result"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filnamn


class Paaminning(models.Model):
    """A reminder sent, for any app: one per person, subject and day, so a job run twice
    reminds once (`alver/lib/paaminning.py`). `kva` says what it was about, with the app's
    prefix: `rapportering:2026-m11`. A log whose rows are never changed: no history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kva = models.CharField(max_length=200)
    dato = models.DateField()
    tal = models.PositiveIntegerField(null=True, blank=True)  # how many things it was about, if counted

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kva", "dato"], name="ei_paaminning_per_kva_og_dag")
        ]

    def __str__(self):
        return f"{self.user} – {self.kva} ({self.dato})"


class Varsel(models.Model):
    """A notification to one person: a one-line message, a link to what it is about, and
    whether it is read and its e-mail sent. Made only by `services.varsle`, which writes the
    message in the recipient's language and queues the e-mail (`tasks.send_varsel`).

    `kind` is a short code for what happened (`brev_til_godkjenning`); later kinds (the
    årshjul's deadlines) add codes, not columns. The object is held generically, so any app's
    rows can be notified about without this app knowing their tables. Reading and sending are
    bookkeeping, like a login (plain UPDATEs, outside the history); the history keeps that the
    notification was made, about what and to whom."""

    mottakar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="varsel"
    )
    kind = models.CharField(_("kind"), max_length=40)
    tekst = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=500)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    objekt = GenericForeignKey("content_type", "object_id")
    created_at = klokke.Tidspunkt(_("created"), auto_now_add=True)
    lest_at = models.DateTimeField(_("read"), null=True, blank=True)
    epost_sendt_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    # what the event was, for events a job may find again (a deadline seen by tomorrow's run
    # too): one notification per recipient and key, so a rerun notifies nobody twice. Empty
    # for events that happen once by themselves.
    noekkel = models.CharField(_("event key"), max_length=200, blank=True, default="")
    history = HistoricalRecords(excluded_fields=["lest_at", "epost_sendt_at"])

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["mottakar", "lest_at"], name="varsel_mottakar_lest")]
        constraints = [
            models.UniqueConstraint(
                fields=["mottakar", "noekkel"], condition=~Q(noekkel=""), name="eitt_varsel_per_noekkel"
            )
        ]

    def __str__(self):
        return self.tekst

    @property
    def ulest(self):
        return self.lest_at is None


class Varselval(models.Model):
    """How one person wants the e-mail of one kind of notification: at once (the default, also
    when there is no row), in one daily summary, or never (in Alver only). The notification
    itself is always made and shown; this decides only its mail."""

    class Epost(models.TextChoices):
        STRAKS = "straks", _("E-mail at once")
        DAGLEG = "dagleg", _("In a daily summary")
        ALDRI = "aldri", _("No e-mail, only in Alver")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40)
    epost = models.CharField(_("e-mail"), max_length=10, choices=Epost.choices, default=Epost.STRAKS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="eitt_varselval_per_kind")]

    def __str__(self):
        return f"{self.user} – {self.kind}: {self.epost}"


class Kommuneprofil(models.Model):
    """The kommune's letterhead, set once by an administrator: the name (wins over the
    KOMMUNE_NAMN setting), place, address, the letter's footer and the coat of arms. One row
    (pk=1): `Kommuneprofil.hent()`. Readers go through `alver.lib.profil`, which caches it.

    The coat of arms is kept in the row as a data URI (cleaned SVG or checked PNG): a backup
    of the database is whole, and WeasyPrint prints it without fetching anything. It stays out
    of the history tables (a megabyte per save, unreadable in a change log); its file name
    is there, and the change reason says when it was replaced or removed."""

    namn = models.CharField(
        _("name of the kommune"),
        max_length=200,
        blank=True,
        help_text=_("As printed on letters and reports. Empty: the name set for the installation."),
    )
    stad = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("Where letters are dated, as in «Knarvik, 15.1.2027»."),
    )
    adresse = models.TextField(
        _("address"), blank=True, help_text=_("Postal and visiting address, one line each.")
    )
    brevfot = models.TextField(
        _("letter footer"),
        blank=True,
        help_text=_("Printed at the foot of letters and reports: organisation number, phone, e-mail, web."),
    )
    vaapen = models.TextField(_("coat of arms"), blank=True, editable=False)
    vaapen_namn = models.CharField(_("coat of arms file"), max_length=255, blank=True, editable=False)
    versjon = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["vaapen"])

    class Meta:
        verbose_name = _("kommune profile")
        verbose_name_plural = _("kommune profile")

    def __str__(self):
        return self.visingsnamn

    def save(self, *args, **kwargs):
        self.pk = 1  # one row, whatever the caller built (the cache is cleared on post_save: apps.py)
        super().save(*args, **kwargs)

    @classmethod
    def hent(cls):
        """The one profile, made (empty) if it is missing."""
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def visingsnamn(self):
        return self.namn.strip() or settings.KOMMUNE_NAMN


class SsoKopling(models.Model):
    """A person's identity at the single sign-on provider: the issuer and the provider's
    stable subject for them (Entra ID's `oid`, else `sub`). Made at the first login, found
    by e-mail; every later login finds the person by this link alone, so a changed e-mail at
    the provider never moves a login to another account. Deleting it (admin) lets the next
    login link by e-mail again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sso_koplingar",
    )
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    # the e-mail it was linked by, for the record
    epost = models.EmailField(_("e-mail at linking"), blank=True)
    created_at = klokke.Tidspunkt(_("created"), auto_now_add=True)
    sist_brukt = klokke.Tidspunkt(_("last used"), null=True, blank=True)

    # the last use is bookkeeping like a login: a plain UPDATE outside the history
    history = HistoricalRecords(excluded_fields=["sist_brukt"])

    class Meta:
        verbose_name = _("single sign-on link")
        verbose_name_plural = _("single sign-on links")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_kopling_unik")]

    def __str__(self):
        return f"{self.user} ({self.subject})"


class Jobb(models.Model):
    """One piece of background work, recorded in the same transaction as the data it is about
    (an outbox): `alver.lib.oppgaver.etter_commit` writes it and queues it after the commit. A
    job the broker never got stays «waiting», a job whose worker died stops beating its heart,
    and the sweep (`oppgaver.sveip`: Celery beat, or `manage.py jobbar --sveip` from cron)
    queues both again. Tasks are idempotent, so running one twice is harmless.

    The times are the real clock (`klokke.verkeleg`), not the app's day: heartbeats are
    compared between processes whose `klokke` may be set differently. A technical table, no
    history; read-only in the admin."""

    class Status(models.TextChoices):
        VENTAR = "ventar", _("waiting")
        KOYRER = "koyrer", _("running")
        FERDIG = "ferdig", _("done")
        FEILA = "feila", _("failed")

    oppgave = models.CharField(_("task"), max_length=200)
    argument = models.JSONField(_("arguments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VENTAR)
    forsok = models.PositiveIntegerField(_("attempts"), default=0)
    hjarteslag = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    ikkje_foer = models.DateTimeField(_("not before"), null=True, blank=True)
    feil = models.TextField(_("last error"), blank=True)
    # the job whose run queued this one: when that job runs again (its worker died after
    # queueing this), it finds this one and does not queue it a second time
    forelder = models.ForeignKey(
        "self",
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=klokke.verkeleg)
    updated_at = models.DateTimeField(_("updated"), default=klokke.verkeleg)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="jobb_status_endra")]

    def __str__(self):
        argument = repr(tuple(self.argument))  # a mail's text is in its arguments: a glimpse is enough
        return f"{self.oppgave}{argument if len(argument) <= 60 else argument[:57] + '...'}"

    def er_fast(self, no=None):
        """Stuck: running without a heartbeat for longer than JOBB_HJARTESLAG_SEKUND, or still
        waiting long after it was made (no broker or worker took it)."""
        no = no or klokke.verkeleg()
        grense = datetime.timedelta(seconds=settings.JOBB_HJARTESLAG_SEKUND)
        if self.status == self.Status.KOYRER:
            return self.hjarteslag is None or self.hjarteslag < no - grense
        if self.status == self.Status.VENTAR:
            return self.created_at < no - 3 * grense and (self.ikkje_foer is None or self.ikkje_foer < no)
        return False

    def tilstand(self):
        """What a progress page says: waiting, running, done, failed or stuck."""
        return "fast" if self.er_fast() else self.status
