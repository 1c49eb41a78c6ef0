"""The månadsrapport (the page, and a unit's PDF at once) and the tertialrapport to the
politicians, with its release."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib.tre import i_subtre
from alver.models import Eining

from .. import permissions as rapport_tilgang
from .. import rapportar
from .. import services as tenester
from ._felles import maanad_og_rot

# --- the monthly report -------------------------------------------------------------------------


def _maanadsrapport(request, p, rot):
    return rapportar.maanadsrapport(
        p, rot, rapport_tilgang.omfang(request.user, tenester.oppdrag_i_perioden(p))
    )


@login_required
def maanadsrapport(request, kode):
    """A unit's (from the kommune: the whole kommune's) month: economy, then oppdrag by
    category with deviations first and the comments."""
    p, rot = maanad_og_rot(request, kode)
    ctx = _maanadsrapport(request, p, rot)
    ctx["er_kommunen"] = rot.depth == 1
    ctx["born"] = Eining.objects.aktive().filter(i_subtre(rot), depth=rot.depth + 1).order_by("path")
    ctx["utskrifter"] = (
        p.utskrifter.filter(type="maanad", created_by=request.user)[:3] if ctx["er_kommunen"] else []
    )
    return render(request, "reporting/maanadsrapport.html", ctx)


@login_required
def maanadsrapport_pdf(request, kode):
    """A unit's månadsrapport as PDF at once; the kommune's is made in the background."""
    p, rot = maanad_og_rot(request, kode)
    if rot.depth == 1:
        return redirect(f"{reverse('reporting:maanadsrapport', args=[p.kode])}?eining={rot.kode}")
    ctx = _maanadsrapport(request, p, rot)
    svar = HttpResponse(rapportar.pdf("maanad", p, ctx), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="maanadsrapport-{p.kode}-{rot.kode}.pdf"'
    return svar


# --- the tertial report -------------------------------------------------------------------------


@login_required
def tertialrapport(request, kode):
    """For the politicians: the political categories' oppdrag with their latest status and
    the economy per sector; released by the kommunedirektør."""
    p = rapport_tilgang.tertialperiode_for(request.user, kode)
    ctx = rapportar.tertialrapport(p)
    ctx["kan_frigje"] = rapport_tilgang.kan_frigje(request.user) and p.frigitt_at is None
    ctx["user_er_tilsett"] = rapport_tilgang.kan_sjaa(request.user)
    # a released report has one PDF per language for all its readers; before, each orders their own
    ctx["frigjeven_pdf"] = rapportar.frigjeven_utskrift(p, translation.get_language() or "nn")
    ctx["utskrifter"] = (
        [] if p.frigitt_at else p.utskrifter.filter(type="tertial", created_by=request.user)[:3]
    )
    return render(request, "reporting/tertialrapport.html", ctx)


@require_POST
@login_required
def frigje(request, kode):
    p = rapport_tilgang.tertialperiode_for(request.user, kode)
    if not rapport_tilgang.kan_frigje(request.user):
        raise PermissionDenied
    try:
        rapportar.frigje(p, user=request.user)
    except tenester.Rapportfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is released to the politicians."))
    return redirect("reporting:tertialrapport", p.kode)
