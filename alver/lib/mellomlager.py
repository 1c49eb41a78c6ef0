"""Django's cache as a speed-up only: a cache that is down is logged, and the caller computes
what it asked for instead. Nothing here may turn a page into a 500.

Used for what is read far more often than it changes, or for kommune-wide figures a page may
show a few minutes old when it says so (`eller_lag` returns when the value was made).
"""

import logging
import re
import threading
import time

from django.core.cache import cache

from alver.lib import klokke

logger = logging.getLogger(__name__)


def hent(nokkel):
    try:
        return cache.get(nokkel)
    except Exception:  # any backend error: the page goes on without the cache
        logger.warning("Cache unavailable when reading %s", nokkel, exc_info=True)
        return None


def lagre(nokkel, verdi, levetid):
    try:
        cache.set(nokkel, verdi, levetid)
    except Exception:
        logger.warning("Cache unavailable when writing %s", nokkel, exc_info=True)


def slett(*nokklar):
    try:
        cache.delete_many(list(nokklar))
    except Exception:
        logger.warning("Cache unavailable when clearing %s", nokklar, exc_info=True)


def eller_lag(nokkel, levetid, lag):
    """(value, made_at): the cached value and when it was made, or `lag()` made now and kept for
    `levetid` seconds. A value of None is kept too (a block with nothing to show)."""
    lagra = hent(nokkel)
    if lagra is not None:
        return lagra
    lagra = (lag(), klokke.no())
    lagre(nokkel, lagra, levetid)
    return lagra


# --- the public pages (/innsyn/…), kept whole for readers with no login ----------------------

# pages made before the last change to the domain are never served: the generation is part of
# every key, and any saved or deleted row of the domain's apps moves it on (`ny_generasjon`)
GENERASJON = "innsyn:generasjon"
DOMENE = {"alver", "plans", "budget", "politikk", "verksemdsplan", "checklists", "reporting", "aarshjul"}


# The generation is read once per request: a start page asks for several kept blocks, and each
# read was a round trip to Redis. A change made by the request itself forgets what it read
# (`_flytt`); one made meanwhile by another process is as if this request had started earlier.
_foresp = threading.local()
_ULESEN = object()


def foresp_start(**kwargs):
    """request_started: from now on the generation is read at most once (until it moves)."""
    _foresp.generasjon = _ULESEN


def foresp_slutt(**kwargs):
    """request_finished: outside a request (jobs, commands) it is read every time again."""
    _foresp.__dict__.pop("generasjon", None)


def _generasjon():
    """The current generation; a new one when the cache has none (evicted, or restarted), so a
    page kept from before can never be taken for a fresh one."""
    lest = getattr(_foresp, "generasjon", None)
    if lest is not None and lest is not _ULESEN:
        return lest
    g = hent(GENERASJON)
    if g is None:
        try:
            cache.add(GENERASJON, time.time_ns(), None)
        except Exception:
            return None
        g = hent(GENERASJON)
    if lest is _ULESEN and g is not None:
        _foresp.generasjon = g
    return g


def til_neste_endring(nokkel, levetid, lag):
    """`lag()`, kept until the next change to the domain (or `levetid` seconds): for what many
    logged-in readers are shown alike, such as the årshjul's coming dates. Without a cache it is
    made every time."""
    generasjon = _generasjon()
    if generasjon is None:
        return lag()
    nokkel = f"{nokkel}:{generasjon}"
    lagra = hent(nokkel)
    if lagra is not None:
        return lagra[0]
    verdi = lag()
    lagre(nokkel, (verdi,), levetid)  # in a tuple, so that a value of None is kept too
    return verdi


def ny_generasjon(sender=None, **kwargs):
    """post_save / post_delete: the public pages are made again after a change to the domain.
    Now, and once more when the transaction commits: a page made meanwhile from what was there
    before the commit is not kept under the new generation either."""
    if sender is not None and sender._meta.app_label not in DOMENE:
        return
    from django.db import transaction

    _flytt()
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(f is _flytt for _sid, f, *_r in conn.run_on_commit):
        return  # due already when this transaction commits (a rollback clears the list)
    transaction.on_commit(_flytt)


def _flytt():
    if hasattr(_foresp, "generasjon"):
        _foresp.generasjon = _ULESEN
    try:
        cache.incr(GENERASJON)
    except ValueError:  # not there yet (or evicted): any new value will do
        lagre(GENERASJON, time.time_ns(), None)
    except Exception:
        logger.warning("Cache unavailable when moving %s on", GENERASJON, exc_info=True)


_CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')
_CSRF_PLASS = b"\x00csrf\x00"


def offentleg_side(levetid):
    """A view decorator for public pages: for a reader with no login, a GET is answered from the
    cache when the same page (path, query and language) was made since the last change, and a
    page made is kept `levetid` seconds. Logged-in readers always get a page made for them."""
    import hashlib
    from functools import wraps

    from django.contrib import messages
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.utils import translation

    def dekor(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            generasjon = _generasjon()
            if generasjon is None:  # no cache: every reader gets a page made for them
                return view(request, *args, **kwargs)
            kva = f"{translation.get_language()}|{request.get_full_path()}".encode()
            nokkel = f"innsyn:{generasjon}:{hashlib.sha256(kva).hexdigest()}"
            if len(messages.get_messages(request)):  # a message is for this reader only
                return view(request, *args, **kwargs)
            lagra = hent(nokkel)
            if lagra is not None:
                innhald, hovud = lagra
                # the page's forms (the language choice) carry this reader's own CSRF token
                token = get_token(request).encode()
                svar = HttpResponse(innhald.replace(_CSRF_PLASS, token))
                for namn, verdi in hovud:
                    svar[namn] = verdi
                return svar
            svar = view(request, *args, **kwargs)
            if svar.status_code == 200 and not svar.streaming:
                innhald = _CSRF.sub(rb"\1" + _CSRF_PLASS + rb'"', svar.content)
                lagre(nokkel, (innhald, list(svar.items())), levetid)
            return svar

        return inner

    return dekor
