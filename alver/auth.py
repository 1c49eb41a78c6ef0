"""Login throttling, for `/logg-inn/` and the admin site's login alike (both use `LoginForm`).

The policy, counted in the cache (Redis in production) within a window of
LOGIN_SPERRE_SEKUND (15 minutes by default):
- **per account**: at most LOGIN_MAX_FEIL (5) attempts that fail; then the account is refused
  from every address until the window has passed. An attempt is counted before the password
  is checked, so parallel guesses cannot slip past the limit; a successful login clears it.
- **per address**: at most LOGIN_MAX_FEIL × LOGIN_ADRESSE_FAKTOR (5 × 10) *different
  accounts* that failed from one client address. A town hall behind one public address is
  not locked out because one person mistypes their password twenty times (that counts as
  one account), only by someone trying many accounts from it.

A known trade-off: anyone who knows an address can lock that account for the window by
failing on purpose. The window is short and the lock is per account.

Failed logins and lockouts are logged to `alver.innlogging`, never with the password and
never with the typed e-mail in plain text (people type their password into the e-mail field):
the account is named by its user id when it exists, and by a short hash of the address
(the same as the cache key) otherwise.

A cache that cannot be reached never stops a login: the error is logged as a warning and
the attempt goes through unthrottled (the password is still checked).
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.cache import cache
from django.utils.translation import ngettext

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency; a memcached set-up may lack it
    RedisError = OSError

log = logging.getLogger("alver.innlogging")

# what a cache backend raises when its server is down (Redis: ConnectionError, TimeoutError;
# memcached and the file cache: OSError)
Cachefeil = (RedisError, OSError)


def klientadresse(request):
    """The client's address. Behind NUM_PROXIES trusted proxies, the address the outermost
    proxy saw (X-Forwarded-For); a client cannot forge the entries our proxies append."""
    if settings.NUM_PROXIES:
        kjede = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(kjede) >= settings.NUM_PROXIES:
            return kjede[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def konto_id(email):
    """A short hash naming a typed address in keys and logs without writing it out."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:16]


def _nøklar(request, email):
    konto, ip = konto_id(email), klientadresse(request)
    return f"login-feil:e:{konto}", f"login-feil:ip:{ip}", f"login-feil:par:{ip}:{konto}"


def _adressegrense():
    return settings.LOGIN_MAX_FEIL * settings.LOGIN_ADRESSE_FAKTOR


def _tel(nøkkel):
    cache.add(nøkkel, 0, timeout=settings.LOGIN_SPERRE_SEKUND)
    try:
        return cache.incr(nøkkel)
    except ValueError:  # expired between add and incr
        cache.set(nøkkel, 1, timeout=settings.LOGIN_SPERRE_SEKUND)
        return 1


def _kven(request, email):
    from .models import User  # the models import this module's callers

    pk = User.objects.filter(email=email).values_list("pk", flat=True).first() if email else None
    return {"konto": f"user {pk}" if pk else f"ukjend {konto_id(email)}", "adresse": klientadresse(request)}


def _cache_nede(exc):
    log.warning("Login throttling is off: the cache cannot be reached (%s). The login goes through.", exc)


def nytt_forsok(request, email):
    """Count an attempt for the account; False if it is over a limit (then refuse it)."""
    konto, ip, _par = _nøklar(request, email)
    try:
        if (cache.get(ip) or 0) >= _adressegrense():
            log.warning("Login refused: address locked (%(adresse)s, %(konto)s)", _kven(request, email))
            return False
        tal = _tel(konto)
    except Cachefeil as exc:
        _cache_nede(exc)
        return True
    if tal > settings.LOGIN_MAX_FEIL:
        kven = _kven(request, email)
        if tal == settings.LOGIN_MAX_FEIL + 1:
            log.warning("Login locked for %(konto)s after repeated failures (last from %(adresse)s)", kven)
        else:
            log.warning("Login refused: account locked (%(konto)s, from %(adresse)s)", kven)
        return False
    return True


def registrer_feil(request, email):
    """A failed attempt: logged, and counted against the client address once per account."""
    kven = _kven(request, email)
    log.warning("Failed login for %(konto)s from %(adresse)s", kven)
    _konto, ip, par = _nøklar(request, email)
    try:
        if cache.add(par, 1, timeout=settings.LOGIN_SPERRE_SEKUND) and _tel(ip) == _adressegrense():
            log.warning("Login locked for address %(adresse)s: failures for many accounts", kven)
    except Cachefeil as exc:
        _cache_nede(exc)


def nullstill(request, email):
    try:
        cache.delete(_nøklar(request, email)[0])
    except Cachefeil as exc:
        _cache_nede(exc)


# «Forgot your password?» sends at most this many links to one account within an hour, so the
# form cannot be used to flood someone's inbox; the page answers the same either way.
MAKS_LENKJER_I_TIMEN = 3


def kan_sende_lenkje(email):
    nøkkel = f"passordlenkje:{konto_id(email)}"
    try:
        cache.add(nøkkel, 0, timeout=60 * 60)
        tal = cache.incr(nøkkel)
    except ValueError:
        return True
    except Cachefeil as exc:
        _cache_nede(exc)
        return True
    if tal > MAKS_LENKJER_I_TIMEN:
        log.warning("Password link not sent: too many asked for %s within the hour", konto_id(email))
        return False
    return True


class MinimumLengde(MinimumLengthValidator):
    """Django's own length rule with a message of ours: Django 5.2 changed its message, and the
    Nynorsk and Bokmål catalogues it ships still translate the old one (an English sentence
    on a Nynorsk page)."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(n)d character.",
            "This password is too short: use at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}
