"""Django's cache as a speed-up only: a cache that is down is logged, and the caller computes
what it asked for instead. Nothing here may turn a page into a 500.

Used for what is read far more often than it changes, or for kommune-wide figures a page may
show a few minutes old when it says so (`eller_lag` returns when the value was made).
"""

import logging

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
