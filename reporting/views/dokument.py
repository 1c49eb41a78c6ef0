"""The verksemdsplan as a document (`reporting.dokument`): a page and a PDF for employees, and a
public page and PDF where the kommune publishes the unit's plan."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control, quote_etag
from django.views.decorators.http import require_safe

from alver.lib import mellomlager, tal
from alver.lib.lagring import PrivatLagring
from alver.models import Eining
from verksemdsplan import permissions as vp_tilgang

from .. import dokument
from .innsyn import MAKS_ALDER, _svar


def _eining(aar, kode):
    if not tal.gyldig_aar(aar):
        raise Http404
    return get_object_or_404(Eining.objects.select_related("leiar"), kode=kode)


def _for_tilsett(request, aar, kode):
    """Every employee reads a unit's verksemdsplan (as its page); politicians and others 404."""
    if not vp_tilgang.kan_lese(request.user):
        raise Http404
    eining = _eining(aar, kode)
    return eining, dokument.innhald(eining, aar, user=request.user)


def _filnamn(aar, eining):
    return f'inline; filename="verksemdsplan-{aar}-{eining.kode}.pdf"'


@require_safe
@login_required
def side(request, aar, kode):
    eining, data = _for_tilsett(request, aar, kode)
    return render(
        request,
        "reporting/verksemdsplan/side.html",
        {"d": data, "offentleg": dokument.offentleg(eining, aar)},
    )


@require_safe
@login_required
def pdf(request, aar, kode):
    """Laid out on each request: it holds the reader's own view and the latest reports."""
    eining, data = _for_tilsett(request, aar, kode)
    svar = HttpResponse(dokument.lag(data), content_type="application/pdf")
    svar["Content-Disposition"] = _filnamn(aar, eining)
    return svar


def _offentleg(aar, kode):
    eining = _eining(aar, kode)
    if not dokument.offentleg(eining, aar):
        raise Http404  # not published: as if it did not exist
    return eining, dokument.innhald(eining, aar)


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def innsyn(request, aar, kode):
    _e, data = _offentleg(aar, kode)
    return _svar(request, "reporting/verksemdsplan/innsyn.html", {"d": data})


@require_safe
def innsyn_pdf(request, aar, kode):
    """Laid out once per public content and served from storage; the file's name is its ETag."""
    eining, data = _offentleg(aar, kode)
    namn = dokument.offentleg_pdf(data)
    etag = quote_etag(namn.rsplit("/", 1)[-1])
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        svar = HttpResponseNotModified()
    else:
        svar = FileResponse(PrivatLagring().open(namn, "rb"), content_type="application/pdf")
        svar["Content-Disposition"] = _filnamn(aar, eining)
    svar["ETag"] = etag
    patch_cache_control(svar, public=True, max_age=MAKS_ALDER)
    return svar
