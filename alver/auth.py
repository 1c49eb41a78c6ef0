"""Login throttling: repeated failed logins for one address are refused for a while.

Counted in the cache (Redis in production) per e-mail address and, with a higher limit,
per client address, since a whole town hall may share one public address.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

IP_FAKTOR = 10


def _nøklar(request, email):
    epost = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]
    ip = request.META.get("REMOTE_ADDR", "")
    return (f"login-feil:e:{epost}", settings.LOGIN_MAX_FEIL), (
        f"login-feil:ip:{ip}",
        settings.LOGIN_MAX_FEIL * IP_FAKTOR,
    )


def er_sperra(request, email):
    return any((cache.get(nøkkel) or 0) >= grense for nøkkel, grense in _nøklar(request, email))


def registrer_feil(request, email):
    for nøkkel, _grense in _nøklar(request, email):
        cache.add(nøkkel, 0, timeout=settings.LOGIN_SPERRE_SEKUND)
        try:
            cache.incr(nøkkel)
        except ValueError:  # expired between add and incr
            cache.set(nøkkel, 1, timeout=settings.LOGIN_SPERRE_SEKUND)


def nullstill(request, email):
    cache.delete(_nøklar(request, email)[0][0])
