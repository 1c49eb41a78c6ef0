"""Oppdrag are open: every employee reads them. Owners, leaders of the responsible unit and
of units above it, the kommunedirektør and administrators change them; a delegate changes
the child delegated to them (guardian `endre_oppdrag`). Politicians do not see the
administration's working list (they get reports); outsiders get 404, readers 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from alver.models import Eining
from alver.permissions import Rolle, er_tilsett, har_rolle, leia_einingar, leiar_over

from .models import Oppdrag


def kan_lese(user):
    return er_tilsett(user)


def synlege_oppdrag(user):
    """What this user may read; every view starts from here, never from Oppdrag.objects."""
    return Oppdrag.objects.all() if kan_lese(user) else Oppdrag.objects.none()


def kan_endre(user, oppdrag):
    if not kan_lese(user):
        return False
    if oppdrag.trekt_at:
        return har_rolle(user, Rolle.ADMINISTRATOR)  # a withdrawn delegation is kept as it was, for history
    if oppdrag.owner_id == user.pk or har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return leiar_over(user, oppdrag.eining) or user.has_perm("verksemdsplan.endre_oppdrag", oppdrag)


def kan_lage_oppdrag(user, eining=None):
    """The kommunedirektør and administrators give oppdrag to any unit; a leader to the units
    they lead and those below. Without a unit: may this user give oppdrag anywhere at all."""
    if not kan_lese(user):
        return False
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return leiar_over(user, eining) if eining is not None else leia_einingar(user).exists()


def einingar_for_nye_oppdrag(user):
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return Eining.objects.aktive()
    vegar = Q(pk__in=[])
    for veg in leia_einingar(user).values_list("path", flat=True):
        vegar |= Q(path__startswith=veg)
    return Eining.objects.aktive().filter(vegar)


def oppdrag_for_lesing(user, pk):
    try:
        return (
            synlege_oppdrag(user)
            .select_related(
                "kategori",
                "eining",
                "owner",
                "tema",
                "parent__owner",
                "kjelde_vedtak__mote__organ",
                "kjelde_tiltak__okonomiplan",
                "kjelde_tiltak__tiltak",
                "kjelde_verbalpunkt__okonomiplan",
            )
            .get(pk=pk)
        )
    except Oppdrag.DoesNotExist:
        raise Http404 from None


def oppdrag_for_endring(user, pk):
    oppdrag = oppdrag_for_lesing(user, pk)
    if not kan_endre(user, oppdrag):
        raise PermissionDenied
    return oppdrag
