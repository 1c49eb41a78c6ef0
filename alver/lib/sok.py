"""Finding rows by words, the same way on both databases the project runs on.

PostgreSQL: full-text search with the Norwegian configuration, so «skulane» finds «skule» and
«vedtaket» finds «vedtak»; the big tables have a GIN index on the very same expression (see the
migrations named `*_sok`), and `treff` ranks the rows. SQLite (the embedded default): every word
must occur in one of the fields, compared case-folded by a function registered on each
connection (`registrer_sqlite`), since SQLite's own LIKE folds only A–Z and would miss «Ø» for
«ø»; a number only as a whole number. No word forms there: an honest fallback, not a copy.

`utdrag` makes the «why it matched» line: the first field where a word of the search occurs,
cut around it, the word marked.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.utils.html import escape
from django.utils.safestring import mark_safe

KONFIG = "norwegian"
MAKS_LENGD = 200  # characters of a search; more is cut (the page says what was searched)
MIN_LENGD = 2
FUNKSJON = "alver_fold"
_ORD = re.compile(r"\w+", re.UNICODE)


def registrer_sqlite(sender, connection, **kwargs):
    """connection_created: SQLite learns `alver_fold(text)`, Python's casefold."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            FUNKSJON, 1, lambda s: s.casefold() if s is not None else None, deterministic=True
        )


class Fold(Func):
    function = FUNKSJON
    output_field = TextField()


def ord_i(q):
    """The words of a search, in order, without repeats."""
    ut = []
    for o in _ORD.findall(q.casefold()):
        if o not in ut:
            ut.append(o)
    return ut


def vektor(*felt):
    """The expression a GIN index is built on, and `treff` searches: keep them the same."""
    return SearchVector(*felt, config=KONFIG)


def treff(qs, felt, q, *, ekstra=None):
    """`qs` narrowed to the rows where the words of `q` occur in `felt` (field names, joins
    allowed), or where `ekstra` (a Q: a case number, a code) holds; ranked on PostgreSQL (`_rang`),
    newest first on SQLite. An empty search finds nothing."""
    ord_ = ord_i(q)
    if not ord_:
        return qs.none()
    if connection.vendor == "postgresql":
        sporjing = SearchQuery(q, config=KONFIG, search_type="websearch")
        qs = qs.alias(_vektor=vektor(*felt))
        vilkaar = Q(_vektor=sporjing)
        if ekstra is not None:
            vilkaar |= ekstra
        return qs.filter(vilkaar).annotate(_rang=SearchRank(F("_vektor"), sporjing)).order_by("-_rang", "-pk")
    qs = qs.alias(**{f"_f{i}": Fold(f) for i, f in enumerate(felt)})
    vilkaar = Q()
    for o in ord_:
        # a number matches a whole number, as PostgreSQL's tokens do: «PS 24/20» is not found
        # in «PS 124/2026» or «2024/2028»; words match inside longer ones (compounds)
        oppslag = {"regex": rf"(?<![0-9]){re.escape(o)}(?![0-9])"} if o.isdigit() else {"contains": o}
        eitt = Q()
        for i in range(len(felt)):
            eitt |= Q(**{f"_f{i}__{k}": v for k, v in oppslag.items()})
        vilkaar &= eitt
    if ekstra is not None:
        vilkaar |= ekstra
    return qs.filter(vilkaar).order_by("-pk")


def utdrag(q, tekstar, breidd=70):
    """(field label, HTML) for the first of `tekstar` ((label, text) pairs) in which a word of
    `q` occurs (or a word beginning as it does: PostgreSQL found «skulane» for «skule»), cut to
    about `breidd` characters each side, the word marked; None when no text shows it (the match
    was on a case number or a code, which the row shows already)."""
    ord_ = ord_i(q)
    for namn, tekst in tekstar:
        if not tekst:
            continue
        fold = tekst.casefold()
        for o in ord_:
            stamme = o[: max(4, len(o) - 3)] if len(o) > 4 else o
            m = re.search(r"\w*" + re.escape(stamme) + r"\w*", fold)
            if m is None:
                continue
            if len(fold) != len(tekst):  # casefold changed the length («ß»): no safe place to cut
                return namn, escape(tekst[: 2 * breidd]) + ("…" if len(tekst) > 2 * breidd else "")
            fraa, til = max(0, m.start() - breidd), min(len(tekst), m.end() + breidd)
            html = (
                ("…" if fraa else "")
                + escape(tekst[fraa : m.start()])
                + "<mark>"
                + escape(tekst[m.start() : m.end()])
                + "</mark>"
                + escape(tekst[m.end() : til])
                + ("…" if til < len(tekst) else "")
            )
            return namn, mark_safe(html)
    return None
