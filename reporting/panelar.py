"""What reporting shows on upstream pages (alver.lib.panel): an oppdrag's latest report."""

from django.template.loader import render_to_string

from alver.lib.panel import panel
from alver.permissions import er_tilsett

from .models import Statusrapport


@panel("verksemdsplan.oppdrag.fakta")
def sist_rapportert(request, oppdrag):
    if not er_tilsett(request.user):
        return ""
    r = Statusrapport.objects.filter(oppdrag=oppdrag).select_related("periode").first()
    return render_to_string("reporting/panelar/sist_rapportert.html", {"r": r}, request=request)
