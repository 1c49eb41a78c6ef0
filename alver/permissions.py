"""Who may do what in the organisation core, and the roles every later app builds on.

Leadership roles follow from leading a unit of a kind (kommune → kommunedirektør,
sektor → kommunalsjef, tenesteområde/eining → tenesteleiar). Functional roles come from
groups whose names are the role keys below. Everyone with an account is a medarbeidar,
except a politikar, who only reads.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .lib.tre import i_subtre
from .models import Eining


class Rolle(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    KOMMUNEDIREKTOR = "kommunedirektor", _("chief executive")
    KOMMUNALSJEF = "kommunalsjef", _("head of sector")
    TENESTELEIAR = "tenesteleiar", _("head of service")
    MEDARBEIDAR = "medarbeidar", _("employee")
    SEKRETARIAT = "sekretariat", _("political secretariat")
    OKONOMI = "okonomi", _("finance")
    HR = "hr", _("HR")
    POLITIKAR = "politikar", _("politician")


# Roles held through membership of a group of the same name.
FUNKSJONELLE_ROLLER = [Rolle.ADMINISTRATOR, Rolle.SEKRETARIAT, Rolle.OKONOMI, Rolle.HR, Rolle.POLITIKAR]

_LEIARROLLE = {
    "kommune": Rolle.KOMMUNEDIREKTOR,
    "sektor": Rolle.KOMMUNALSJEF,
    "tenesteomraade": Rolle.TENESTELEIAR,
    "eining": Rolle.TENESTELEIAR,
}


def roller(user):
    """The roles this user holds, worked out once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_alver_roller", None)
    if cached is not None:
        return cached
    result = set(user.groups.filter(name__in=FUNKSJONELLE_ROLLER).values_list("name", flat=True))
    if user.is_superuser:
        result.add(Rolle.ADMINISTRATOR)
    for eining in leia(user):
        result.add(_LEIARROLLE[eining.type])
    if Rolle.POLITIKAR not in result:
        result.add(Rolle.MEDARBEIDAR)
    user._alver_roller = frozenset(Rolle(r) for r in result)
    return user._alver_roller


def roller_i_rekkjefolgje(user):
    """The roles in the order of Rolle, for showing."""
    return sorted(roller(user), key=list(Rolle).index)


def har_rolle(user, *wanted):
    return bool(roller(user) & set(wanted))


def leia_einingar(user):
    """Active units this user leads."""
    return Eining.objects.aktive().filter(leiar=user) if user.is_authenticated else Eining.objects.none()


def leia(user):
    """The active units this user leads, by path, read once per request (cached on the user
    object): the roles, every «does this user lead above that unit?» and a start page's blocks
    all ask it, and a leader leads a handful of units, not the kommune's thousands."""
    if not user.is_authenticated:
        return []
    einingar = getattr(user, "_alver_leia", None)
    if einingar is None:
        einingar = user._alver_leia = list(leia_einingar(user).order_by("path"))
    return einingar


def leia_vegar(user):
    """The tree paths of the units this user leads (from `leia`, so no query of their own)."""
    return [e.path for e in leia(user)]


def hogaste_leia(user):
    """The highest unit this user leads (the first by depth and path), or None."""
    return min(leia(user), key=lambda e: (e.depth, e.path), default=None)


def i_leia_einingar(user, felt=""):
    """A filter for rows in the units this user leads and the units below them (`felt` leads
    from the rows to their unit, e.g. "eining"; empty for units); it matches nothing for
    someone who leads none."""
    if not felt:
        vegar = Q(pk__in=[])
        for veg in leia_vegar(user):
            vegar |= i_subtre(veg)
        return vegar
    if not leia(user):  # most people lead nothing: no query to find no units
        return Q(**{f"{felt}__in": []})
    # the units' keys first (one query, as the paths were), then the rows in them: the database
    # reads a sector's oppdrag by the unit index and knows how few they are, instead of testing
    # every oppdrag of the kommune (Oslo: 80 → 10 ms for a kommunalsjef's Mi side)
    under = Eining.objects.filter(
        Exists(leia_einingar(user).filter(path=Substr(OuterRef("path"), 1, Length("path"))))
    )
    # the keys are read once per request (cached on the user object, as the roles are): a start
    # page asks for them in three of its blocks
    keys = getattr(user, "_alver_under_leia", None)
    if keys is None:
        keys = user._alver_under_leia = list(under.values_list("pk", flat=True)[: LISTE_GRENSE + 1])
    if len(keys) > LISTE_GRENSE:  # most of the kommune: a list of keys only costs, in every query
        return Q(**{f"{felt}__in": under.values("pk")})
    return Q(**{f"{felt}__in": keys})


# past this many units, i_leia_einingar filters by a subquery rather than a list of keys
LISTE_GRENSE = 400


def leiar_over(user, eining):
    """True when the user leads this unit or a unit above it (leadership covers the subtree)."""
    if not user.is_authenticated:
        return False
    return any(eining.path.startswith(p) for p in leia_vegar(user))


def leiar_ovanfor(user, eining):
    """True when the user leads a unit strictly above this one (not the unit itself)."""
    if not user.is_authenticated:
        return False
    return any(eining.path.startswith(p) and len(p) < len(eining.path) for p in leia_vegar(user))


# --- the organisation pages -------------------------------------------------------------


def kan_lese_organisasjon(user):
    """The organisation is known to everyone who logs in, politicians included."""
    return user.is_authenticated and user.is_active


def er_tilsett(user):
    """An employee: logged in and not only a politician (politicians read plans and reports,
    not the administration's working lists)."""
    return kan_lese_organisasjon(user) and not har_rolle(user, Rolle.POLITIKAR)


def kan_endre_organisasjon(user):
    return har_rolle(user, Rolle.ADMINISTRATOR, Rolle.HR)


def kan_endre_i_admin(user):
    """The link to a unit in the Django admin is shown only to those the admin lets in and lets
    change units (staff with the model permission); HR keep the organisation on our own pages."""
    return user.is_active and user.is_staff and user.has_perm("alver.change_eining")


def kan_endre_leiar(user):
    """Who names a unit's leader on the unit page: the organisation's keepers (HR, administrators)."""
    return kan_endre_organisasjon(user)


def kan_sjaa_historikk(user, eining=None):
    """History names who changed what: the organisation's keepers and the unit's leaders."""
    if kan_endre_organisasjon(user) or har_rolle(user, Rolle.KOMMUNEDIREKTOR):
        return True
    return eining is not None and leiar_over(user, eining)


def krev_endring_av_organisasjon(user):
    """For views that change units or people: 403 for those who may only read."""
    if not kan_lese_organisasjon(user):
        raise Http404
    if not kan_endre_organisasjon(user):
        raise PermissionDenied


def passord_i_bruk():
    """Local passwords may be turned off (LOKALT_PASSORD=false, single sign-on only): then
    setting, changing, resetting and inviting to a password are gone (404) as well."""
    return settings.LOKALT_PASSORD


def kan_invitere(user):
    """Who e-mails a person without a password a link to set one: those who import people
    (HR, administrators), while local passwords are in use."""
    return passord_i_bruk() and kan_endre_organisasjon(user)


def krev_invitering(user):
    """404 for those who cannot read the organisation, 403 for the others who may not invite."""
    if not kan_lese_organisasjon(user):
        raise Http404
    if not kan_invitere(user):
        raise PermissionDenied


# --- the kommune's letterhead -----------------------------------------------------------


def kan_endre_kommuneprofil(user):
    """The letterhead every letter and report prints is the administrators' to set."""
    return har_rolle(user, Rolle.ADMINISTRATOR)


def krev_endring_av_kommuneprofil(user):
    """404 for those who do not read the organisation, 403 for the rest but administrators."""
    if not kan_lese_organisasjon(user):
        raise Http404
    if not kan_endre_kommuneprofil(user):
        raise PermissionDenied
