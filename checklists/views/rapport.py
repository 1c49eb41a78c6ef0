"""The yearly report on internal control to the kommunestyre (kommunelova § 25-2), as a page
and as a PDF with the kommune's letterhead. Every logged-in reader, politicians included; the
owners of oppdrag are named only to employees on the page, and never in the PDF (it is made for
the kommunestyre), which shows the responsible unit instead."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.pdf import lag_pdf
from alver.lib.profil import kommune_namn
from alver.lib.tal import gyldig_aar
from alver.permissions import er_tilsett
from verksemdsplan import permissions as oppdrag_tilgang

from .. import aarsrapport as innhald
from .. import permissions as tilgang


def tittel(aar):
    return _("Annual report on internal control %(aar)s") % {"aar": aar}


def _rapport(request, aar):
    tilgang.krev_aarsrapport(request.user)
    if not gyldig_aar(aar):
        raise Http404
    return innhald.aarsrapport(aar)


@login_required
def aarsrapport(request, aar):
    ctx = _rapport(request, aar)
    les_oppdrag = oppdrag_tilgang.kan_lese(request.user)
    ctx.update(
        tittel=tittel(aar),
        vis_eigar=les_oppdrag,
        lenk_oppdrag=les_oppdrag,
        lenk_tilsyn=tilgang.kan_lese_tilsyn(request.user),
        lenk_sjekklister=er_tilsett(request.user),
    )
    return render(request, "checklists/aarsrapport.html", ctx)


@login_required
def aarsrapport_pdf(request, aar):
    ctx = _rapport(request, aar)
    ctx.update(
        tittel=tittel(aar),
        KOMMUNE_NAMN=kommune_namn(),
        LANGUAGE_CODE=translation.get_language(),
        laga=timezone.localtime(klokke.no()),
    )
    svar = HttpResponse(
        lag_pdf(request, "checklists/aarsrapport_pdf.html", ctx, tittel=ctx["tittel"]),
        content_type="application/pdf",
    )
    svar["Content-Disposition"] = f'attachment; filename="internkontroll-{aar}.pdf"'
    return svar
