"""The yearly report on internal control to the kommunestyre (kommunelova § 25-2): the year's
checklist results per purpose and point, the «no» answers with their improvement oppdrag, and
the year's statlege tilsyn with their findings and follow-up. Gathered for the page and the PDF
alike in a fixed number of queries, whatever the number of units, answers and inspections.

Also the facts of the tilsyn register both the list page and the report read: a finding is
open until its follow-up oppdrag is done or the authority has closed the inspection."""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from alver.lib import klokke, periodar
from alver.models import Eining
from verksemdsplan.models import Oppdrag

from . import plikt
from .models import Funn, Sjekkliste, Sjekkpunkt, Svar, Tilsyn

VERDIAR = [v.value for v in Svar.Verdi]  # ja, nei, delvis, ikkje_aktuelt
FERDIG = Oppdrag.Status.FULLFORT


# --- the tilsyn register -------------------------------------------------------------------


def ope_funn_q(veg=""):
    """Findings still open, from the inspection's rows (`veg` "funn__") or the findings' own."""
    return Q(**{f"{veg}oppdrag__isnull": True}) | ~Q(**{f"{veg}oppdrag__status": FERDIG})


def med_tal(qs):
    """Inspections with their number of nonconformities, remarks and open findings (annotated,
    so a list of them is one query)."""
    return qs.annotate(
        tal_avvik=Count("funn", filter=Q(funn__type=Funn.Type.AVVIK)),
        tal_merknad=Count("funn", filter=Q(funn__type=Funn.Type.MERKNAD)),
        tal_opne=Count("funn", filter=Q(lukka_at__isnull=True) & ope_funn_q("funn__")),
    )


def er_ope(funn, tilsyn):
    return tilsyn.lukka_at is None and (funn.oppdrag is None or funn.oppdrag.status != FERDIG)


def funn_med_oppfolging():
    """The prefetch of every finding with its oppdrag, owner and unit (one query for all)."""
    return Prefetch(
        "funn",
        queryset=Funn.objects.select_related("oppdrag__owner", "oppdrag__eining"),
        to_attr="alle_funn",
    )


def tilsyn_i_aar(aar):
    """The year's inspections (by date), each with its findings and the tal_* counts."""
    rader = list(
        med_tal(Tilsyn.objects.filter(dato__year=aar))
        .select_related("eining")
        .prefetch_related(funn_med_oppfolging())
        .order_by("dato", "pk")
    )
    for t in rader:
        for f in t.alle_funn:
            f.er_ope = er_ope(f, t)
    return rader


# --- the checklist results -----------------------------------------------------------------


def _teljar():
    return {"svar": 0, **dict.fromkeys(VERDIAR, 0), "manglar": 0}


def _legg_til(til, fraa):
    for k, v in fraa.items():
        til[k] += v


def resultat(liste, i_dag=None, til=None):
    """Per purpose and point: how many answers, how many of each value, and how many are missing
    (periods whose deadline has passed without an answer from a unit the point applies to; an
    open period counts when it is answered). Units are those active at the end of the year (or
    today). With `til` (a date), only the periods that ended by then count: a tertial report
    tells the year up to its tertial. Returns (purposes [{foremaal, rader, sum}], sum over all).
    Five queries."""
    if liste is None:
        return [], _teljar()
    i_dag = i_dag or klokke.i_dag()
    aar = liste.aar
    punkt = list(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .select_related("sjekktype__foremaal", "sektor")
        .prefetch_related("einingar")
        .order_by(
            "sjekktype__foremaal__rekkjefolgje",
            "sjekktype__foremaal__pk",
            "sjekktype__rekkjefolgje",
            "sjekktype__pk",
            "rekkjefolgje",
            "pk",
        )
    )
    einingar = list(
        Eining.objects.aktive(min(i_dag, datetime.date(aar, 12, 31))).exclude(type=Eining.Type.KOMMUNE)
    )
    svar = defaultdict(lambda: defaultdict(int))  # (punkt, periode) → {verdi: n}
    for r in (
        Svar.objects.filter(punkt__sjekktype__foremaal__sjekkliste=liste)
        .values("punkt_id", "periode", "verdi")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        svar[(r["punkt_id"], r["periode"])][r["verdi"]] += r["n"]

    grupper, total = {}, _teljar()
    for p in punkt:
        namngjevne = {e.pk for e in p.einingar.all()}
        skal_svare = sum(1 for e in einingar if plikt.gjeld(p, e, namngjevne))
        tal = _teljar()
        i_kraft = False
        for kode in plikt.periodar_for(p, aar):
            if til is not None and plikt.fraa_til(kode)[1] > til:
                continue
            gitt = svar.get((p.pk, kode), {})
            svart = sum(gitt.values())
            for v, n in gitt.items():
                tal[v] += n
            tal["svar"] += svart
            if plikt.i_kraft(p, kode):
                i_kraft = True
                if plikt.frist(p, kode) < i_dag:
                    tal["manglar"] += max(0, skal_svare - svart)
        if not i_kraft and not tal["svar"]:
            continue  # a version that never applied to a period of the year
        f = p.sjekktype.foremaal
        g = grupper.setdefault(f.pk, {"foremaal": f, "rader": [], "sum": _teljar()})
        g["rader"].append({"punkt": p, "skal_svare": skal_svare, **tal})
        _legg_til(g["sum"], tal)
        _legg_til(total, tal)
    return list(grupper.values()), total


def periode_namn(kode):
    """«March 2026», «1. tertial 2026», «Year 2026»."""
    p = periodar.les(kode)
    if p is None:
        return kode
    if p.type == periodar.AAR:
        return _("Year %(aar)s") % {"aar": p.aar}
    return str(p.namn)


def nei_svar(liste):
    """The year's «no» answers, each with its improvement oppdrag (owner and unit), one query."""
    if liste is None:
        return []
    rader = list(
        Svar.objects.filter(punkt__sjekktype__foremaal__sjekkliste=liste, verdi=Svar.Verdi.NEI)
        .select_related("punkt", "eining", "oppdrag__owner", "oppdrag__eining")
        .order_by("eining__path", "punkt__rekkjefolgje", "punkt__pk")
    )
    for s in rader:
        s.periode_namn = periode_namn(s.periode)
    # in the order of the calendar: by the period's last day (March before the whole year)
    slutt = {k: (p.til if (p := periodar.les(k)) else datetime.date.max) for k in {s.periode for s in rader}}
    return sorted(rader, key=lambda s: slutt[s.periode])


def aarsrapport(aar, i_dag=None):
    """Everything the report shows for the year. The year's checklist counts only once it is
    published (answers are given to a published checklist only)."""
    liste = Sjekkliste.objects.filter(aar=aar, status=Sjekkliste.Status.PUBLISERT).first()
    foremaal, total = resultat(liste, i_dag)
    nei = nei_svar(liste)
    tilsyn = tilsyn_i_aar(aar)
    funn = [f for t in tilsyn for f in t.alle_funn]
    return {
        "aar": aar,
        "liste": liste,
        "foremaal": foremaal,
        "total": total,
        "nei": nei,
        "nei_med_oppdrag": sum(1 for s in nei if s.oppdrag_id),
        "tilsyn": tilsyn,
        "tilsyn_tal": {
            "tilsyn": len(tilsyn),
            "avvik": sum(t.tal_avvik for t in tilsyn),
            "merknad": sum(t.tal_merknad for t in tilsyn),
            "opne": sum(1 for f in funn if f.er_ope),
        },
        "i_dag": i_dag or klokke.i_dag(),
    }
