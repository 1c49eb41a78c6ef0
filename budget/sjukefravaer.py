"""Sjukefråvær (sick leave) per unit and month, from HR's file: reading the file and the
figures the review pages show.

It is health data about identifiable people. A unit is shown only when the month's figure
covers at least `settings.SJUKEFRAVAER_MIN_TILSETTE` employees; a smaller unit counts only in
the unit above, whose figure is the average of everything under it weighted by employees.
So that the hidden unit cannot be worked out by subtracting its shown siblings from the unit
above, the siblings are hidden too, smallest first, until what is hidden under a unit covers
at least the threshold (or nothing); and everything under a hidden unit is hidden. The rule is
worked out over the whole tree once per page, so every reader and every page hides the same.

The file (XLSX or CSV, one row per unit and month; Norwegian or English headers):
| eining | maanad  | prosent | tilsette |
| 2101   | 2026-03 | 6,4     | 38       |
`eining` is the unit's code, `maanad` the month (2026-03, 03.2026 or a date in the month),
`prosent` the sick leave in per cent of possible working days (0–100, at most two decimals),
`tilsette` the number of employees the percentage is measured over. A unit's month from an
earlier file is replaced."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.desimal import les_desimal
from alver.lib.importering import Feil, les_fil
from alver.models import Eining

from .models import Sjukefravaer

KOLONNER = {
    "eining": "eining",
    "einingskode": "eining",
    "eining_kode": "eining",
    "enhet": "eining",
    "enhetskode": "eining",
    "ansvar": "eining",
    "unit": "eining",
    "unit_code": "eining",
    "maanad": "maanad",
    "månad": "maanad",
    "måned": "maanad",
    "maned": "maanad",
    "periode": "maanad",
    "month": "maanad",
    "prosent": "prosent",
    "sjukefråvær": "prosent",
    "sjukefravaer": "prosent",
    "sykefravær": "prosent",
    "sykefravaer": "prosent",
    "sjukefråvær_%": "prosent",
    "sykefravær_%": "prosent",
    "percent": "prosent",
    "sick_leave": "prosent",
    "tilsette": "tilsette",
    "tal_tilsette": "tilsette",
    "ansatte": "tilsette",
    "antall_ansatte": "tilsette",
    "employees": "tilsette",
}
PAAKRAVD = ["eining", "maanad", "prosent", "tilsette"]
MAL = "eining;maanad;prosent;tilsette\r\n2101;2026-01;6,4;38\r\n2101;2026-02;5,85;38\r\n"

_MAANAD = [
    re.compile(r"(?P<aar>\d{4})-(?P<m>\d{1,2})(-\d{1,2}([ T].*)?)?"),
    re.compile(r"(?P<m>\d{1,2})[./](?P<aar>\d{4})"),
    re.compile(r"\d{1,2}\.(?P<m>\d{1,2})\.(?P<aar>\d{4})"),
]


def min_tilsette():
    return settings.SJUKEFRAVAER_MIN_TILSETTE


def les_maanad(tekst):
    """(year, month) from «2026-03», «03.2026», «2026-03-01», «01.03.2026» or a date; else None."""
    if isinstance(tekst, datetime.date):
        return tekst.year, tekst.month
    for m in _MAANAD:
        if funne := m.fullmatch(str(tekst).strip()):
            aar, maanad = int(funne["aar"]), int(funne["m"])
            if 1 <= maanad <= 12 and 2000 <= aar <= 2100:
                return aar, maanad
    return None


def sjekk_rader(filnamn, rader):
    """Check rows as `les_fil` read them: (rows to store, errors by row). The stored rows are
    plain values ({eining: id, aar, maanad, prosent: str, tilsette: int, ...}); one query."""
    einingar = {
        e.kode: e for e in Eining.objects.aktive().filter(kode__in={r.get("eining", "") for r in rader})
    }
    i_dag = klokke.i_dag()
    ok, feil, sett = [], [], {}
    for r in rader:
        nr = r["rad"]
        melding = []
        e = einingar.get(r.get("eining", ""))
        if e is None:
            melding.append(_("no active unit has the code «%(kode)s»") % {"kode": r.get("eining", "")})
        m = les_maanad(r.get("maanad", ""))
        if m is None:
            melding.append(_("«%(v)s» is not a month (write 2026-03)") % {"v": r.get("maanad", "")})
        elif m > (i_dag.year, i_dag.month):
            melding.append(_("the month %(aar)s-%(m)02d has not begun") % {"aar": m[0], "m": m[1]})
        try:
            prosent = les_desimal(r.get("prosent", ""))
        except ValueError:
            prosent = None
        if prosent is None or not (0 <= prosent <= 100):
            melding.append(_("the percentage must be a number from 0 to 100"))
        elif prosent.normalize().as_tuple().exponent < -2:
            melding.append(_("the percentage takes at most two decimals"))
        try:
            tilsette = les_desimal(r.get("tilsette", ""))
        except ValueError:
            tilsette = None
        if tilsette is None or tilsette < 0 or tilsette != tilsette.to_integral_value() or tilsette > 10**6:
            melding.append(_("the number of employees must be a whole number, 0 or more"))
        if e is not None and m is not None:
            if (e.pk, *m) in sett:
                melding.append(_("the unit and month are also on row %(rad)s") % {"rad": sett[(e.pk, *m)]})
            else:
                sett[(e.pk, *m)] = nr
        if melding:
            feil.append(Feil(filnamn, nr, "; ".join(melding)))
            continue
        ok.append(
            {
                "rad": nr,
                "eining": e.pk,
                "kode": e.kode,
                "namn": e.namn,
                "aar": m[0],
                "maanad": m[1],
                "prosent": str(prosent),
                "tilsette": int(tilsette),
            }
        )
    return ok, feil


def les(filnamn, innhald):
    """Read and check HR's file: (the rows as read, for the confirmation; rows to store; errors
    by row). Raises Importfeil when the file as a whole cannot be read."""
    rader = les_fil(filnamn, innhald, KOLONNER, PAAKRAVD)
    ok, feil = sjekk_rader(filnamn, rader)
    return rader, ok, feil


# --- the review --------------------------------------------------------------------------


@dataclass
class Tal:
    """A unit's figure for a month: the weighted percentage, or hidden (too few employees)."""

    tilsette: int = 0
    vekta: Decimal = Decimal(0)  # Σ percentage × employees
    skjult: bool = False

    @property
    def prosent(self):
        if self.skjult or not self.tilsette:
            return None
        return (self.vekta / self.tilsette).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@dataclass
class Linje:
    eining: Eining
    tal: list = field(default_factory=list)  # Tal per month shown
    har_under: bool = False


class Oversikt:
    """Every active unit's figures for a year, with the threshold applied over the whole tree
    (two queries: the units and the figures)."""

    def __init__(self, aar):
        self.aar = aar
        i_dag = klokke.i_dag()
        siste = 12 if aar < i_dag.year else (i_dag.month if aar == i_dag.year else 0)
        self.maanader = list(range(1, siste + 1))
        self.einingar = list(Eining.objects.aktive().order_by("path"))
        self.per_sti = {e.path: e for e in self.einingar}
        self.born = {}
        for e in self.einingar:
            if e.depth > 1:
                self.born.setdefault(e.path[: -Eining.steplen], []).append(e)
        self.tal = {}  # (path, month) -> Tal
        rader = Sjukefravaer.objects.filter(aar=aar).values_list(
            "eining__path", "maanad", "prosent", "tilsette"
        )
        for sti, m, prosent, tilsette in rader:
            for d in range(Eining.steplen, len(sti) + 1, Eining.steplen):
                t = self.tal.setdefault((sti[:d], m), Tal())
                t.tilsette += tilsette
                t.vekta += prosent * tilsette
        self._skjul()

    def _skjul(self):
        grense = min_tilsette()
        for m in self.maanader:
            for e in self.einingar:  # in path order: a unit before the units below it
                t = self.tal.get((e.path, m))
                if t is None:
                    continue
                if e.depth == 1 and t.tilsette < grense:
                    t.skjult = True
                born = [(b, self.tal.get((b.path, m))) for b in self.born.get(e.path, [])]
                born = [(b, bt) for b, bt in born if bt is not None]
                if t.skjult:
                    for _b, bt in born:
                        bt.skjult = True
                    continue
                synlege = []
                for _b, bt in born:
                    if bt.tilsette < grense:
                        bt.skjult = True
                    else:
                        synlege.append(bt)
                rest = t.tilsette - sum(bt.tilsette for bt in synlege)
                synlege.sort(key=lambda bt: bt.tilsette)
                while 0 < rest < grense and synlege:
                    bt = synlege.pop(0)
                    bt.skjult = True
                    rest += bt.tilsette

    def linje(self, eining):
        return Linje(
            eining,
            [self.tal.get((eining.path, m)) or Tal() for m in self.maanader],
            har_under=bool(self.born.get(eining.path)),
        )

    def under(self, eining):
        return [self.linje(b) for b in self.born.get(eining.path, [])]

    def topp(self, stiar):
        """The units the overview starts from: the kommune and its sectors for those who see
        everything (`stiar` None); otherwise the units the reader leads (the highest ones)."""
        if stiar is None:
            rot = [e for e in self.einingar if e.depth == 1]
            return [self.linje(e) for r in rot for e in [r, *self.born.get(r.path, [])]]
        stiar = sorted(set(stiar))
        hogste = [p for p in stiar if not any(p != q and p.startswith(q) for q in stiar)]
        return [self.linje(self.per_sti[p]) for p in hogste if p in self.per_sti]
