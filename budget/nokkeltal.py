"""Nøkkeltal: the premises the budget builds on, per unit and year.

A kind (`Nokkeltalstype`) is counted for the units under its `gjeld_for` (or every unit).
The planned value is entered in the økonomiplan on the sector page, per unit (type «eining»)
in the sector, for the plan's four years; the actual value is reported during the year by the
unit's leaders or økonomi, yearly, with an optional comment.

`for_eining(eining, aar)` gives the rows a unit's page shows (the verksemdsplan's, through
`templates/budget/partials/nokkeltal.html`): for a unit with units below it, the sum of them
and itself. The planned figures come from the newest adopted økonomiplan covering the year,
else from the newest draft covering it (the row says which). Four queries, whatever the size;
two while the kinds and the plan are kept (until the next change to the domain)."""

from dataclasses import dataclass

from alver.lib import mellomlager
from alver.lib.tre import i_subtre
from alver.models import Eining

from .models import Nokkeltalplan, Nokkeltalstype, Nokkeltalverdi, Okonomiplan


def _gjeld(typ, eining):
    return typ.gjeld_for_id is None or eining.path.startswith(typ.gjeld_for.path)


def _aktive_typar():
    # read by every verksemdsplan page and changed a few times a year: kept until the next change
    return mellomlager.til_neste_endring(
        "nokkeltal:typar",
        300,
        lambda: list(Nokkeltalstype.objects.filter(aktiv=True).select_related("gjeld_for")),
    )


def typar_for(eining):
    """Active kinds the unit itself reports (one query)."""
    return [t for t in _aktive_typar() if _gjeld(t, eining)]


def _typar_i_subtre(eining):
    """Active kinds counted for this unit or a unit below it (one query)."""
    return [
        t
        for t in _aktive_typar()
        if _gjeld(t, eining) or (t.gjeld_for_id and t.gjeld_for.path.startswith(eining.path))
    ]


def planrader(plan, sektor):
    """(kind, unit, [(year, Nokkeltalplan or None)]) for the planned grid of a sector: every
    active kind for every unit of type «eining» in the sector it is counted for (three queries)."""
    typar = _aktive_typar()
    einingar = list(
        Eining.objects.aktive().filter(i_subtre(sektor), type=Eining.Type.EINING).order_by("path")
    )
    finst = {
        (r.type_id, r.eining_id, r.aar): r
        for r in Nokkeltalplan.objects.filter(okonomiplan=plan, eining__in=einingar)
    }
    return [
        (t, e, [(aar, finst.get((t.pk, e.pk, aar))) for aar in plan.periode])
        for t in typar
        for e in einingar
        if _gjeld(t, e)
    ]


def plan_for_aar(aar):
    """The økonomiplan whose planned figures count for a year: the newest adopted one covering
    it, else the newest covering it (one query, none while nothing has changed since)."""

    def lag():
        planar = list(
            Okonomiplan.objects.filter(forste_aar__lte=aar, forste_aar__gt=aar - Okonomiplan.AAR).order_by(
                "-forste_aar"
            )
        )
        return next(
            (p for p in planar if p.status == Okonomiplan.Status.VEDTATT), planar[0] if planar else None
        )

    return mellomlager.til_neste_endring(f"nokkeltal:plan:{aar}", 300, lag)


@dataclass
class Nokkeltalrad:
    type: Nokkeltalstype
    planlagt: object = None  # Decimal or None
    faktisk: object = None  # Decimal or None
    kommentar: str = ""
    okonomiplan: Okonomiplan | None = None

    @property
    def avvik(self):
        if self.planlagt is None or self.faktisk is None:
            return None
        return self.faktisk - self.planlagt


def for_eining(eining, aar):
    """The unit's nøkkeltal for a year, one row per kind counted for it or having a value:
    (kind, planned, actual, comment, the plan the planned figure came from)."""
    typar = _typar_i_subtre(eining)
    plan = plan_for_aar(aar)
    under = i_subtre(eining, "eining")
    planlagt, faktisk, kommentar = {}, {}, {}
    if plan is not None:
        for t, v in Nokkeltalplan.objects.filter(under, okonomiplan=plan, aar=aar).values_list(
            "type_id", "verdi"
        ):
            planlagt[t] = planlagt.get(t, 0) + v
    for t, e, v, k in Nokkeltalverdi.objects.filter(under, aar=aar).values_list(
        "type_id", "eining_id", "verdi", "kommentar"
    ):
        faktisk[t] = faktisk.get(t, 0) + v
        if e == eining.pk:
            kommentar[t] = k
    kjende = {t.pk for t in typar}
    manglar = (set(planlagt) | set(faktisk)) - kjende
    if manglar:  # a kind made inactive that still has figures for the year
        typar += list(Nokkeltalstype.objects.filter(pk__in=manglar))
    typar.sort(key=lambda t: (t.rekkjefolgje, t.namn_nn))
    return [
        Nokkeltalrad(t, planlagt.get(t.pk), faktisk.get(t.pk), kommentar.get(t.pk, ""), plan) for t in typar
    ]


def verdiar_for(eining, aar):
    """The unit's own actual rows for the report form: {kind id: Nokkeltalverdi} (one query)."""
    return {r.type_id: r for r in Nokkeltalverdi.objects.filter(eining=eining, aar=aar)}


__all__ = ["Nokkeltalrad", "for_eining", "plan_for_aar", "planrader", "typar_for", "verdiar_for"]
