"""The økonomiplan's indicator targets per sector, read for the sector page.

The indicators of a sector are those on the plans' goals (`plans.MaalIndikator`) whose owner
unit is the sector or a unit below it, and those the sector took from the register
(`Sektorindikator`). Each comes with its target per year of the plan (`Indikatormaal`) and the
plan's own target for the year (`plans.Planmaalverdi`) beside it, for reference. A fixed number
of queries whatever the number of indicators and goals."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from alver.lib.sortering import norsk
from alver.lib.tre import i_subtre
from plans.models import Indikator, MaalIndikator, Planmaalverdi

from .models import Indikatormaal, Sektorindikator


@dataclass
class Celle:
    aar: int
    maal: Indikatormaal | None = None
    planverdi: object = None  # the plan's target (Decimal) or None

    @property
    def verdi(self):
        return self.maal.verdi if self.maal else None

    @property
    def versjon(self):
        return self.maal.versjon if self.maal else 0


@dataclass
class Rad:
    indikator: Indikator
    koplingar: list = field(default_factory=list)  # MaalIndikator, with maal and plan
    lagt_til: bool = False  # taken from the register by the sector
    celler: list = field(default_factory=list)


def _koplingar(sektor):
    return (
        MaalIndikator.objects.filter(i_subtre(sektor, "indikator__eigar"))
        .select_related("indikator", "maal__plan")
        .prefetch_related(Prefetch("maalverdiar", queryset=Planmaalverdi.objects.order_by("aar")))
        .order_by("indikator__namn", "indikator_id", "maal__plan_id", "rekkjefolgje", "pk")
    )


def indikatorar_for(plan, sektor):
    """The indicators the sector sets targets for, by name (two queries)."""
    ind = {
        k.indikator_id: k.indikator
        for k in MaalIndikator.objects.filter(i_subtre(sektor, "indikator__eigar")).select_related(
            "indikator"
        )
    }
    for s in Sektorindikator.objects.filter(okonomiplan=plan, sektor=sektor).select_related("indikator"):
        ind.setdefault(s.indikator_id, s.indikator)
    return sorted(ind.values(), key=lambda i: (i.namn.lower(), i.pk))


def rader(plan, sektor):
    """One row per indicator with a cell per year of the plan (four queries)."""
    rad = {}
    for k in _koplingar(sektor):
        rad.setdefault(k.indikator_id, Rad(k.indikator)).koplingar.append(k)
    for s in Sektorindikator.objects.filter(okonomiplan=plan, sektor=sektor).select_related("indikator"):
        if s.indikator_id not in rad:
            rad[s.indikator_id] = Rad(s.indikator, lagt_til=True)
    maal = {(m.indikator_id, m.aar): m for m in Indikatormaal.objects.filter(okonomiplan=plan, sektor=sektor)}
    for r in rad.values():
        planverdiar = {}
        for k in r.koplingar:  # the first goal with a target for the year gives it
            for v in k.maalverdiar.all():
                planverdiar.setdefault(v.aar, v.verdi)
        r.celler = [Celle(aar, maal.get((r.indikator.pk, aar)), planverdiar.get(aar)) for aar in plan.periode]
    return sorted(rad.values(), key=lambda r: (r.indikator.namn.lower(), r.indikator.pk))


def kan_leggjast_til(plan, sektor, rader_):
    """Register indicators the sector may still add (one query)."""
    har = {r.indikator.pk for r in rader_}
    return [i for i in Indikator.objects.order_by(norsk("namn"), "pk") if i.pk not in har]
