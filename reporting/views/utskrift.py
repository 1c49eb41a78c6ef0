"""Kommune-wide report PDFs, made in the background: ordering one, its progress, the file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from .. import permissions as rapport_tilgang
from .. import rapportar
from ..models import Rapportutskrift
from ._felles import maanad_for


def _utskrift_periode(user, kode, typ):
    """The period of a kommune-wide report this user may print: the tertial report for those
    who may read it, the kommune's monthly report for those who read everything."""
    if typ == Rapportutskrift.Type.TERTIAL:
        return rapport_tilgang.tertialperiode_for(user, kode)
    if typ == Rapportutskrift.Type.MAANAD:
        p = maanad_for(user, kode)
        if not rapport_tilgang.les_alt(user):
            raise PermissionDenied
        return p
    raise Http404


@require_POST
@login_required
def utskrift_ny(request, kode):
    typ = request.POST.get("type", "")
    p = _utskrift_periode(request.user, kode, typ)
    # one being made already for the same report and language is the one to wait for
    return redirect(rapportar.bestill(p, typ, spraak=translation.get_language() or "nn", user=request.user))


@login_required
def utskrift(request, kode, pk):
    """The progress of a report PDF (htmx polls while it is made), then the link to it."""
    u = get_object_or_404(Rapportutskrift.objects.select_related("periode"), pk=pk)
    p = _utskrift_periode(request.user, kode, u.type)
    if u.periode_id != p.pk or not rapport_tilgang.kan_lese_utskrift(request.user, u, p):
        raise Http404
    jobb = rapportar.utskrift_jobb(u)
    tilstand = rapportar.utskrift_tilstand(u, jobb)
    ctx = {
        "u": u,
        "p": p,
        "jobb": jobb,
        "tilstand": tilstand,
        "kan_prove_igjen": tilstand in ("feila", "fast")
        and rapport_tilgang.kan_prove_utskrift_igjen(request.user, u, p),
    }
    mal = "reporting/partials/utskrift_status.html" if request.htmx else "reporting/utskrift.html"
    return render(request, mal, ctx)


@require_POST
@login_required
def utskrift_prov_igjen(request, kode, pk):
    """«Try again» on a report PDF that failed or stuck."""
    u = get_object_or_404(Rapportutskrift.objects.select_related("periode"), pk=pk)
    p = _utskrift_periode(request.user, kode, u.type)
    if u.periode_id != p.pk or not rapport_tilgang.kan_prove_utskrift_igjen(request.user, u, p):
        raise Http404
    rapportar.prov_igjen(u)
    return redirect(u)


@login_required
def utskrift_fil(request, kode, pk):
    u = get_object_or_404(Rapportutskrift, pk=pk, status=Rapportutskrift.Status.FERDIG)
    p = _utskrift_periode(request.user, kode, u.type)
    if u.periode_id != p.pk or not rapport_tilgang.kan_lese_utskrift(request.user, u, p):
        raise Http404
    try:
        fil = u.fil.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # removed from the disk: make it again from the report page
    svar = FileResponse(fil, content_type="application/pdf")
    namn = "tertialrapport" if u.type == "tertial" else "maanadsrapport"
    svar["Content-Disposition"] = f'attachment; filename="{namn}-{p.kode}.pdf"'
    return svar
