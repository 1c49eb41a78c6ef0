import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from alver.auth import klientadresse

log = logging.getLogger("alver.innlogging")
logger = logging.getLogger(__name__)

GYLDIGE = {kode for kode, _namn in settings.LANGUAGES}


class SpraakMiddleware:
    """Activate the language: a logged-in user's saved choice, else the choice made with
    the switcher (cookie), else the kommune's own (LANGUAGE_CODE, Nynorsk by default).

    The browser's Accept-Language is not consulted: a kommune writes in its målform, and
    users switch explicitly. Replaces Django's LocaleMiddleware, which runs before the
    user is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        spraak = user.spraak if user is not None and user.is_authenticated else ""
        if not spraak:
            spraak = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if spraak not in GYLDIGE:
            spraak = settings.LANGUAGE_CODE
        translation.activate(spraak)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _no():
    """Real seconds, not the app's clock (`klokke`): a session's age is wall-clock time, and a
    test or ALVER_DATO that moves the business day must not log everyone out."""
    return int(time.time())


def start_oekt(sender, request, user, **kwargs):
    """On login (user_logged_in): the session's clock starts, so the next request writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[OektMiddleware.START] = request.session[OektMiddleware.SIST] = _no()


class OektMiddleware:
    """Sessions end after a time without requests (OEKT_TOMGANG_MINUTT_ADMIN for staff and
    superusers, who hold the keys to the admin site; OEKT_TOMGANG_MINUTT for everyone else) and
    in any case OEKT_MAKS_TIMAR after they began. An ended session is logged out; the request
    goes on as anonymous (a page that needs a login sends the user to it, with a message in
    the language they had).

    The start and the last activity are kept in the session (epoch seconds), the last activity
    written at most once a minute so that a busy page does not save the session on every request."""

    START = "_alver_oekt_start"
    SIST = "_alver_oekt_sist"
    SKRIV_KVART = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._sjekk(request, user)
        return self.get_response(request)

    def _sjekk(self, request, user):
        no = _no()
        s = request.session
        start, sist = s.get(self.START), s.get(self.SIST)
        if start is None or sist is None:
            s[self.START], s[self.SIST] = no, no  # a session from before this middleware
            return
        admin = user.is_staff or user.is_superuser
        tomgang = settings.OEKT_TOMGANG_MINUTT_ADMIN if admin else settings.OEKT_TOMGANG_MINUTT
        if no - sist > tomgang * 60:
            melding = _(
                "You were logged out after %(minutt)s minutes without activity. Please log in again."
            ) % {"minutt": tomgang}
            self._avslutt(request, user, melding, "idle")
        elif no - start > settings.OEKT_MAKS_TIMAR * 60 * 60:
            melding = _(
                "You were logged out: a session lasts at most %(timar)s hours. Please log in again."
            ) % {"timar": settings.OEKT_MAKS_TIMAR}
            self._avslutt(request, user, melding, "max age")
        elif no - sist >= self.SKRIV_KVART:
            s[self.SIST] = no

    def _avslutt(self, request, user, melding, grunn):
        from django.contrib import messages
        from django.contrib.auth import logout

        log.info("Session of user %s ended (%s)", user.pk, grunn)
        logout(request)  # a new, empty session; the message goes into it
        messages.info(request, melding)


ADMIN_PREFIKS = "/admin/"  # where alver/urls.py mounts the Django admin


def _csp(direktiv):
    return "; ".join(f"{k} {' '.join(v)}" for k, v in direktiv.items())


class SikkerheitshovudMiddleware:
    """Security headers Django's own middleware does not set (docs/ARCHITECTURE.md «Security headers»).

    - Content-Security-Policy: our pages load scripts and styles only from our own static
      files; no inline script or style, no plugins, no framing, forms post only to us. The
      Django admin (and the libraries' admin templates: treebeard, guardian, simple-history)
      still has inline scripts and styles, so /admin/ alone gets a policy that allows them;
      it is staff-only and outside the product's own pages.
    - Permissions-Policy: the product uses no camera, microphone, location or the like.
    - Cache-Control: nothing a logged-in user is shown (pages, PDFs, exports) is kept by the
      browser or a shared cache; anonymous responses (public innsyn pages) and static files
      (served before this middleware, by WhiteNoise) keep their own caching, and a response
      that a view marked `public` keeps it.
    SecurityMiddleware already sets X-Content-Type-Options (nosniff), Referrer-Policy
    (same-origin) and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sets DENY."""

    def __init__(self, get_response):
        self.get_response = get_response
        streng = {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            # a login form that redirects to the identity provider needs its origin here
            # (Chromium checks form-action on the redirects after a POST too)
            "form-action": ["'self'", *settings.CSP_FORM_ACTION_EKSTRA],
            "frame-ancestors": ["'none'"],
        }
        self.csp = _csp(streng)
        self.csp_admin = _csp(
            streng
            | {
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
            }
        )
        self.permissions_policy = ", ".join(
            f"{f}=()"
            for f in (
                "accelerometer",
                "autoplay",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "publickey-credentials-get",
                "screen-wake-lock",
                "usb",
                "xr-spatial-tracking",
            )
        )

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path_info.startswith(ADMIN_PREFIKS)
        response.headers.setdefault("Content-Security-Policy", self.csp_admin if admin else self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class OpplastingsgrenseMiddleware:
    """Refuse a request body over the limit (413) from its Content-Length, before anything reads
    it: Django's CSRF check reads request.POST, and a multipart body is spooled to disk while it
    is parsed, so a 300 MB upload would be written before the login redirect.

    A logged-in user may send MAKS_OPPLASTING_MB (the largest import or attachment); anonymous
    requests only MAKS_OPPLASTING_ANONYM_KB (a login form, a language choice). The proxy in front
    should have the same limit (docs/OPERATIONS.md); this is the line the app holds itself.
    Placed after AuthenticationMiddleware to know who is asking; that reads the session, not the
    body, and every body reader (CSRF's process_view, the view) runs after this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lengd = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(
                _("Invalid Content-Length."), content_type="text/plain; charset=utf-8"
            )
        grense = settings.MAKS_OPPLASTING_MB * 1024 * 1024
        if lengd > settings.MAKS_OPPLASTING_ANONYM_KB * 1024:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                grense = settings.MAKS_OPPLASTING_ANONYM_KB * 1024
        if lengd > grense:
            svar = HttpResponse(
                _("The request is too large (at most %(mb)s MB).") % {"mb": _storleik(grense)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            # the unread body would otherwise be taken as the next request on a kept-alive connection
            svar["Connection"] = "close"
            return svar
        return self.get_response(request)


def _storleik(byte):
    mb = byte / (1024 * 1024)
    return f"{mb:.1f}".rstrip("0").rstrip(".") if mb < 1 else str(int(mb))


class NullteiknMiddleware:
    """Answer 400 for a NUL character in the path, a query parameter or a posted value.

    PostgreSQL cannot store or compare text holding NUL (a DataError, so a 500), SQLite can: a
    filter, a URL segment or a text field would fail on one database and pass on the other.
    Forms refuse NUL themselves (CharField's ProhibitNullCharactersValidator), but many views
    read a filter or a path segment straight into a query; one check here covers them all.
    Posted values are read only after OpplastingsgrenseMiddleware has bounded the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _har_nul(request.GET)
            or (request.method == "POST" and _har_nul(request.POST))
        ):
            # a plain answer, not BadRequest: that is logged with a traceback, and this is no fault
            return HttpResponseBadRequest(
                _("The request holds a NUL character, which Alver does not accept."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _har_nul(data):
    return any("\x00" in k or any("\x00" in v for v in data.getlist(k)) for k in data)


class InnsynsgrenseMiddleware:
    """A rate limit on the public pages (/innsyn/…) and the open API read without a key
    (/api/…): at most INNSYN_MAKS_PER_MINUTT requests a minute from one client address, then 429
    with Retry-After. A program with a key, or a logged-in user, reads the API unlimited. The
    count is kept in the cache; if the cache is down the pages are served without a limit (and
    a warning is logged): a public page that fails because of a counter helps nobody."""

    PREFIKS = "/innsyn/"
    API = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def _avgrensa(self, request):
        if request.path.startswith(self.PREFIKS):
            return True
        return (
            request.path.startswith(self.API)
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.user.is_authenticated
        )

    def __call__(self, request):
        if settings.INNSYN_MAKS_PER_MINUTT and self._avgrensa(request):
            vent = _innsyn_vent(request)
            if vent:
                svar = HttpResponse(
                    _("Too many requests. Try again in a minute."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                svar["Retry-After"] = str(vent)
                return svar
        return self.get_response(request)


def _innsyn_vent(request):
    """Seconds to wait before the next request is served, or 0 to serve this one."""
    no = int(time.time())
    vindauge = no // 60
    nokkel = f"innsyn:{klientadresse(request)}:{vindauge}"
    try:
        cache.add(nokkel, 0, timeout=120)
        tal = cache.incr(nokkel)
    except ValueError:  # expired between add and incr
        return 0
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("Innsyn rate limit off: the cache is unreachable", exc_info=True)
        return 0
    if tal > settings.INNSYN_MAKS_PER_MINUTT:
        return (vindauge + 1) * 60 - no or 1
    return 0
