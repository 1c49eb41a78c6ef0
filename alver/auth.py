"""Login throttling: repeated failed logins for one address are refused for a while.

Counted in the cache (Redis in production) per e-mail address and, with a higher limit,
per client address, since a whole town hall may share one public address. An attempt is
counted before the password is checked, so parallel guesses cannot slip past the limit; a
successful login clears the account's count.

A known trade-off: anyone who knows an address can lock that account for the window by
failing on purpose. The window is short (15 minutes by default) and the lock is per account.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

IP_FAKTOR = 10


def klientadresse(request):
    """The client's address. Behind NUM_PROXIES trusted proxies, the address the outermost
    proxy saw (X-Forwarded-For); a client cannot forge the entries our proxies append."""
    if settings.NUM_PROXIES:
        kjede = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(kjede) >= settings.NUM_PROXIES:
            return kjede[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def _nøklar(request, email):
    epost = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]
    return (
        (f"login-feil:e:{epost}", settings.LOGIN_MAX_FEIL),
        (f"login-feil:ip:{klientadresse(request)}", settings.LOGIN_MAX_FEIL * IP_FAKTOR),
    )


def _tel(nøkkel):
    cache.add(nøkkel, 0, timeout=settings.LOGIN_SPERRE_SEKUND)
    try:
        return cache.incr(nøkkel)
    except ValueError:  # expired between add and incr
        cache.set(nøkkel, 1, timeout=settings.LOGIN_SPERRE_SEKUND)
        return 1


def nytt_forsok(request, email):
    """Count an attempt for the account; False if it is over the limit (then refuse it)."""
    (konto, grense), (ip, ip_grense) = _nøklar(request, email)
    if (cache.get(ip) or 0) >= ip_grense:
        return False
    return _tel(konto) <= grense


def registrer_feil(request, email):
    """A failed attempt also counts against the client address."""
    _tel(_nøklar(request, email)[1][0])


def nullstill(request, email):
    cache.delete(_nøklar(request, email)[0][0])
