"""The main overview (hovudoversikt) of a handlings- og økonomiplan: is it in balance?

Kommunelova § 14-4 asks for a plan in balance, year by year. The arithmetic, with every amount in
whole kroner and signed as it reads in the overview (income and financing positive, costs
negative):

    frie disponible inntekter  = tax + block grant + other general income − prioritised income measures
    netto driftsresultat       = frie disponible inntekter − interest and repayments
                                 − the sectors' frames − prioritised operating measures
    udisponert (operating)     = netto driftsresultat − transfers to reserves + use of reserves
    udekt (investment)         = financing − (investment frames + prioritised investment measures)

Both «udisponert» and «udekt» must be 0 in every year. A measure's effect is signed as the
measure list has it (negative = a saving, or for an income measure more income), so an income
measure of −5 000 000 raises the income by 5 000 000.

`rekn` is pure (the tests work an example through it); `for_plan` gathers a plan's figures in a
fixed number of queries, and a political group's proposal passes its own changes on top.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from alver.lib.kroner import vis_kroner

from .models import Budsjettlinje, BudsjettTiltak, Linjebelop, TiltakEffekt

Art = Budsjettlinje.Art
Type = BudsjettTiltak.Type


def _rad(tekst, verdiar, periode, *, slag="linje", art=None):
    return {"tekst": tekst, "verdiar": [verdiar.get(a, 0) for a in periode], "slag": slag, "art": art}


def rekn(periode, *, linjer, rammer_drift, rammer_investering, tiltak, maal_prosent=None):
    """The overview from plain figures.

    `linjer`: [(art, title, {year: kroner})]; `rammer_*`: {year: kroner}; `tiltak`: {(kind, year):
    kroner} of the prioritised measures' effects. Returns the rows to show and, per year, the
    operating result, its share of the income, «udisponert» and «udekt»."""
    per_art = defaultdict(lambda: defaultdict(int))
    for art, _tittel, belop in linjer:
        for aar, kr in belop.items():
            per_art[art][aar] += kr

    def sum_av(*arter):
        return {a: sum(per_art[art][a] for art in arter) for a in periode}

    inntekt_tiltak = {a: -tiltak.get((Type.INNTEKT, a), 0) for a in periode}
    inntekter = sum_av(*Budsjettlinje.INNTEKT)
    frie = {a: inntekter[a] + inntekt_tiltak[a] for a in periode}
    renter = {a: -per_art[Art.RENTER_AVDRAG][a] for a in periode}
    rammer = {a: -rammer_drift.get(a, 0) for a in periode}
    drift_tiltak = {a: -tiltak.get((Type.DRIFT, a), 0) for a in periode}
    resultat = {a: frie[a] + renter[a] + rammer[a] + drift_tiltak[a] for a in periode}
    avsetjing = {a: -per_art[Art.AVSETJING][a] for a in periode}
    bruk = {a: per_art[Art.BRUK_FOND][a] for a in periode}
    udisponert = {a: resultat[a] + avsetjing[a] + bruk[a] for a in periode}
    investering = {a: -(rammer_investering.get(a, 0) + tiltak.get((Type.INVESTERING, a), 0)) for a in periode}
    finansiering = sum_av(*Budsjettlinje.FINANSIERING)
    udekt = {a: investering[a] + finansiering[a] for a in periode}

    def linjerader(*arter, forteikn=1):
        # in the overview's order of kinds, each kind's lines in the order entered
        return [
            _rad(tittel, {a: forteikn * kr for a, kr in belop.items()}, periode, art=art)
            for ein in arter
            for art, tittel, belop in linjer
            if art == ein
        ]

    drift = [
        *linjerader(*Budsjettlinje.INNTEKT),
        *(
            [_rad(_("Income and budget-technical measures"), inntekt_tiltak, periode)]
            if any(inntekt_tiltak.values())
            else []
        ),
        _rad(_("Free disposable income"), frie, periode, slag="sum"),
        *linjerader(Art.RENTER_AVDRAG, forteikn=-1),
        _rad(_("The sectors' frames (operating)"), rammer, periode),
        _rad(_("Prioritised operating measures"), drift_tiltak, periode),
        _rad(_("Net operating result"), resultat, periode, slag="sum"),
        *linjerader(Art.AVSETJING, forteikn=-1),
        *linjerader(Art.BRUK_FOND),
        _rad(_("Undisposed (must be 0)"), udisponert, periode, slag="resultat"),
    ]
    invest = [
        _rad(_("Investments (frames and prioritised measures)"), investering, periode),
        *linjerader(*Budsjettlinje.FINANSIERING),
        _rad(_("Not financed (must be 0)"), udekt, periode, slag="resultat"),
    ]
    prosent = {
        a: (Decimal(resultat[a]) * 100 / Decimal(frie[a])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if frie[a]
        else None
        for a in periode
    }
    manglar = [
        {"aar": a, "udisponert": udisponert[a], "udekt": udekt[a]}
        for a in periode
        if udisponert[a] or udekt[a]
    ]
    ut = {
        "periode": periode,
        "drift": drift,
        "investering": invest,
        "resultat": resultat,
        "prosent": [
            {
                "verdi": prosent[a],
                "under_maal": maal_prosent is not None
                and prosent[a] is not None
                and prosent[a] < maal_prosent,
            }
            for a in periode
        ],
        "maal_prosent": maal_prosent,
        "udisponert": udisponert,
        "udekt": udekt,
        "manglar": manglar,
        "i_balanse": not manglar,
    }
    ut["manglar_tekst"] = manglar_tekst(ut)
    return ut


def grunnlag(plan):
    """The plan's own figures for `rekn`, in four queries whatever its size."""
    belop = defaultdict(dict)
    for linje_id, aar, kr in Linjebelop.objects.filter(linje__okonomiplan=plan).values_list(
        "linje_id", "aar", "belop"
    ):
        belop[linje_id][aar] = kr
    linjer = [(x.pk, x.art, x.tittel, belop[x.pk]) for x in plan.linjer.all()]
    rammer_drift, rammer_investering = {}, {}
    for aar, drift, inv in (
        plan.rammer.values("aar").annotate(d=Sum("drift"), i=Sum("investering")).values_list("aar", "d", "i")
    ):
        rammer_drift[aar], rammer_investering[aar] = drift or 0, inv or 0
    tiltak = defaultdict(int)
    for typ, aar, kr in (
        TiltakEffekt.objects.filter(
            budsjetttiltak__okonomiplan=plan, budsjetttiltak__vedtak=BudsjettTiltak.Vedtak.PRIORITERT
        )
        .values("budsjetttiltak__type", "aar")
        .annotate(s=Sum("belop"))
        .values_list("budsjetttiltak__type", "aar", "s")
    ):
        tiltak[(typ, aar)] += kr
    return {
        "linjer": linjer,
        "rammer_drift": rammer_drift,
        "rammer_investering": rammer_investering,
        "tiltak": dict(tiltak),
    }


def for_plan(plan, data=None):
    data = data or grunnlag(plan)
    return rekn(
        plan.periode,
        linjer=[(art, tittel, belop) for _pk, art, tittel, belop in data["linjer"]],
        rammer_drift=data["rammer_drift"],
        rammer_investering=data["rammer_investering"],
        tiltak=data["tiltak"],
        maal_prosent=plan.maal_driftsresultat,
    )


def manglar_tekst(oversikt):
    """What keeps the plan out of balance, year by year, in words: «2027: 4 200 000 kr missing in
    the operating budget»."""
    delar = []
    for m in oversikt["manglar"]:
        u, i = m["udisponert"], m["udekt"]
        if u < 0:
            delar.append(
                _("%(aar)s: %(kr)s kr missing in the operating budget")
                % {"aar": m["aar"], "kr": vis_kroner(-u)}
            )
        elif u > 0:
            delar.append(
                _("%(aar)s: %(kr)s kr undisposed in the operating budget")
                % {"aar": m["aar"], "kr": vis_kroner(u)}
            )
        if i < 0:
            delar.append(
                _("%(aar)s: %(kr)s kr of the investments not financed")
                % {"aar": m["aar"], "kr": vis_kroner(-i)}
            )
        elif i > 0:
            delar.append(
                _("%(aar)s: %(kr)s kr more financing than investments")
                % {"aar": m["aar"], "kr": vis_kroner(i)}
            )
    return "; ".join(delar)
