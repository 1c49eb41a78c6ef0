"""Case numbers as kommunar write them: «PS 24/20», «PS 024/2020», «OS 76/14», «169/14»,
«PS 2026/45». The key makes one case of the many ways of writing it."""

import re

from django.db.models import Q

_FORM = re.compile(r"^\s*(?P<prefiks>[^\W\d_]{1,6})?[\s.\-]*0*(?P<nr>\d+)\s*/\s*(?P<aar>\d{2}|\d{4})\s*$")
# some archives write the year first: «PS 2026/45»
_AAR_FORST = re.compile(r"^\s*(?P<prefiks>[^\W\d_]{1,6})?[\s.\-]*(?P<aar>\d{4})\s*/\s*0*(?P<nr>\d+)\s*$")
_UTAN_AAR = re.compile(r"^\s*(?P<prefiks>[^\W\d_]{1,6})?[\s.\-]*0*(?P<nr>\d+)\s*$")


def _fire(aar):
    return 2000 + int(aar) if len(aar) == 2 else int(aar)


def delar(saksnummer, aar=None):
    """(series prefix, number, year) or None when the text is not a case number we know.
    A number without a year takes `aar` (the meeting's)."""
    for monster in (_AAR_FORST, _FORM):
        m = monster.match(saksnummer)
        if m and (monster is _FORM or int(m["aar"]) >= 1900):
            return ((m["prefiks"] or "").upper(), int(m["nr"]), _fire(m["aar"]))
    m = _UTAN_AAR.match(saksnummer)
    if m and aar:
        return ((m["prefiks"] or "").upper(), int(m["nr"]), int(aar))
    return None


def nokkel(saksnummer, aar=None):
    """The text that is equal for two ways of writing the same case; unknown shapes compare
    as written, without case or extra spaces."""
    d = delar(saksnummer, aar)
    if d is None:
        return " ".join(saksnummer.split()).casefold()[:80]
    return f"{d[0]} {d[1]}/{d[2]}".strip()


def prefiks(saksnummer):
    d = delar(saksnummer, 2000)
    return d[0] if d else ""


def vilkaar(q, felt="saksnokkel"):
    """A Q on the normalised key `felt` for a search that is a case number: «PS 24/20» finds
    «PS 24/2020»; a number without a series («24/2020») finds that number in any series. None
    when `q` is not a case number."""
    if (d := delar(q)) is None:
        return None
    prefiks_, nr, aar = d
    if prefiks_:
        return Q(**{felt: nokkel(q)})
    return Q(**{felt: f"{nr}/{aar}"}) | Q(**{f"{felt}__endswith": f" {nr}/{aar}"})
