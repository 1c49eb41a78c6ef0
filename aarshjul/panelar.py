"""The årshjul on earlier pages: the next dates on Mi side; a unit's deadlines from its page."""

from django.template.loader import render_to_string

from alver.lib.panel import panel

from . import kjelder, permissions


@panel("reporting.mi_side")
def neste_datoar(request, _user):
    if not permissions.kan_lese(request.user):
        return ""
    komande = kjelder.komande(request.user)
    if not komande:
        return ""
    return render_to_string("aarshjul/panelar/komande.html", {"komande": komande}, request=request)


@panel("alver.eining")
def eining_aarshjul(request, eining):
    if not permissions.kan_lese(request.user) or not kjelder.Lesar(request.user).oppdrag:
        return ""
    return render_to_string("aarshjul/panelar/eining.html", {"eining": eining}, request=request)
