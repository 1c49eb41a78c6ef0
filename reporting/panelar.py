"""What reporting shows on upstream pages (alver.lib.panel): an oppdrag's latest report."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alver.lib.panel import Kolonne, kolonne, panel
from alver.permissions import er_tilsett
from verksemdsplan.models import Oppdrag

from . import permissions
from .models import Statusrapport


@panel("verksemdsplan.oppdrag.fakta")
def sist_rapportert(request, oppdrag):
    if not er_tilsett(request.user):
        return ""
    r = Statusrapport.objects.filter(oppdrag=oppdrag).select_related("periode").first()
    return render_to_string("reporting/panelar/sist_rapportert.html", {"r": r}, request=request)


def _oppfolgingskolonne(request, objekt_liste, felt, param):
    """For readers who do not see oppdrag (politicians): each row's status, linking to the
    political follow-up of that decision. Employees get verksemdsplan's column instead."""
    if er_tilsett(request.user) or not permissions.kan_sjaa_politisk_oppfolging(request.user):
        return None
    per_kjelde = {}
    for o in Oppdrag.objects.filter(
        parent__isnull=True, kategori__regel__politisk=True, **{f"{felt}__in": objekt_liste}
    ).order_by("pk"):
        per_kjelde.setdefault(getattr(o, f"{felt}_id"), []).append(o)
    return Kolonne(
        tittel=_("Follow-up"),
        celler={
            k.pk: render_to_string(
                "reporting/panelar/oppfolging_celle.html",
                {"oppdrag": per_kjelde.get(k.pk, []), "param": param, "kjelde": k.pk},
                request=request,
            )
            for k in objekt_liste
        },
    )


@kolonne("budget.vedtak_liste")
def oppfolging_av_vedtak(request, vedtak):
    return _oppfolgingskolonne(request, vedtak, "kjelde_vedtak", "vedtak")


@kolonne("budget.verbalpunkt_liste")
def oppfolging_av_verbalpunkt(request, verbalpunkt):
    return _oppfolgingskolonne(request, verbalpunkt, "kjelde_verbalpunkt", "verbalpunkt")
