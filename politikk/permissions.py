"""Who reads and writes in the Politikarmodul.

Politicians write here, and only here: a member of a political group changes the unsubmitted
proposals of their own group. An unsubmitted proposal is seen by its group alone — no role of
the administration, administrators included, sees it unless the group shares it with økonomi;
once submitted, everyone who reads the økonomiplan reads it. The sekretariat keeps the groups
and records which proposal or amendments the kommunestyre adopted."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from alver.permissions import Rolle, har_rolle
from budget.permissions import kan_lese_okonomiplan, okonomiplan_for_lesing

from .models import Budsjettforslag, Gruppe


def mine_grupper(user):
    if not user.is_authenticated:
        return Gruppe.objects.none()
    return Gruppe.objects.filter(aktiv=True, medlemmer=user)


def synlege_forslag(user, plan):
    """The proposals to `plan` this user may see, as one filter."""
    if not kan_lese_okonomiplan(user):
        return Budsjettforslag.objects.none()
    synleg = Q(status=Budsjettforslag.Status.LEVERT) | Q(gruppe__medlemmer=user, gruppe__aktiv=True)
    if har_rolle(user, Rolle.OKONOMI):
        synleg |= Q(delt_med_okonomi=True)
    return Budsjettforslag.objects.filter(synleg, okonomiplan=plan).distinct()


def er_medlem(user, forslag):
    return forslag.gruppe.aktiv and forslag.gruppe.medlemmer.filter(pk=user.pk).exists()


def kan_lage_forslag(user, plan):
    return not plan.er_vedtatt and mine_grupper(user).exists()


def kan_endre_forslag(user, forslag):
    return (
        forslag.status == Budsjettforslag.Status.UTKAST
        and not forslag.okonomiplan.er_vedtatt
        and er_medlem(user, forslag)
    )


def kan_stelle_grupper(user):
    return har_rolle(user, Rolle.SEKRETARIAT, Rolle.ADMINISTRATOR)


def kan_sjaa_grupper(user):
    return kan_lese_okonomiplan(user)


def kan_vedta_forslag(user, forslag):
    """The sekretariat (and økonomi, who adopts the plan) records what the kommunestyre adopted."""
    return (
        forslag.status == Budsjettforslag.Status.LEVERT
        and not forslag.vedteke_som  # carried into the draft once, never twice
        and not forslag.okonomiplan.er_vedtatt
        and har_rolle(user, Rolle.SEKRETARIAT, Rolle.OKONOMI, Rolle.ADMINISTRATOR)
    )


def forslag_for_lesing(user, aar, pk):
    plan = okonomiplan_for_lesing(user, aar)
    try:
        forslag = synlege_forslag(user, plan).select_related("gruppe").get(pk=pk)
    except Budsjettforslag.DoesNotExist:
        raise Http404 from None
    forslag.okonomiplan = plan
    return forslag


def forslag_for_endring(user, aar, pk):
    forslag = forslag_for_lesing(user, aar, pk)
    if not kan_endre_forslag(user, forslag):
        raise PermissionDenied
    return forslag


def krev_gruppestell(user):
    if not kan_sjaa_grupper(user):
        raise Http404
    if not kan_stelle_grupper(user):
        raise PermissionDenied
