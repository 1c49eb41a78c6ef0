"""Who may read and change plans.

Everyone logged in reads adopted (and repealed) plans. Drafts (in progress, out for
consultation) are read by their editors and by leaders. Editors: administrators, the
leader of the plan's responsible unit or a unit above it, and users granted `endre_plan`
on the plan (django-guardian), which an editor may grant from the plan page.

The indicator register is read by everyone logged in (politicians too) and kept by those who
edit plans: administrators, leaders, and anyone granted editing of some plan. Attaching an
indicator to a goal and setting its targets is editing the goal's plan.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from alver.lib.tre import i_subtre
from alver.models import Eining
from alver.permissions import Rolle, har_rolle, leia_vegar, leiar_over

from .models import Handlingsplan, Indikator, Plan

LEIARROLLER = (Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF, Rolle.TENESTELEIAR)


def er_administrator(user):
    return har_rolle(user, Rolle.ADMINISTRATOR)


def synlege_planar(user):
    """The plans this user may read; every plan view starts here."""
    if not user.is_authenticated:
        return Plan.objects.none()
    if er_administrator(user) or har_rolle(user, *LEIARROLLER):
        return Plan.objects.all()
    tildelte = get_objects_for_user(user, "plans.endre_plan", klass=Plan, accept_global_perms=False)
    return Plan.objects.filter(~Q(status__in=Plan.UTKAST) | Q(pk__in=tildelte.values("pk")))


def kan_endre(user, plan):
    if not user.is_authenticated:
        return False
    if er_administrator(user) or leiar_over(user, plan.ansvarleg_eining):
        return True
    return user.has_perm("plans.endre_plan", plan)


def kan_endre_handlingsplan(user, hp):
    """A rolled version is kept as it was: its successor is where work goes on."""
    return kan_endre(user, hp.plan) and not Handlingsplan.objects.filter(forrige=hp).exists()


def kan_gjenopprette_tekst(user, plan, hp=None):
    """An administrator may put back an earlier text of a plan, a goal or (with `hp`) a measure
    from its change log, where they may change it."""
    if not er_administrator(user):
        return False
    return kan_endre_handlingsplan(user, hp) if hp is not None else kan_endre(user, plan)


def kan_opprette(user):
    return er_administrator(user) or har_rolle(user, *LEIARROLLER)


def einingar_for_nye_planar(user):
    """Units a user may make responsible for a new plan: their own subtree (all for admins)."""
    if er_administrator(user):
        return Eining.objects.aktive()
    vegar = leia_vegar(user)
    if not vegar:
        return Eining.objects.none()
    q = Q()
    for veg in vegar:
        q |= i_subtre(veg)
    return Eining.objects.aktive().filter(q)


def plan_for_lesing(user, pk):
    """404 for a plan the user may not see."""
    try:
        return synlege_planar(user).select_related("type", "ansvarleg_eining", "overordna").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def plan_for_endring(user, pk):
    """404 for what the user may not see; 403 for what the user sees but may not change."""
    plan = plan_for_lesing(user, pk)
    if not kan_endre(user, plan):
        raise PermissionDenied
    return plan


# --- the indicator register and the indicators on goals ----------------------------------


def kan_lese_indikatorar(user):
    """The register is known to everyone who logs in, politicians included: indicators are how
    the plans' goals are followed up."""
    return user.is_authenticated and user.is_active


def kan_endre_indikatorar(user):
    """Who keeps the register: those who edit plans — administrators, leaders (who may make
    plans) and anyone granted editing of a plan."""
    if not kan_lese_indikatorar(user):
        return False
    if kan_opprette(user):
        return True
    cached = getattr(user, "_alver_planredaktor", None)
    if cached is None:
        cached = get_objects_for_user(
            user, "plans.endre_plan", klass=Plan, accept_global_perms=False
        ).exists()
        user._alver_planredaktor = cached
    return cached


def synlege_indikatorar(user):
    if not kan_lese_indikatorar(user):
        return Indikator.objects.none()
    return Indikator.objects.all()


def indikator_for_lesing(user, pk):
    """404 for those who may not read the register (or an indicator that does not exist)."""
    try:
        return synlege_indikatorar(user).select_related("eigar").get(pk=pk)
    except Indikator.DoesNotExist:
        raise Http404 from None


def indikator_for_endring(user, pk):
    indikator = indikator_for_lesing(user, pk)
    if not kan_endre_indikatorar(user):
        raise PermissionDenied
    return indikator


def krev_endring_av_indikatorar(user):
    """For the register's «new» page: 404 for those who do not read it, 403 for readers."""
    if not kan_lese_indikatorar(user):
        raise Http404
    if not kan_endre_indikatorar(user):
        raise PermissionDenied


def kan_kople_indikatorar(user, maal):
    """Attaching indicators to a goal and setting its targets is editing the goal's plan."""
    return kan_endre(user, maal.plan)
