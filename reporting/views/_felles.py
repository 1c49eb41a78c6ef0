"""What the reporting pages share: the month asked for, and the unit a report starts from."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from alver import permissions
from alver.models import Eining

from .. import permissions as rapport_tilgang
from .. import rapportar


def rot_for(user, kode):
    """The unit a roll-up or report starts from: the one asked for (if the user may read it), else
    the highest unit the user leads, else the kommune for those who read everything."""
    if kode:
        eining = get_object_or_404(Eining.objects.aktive(), kode=kode)
        rapport_tilgang.krev_lesing_av_eining(user, eining)
        return eining
    leiar = permissions.hogaste_leia(user)
    if leiar is None and rapport_tilgang.les_alt(user):
        return rapportar.kommunen()
    return leiar


def maanad_for(user, kode):
    p = rapport_tilgang.periode_for(user, kode)
    if p.type != "maanad":
        raise Http404
    return p


def maanad_og_rot(request, kode):
    """The month and the unit its report or economy is for (403 for those who lead nothing and
    do not read everything)."""
    p = maanad_for(request.user, kode)
    rot = rot_for(request.user, request.GET.get("eining", ""))
    if rot is None:
        raise PermissionDenied
    return p, rot
