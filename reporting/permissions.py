"""Reporting: owners and delegates report their oppdrag; leaders report for and read their
subtree; the kommunedirektør, kommunalsjefar, økonomi and administrators read everything;
økonomi and administrators make, open and close periods. Politicians get the political
reports (a later part); the working pages are for employees (others 404)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from alver.permissions import Rolle, er_tilsett, har_rolle, i_leia_einingar, leiar_over

from .models import Periode


def kan_sjaa(user):
    return er_tilsett(user)


def kan_styre_periodar(user):
    return har_rolle(user, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def les_alt(user):
    return har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF, Rolle.OKONOMI)


def omfang(user, qs):
    """What of `qs` (oppdrag) this user reports or reads on the period page: their own and,
    for leaders, their units' subtree; everything for those who read everything."""
    return qs if les_alt(user) else rapporterbare(user, qs)


def rapporterbare(user, qs):
    """What of `qs` this user may report: their own, and their units' subtree if they lead."""
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return qs
    return qs.filter(Q(owner=user) | i_leia_einingar(user, "eining__path"))


def kan_rapportere(user, oppdrag):
    if not er_tilsett(user):
        return False
    if oppdrag.owner_id == user.pk or har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return leiar_over(user, oppdrag.eining)


def periode_for(user, kode):
    if not kan_sjaa(user):
        raise Http404
    try:
        aar, _s, rest = kode.partition("-")
        if rest == "aar":
            return Periode.objects.get(aar=int(aar), type="aar")
        typ = {"m": "maanad", "t": "tertial"}[rest[0]]
        return Periode.objects.get(aar=int(aar), type=typ, nummer=int(rest[1:]))
    except (ValueError, KeyError, IndexError, Periode.DoesNotExist):
        raise Http404 from None


def krev_periodestyring(user):
    if not kan_sjaa(user):
        raise Http404
    if not kan_styre_periodar(user):
        raise PermissionDenied
