"""One settings file, read from the environment (django-environ).

Bad values fail at start-up with a message that says what to fix; a production start
(DEBUG off) with the development SECRET_KEY refuses to start.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _bool(name, default):
    """environ's bool() reads any unknown word as False; a typo must not silently turn DEBUG off or on."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def _int(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def _positivt(name, default):
    value = _int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be at least 1.")
    return value


DEBUG = _bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production (DEBUG=false) needs its own secret key: "
        "set SECRET_KEY to a long random string, or DEBUG=true for development."
    )
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("change-me")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

KOMMUNE_NAMN = env.str("KOMMUNE_NAMN", default="Alver kommune")
# The kommune's regions in SSB's Statistikkbanken, for Analyse (budget): its kommunenummer, its
# KOSTRA group, its county and the country, as the tables name them.
SSB_KOMMUNE = env.str("SSB_KOMMUNE", default="4631")
SSB_KOSTRAGRUPPE = env.str("SSB_KOSTRAGRUPPE", default="EKG13")
SSB_FYLKE = env.str("SSB_FYLKE", default="46")
SSB_LANDET = env.str("SSB_LANDET", default="EAK")
# The address people open Alver at, for links in e-mails (no trailing slash); production must say.
ALVER_URL = env.str("ALVER_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not ALVER_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "ALVER_URL must be the address people open Alver at, e.g. https://alver.kommune.no"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "simple_history",
    "treebeard",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # the plan chain, in order: a later app may import an earlier one, never the reverse
    "alver",
    "plans",
    "budget",
    "politikk",
    "verksemdsplan",
    "checklists",
    "reporting",
    "aarshjul",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # before anything reads the body (CSRF reads request.POST in process_view): too large → 413,
    # then NUL in the path, query or posted values → 400; then the public pages' rate limit
    "alver.middleware.OpplastingsgrenseMiddleware",
    "alver.middleware.NullteiknMiddleware",
    "alver.middleware.InnsynsgrenseMiddleware",
    # after authentication: a logged-in user's own language choice wins over the browser's
    "alver.middleware.SpraakMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after the language and messages: an ended session says so in the user's language
    "alver.middleware.OektMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # CSP, Permissions-Policy and no-store for logged-in users; static files are served above
    "alver.middleware.SikkerheitshovudMiddleware",
]

ROOT_URLCONF = "alver.urls"
WSGI_APPLICATION = "alver.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alver.context_processors.kommune",
            ],
        },
    },
]

# Form widgets are drawn by the project's template engine, so templates/django/forms/ can
# replace one of Django's (the select, drawn without an include per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'alver.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 0)
# a kept connection is tried before a request uses it: after a database restart the next
# request opens a new one instead of failing on the dead one
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # concurrent writers (the server's threads, a worker) queue for the write lock up front
    # instead of failing with «database is locked» when a read turns into a write
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=30)

# The oppdragsbrev and verksemdsplan are due on this day of the year they are for (MM-DD).
_frist = env.str("OPPDRAGSBREV_FRIST", default="01-31")
try:
    OPPDRAGSBREV_FRIST = tuple(int(d) for d in _frist.split("-"))
    datetime.date(2000, *OPPDRAGSBREV_FRIST)
except (TypeError, ValueError) as exc:
    raise ImproperlyConfigured(f"OPPDRAGSBREV_FRIST must be MM-DD, not {_frist!r}") from exc

# The day by which HR publishes the year's internal-control checklist (MM-DD of the year itself).
_frist = env.str("SJEKKLISTE_FRIST", default="01-31")
try:
    SJEKKLISTE_FRIST = tuple(int(d) for d in _frist.split("-"))
    datetime.date(2000, *SJEKKLISTE_FRIST)
except (TypeError, ValueError) as exc:
    raise ImproperlyConfigured(f"SJEKKLISTE_FRIST must be MM-DD, not {_frist!r}") from exc

# Sick leave (health data) is shown for a unit only when it has at least this many employees
# in the month; smaller units count only as part of the unit above.
SJUKEFRAVAER_MIN_TILSETTE = _int("SJUKEFRAVAER_MIN_TILSETTE", 5)
if SJUKEFRAVAER_MIN_TILSETTE < 1:
    raise ImproperlyConfigured("SJUKEFRAVAER_MIN_TILSETTE must be at least 1.")

# Run the app as if today were this day (YYYY-MM-DD): for training and demonstrations, and for
# a test worker process that must share the tests' day. Empty: the real date.
_dato = env.str("ALVER_DATO", default="")
try:
    ALVER_DATO = datetime.date.fromisoformat(_dato) if _dato else None
except ValueError as exc:
    raise ImproperlyConfigured(f"ALVER_DATO must be YYYY-MM-DD, not {_dato!r}") from exc

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://alver")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # the same cache, with one redis-py client kept per server instead of one made per call
    CACHES["default"]["BACKEND"] = "alver.lib.redis_mellomlager.RedisCache"

# Request bodies: a logged-in user may send up to MAKS_OPPLASTING_MB (the largest upload is a
# plan's PDF attachment, 50 MB), an anonymous client MAKS_OPPLASTING_ANONYM_KB (a login form).
# Larger requests get 413 before anything reads them (alver.middleware). An import file (XLSX or
# CSV) may be at most MAKS_IMPORTFIL_MB; some imports set a smaller limit of their own.
MAKS_OPPLASTING_MB = _int("MAKS_OPPLASTING_MB", 60)
MAKS_OPPLASTING_ANONYM_KB = _int("MAKS_OPPLASTING_ANONYM_KB", 64)
MAKS_IMPORTFIL_MB = _int("MAKS_IMPORTFIL_MB", 20)
if MAKS_IMPORTFIL_MB > MAKS_OPPLASTING_MB:
    raise ImproperlyConfigured("MAKS_IMPORTFIL_MB cannot be larger than MAKS_OPPLASTING_MB.")
# the form fields of one request (not files) held in memory at most; uploaded files larger
# than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
# the public pages (/innsyn/…): requests a minute from one client address (0: no limit)
INNSYN_MAKS_PER_MINUTT = _int("INNSYN_MAKS_PER_MINUTT", 120)

# The open read API (/api/v1/, reporting/api.py): read-only JSON (and CSV of the lists). A browser
# that is logged in reads it with its session; a program with the user's key
# (`Authorization: Token <key>`, made on /api/). Access is decided per endpoint by
# reporting/permissions.py, so the default permission class lets every request through to it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first, so that a missing or bad key is answered 401 with WWW-Authenticate
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alver API",
    "DESCRIPTION": (
        "Read-only access to a kommune's plans, goals, political decisions, oppdrag and the reports "
        "released to the politicians. Without a key: the public content, as /innsyn/ shows it. With "
        "a key (Authorization: Token <key>): what its user may read."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
# How many proxies of our own stand in front of the app (docker-compose: the TLS proxy).
# Login throttling reads the client's address from X-Forwarded-For at that depth.
NUM_PROXIES = _int("NUM_PROXIES", 0)

AUTH_USER_MODEL = "alver.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, but passwords only while LOKALT_PASSORD allows them (alver/sso.py)
    "alver.sso.Backend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "alver:login"
LOGIN_REDIRECT_URL = "reporting:mi_side"
LOGOUT_REDIRECT_URL = "alver:login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; public pages do not need one

# Login throttling (alver/auth.py): after LOGIN_MAX_FEIL failed attempts for one account
# within the window, further attempts are refused until the window has passed. One client
# address may fail for LOGIN_ADRESSE_FAKTOR times as many *different* accounts (a town hall
# shares one address; one person's repeated typos count once).
LOGIN_MAX_FEIL = _positivt("LOGIN_MAX_FEIL", 5)
LOGIN_SPERRE_SEKUND = _positivt("LOGIN_SPERRE_SEKUND", 15 * 60)
LOGIN_ADRESSE_FAKTOR = _positivt("LOGIN_ADRESSE_FAKTOR", 10)

# Sessions: a session ends after this many minutes without a request (administrators, i.e.
# staff and superusers, sooner), and in any case this many hours after it began
# (alver.middleware.OektMiddleware).
OEKT_TOMGANG_MINUTT = _positivt("OEKT_TOMGANG_MINUTT", 8 * 60)
OEKT_TOMGANG_MINUTT_ADMIN = _positivt("OEKT_TOMGANG_MINUTT_ADMIN", 30)
OEKT_MAKS_TIMAR = _positivt("OEKT_MAKS_TIMAR", 12)
# the cookie and the stored session go no later than the longest a session may last
SESSION_COOKIE_AGE = OEKT_MAKS_TIMAR * 60 * 60

# Links to set a password: «Forgot your password?» (hours) and an invitation (days). One use
# each: setting the password (or logging in) makes the link invalid.
PASSORD_LENKJE_TIMAR = _positivt("PASSORD_LENKJE_TIMAR", 2)
INVITASJON_GYLDIG_DAGAR = _positivt("INVITASJON_GYLDIG_DAGAR", 14)
PASSWORD_RESET_TIMEOUT = PASSORD_LENKJE_TIMAR * 60 * 60

# Single sign-on with OpenID Connect (docs/OPERATIONS.md): off while OIDC_ISSUER is empty. Only
# tokens from this one issuer are accepted; for Microsoft Entra ID it names the kommune's tenant,
# https://login.microsoftonline.com/<tenant id>/v2.0 (never «common» or «organizations»).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").strip()
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="").strip()
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile").split()
# What the login button says: «Log in with <OIDC_NAMN>»; empty: «Log in with single sign-on».
OIDC_NAMN = env.str("OIDC_NAMN", default="").strip()
# Make an account for someone the provider knows and Alver does not (else they are refused),
# with the unit whose code (Eining.kode) the claim OIDC_EINING_CLAIM carries, if any.
OIDC_OPPRETT_BRUKARAR = _bool("OIDC_OPPRETT_BRUKARAR", False)
OIDC_EINING_CLAIM = env.str("OIDC_EINING_CLAIM", default="").strip()
# false: nobody logs in with a password on Alver's login page, only with single sign-on; a
# superuser still may on /admin/login/, the way in when the provider is down.
LOKALT_PASSORD = _bool("LOKALT_PASSORD", True)
if OIDC_ISSUER:
    from urllib.parse import urlsplit

    _oidc = urlsplit(OIDC_ISSUER)
    _loopback = _oidc.hostname in {"127.0.0.1", "localhost", "::1"}
    if _oidc.scheme != "https" and not (_oidc.scheme == "http" and _loopback):
        raise ImproperlyConfigured(f"OIDC_ISSUER={OIDC_ISSUER!r} must be an https:// address.")
    if _oidc.query or _oidc.fragment:
        raise ImproperlyConfigured(f"OIDC_ISSUER={OIDC_ISSUER!r} must not have a query or fragment.")
    if _oidc.hostname == "login.microsoftonline.com" and _oidc.path.strip("/").split("/")[0] in {
        "common",
        "organizations",
        "consumers",
    }:
        raise ImproperlyConfigured(
            "OIDC_ISSUER must name the kommune's own Entra tenant "
            "(https://login.microsoftonline.com/<tenant id>/v2.0), not a multi-tenant endpoint."
        )
    if not OIDC_CLIENT_ID or not OIDC_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "OIDC_ISSUER is set: also set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (the application's "
            "registration at the provider)."
        )
    if "openid" not in OIDC_SCOPES:
        raise ImproperlyConfigured(f"OIDC_SCOPES={' '.join(OIDC_SCOPES)!r} must include openid.")
elif OIDC_CLIENT_ID or OIDC_CLIENT_SECRET or OIDC_OPPRETT_BRUKARAR or OIDC_EINING_CLAIM:
    raise ImproperlyConfigured(
        "OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_OPPRETT_BRUKARAR and OIDC_EINING_CLAIM need OIDC_ISSUER."
    )
if OIDC_EINING_CLAIM and not OIDC_OPPRETT_BRUKARAR:
    raise ImproperlyConfigured(
        "OIDC_EINING_CLAIM gives a unit to accounts single sign-on makes: set OIDC_OPPRETT_BRUKARAR=true."
    )
if not LOKALT_PASSORD and not OIDC_ISSUER:
    raise ImproperlyConfigured(
        "LOKALT_PASSORD=false leaves single sign-on as the only way in: set OIDC_ISSUER too."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "alver.auth.MinimumLengde",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="nn")
LANGUAGES = [("nn", "Nynorsk"), ("nb", "Bokmål"), ("en", "English")]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE={LANGUAGE_CODE!r}: choose one of nn, nb, en.")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Files only served through access-checked views (report PDFs); never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT, which may be served publicly.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development whitenoise serves straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: console in development, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alver@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured, tasks run at once in the calling process, so
# `make run` needs no Redis. Production sets CELERY_BROKER_URL (docker-compose does).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never used when eager; keeps Celery from looking for a host
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND", default=None if CELERY_TASK_ALWAYS_EAGER else CELERY_BROKER_URL
)
# Every job is recorded (`alver.models.Jobb`) and acknowledged only when done: a worker that
# dies mid-task leaves the message to be delivered again (also when only the pool child dies),
# and a worker takes one message at a time, so a dying worker takes no others down with it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # the job's row says how it went; nothing reads results
# A broker that is down fails a publish within about two seconds (the job stays «waiting» for
# the sweep) instead of holding the request while kombu and redis-py retry.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # the worker waits for the broker at start
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Redis redelivers a message not acknowledged within the visibility timeout. The sweep, not
# this, is what recovers a job whose worker died (within JOBB_HJARTESLAG_SEKUND); a redelivery
# of a job still running is dropped by its fresh heartbeat. So it only needs to be longer than
# a normal job takes to start: half an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 30 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# A running job writes a heartbeat every third of this; one silent for longer is stuck, and a
# job waiting longer than this is queued again by the sweep.
JOBB_HJARTESLAG_SEKUND = _int("JOBB_HJARTESLAG_SEKUND", 60)
if not 1 <= JOBB_HJARTESLAG_SEKUND <= 3600:
    raise ImproperlyConfigured("JOBB_HJARTESLAG_SEKUND must be a number of seconds from 1 to 3600.")
# A job that failed this many times is marked failed (an operator tries it again: `manage.py jobbar`).
JOBB_MAKS_FORSOK = _int("JOBB_MAKS_FORSOK", 8)
if not 1 <= JOBB_MAKS_FORSOK <= 100:
    raise ImproperlyConfigured("JOBB_MAKS_FORSOK must be a number from 1 to 100.")
# Mi side's kommune-wide figures and lists (the kommunedirektør's) are computed at most this often
# and say how old they are: at Oslo's size they read the whole kommune's oppdrag and reports.
MI_SIDE_OVERSYN_SEKUND = _int("MI_SIDE_OVERSYN_SEKUND", 300)
if not 0 <= MI_SIDE_OVERSYN_SEKUND <= 3600:
    raise ImproperlyConfigured("MI_SIDE_OVERSYN_SEKUND must be a number of seconds from 0 to 3600.")
# Owners who have not reported get a notification this many days before the deadline, and the day before.
RAPPORT_PAAMINNING_DAGAR = _int("RAPPORT_PAAMINNING_DAGAR", 7)
if not 0 < RAPPORT_PAAMINNING_DAGAR <= 60:
    raise ImproperlyConfigured("RAPPORT_PAAMINNING_DAGAR must be a number of days from 1 to 60.")
# Leaders with unanswered check points get a reminder this many days before the deadline and on it.
SJEKKLISTE_PAAMINNING_DAGAR = _int("SJEKKLISTE_PAAMINNING_DAGAR", 3)
if not 0 < SJEKKLISTE_PAAMINNING_DAGAR <= 60:
    raise ImproperlyConfigured("SJEKKLISTE_PAAMINNING_DAGAR must be a number of days from 1 to 60.")
CELERY_BEAT_SCHEDULE = {
    "periodar": {
        "task": "reporting.tasks.sikre_periodar",
        "schedule": crontab(hour=0, minute=5),
    },
    # reporting deadlines in RAPPORT_PAAMINNING_DAGAR days and tomorrow, before the daily summary
    "paaminningar": {
        "task": "reporting.tasks.send_paaminningar",
        "schedule": crontab(hour=6, minute=35),
    },
    "sjekkliste_paaminningar": {
        "task": "checklists.tasks.paaminn_sjekkliste",
        "schedule": crontab(hour=7, minute=5),
    },
    # jobs the broker never got, or whose worker died, are queued again
    "jobbar": {
        "task": "alver.tasks.sveip_jobbar",
        "schedule": 60.0,
    },
    # notification mails that did not go (the mail server was down) are tried again
    "ventande_varsel": {
        "task": "alver.tasks.send_ventande_varsel",
        "schedule": crontab(minute="*/15"),
    },
    # deadlines of oppdrag and milestones in 7 days and tomorrow, before the daily summary
    "fristar": {
        "task": "verksemdsplan.tasks.varsle_fristar",
        "schedule": crontab(hour=6, minute=30),
    },
    # one mail per person for the notifications they chose to get as a daily summary
    "dagleg_samandrag": {
        "task": "alver.tasks.send_dagleg_samandrag",
        "schedule": crontab(hour=7, minute=0),
    },
}

# History: keep who made each change; passwords never enter the history tables.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Security: on by default in production, each can be turned off for a proxy set-up.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is a lasting commitment for the kommune's whole
# domain: it is their choice (SECURE_HSTS_PRELOAD=true), so the reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (alver.middleware.SikkerheitshovudMiddleware): origins a form may
# post to or be redirected to after posting besides our own, e.g. the single sign-on provider
# when its login starts with a POST (https://login.microsoftonline.com).
CSP_FORM_ACTION_EKSTRA = env.list("CSP_FORM_ACTION_EKSTRA", default=[])
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings matter
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
