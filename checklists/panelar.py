"""Checklist facts on other apps' pages: a unit's answers on its verksemdsplan (the sixth element
of the plan), where an improvement oppdrag came from on the oppdrag page, and what a leader has to
answer on Mi side. Each renders nothing for a reader the checklists do not serve."""

from django.template.loader import render_to_string

from alver.lib import klokke, periodar
from alver.lib.panel import panel

from . import permissions as tilgang
from . import plikt
from .models import Funn, Svar


@panel("verksemdsplan.side")
def paa_verksemdsplanen(request, eining):
    """The year's checklist for the unit: what was due up to today, answered, «nei», missing."""
    if not tilgang.kan_lese_svar(request.user, eining):
        return ""
    aar = int(request.resolver_match.kwargs.get("aar") or klokke.i_dag().year)
    return render_to_string(
        "checklists/panelar/verksemdsplan.html",
        {"eining": eining, "aar": aar, **aarsstatus(eining, aar)},
        request=request,
    )


def aarsstatus(eining, aar):
    """The year's published checklist for the unit (`liste`, or None), and up to today: the
    points due (`forfalne`), answered (`svart`), answered «nei» (`nei`) and missing (`manglar`),
    and the month whose answers to open (`maanad`). One query for the answers, and the points
    (`plikt.publisert`)."""
    liste, punkt = plikt.publisert(aar)
    ctx = {"liste": liste}
    if liste is not None:
        dag = klokke.i_dag()
        svar = {
            (p, kode): verdi
            for p, kode, verdi in Svar.objects.filter(eining=eining, punkt__in=punkt)
            .order_by()
            .values_list("punkt_id", "periode", "verdi")
        }
        forfalne = svart = nei = 0
        for p in punkt:
            if not plikt.gjeld(p, eining, {e.pk for e in p.einingar.all()}):
                continue
            for kode in plikt.periodar_for(p, aar):
                if not plikt.i_kraft(p, kode) or not plikt.er_begynt(kode, dag):
                    continue
                forfalne += 1
                if (p.pk, kode) in svar:
                    svart += 1
                    nei += svar[(p.pk, kode)] == Svar.Verdi.NEI
        siste = min(dag, periodar.Kalenderperiode(aar, periodar.AAR, 1).til)
        ctx |= {
            "forfalne": forfalne,
            "svart": svart,
            "nei": nei,
            "manglar": forfalne - svart,
            "maanad": periodar.for_dag(siste, periodar.MAANAD) if siste.year == aar else None,
        }
    return ctx


@panel("verksemdsplan.oppdrag.fakta")
def kjelde(request, oppdrag):
    """Where an improvement oppdrag came from: a checklist answer or a tilsyn's finding."""
    if oppdrag.kategori is None or oppdrag.kategori.kode != "internkontroll":
        return ""
    svar = Svar.objects.filter(oppdrag=oppdrag).select_related("punkt", "eining").first()
    funn = None if svar else Funn.objects.filter(oppdrag=oppdrag).select_related("tilsyn").first()
    if svar is None and funn is None:
        return ""
    return render_to_string(
        "checklists/panelar/kjelde.html",
        {
            "svar": svar,
            "svar_lenkje": svar is not None and tilgang.kan_lese_svar(request.user, svar.eining),
            "maanad": _maanad_for(svar.periode) if svar else None,
            "funn": funn,
            "tilsyn_lenkje": funn is not None and tilgang.kan_lese_tilsyn(request.user),
        },
        request=request,
    )


def _maanad_for(kode):
    """The month whose answer page shows the period's answer (the period's last month, or this
    month while it runs)."""
    p = periodar.les(kode)
    dag = min(p.til, max(p.fra, klokke.i_dag()))
    return periodar.for_dag(dag, periodar.MAANAD)


def mi_side_blokk(request):
    """Mi side: the units this leader answers for, with what is due and missing this month."""
    from .views.svar import _mine_einingar

    rader = _mine_einingar(request.user, klokke.i_dag())
    if not rader:
        return ""
    return render_to_string("checklists/panelar/mi_side.html", {"mine": rader}, request=request)
