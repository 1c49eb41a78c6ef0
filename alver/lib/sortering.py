"""Sorting the Norwegian way: æ, ø, å after z, case and accents not deciding, and numbers in
titles in their natural order («Verbalpunkt 2» before «Verbalpunkt 10»).

In the database: `norsk("namn")` orders by the collation `alver_norsk` — on PostgreSQL an
ICU collation for Norwegian Bokmål with numeric ordering (made by migration
alver/0012_norsk_sortering), on SQLite the same rules as `nokkel`, registered on each
connection (`registrer_sqlite`). In Python: `sorted(rader, key=lambda r: nokkel(r.namn))`."""

import re
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "alver_norsk"

# after z, in this order; other letters with marks sort as their base letter (é as e)
_ETTER_Z = {"æ": "{0", "ä": "{0", "ø": "{1", "ö": "{1", "å": "{2"}
_TAL = re.compile(r"(\d+)")


def nokkel(tekst):
    """The sort key of one text by the rules above."""
    tekst = (tekst or "").casefold()
    ut = []
    for del_ in _TAL.split(tekst):
        if del_.isdigit():
            ut.append(f"{len(del_.lstrip('0')):03d}{del_.lstrip('0')}")  # 2 before 10
            continue
        for c in del_:
            if c in _ETTER_Z:
                ut.append(_ETTER_Z[c])
            else:
                ut.append(unicodedata.normalize("NFKD", c)[0])
    return "".join(ut)


def norsk(felt):
    """An ordering expression for `felt` (a field name or expression) by Norwegian rules."""
    return Collate(F(felt) if isinstance(felt, str) else felt, COLLATION)


def _samanlikn(a, b):
    ka, kb = nokkel(a), nokkel(b)
    return (ka > kb) - (ka < kb) or (a > b) - (a < b)


def registrer_sqlite(sender, connection, **kwargs):
    """`connection_created` receiver: SQLite has no Norwegian collation; give it ours."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _samanlikn)
