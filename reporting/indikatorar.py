"""The indicator light: which target a value is measured against, and green, yellow or red.

Target for (indicator, unit, year), the most specific that exists:
1. the unit's own target for the year in its verksemdsplan («prioriterte indikatorar»);
2. the target the kommunestyre adopted in the økonomiplan for the unit's sector (only once the
   økonomiplan is adopted; of several adopted plans covering the year, the newest);
3. the plan's target for the year on the goal the indicator is attached to.
A value for the kommune as a whole (no unit) has only the plan's target.

Light: green when the value reaches the target in the indicator's direction; yellow when it
misses by at most 5 % of the target; red beyond (a target of zero has no band: any miss is red).

Everything here works on many values at once in a fixed number of queries (three for the
targets, whatever the number of values), so reports and panels keep their query count."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alver.lib import periodar
from budget.models import Indikatormaal, Okonomiplan
from plans.models import Indikator, Planmaalverdi
from verksemdsplan.models import PrioritertIndikator

GRON, GUL, RAUD = "gron", "gul", "raud"
LYS = (GRON, GUL, RAUD)
LYS_NAMN = {GRON: gettext_lazy("green"), GUL: gettext_lazy("yellow"), RAUD: gettext_lazy("red")}
BAND_PROSENT = Decimal(5)

EINING, OKONOMIPLAN, PLAN = "eining", "okonomiplan", "plan"
KJELDE_NAMN = {
    EINING: gettext_lazy("the unit's own target"),
    OKONOMIPLAN: gettext_lazy("the target adopted in the economic plan"),
    PLAN: gettext_lazy("the plan's target"),
}


@dataclass(frozen=True)
class Maal:
    """A target and where it came from (EINING, OKONOMIPLAN or PLAN)."""

    verdi: Decimal
    kjelde: str

    @property
    def kjelde_namn(self):
        return KJELDE_NAMN[self.kjelde]


def regeltekst():
    """The rule as the pages show it."""
    return _(
        "Green when the value reaches the target in the indicator's direction; yellow when it misses "
        "the target by at most 5 % of the target; red when it misses by more. The target is the "
        "unit's own in its business plan, else the one the municipal council adopted in the "
        "economic plan for the unit's sector, else the plan's target for the year."
    )


def lys(indikator, verdi, maal):
    """GRON, GUL or RAUD for `verdi` against the target value `maal` (None when either is missing)."""
    if verdi is None or maal is None:
        return None
    if indikator.er_betre(verdi, maal):
        return GRON
    # exact: |verdi − maal| ≤ 5 % of |maal|, without dividing
    if abs(verdi - maal) * 100 <= abs(maal) * BAND_PROSENT:
        return GUL
    return RAUD


def maal_for(nokklar, kopling=None):
    """Targets for many (indicator id, unit or None, year): {(indikator_id, eining_id, aar): Maal}.
    A key with no target is left out. `kopling` (a MaalIndikator) prefers that goal's plan target
    (the goal page's row) over the indicator's other goals. At most three queries."""
    nokklar = set(nokklar)
    if not nokklar:
        return {}
    ind_ids = {i for i, _e, _a in nokklar}
    aar = {a for _i, _e, a in nokklar}
    einingar = {e.pk: e for _i, e, _a in nokklar if e is not None}
    ut = {}

    plan = defaultdict(dict)  # (ind, aar) → {kopling id: verdi}
    for ind, kop, a, verdi in Planmaalverdi.objects.filter(
        kopling__indikator_id__in=ind_ids, aar__in=aar
    ).values_list("kopling__indikator_id", "kopling_id", "aar", "verdi"):
        plan[(ind, a)][kop] = verdi

    def planmaal(ind, a):
        per_kopling = plan.get((ind, a))
        if not per_kopling:
            return None
        if kopling is not None and kopling.pk in per_kopling:
            return per_kopling[kopling.pk]
        return per_kopling[min(per_kopling)]  # the goal it was first attached to

    okonomi = defaultdict(list)  # (ind, aar) → [(sektor path, verdi)], newest plan last
    eigne = {}
    if einingar:
        for ind, path, a, verdi in (
            Indikatormaal.objects.filter(
                okonomiplan__status=Okonomiplan.Status.VEDTATT, indikator_id__in=ind_ids, aar__in=aar
            )
            .order_by("okonomiplan__forste_aar")
            .values_list("indikator_id", "sektor__path", "aar", "verdi")
        ):
            okonomi[(ind, a)].append((path, verdi))
        for ind, e, a, verdi in PrioritertIndikator.objects.filter(
            indikator_id__in=ind_ids,
            verksemdsplan__aar__in=aar,
            verksemdsplan__eining_id__in=einingar,
            maal__isnull=False,
        ).values_list("indikator_id", "verksemdsplan__eining_id", "verksemdsplan__aar", "maal"):
            eigne[(ind, e, a)] = verdi

    for ind, e, a in nokklar:
        eid = e.pk if e is not None else None
        if eid is not None and (ind, eid, a) in eigne:
            ut[(ind, eid, a)] = Maal(eigne[(ind, eid, a)], EINING)
            continue
        if e is not None:
            treff = [v for path, v in okonomi.get((ind, a), []) if e.path.startswith(path)]
            if treff:
                ut[(ind, eid, a)] = Maal(treff[-1], OKONOMIPLAN)
                continue
        verdi = planmaal(ind, a)
        if verdi is not None:
            ut[(ind, eid, a)] = Maal(verdi, PLAN)
    return ut


def vurder(verdiar, kopling=None):
    """Give each value (an Indikatorverdi with its indicator and unit loaded) `.maal` (a Maal or
    None) and `.lys`; returns them as a list. At most three queries."""
    verdiar = list(verdiar)
    maal = maal_for({(v.indikator_id, v.eining, v.aar) for v in verdiar}, kopling=kopling)
    for v in verdiar:
        v.maal = maal.get((v.indikator_id, v.eining_id, v.aar))
        v.lys = lys(v.indikator, v.verdi, v.maal.verdi if v.maal else None)
    return verdiar


def siste(verdiar):
    """The latest value per (indicator id, unit id) of `verdiar` (ordered any way)."""
    ut = {}
    for v in verdiar:
        k = (v.indikator_id, v.eining_id)
        if k not in ut or (v.til, v.pk) > (ut[k].til, ut[k].pk):
            ut[k] = v
    return ut


# --- what is reported when ------------------------------------------------------------------


def periodar_for(indikator, aar):
    """The period codes an indicator is reported for in a year, by its own frequency: the twelve
    months; the two tertials and the year (whose value closes the last third, as in reporting);
    or the year."""
    if indikator.frekvens == Indikator.Frekvens.MAANAD:
        return [periodar.kode(aar, periodar.MAANAD, n) for n in range(1, 13)]
    if indikator.frekvens == Indikator.Frekvens.TERTIAL:
        return [
            periodar.kode(aar, periodar.TERTIAL, 1),
            periodar.kode(aar, periodar.TERTIAL, 2),
            periodar.kode(aar, periodar.AAR, 1),
        ]
    return [periodar.kode(aar, periodar.AAR, 1)]


def aarsverdiar(verdiar):
    """One value per year for a chart: the year's own value (the annual one) if there is one,
    else the latest of the year so far. {aar: Indikatorverdi}."""
    ut = {}
    for v in verdiar:
        gjeld = ut.get(v.aar)
        if gjeld is None or (v.til, v.pk) > (gjeld.til, gjeld.pk):
            ut[v.aar] = v
    return ut
