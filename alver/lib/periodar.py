"""The reporting calendar, without a model: what a period code names, its dates and deadline.

A year has twelve months (`2026-m10`), two tertials (`2026-t2`; the last four months are
covered by the annual report) and the annual report (`2026-aar`). Deadlines: a month is
reported by the 10th of the month after; a tertial by the end of the month after (31 May,
30 September); the annual report by 31 January the year after.

Reporting keeps its periods as rows (open, closed, released); this module is the one reader
of the codes and the one source of the dates, so apps below reporting in the chain can say
what is due without importing it.

    p = periodar.les("2026-t1")          # Kalenderperiode(aar=2026, type="tertial", nummer=1)
    p.fra, p.til, p.frist                # 1.1.2026, 30.4.2026, 31.5.2026
    periodar.les("2026-m13")             # None
    periodar.kode(2026, "maanad", 3)     # "2026-m03"
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAANAD, TERTIAL, AAR = "maanad", "tertial", "aar"
TYPAR = (MAANAD, TERTIAL, AAR)
TAL = {MAANAD: 12, TERTIAL: 2, AAR: 1}  # how many of each kind a year has
MAANADER_I_TERTIAL = 4

MAANADER = [
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
]  # fmt: skip

_KODE = re.compile(r"(?P<aar>\d{4})-(?:m(?P<m>\d+)|t(?P<t>\d+)|(?P<heile>aar))", re.ASCII)


@dataclass(frozen=True)
class Kalenderperiode:
    """A period of the calendar; made only with a kind and number the year has (else ValueError)."""

    aar: int
    type: str
    nummer: int

    def __post_init__(self):
        if self.type not in TAL or not 1 <= self.nummer <= TAL[self.type] or not 1 <= self.aar < 9999:
            raise ValueError(f"No such period: {self.aar} {self.type} {self.nummer}")

    @property
    def kode(self):
        return kode(self.aar, self.type, self.nummer)

    @property
    def namn(self):
        return namn(self.aar, self.type, self.nummer)

    @property
    def fra(self):
        """The first day."""
        if self.type == MAANAD:
            return datetime.date(self.aar, self.nummer, 1)
        if self.type == TERTIAL:
            return datetime.date(self.aar, (self.nummer - 1) * MAANADER_I_TERTIAL + 1, 1)
        return datetime.date(self.aar, 1, 1)

    @property
    def til(self):
        """The last day."""
        if self.type == MAANAD:
            return _siste_dag(self.aar, self.nummer)
        if self.type == TERTIAL:
            return _siste_dag(self.aar, self.nummer * MAANADER_I_TERTIAL)
        return datetime.date(self.aar, 12, 31)

    @property
    def frist(self):
        """The reporting deadline: the 10th of the month after a month; the end of the month
        after a tertial or the year."""
        if self.type == MAANAD:
            return self.til + datetime.timedelta(days=10)
        neste = self.til + datetime.timedelta(days=1)
        return _siste_dag(neste.year, neste.month)

    def __str__(self):
        return str(self.namn)


def kode(aar, type, nummer):
    """The code of a period: 2026-m03, 2026-t1, 2026-aar (any other kind reads as the year)."""
    if type == MAANAD:
        return f"{aar}-m{nummer:02}"
    if type == TERTIAL:
        return f"{aar}-t{nummer}"
    return f"{aar}-aar"


def namn(aar, type, nummer):
    """The period's name in the user's language: «november 2026», «1. tertial 2026», «årsmelding 2026» (in lower case: a name used mid-sentence; `capfirst` where it begins one)."""
    if type == MAANAD:
        return f"{MAANADER[nummer - 1]} {aar}"
    if type == TERTIAL:
        return _("%(n)s. tertial %(aar)s") % {"n": nummer, "aar": aar}
    return _("annual report %(aar)s") % {"aar": aar}


def les(tekst, typar=TYPAR):
    """The period a code names among the given kinds, or None for anything else."""
    treff = _KODE.fullmatch(tekst or "")
    if treff is None:
        return None
    if treff["heile"]:
        typ, nummer = AAR, 1
    elif treff["m"] is not None:
        typ, nummer = MAANAD, int(treff["m"])
    else:
        typ, nummer = TERTIAL, int(treff["t"])
    if typ not in typar:
        return None
    try:
        return Kalenderperiode(int(treff["aar"]), typ, nummer)
    except ValueError:
        return None


def aaret(aar):
    """The year's periods in order: the twelve months, the two tertials, the annual report."""
    return [Kalenderperiode(aar, typ, n) for typ in TYPAR for n in range(1, TAL[typ] + 1)]


def for_dag(dag, type):
    """The period of the kind that the day falls in (None for the months no tertial covers)."""
    if type == MAANAD:
        return Kalenderperiode(dag.year, MAANAD, dag.month)
    if type == TERTIAL:
        nummer = (dag.month - 1) // MAANADER_I_TERTIAL + 1
        return Kalenderperiode(dag.year, TERTIAL, nummer) if nummer <= TAL[TERTIAL] else None
    return Kalenderperiode(dag.year, type, 1)


def _siste_dag(aar, maanad):
    return datetime.date(aar + maanad // 12, maanad % 12 + 1, 1) - datetime.timedelta(days=1)
