"""Political decisions: the sekretariat and administrators register and change them; every
employee reads them (openness); politicians read them too.

Økonomiplan: everyone logged in reads it, politicians included. Økonomi and administrators
edit plans and rammer and adopt; before adoption a kommunalsjef (or the kommunedirektør)
assesses the tiltak of their own sector; the sekretariat (and økonomi, administrators) enter
verbalpunkt. An adopted plan changes only through a budget change (økonomi, administrators)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alver.permissions import Rolle, har_rolle, kan_lese_organisasjon, leia_vegar, leiar_over

from .models import Okonomiplan


def kan_lese_vedtak(user):
    return kan_lese_organisasjon(user)


def kan_registrere_vedtak(user):
    return har_rolle(user, Rolle.SEKRETARIAT, Rolle.ADMINISTRATOR)


def krev_registrering(user):
    if not kan_lese_vedtak(user):
        raise Http404
    if not kan_registrere_vedtak(user):
        raise PermissionDenied


def kan_lese_okonomiplan(user):
    return kan_lese_organisasjon(user)


def kan_endre_okonomiplan(user):
    return har_rolle(user, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def kan_endre_tiltak(user, tiltak):
    """Økonomi before adoption; the leader of the responsible sector for their own tiltak."""
    if tiltak.okonomiplan.er_vedtatt:
        return False
    if kan_endre_okonomiplan(user):
        return True
    return har_rolle(user, Rolle.KOMMUNALSJEF, Rolle.KOMMUNEDIREKTOR) and leiar_over(
        user, tiltak.ansvarleg_eining
    )


def kan_gjenopprette_tiltakstekst(user, tiltak):
    """An administrator may put back a measure's earlier text while it can be changed (before
    adoption)."""
    return har_rolle(user, Rolle.ADMINISTRATOR) and kan_endre_tiltak(user, tiltak)


def kan_leggje_til_tiltak(user, plan):
    return not plan.er_vedtatt and (
        kan_endre_okonomiplan(user) or har_rolle(user, Rolle.KOMMUNALSJEF, Rolle.KOMMUNEDIREKTOR)
    )


def kan_registrere_ettersyn(user, plan):
    """The dates of the political handling: the sekretariat keeps them, and økonomi."""
    return not plan.er_vedtatt and har_rolle(user, Rolle.SEKRETARIAT, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def kan_endre_verbalpunkt(user, plan):
    return not plan.er_vedtatt and har_rolle(user, Rolle.SEKRETARIAT, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def okonomiplan_for_lesing(user, aar):
    if not kan_lese_okonomiplan(user):
        raise Http404
    try:
        return Okonomiplan.objects.select_related("forrige").get(forste_aar=aar)
    except Okonomiplan.DoesNotExist:
        raise Http404 from None


def okonomiplan_for_endring(user, aar, *, ope=True):
    """The plan for økonomi's own changes; `ope`: refuse an adopted plan (403, it is read-only)."""
    plan = okonomiplan_for_lesing(user, aar)
    if not kan_endre_okonomiplan(user) or (ope and plan.er_vedtatt):
        raise PermissionDenied
    return plan


def tiltak_for_lesing(user, plan, pk):
    try:
        return plan.tiltak.select_related(
            "ansvarleg_eining", "tiltak__handlingsplan__plan", "forrige__okonomiplan", "endring"
        ).get(pk=pk)
    except plan.tiltak.model.DoesNotExist:
        raise Http404 from None


def tiltak_for_endring(user, plan, pk):
    t = tiltak_for_lesing(user, plan, pk)
    t.okonomiplan = plan
    if not kan_endre_tiltak(user, t):
        raise PermissionDenied
    return t


def _stiar(user):
    """Where in the organisation the user sits, and the units they lead (read once per request)."""
    if not hasattr(user, "_alver_stiar"):
        eigen = user.eining.path if getattr(user, "eining_id", None) and user.eining else None
        # the units they lead as the roles read them (no query of its own)
        user._alver_stiar = (eigen, leia_vegar(user))
    return user._alver_stiar


def skjerma_sjekk(user):
    """`kan_sjaa_skjerma` for the rows of a list: what it needs of the user is read now, so a
    page costs the same queries whether or not it has exempt cases."""
    if user.is_authenticated and not kan_registrere_vedtak(user):
        _stiar(user)
    return lambda vedtak, sektor=None: kan_sjaa_skjerma(user, vedtak, sektor)


def kan_sjaa_skjerma(user, vedtak, sektor=None):
    """An exempt or closed case is seen in full by the sekretariat and administrators, and by
    the people of its responsible sector (`sektor`: a point's, when it has its own): their own
    unit is in it, or they lead a unit in it or above it. Everyone else sees its public title."""
    if not vedtak.skjerming or kan_registrere_vedtak(user):
        return True
    sektor = sektor or vedtak.ansvarleg_sektor
    if sektor is None or not user.is_authenticated:
        return False
    eigen, leia = _stiar(user)
    if eigen and eigen.startswith(sektor.path):
        return True
    return any(sektor.path.startswith(p) or p.startswith(sektor.path) for p in leia)


# --- Analyse (statistics from SSB) ------------------------------------------------------------
# Analyse shows public statistics (SSB's KOSTRA figures): everyone logged in reads it,
# politicians too. Økonomi and administrators import files and map variables to indicators.


def kan_lese_analyse(user):
    return kan_lese_organisasjon(user)


def kan_importere_statistikk(user):
    return har_rolle(user, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def krev_statistikkimport(user):
    if not kan_lese_analyse(user):
        raise Http404
    if not kan_importere_statistikk(user):
        raise PermissionDenied


def statistikkimport_for(user, pk):
    """A previewed or stored import, for those who import (others 403, unknown 404)."""
    from .models import Statistikkimport

    krev_statistikkimport(user)
    try:
        return Statistikkimport.objects.select_related("created_by").get(pk=pk)
    except Statistikkimport.DoesNotExist:
        raise Http404 from None


# --- indicator targets and nøkkeltal in the økonomiplan ---------------------------------


def kan_endre_sektorplan(user, plan, sektor):
    """Targets and planned nøkkeltal of a sector: while the plan is being made, økonomi and
    administrators, and those who assess the sector's tiltak (its kommunalsjef, the
    kommunedirektør). Locked for everyone once the plan is adopted."""
    if plan.er_vedtatt:
        return False
    if kan_endre_okonomiplan(user):
        return True
    return har_rolle(user, Rolle.KOMMUNALSJEF, Rolle.KOMMUNEDIREKTOR) and leiar_over(user, sektor)


def krev_endring_av_sektorplan(user, plan, sektor):
    """403 for readers of the plan (the plan itself is already read or 404)."""
    if not kan_endre_sektorplan(user, plan, sektor):
        raise PermissionDenied


def kan_halde_nokkeltalstypar(user):
    return kan_endre_okonomiplan(user)


def krev_nokkeltalstypar(user):
    if not kan_lese_okonomiplan(user):
        raise Http404
    if not kan_halde_nokkeltalstypar(user):
        raise PermissionDenied


def kan_lese_nokkeltal(user):
    """Nøkkeltal are budget premises: read by everyone who reads the økonomiplan."""
    return kan_lese_okonomiplan(user)


def kan_rapportere_nokkeltal(user, eining):
    """The actual figures of a unit: its leaders and those above, økonomi and administrators."""
    return kan_endre_okonomiplan(user) or leiar_over(user, eining)


# --- sjukefråvær (health data) ------------------------------------------------------------


def ser_alt_sjukefravaer(user):
    """HR, the kommunedirektør and administrators see every unit's sick leave."""
    return har_rolle(user, Rolle.HR, Rolle.KOMMUNEDIREKTOR, Rolle.ADMINISTRATOR)


def kan_sjaa_sjukefravaer(user):
    """Whether any sick leave is for this user: those above and the leaders (of their own
    units and what is below them). Nobody else, politicians included; they get 404."""
    return ser_alt_sjukefravaer(user) or har_rolle(user, Rolle.KOMMUNALSJEF, Rolle.TENESTELEIAR)


def sjukefravaer_stiar(user):
    """The tree paths whose subtrees the user may see sick leave for; None: all of them."""
    if ser_alt_sjukefravaer(user):
        return None
    return leia_vegar(user)


def kan_sjaa_sjukefravaer_for(user, eining, stiar=None):
    if not kan_sjaa_sjukefravaer(user):
        return False
    stiar = sjukefravaer_stiar(user) if stiar is None else stiar
    return stiar is None or any(eining.path.startswith(p) for p in stiar)


def krev_sjukefravaer(user):
    if not kan_sjaa_sjukefravaer(user):
        raise Http404


def kan_importere_sjukefravaer(user):
    return har_rolle(user, Rolle.HR, Rolle.ADMINISTRATOR)


def krev_import_av_sjukefravaer(user):
    """404 for those who see no sick leave; 403 for leaders, who read but do not import."""
    krev_sjukefravaer(user)
    if not kan_importere_sjukefravaer(user):
        raise PermissionDenied
