from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.pdf import lag_pdf
from alver.lib.profil import kommune_namn
from budget import permissions as budget_tilgang
from verksemdsplan import permissions as oppdrag_tilgang

from .. import oppfolging
from .. import permissions as tilgang

SIDE = 50
# the PDF holds every row of the choice; a year's political decisions are some hundreds
PDF_GRENSE = 2000


@login_required
def politisk_oppfolging(request):
    tilgang.krev_politisk_oppfolging(request.user)
    u = oppfolging.utval(request.user, request.GET)
    side = Paginator(u.qs, SIDE).get_page(request.GET.get("side"))
    side.object_list = oppfolging.rader(request.user, side.object_list)
    return render(
        request,
        "reporting/politisk_oppfolging.html",
        {
            "u": u,
            "aar": u.aar,
            "eitt": u.eitt,
            "side": side,
            "til": u.til,
            "alle_rapportar": u.alle_rapportar,
            "lenk_oppdrag": oppdrag_tilgang.kan_lese(request.user),
            "lenk_vedtak": budget_tilgang.kan_lese_vedtak(request.user),
            "lenk_okonomiplan": budget_tilgang.kan_lese_okonomiplan(request.user),
        },
    )


def _tittel(u):
    tittel = _("Political follow-up %(aar)s") % {"aar": u.aar}
    if u.organ:
        tittel += f" – {u.organ}"
    return tittel


@login_required
def politisk_oppfolging_pdf(request):
    """The follow-up as PDF, with the page's choice (query string): for the sekretariat to put
    on the next meeting's agenda, and for anyone who may read the page."""
    tilgang.krev_politisk_oppfolging(request.user)
    u = oppfolging.utval(request.user, request.GET)
    rader = oppfolging.rader(request.user, u.qs[:PDF_GRENSE])
    tittel = _tittel(u)
    ctx = {
        "u": u,
        "rader": rader,
        "avkorta": len(rader) >= PDF_GRENSE,
        "KOMMUNE_NAMN": kommune_namn(),
        "LANGUAGE_CODE": translation.get_language(),
        "laga": timezone.localtime(klokke.no()),
        "tittel": tittel,
    }
    svar = HttpResponse(
        lag_pdf(request, "reporting/politisk_oppfolging_pdf.html", ctx, tittel=tittel),
        content_type="application/pdf",
    )
    namn = f"politisk-oppfolging-{u.aar}" + (f"-{u.organ.pk}" if u.organ else "")
    svar["Content-Disposition"] = f'attachment; filename="{namn}.pdf"'
    return svar
