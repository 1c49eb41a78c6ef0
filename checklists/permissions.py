"""Checklists: HR (and administrators) build the year's checklist; every employee reads the
published checklist's points; a unit's leader answers for the unit; the leaders above the unit
read its answers and follow them up (comment, mark discussed); the kommunedirektør, HR and
administrators read every unit's answers and the overview. The tilsyn register is kept by the
kommunedirektør, HR and administrators and read by leaders; the yearly report on internal
control is read by every employee and by the politicians it is made for. Drafts are seen only
by those who build them and the kommunedirektør. Outsiders get 404, readers 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from alver.models import Eining
from alver.permissions import (
    Rolle,
    er_tilsett,
    har_rolle,
    kan_lese_organisasjon,
    leia_einingar,
    leiar_ovanfor,
    leiar_over,
)

from .models import Sjekkliste, Tilsyn


def kan_byggje(user):
    """Make, copy, edit, import and publish checklists."""
    return har_rolle(user, Rolle.HR, Rolle.ADMINISTRATOR)


def les_alle_svar(user):
    return har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.HR, Rolle.ADMINISTRATOR)


def kan_sjaa_utkast(user):
    return kan_byggje(user) or har_rolle(user, Rolle.KOMMUNEDIREKTOR)


def synlege_sjekklister(user):
    if not er_tilsett(user):
        return Sjekkliste.objects.none()
    if kan_sjaa_utkast(user):
        return Sjekkliste.objects.all()
    return Sjekkliste.objects.filter(status=Sjekkliste.Status.PUBLISERT)


def sjekkliste_for(user, aar):
    """The year's checklist this user may read, else 404."""
    return get_object_or_404(synlege_sjekklister(user), aar=aar)


def krev_bygging(user, sjekkliste=None):
    if not er_tilsett(user):
        raise Http404
    if not kan_byggje(user):
        raise PermissionDenied


# --- answers ---------------------------------------------------------------------------


def kan_svare(user, eining):
    """The unit's leader answers for it."""
    return er_tilsett(user) and eining.leiar_id == user.pk and eining.type != Eining.Type.KOMMUNE


def kan_lese_svar(user, eining):
    if not er_tilsett(user):
        return False
    return kan_svare(user, eining) or les_alle_svar(user) or leiar_ovanfor(user, eining)


def kan_folgje_opp(user, eining):
    """The leaders above the unit (and the kommunedirektør) comment on its answers and mark
    them discussed in the monthly dialogue."""
    return er_tilsett(user) and (leiar_ovanfor(user, eining) or har_rolle(user, Rolle.KOMMUNEDIREKTOR))


def eining_for_svar(user, kode):
    """The unit whose answers the user may read, else 404 (403 is for changing)."""
    eining = get_object_or_404(Eining, kode=kode)
    if not kan_lese_svar(user, eining):
        raise Http404
    return eining


def kan_sjaa_oversikt(user):
    """The overview: those who read every unit's answers see the whole kommune; a leader sees
    the units they lead and those below."""
    return er_tilsett(user) and (les_alle_svar(user) or leia_einingar(user).exists())


# --- tilsyn and the yearly report ---------------------------------------------------------


def kan_registrere_tilsyn(user):
    return er_tilsett(user) and har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.HR, Rolle.ADMINISTRATOR)


def kan_lese_tilsyn(user):
    return er_tilsett(user) and (
        kan_registrere_tilsyn(user) or har_rolle(user, Rolle.KOMMUNALSJEF, Rolle.TENESTELEIAR)
    )


def krev_tilsynslesing(user):
    if not kan_lese_tilsyn(user):
        raise Http404


def tilsyn_for(user, pk):
    if not kan_lese_tilsyn(user):
        raise Http404
    return get_object_or_404(Tilsyn.objects.select_related("eining", "registrert_av"), pk=pk)


def krev_tilsynsregistrering(user):
    if not kan_lese_tilsyn(user):
        raise Http404
    if not kan_registrere_tilsyn(user):
        raise PermissionDenied


def kan_lese_aarsrapport(user):
    """The yearly report on internal control is made for the kommunestyre."""
    return kan_lese_organisasjon(user)


def krev_aarsrapport(user):
    if not kan_lese_aarsrapport(user):
        raise Http404


def publisert_sjekkliste_for(user, aar):
    """The year's published checklist, for those who may see the overview; else 404."""
    if not kan_sjaa_oversikt(user):
        raise Http404
    return get_object_or_404(synlege_sjekklister(user), aar=aar, status=Sjekkliste.Status.PUBLISERT)


def kommunen():
    """The kommune: the root of the organisation tree."""
    return Eining.objects.aktive().filter(depth=1).order_by("path").first()


def oversikt_rot(user, kode=""):
    """The unit the overview starts from: the one asked for, if the reader reads every answer or
    leads it or a unit above it (else 404); without one, the kommune for those who read every
    answer, else the highest unit the reader leads."""
    if not kan_sjaa_oversikt(user):
        raise Http404
    if kode:
        eining = get_object_or_404(Eining.objects.aktive(), kode=kode)
        if not kan_sjaa_oversikt_over(user, eining):
            raise Http404
        return eining
    rot = kommunen() if les_alle_svar(user) else leia_einingar(user).order_by("depth", "path").first()
    if rot is None:
        raise Http404
    return rot


def kan_sjaa_oversikt_over(user, eining):
    """The overview of a unit's subtree: those who read every answer, and its leaders (its own
    and those above it)."""
    return er_tilsett(user) and (les_alle_svar(user) or leiar_over(user, eining))


def aarsrapportar(user):
    """The years whose yearly report this user reads: those with a published checklist."""
    if not kan_lese_aarsrapport(user):
        return Sjekkliste.objects.none()
    return Sjekkliste.objects.filter(status=Sjekkliste.Status.PUBLISERT)
