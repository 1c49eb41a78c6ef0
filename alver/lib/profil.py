"""The kommune's name and letterhead as pages, e-mails and PDFs read them (`Kommuneprofil`).

Every page shows the kommune's name, so it is read from Django's cache, not the database:
a page costs no query for it once the cache is warm. The coat of arms (up to a megabyte as
a data URI) has a key of its own, read only for PDFs, so a page never loads it.

The cache only speeds up: a cache that is down is logged and the database answers. A saved
profile clears the keys (now, and again when the transaction commits, so no one caches the
old row in between); a per-process cache (locmem) in another worker may show the old profile
for at most `LEVETID` seconds.
"""

import base64

from django.conf import settings
from django.db import transaction

from alver.lib import mellomlager

# the number in the key changes when the cached shape does, so a deploy never reads an old shape
NOKKEL = "alver:kommuneprofil:1"
NOKKEL_VAAPEN = "alver:kommuneprofil:vaapen:1"
LEVETID = 60  # seconds

MAKS_VAAPEN = 1024 * 1024  # bytes of the uploaded file
PNG_SIGNATUR = b"\x89PNG\r\n\x1a\n"


def _profil_rad(*felt):
    from alver.models import Kommuneprofil

    return Kommuneprofil.objects.filter(pk=1).values(*felt).first()


def _tekst():
    """Name, place, address and footer (no coat of arms), cached. A missing profile is cached
    too (as the defaults), so a kommune that never set one costs no query per page either."""
    verdi = mellomlager.hent(NOKKEL)
    if verdi is None:
        rad = _profil_rad("namn", "stad", "adresse", "brevfot") or {}
        verdi = {
            "namn": (rad.get("namn") or "").strip(),
            "stad": rad.get("stad", ""),
            "adresse_linjer": [
                linje.strip() for linje in rad.get("adresse", "").splitlines() if linje.strip()
            ],
            "brevfot": rad.get("brevfot", "").strip(),
        }
        mellomlager.lagre(NOKKEL, verdi, LEVETID)
    return verdi


def _vaapen():
    verdi = mellomlager.hent(NOKKEL_VAAPEN)
    if verdi is None:
        verdi = (_profil_rad("vaapen") or {}).get("vaapen", "")
        mellomlager.lagre(NOKKEL_VAAPEN, verdi, LEVETID)
    return verdi


def kommune_namn():
    """The kommune's name: as set in the app, else the installation's KOMMUNE_NAMN."""
    return _tekst()["namn"] or settings.KOMMUNE_NAMN


def brevhovud():
    """What a letter's or report's head and foot print: {"namn", "stad", "adresse_linjer"
    (list), "brevfot", "vaapen" (a data URI or "")}. `lag_pdf` gives it to every PDF template
    as `brevhovud`."""
    tekst = _tekst()
    return {**tekst, "namn": tekst["namn"] or settings.KOMMUNE_NAMN, "vaapen": _vaapen()}


def glom():
    """Forget the cached profile (after a save): now, and when the transaction commits."""

    def slett():
        mellomlager.slett(NOKKEL, NOKKEL_VAAPEN)

    slett()
    transaction.on_commit(slett)


def ved_lagring(sender, **kwargs):
    """post_save of Kommuneprofil (connected in AlverConfig.ready)."""
    glom()


def data_uri(innhald, mime):
    return f"data:{mime};base64,{base64.b64encode(innhald).decode('ascii')}"
