"""The roll-up: how the oppdrag stand in a period, along the organisation and along the goals."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from alver.lib import tre
from alver.lib.tre import i_subtre
from alver.models import Eining

from .. import indikatorar
from .. import permissions as rapport_tilgang
from .. import services as tenester
from ._felles import rot_for


@login_required
def oversikt(request, kode):
    """How the oppdrag stand in the period, along the organisation (each unit under the chosen
    one, with its subtree) and along the goals; every count links to the items behind it."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = rapport_tilgang.omfang(request.user, tenester.oppdrag_i_perioden(p))
    rot = rot_for(request.user, request.GET.get("eining", ""))
    ctx = {"p": p, "rot": rot}
    if rot is not None:
        ctx["organisasjon"], ctx["totalt"] = tenester.rull_opp_organisasjon(p, qs, rot)
        ctx["indikatorar"], ctx["indikatorar_totalt"] = indikatorar.rull_opp(p, rot)
        qs = qs.filter(i_subtre(rot, "eining"))
        vegar = tre.over(rot)
        ctx["over"] = [
            e
            for e in Eining.objects.aktive().filter(path__in=vegar).order_by("depth")
            if rapport_tilgang.kan_lese_eining(request.user, e)
        ]
    ctx["maal"], ctx["utan_maal"] = tenester.rull_opp_maal(p, qs)
    if rot is None:
        ctx["totalt"] = tenester.tel_opp(p, qs)
    # each row's drill-down: the period page narrowed to what the row counts
    innan = f"eining={rot.kode}&" if rot else ""
    for r in ctx.get("organisasjon", []):
        r["q"] = f"eining={r['eining'].kode}&" + ("berre=1&" if r.get("eigen") else "")
    ctx["totalt"]["q"] = innan
    for r in ctx["maal"]:
        r["q"] = f"{innan}maal={r['maal__pk']}&"
    ctx["utan_maal"]["q"] = f"{innan}maal=0&"
    ctx["reglar"], ctx["utan_regel"] = tenester.reglar_for(p)
    return render(request, "reporting/oversikt.html", ctx)
