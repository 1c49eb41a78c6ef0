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
from alver.lib.diagram import Serie, linjediagram
from budget import ssb
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
        "the target by at most 5 per cent of the target; red when it misses by more. The target is the "
        "unit's own in its operational plan, else the one the municipal council adopted in the "
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


def maal_for(nokklar, koplingar=()):
    """Targets for many (indicator id, unit or None, year): {(indikator_id, eining_id, aar): Maal}.
    A key with no target is left out. `koplingar` (MaalIndikator ids) prefers those goals' plan
    targets (the goal page's rows) over the indicator's other goals. At most three queries."""
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
        for k in sorted(per_kopling):
            if k in koplingar:
                return per_kopling[k]
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


def vurder(verdiar, koplingar=()):
    """Give each value (an Indikatorverdi with its indicator and unit loaded) `.maal` (a Maal or
    None) and `.lys`; returns them as a list. At most three queries."""
    verdiar = list(verdiar)
    maal = maal_for({(v.indikator_id, v.eining, v.aar) for v in verdiar}, koplingar=koplingar)
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


# --- boards: the latest value, the target and a chart for many indicators --------------------

AAR_TILBAKE = 5


def ssb_verdiar(indikator_ids):
    """The SSB/KOSTRA statistics budget has imported for these indicators
    ({indikator_id: {regiontype: {aar: Decimal}}}); one query."""
    return ssb.verdiar_for(list(indikator_ids))


def diagram(ind, aarliste, eigne, maal, ssb=None):
    """A line chart of the yearly values with the target line and comparisons (kommunegruppe,
    landet from SSB when imported)."""
    seriar = [
        Serie(str(_("The municipality")), [eigne.get(a) for a in aarliste], "eiga"),
        Serie(str(_("Target")), [maal.get(a) for a in aarliste], "maal"),
    ]
    ssb = ssb or {}
    for regiontype, namn, rolle in (
        ("kommunegruppe", _("KOSTRA group"), "samanlikning"),
        ("landet", _("Norway"), "landet"),
    ):
        rekkje = ssb.get(regiontype) or {}
        if any(rekkje.get(a) is not None for a in aarliste):
            seriar.append(Serie(str(namn), [rekkje.get(a) for a in aarliste], rolle))
    skildring = _("%(ind)s per year %(fra)s–%(til)s, with the target line%(samanlikning)s.") % {
        "ind": ind.namn,
        "fra": aarliste[0],
        "til": aarliste[-1],
        "samanlikning": _(" and comparisons") if len(seriar) > 2 else "",
    }
    return linjediagram(
        ind.namn,
        skildring,
        [str(a) for a in aarliste],
        seriar,
        maaleeining=ind.maaleeining,
        desimalar=ind.desimalar,
    )


@dataclass
class Punkt:
    """A kommune-level value for a board: own (`verdi` an Indikatorverdi) or SSB's."""

    verdi: Decimal
    aar: int
    periode_namn: str
    kjelde: str  # "registrert" / "import" / "ssb"
    maal: Maal | None = None
    lys: str | None = None


def tavle(indikatorar, *, til, koplingar=(), med_diagram=True, med_ssb=True):
    """For each indicator: the kommune's latest value up to the day `til` (own, else SSB's for
    the kommune), the target it is measured against, its light, and a chart of the last
    AAR_TILBAKE years and this one. A fixed number of queries (one for the values, three for the
    targets, and the SSB lookup), whatever the number of indicators and values."""
    from .models import Indikatorverdi

    indikatorar = list(indikatorar)
    if not indikatorar:
        return []
    fra = til.year - AAR_TILBAKE
    aarliste = list(range(fra, til.year + 1))
    per_ind = defaultdict(list)
    for v in Indikatorverdi.objects.filter(
        indikator__in=indikatorar, eining__isnull=True, aar__gte=fra, til__lte=til
    ).order_by("til", "pk"):
        per_ind[v.indikator_id].append(v)
    ssb = ssb_verdiar([i.pk for i in indikatorar]) if med_ssb else {}
    maal = maal_for({(i.pk, None, a) for i in indikatorar for a in aarliste}, koplingar=koplingar)
    ut = []
    for ind in indikatorar:
        eigne = {a: v.verdi for a, v in aarsverdiar(per_ind[ind.pk]).items()}
        kommune_ssb = (ssb.get(ind.pk) or {}).get("kommune") or {}
        serie = {a: eigne.get(a, kommune_ssb.get(a)) for a in aarliste}
        maal_per_aar = {a: m.verdi for (i, _e, a), m in maal.items() if i == ind.pk}
        siste_eigen = per_ind[ind.pk][-1] if per_ind[ind.pk] else None
        siste_ssb = max((a for a in kommune_ssb if a in aarliste), default=None)
        if siste_eigen is not None and (siste_ssb is None or siste_eigen.aar >= siste_ssb):
            punkt = Punkt(
                siste_eigen.verdi, siste_eigen.aar, str(siste_eigen.periode_namn), siste_eigen.kjelde
            )
        elif siste_ssb is not None:
            punkt = Punkt(kommune_ssb[siste_ssb], siste_ssb, str(siste_ssb), "ssb")
        else:
            punkt = None
        if punkt is not None:
            punkt.maal = maal.get((ind.pk, None, punkt.aar))
            punkt.lys = lys(ind, punkt.verdi, punkt.maal.verdi if punkt.maal else None)
        ut.append(
            {
                "indikator": ind,
                "siste": punkt,
                "verdiar": list(reversed(per_ind[ind.pk])),
                "diagram": diagram(ind, aarliste, serie, maal_per_aar, ssb.get(ind.pk))
                if med_diagram
                else None,
            }
        )
    return ut


# --- in the reports ---------------------------------------------------------------------------


def _siste_i_aaret(periode, qs):
    """The latest value of the period's year, up to its end, per indicator and unit, judged."""
    qs = qs.filter(aar=periode.aar, til__lte=periode.til).select_related("indikator", "eining")
    return vurder(siste(qs).values())


def utanfor_maalet(periode, rot):
    """For the månadsrapport: the indicators off target (red, then yellow) in `rot`'s subtree —
    with the kommune's own values when `rot` is the kommune — by their latest value of the year
    up to the end of the month; and the counts by light. Four queries, whatever the number."""
    from django.db.models import Q

    from alver.lib.tre import i_subtre

    from .models import Indikatorverdi

    filter_ = i_subtre(rot, "eining")
    if rot.depth == 1:
        filter_ |= Q(eining__isnull=True)
    verdiar = _siste_i_aaret(periode, Indikatorverdi.objects.filter(filter_))
    tal = {k: sum(1 for v in verdiar if v.lys == k) for k in LYS}
    tal["utan_maal"] = sum(1 for v in verdiar if v.lys is None)
    avvik = sorted(
        (v for v in verdiar if v.lys in (RAUD, GUL)),
        key=lambda v: (v.lys != RAUD, v.indikator.namn, v.eining.path if v.eining else ""),
    )
    return {"avvik": avvik, "tal": tal}


def politiske(periode):
    """For the tertialrapport and the årsmelding: the indicators on the plans' goals (adopted by
    the politicians), each once with the goals it is on, the kommune's latest value up to the
    end of the period, the target, the light and the chart. A fixed number of queries."""
    from plans.models import MaalIndikator

    koplingar = list(
        MaalIndikator.objects.select_related("indikator", "maal__plan").order_by(
            "maal__plan__tittel", "maal__rekkjefolgje", "maal__pk", "rekkjefolgje", "pk"
        )
    )
    indikatorar, maal_for_ind = {}, defaultdict(list)
    for k in koplingar:
        indikatorar.setdefault(k.indikator_id, k.indikator)
        maal_for_ind[k.indikator_id].append(k.maal)
    rader = tavle(indikatorar.values(), til=periode.til, koplingar={k.pk for k in koplingar})
    for r in rader:
        r["maal"] = maal_for_ind[r["indikator"].pk]
        r["verdiar"] = []  # the reports show the chart and its table, not every registration
    tal = {k: sum(1 for r in rader if r["siste"] and r["siste"].lys == k) for k in LYS}
    tal["utan"] = sum(1 for r in rader if not (r["siste"] and r["siste"].lys))
    return {"rader": rader, "tal": tal, "regel": regeltekst()}


def rull_opp(periode, rot):
    """The roll-up: the units' indicators by light (the latest value of each indicator and unit
    in the year up to the period's end), for `rot` and each unit directly under it (with its
    subtree), like the oppdrag. Five queries, whatever the number of values."""
    from alver.lib.tre import i_subtre
    from alver.models import Eining

    from .models import Indikatorverdi

    born = list(Eining.objects.aktive().filter(i_subtre(rot), depth=rot.depth + 1).order_by("path"))
    lengd = len(rot.path) + Eining.steplen
    tom = {**dict.fromkeys(LYS, 0), "utan": 0}
    rader = {b.path: {**tom, "eining": b} for b in born}
    eigen = {**tom, "eining": rot, "eigen": True}
    totalt = dict(tom)
    for v in _siste_i_aaret(periode, Indikatorverdi.objects.filter(i_subtre(rot, "eining"))):
        sti = v.eining.path
        rad = rader.get(sti[:lengd], eigen) if len(sti) >= lengd else eigen
        k = v.lys or "utan"
        rad[k] += 1
        totalt[k] += 1
    ut = [r for r in rader.values() if sum(r[k] for k in (*LYS, "utan"))]
    if sum(eigen[k] for k in (*LYS, "utan")):
        ut.insert(0, eigen)
    return ut, totalt
