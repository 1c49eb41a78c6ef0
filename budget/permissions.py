"""Political decisions: the sekretariat and administrators register and change them; every
employee reads them (openness); politicians read them too."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alver.permissions import Rolle, har_rolle, kan_lese_organisasjon


def kan_lese_vedtak(user):
    return kan_lese_organisasjon(user)


def kan_registrere_vedtak(user):
    return har_rolle(user, Rolle.SEKRETARIAT, Rolle.ADMINISTRATOR)


def krev_registrering(user):
    if not kan_lese_vedtak(user):
        raise Http404
    if not kan_registrere_vedtak(user):
        raise PermissionDenied
