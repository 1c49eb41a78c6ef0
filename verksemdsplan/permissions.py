"""Oppdrag are open: every employee reads them. Owners, leaders of the responsible unit and
of units above it, the kommunedirektør and administrators change them; a delegate changes
the child delegated to them (guardian `endre_oppdrag`). Politicians do not see the
administration's working list (they get reports); outsiders get 404, readers 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from alver.lib.tal import gyldig_aar
from alver.models import Eining
from alver.permissions import (
    Rolle,
    er_tilsett,
    har_rolle,
    i_leia_einingar,
    kan_lese_organisasjon,
    leia,
    leia_vegar,
    leiar_ovanfor,
    leiar_over,
)

from .models import Brevversjon, Leiarskifte, Milepael, Oppdrag, Oppdragsbrev, PrioritertIndikator


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


def kan_gjenopprette_tekst(user, oppdrag):
    """An administrator may put back an earlier text of an oppdrag from its change log."""
    return har_rolle(user, Rolle.ADMINISTRATOR) and kan_endre(user, oppdrag)


def kan_lage_oppdrag(user, eining=None):
    """The kommunedirektør and administrators give oppdrag to any unit; a leader to the units
    they lead and those below. Without a unit: may this user give oppdrag anywhere at all."""
    if not kan_lese(user):
        return False
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return leiar_over(user, eining) if eining is not None else bool(leia(user))


def einingar_for_nye_oppdrag(user):
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return Eining.objects.aktive()
    return Eining.objects.aktive().filter(i_leia_einingar(user))


def _med(felt, *relasjonar):
    return Prefetch(felt, Oppdrag._meta.get_field(felt).related_model.objects.select_related(*relasjonar))


def oppdrag_for_lesing(user, pk):
    try:
        return (
            synlege_oppdrag(user)
            .select_related("kategori", "eining", "owner", "tema")
            # the parent, the source and the giver are read each by a query of its own, and only
            # when there is one: joined into the one query, PostgreSQL spent five to ten times
            # as long choosing the order of seventeen tables as reading the row
            .prefetch_related(
                _med("parent", "owner"),
                _med("kjelde_vedtak", "mote__organ"),
                _med("kjelde_tiltak", "okonomiplan", "tiltak"),
                _med("kjelde_verbalpunkt", "okonomiplan"),
                "oppdragsgjevar_organ",
                "oppdragsgjevar_person",
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


def milepael_for_endring(user, oppdrag_pk, pk):
    """A milestone is changed by those who may change its oppdrag."""
    oppdrag = oppdrag_for_endring(user, oppdrag_pk)
    try:
        m = Milepael.objects.get(oppdrag=oppdrag, pk=pk)
    except Milepael.DoesNotExist:
        raise Http404 from None
    m.oppdrag = oppdrag
    return m


# --- ownership ------------------------------------------------------------------------------
# Who owns an oppdrag is decided above its unit: the leaders of the units above it, the
# kommunedirektør and administrators move it to another owner (the owner themselves delegates).
# Ownerless oppdrag are the kommunedirektør's list. A leader change is taken over by the new
# leader; the leaders above and the kommunedirektør may look at it.


def kan_flytte_eigar(user, oppdrag):
    if not kan_lese(user) or oppdrag.trekt_at:
        return False
    return har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR) or leiar_ovanfor(user, oppdrag.eining)


def oppdrag_for_eigarskifte(user, pk):
    oppdrag = oppdrag_for_lesing(user, pk)
    if not kan_flytte_eigar(user, oppdrag):
        raise PermissionDenied
    return oppdrag


def kan_sjaa_utan_eigar(user):
    return kan_lese(user) and har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR)


def krev_utan_eigar(user):
    if not kan_lese(user):
        raise Http404
    if not kan_sjaa_utan_eigar(user):
        raise PermissionDenied


def kan_ta_over(user, skifte):
    """Only the new leader, while they still lead the unit, and only once."""
    return (
        kan_lese(user)
        and skifte.teke_over_at is None
        and skifte.ny_leiar_id == user.pk
        and skifte.eining.leiar_id == user.pk
    )


def leiarskifte_for(user, pk):
    """A leader change is read by its new leader, the leaders above the unit, the kommunedirektør
    and administrators; 404 for the rest (it names people and their work)."""
    if not kan_lese(user):
        raise Http404
    skifte = Leiarskifte.objects.select_related("eining", "gammal_leiar", "ny_leiar").filter(pk=pk).first()
    if skifte is None:
        raise Http404
    if not (
        skifte.ny_leiar_id == user.pk
        or har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR)
        or leiar_over(user, skifte.eining)
    ):
        raise Http404
    return skifte


def ventande_leiarskifte(user):
    """Takeovers waiting for this user (Mi side, the unit's pages)."""
    if not kan_lese(user):
        return Leiarskifte.objects.none()
    return Leiarskifte.objects.filter(ny_leiar=user, teke_over_at__isnull=True, eining__leiar=user)


# --- oppdragsbrev ----------------------------------------------------------------------------
# Published letters are read by everyone who logs in; drafts only by those who may change
# them. The overordna letter (the kommune's) is written by the kommunedirektør with the
# kommunalsjefar; a unit's letter by its leader and the leaders above (so the kommunalsjef
# edits the letters in the sector). Approval and publishing belong to the leaders above the
# unit (the kommunedirektør for the overordna letter). The public innsyn page needs no login
# and shows only published, public letters, without exempt oppdrag.


def kan_endre_brev(user, eining):
    if not er_tilsett(user):
        return False
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    if eining.depth == 1:
        return har_rolle(user, Rolle.KOMMUNALSJEF)
    return leiar_over(user, eining)


def kan_gjenopprette_brevtekst(user, brev):
    """An administrator may put back a section's earlier text, while the letter can be changed
    (a draft, or published: it goes back to draft as with any change)."""
    return (
        har_rolle(user, Rolle.ADMINISTRATOR)
        and kan_endre_brev(user, brev.eining)
        and brev.status in (Oppdragsbrev.Status.UTKAST, Oppdragsbrev.Status.PUBLISERT)
    )


def kan_merke_ferdig(user, eining):
    """Marking the verksemdsplan done for the year is the unit leader's sign-off, not letter
    writing: the kommune's own (the top unit's) belongs to the kommunedirektør (and
    administrators), not to every kommunalsjef who helps write the overordna letter; another
    unit's to its leader and the leaders above it."""
    if not er_tilsett(user):
        return False
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return eining.depth > 1 and leiar_over(user, eining)


def kan_godkjenne_brev(user, eining):
    if not er_tilsett(user):
        return False
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    # the leaders strictly above the unit, below the kommunedirektør (who is covered above)
    if eining.depth <= 2:
        return False
    return leiar_ovanfor(user, eining)


def kan_godkjenne(user, brev):
    """Four eyes: may approve this letter now. A named approver approves alone; the
    leadership group's approval is recorded by those who approve the unit's letters; otherwise
    a leader above the unit, never the one who changed the text last."""
    if not er_tilsett(user):
        return False
    if brev.godkjenning == Oppdragsbrev.Godkjenning.PERSON:
        return brev.godkjennar_id == user.pk and brev.sist_endra_av_id != user.pk
    if not kan_godkjenne_brev(user, brev.eining):
        return False
    return brev.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA or brev.sist_endra_av_id != user.pk


def kan_publisere(user, brev):
    """Publishing an approved letter: those who approve the unit's letters (the
    kommunedirektør publishes her own letter once someone else has approved it)."""
    return kan_godkjenne_brev(user, brev.eining)


def brev_for_lesing(user, aar, kode):
    """(unit, letter or None, may change). 404 for a draft-only letter to a reader."""
    if not kan_lese_organisasjon(user) or not gyldig_aar(aar):
        raise Http404
    eining = Eining.objects.filter(kode=kode).select_related("leiar").first()
    if eining is None:
        raise Http404
    brev = (
        Oppdragsbrev.objects.filter(eining=eining, aar=aar)
        .select_related("basert_paa__eining", "status_av", "sist_endra_av", "godkjennar", "godkjent_av")
        .first()
    )
    if brev is not None:
        brev.eining = eining  # with its leader, who signs the letter
    endre = kan_endre_brev(user, eining)
    if not endre and (brev is None or not brev.versjonar.exists()):
        raise Http404
    return eining, brev, endre


def brev_for_sok(user):
    """The letters whose written text this user may search: the published ones, for everyone
    logged in (as `brev_for_lesing`; a published letter's sections say what its last version
    says, since any change sends it back to draft), and those the user may change, drafts
    included (`kan_endre_brev`)."""
    if not kan_lese_organisasjon(user):
        return Oppdragsbrev.objects.none()
    if har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return Oppdragsbrev.objects.all()
    eigne = i_leia_einingar(user, "eining")  # kan_endre_brev, as a filter
    if har_rolle(user, Rolle.KOMMUNALSJEF):
        eigne |= Q(eining__depth=1)
    else:
        eigne &= ~Q(eining__depth=1)
    publiserte = Q(status=Oppdragsbrev.Status.PUBLISERT) & Exists(
        Brevversjon.objects.filter(brev=OuterRef("pk"))
    )
    return Oppdragsbrev.objects.filter(publiserte | eigne)


def krev_brevendring(user, aar, kode):
    eining, brev, endre = brev_for_lesing(user, aar, kode)
    if not endre:
        raise PermissionDenied
    return eining, brev


def til_godkjenning(user):
    """The letters awaiting approval that this user may approve now (`kan_godkjenne`) and open
    (`brev_for_lesing`), oldest year first: for Mi side, in two queries however many letters and
    units there are. The same rules as those functions, worked from the paths of the units the
    user leads (asked once) instead of one query per letter."""
    if not er_tilsett(user):
        return []
    alle = har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR)
    vegar = [] if alle else leia_vegar(user)

    def over(eining):  # leiar_over
        return any(eining.path.startswith(v) for v in vegar)

    def ovanfor(eining):  # leiar_ovanfor
        return any(eining.path.startswith(v) and len(v) < len(eining.path) for v in vegar)

    def kan_endre(eining):  # kan_endre_brev
        if alle:
            return True
        return har_rolle(user, Rolle.KOMMUNALSJEF) if eining.depth == 1 else over(eining)

    def godkjenn_eining(eining):  # kan_godkjenne_brev
        return alle or (eining.depth > 2 and ovanfor(eining))

    def kan(brev):
        if brev.godkjenning == Oppdragsbrev.Godkjenning.PERSON:
            ok = brev.godkjennar_id == user.pk and brev.sist_endra_av_id != user.pk
        else:
            ok = godkjenn_eining(brev.eining) and (
                brev.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA or brev.sist_endra_av_id != user.pk
            )
        return ok and (kan_endre(brev.eining) or brev.har_versjon)

    brev = (
        Oppdragsbrev.objects.filter(status=Oppdragsbrev.Status.TIL_GODKJENNING)
        .select_related("eining")
        .annotate(har_versjon=Exists(Brevversjon.objects.filter(brev=OuterRef("pk"))))
        .order_by("aar", "eining__path")
    )
    return [b for b in brev if kan(b)]


def kan_endre_brevmal(user):
    """The guidance for the units' letters is the kommunedirektør's staff's: whoever may edit
    the overordna (top) letter — administrator, kommunedirektør, kommunalsjefar."""
    if not er_tilsett(user):
        return False
    rot = Eining.objects.filter(depth=1).order_by("path").first()
    return rot is not None and kan_endre_brev(user, rot)


def krev_brevmal(user):
    """The template page: 404 for non-employees, 403 for employees who may not change it."""
    if not kan_lese(user):
        raise Http404
    if not kan_endre_brevmal(user):
        raise PermissionDenied


# --- prioriterte indikatorar -----------------------------------------------------------------
# A unit's prioritised indicators are part of its verksemdsplan: every employee reads them (as
# the oppdrag), politicians do not (they get reports). Taking one on, setting the unit's target,
# delegating the follow-up, changing and removing belong to those who give the unit oppdrag:
# its leader and the leaders above it, the kommunedirektør and administrators.


def kan_endre_indikatorar(user, eining):
    return kan_lage_oppdrag(user, eining)


def krev_indikatorendring(user, aar, kode):
    """The unit whose indicators this user changes: 404 for readers outside and unknown units
    or years, 403 for employees who may only read."""
    if not kan_lese(user) or not gyldig_aar(aar):
        raise Http404
    eining = Eining.objects.filter(kode=kode).first()
    if eining is None:
        raise Http404
    if not kan_endre_indikatorar(user, eining):
        raise PermissionDenied
    return eining


def prioritert_indikator_for_endring(user, aar, kode, pk):
    """(unit, row) for the change form: the row must belong to the unit's plan for the year."""
    eining = krev_indikatorendring(user, aar, kode)
    pi = (
        PrioritertIndikator.objects.select_related(
            "verksemdsplan", "indikator", "ansvarleg_eining", "ansvarleg"
        )
        .filter(pk=pk, verksemdsplan__eining=eining, verksemdsplan__aar=aar)
        .first()
    )
    if pi is None:
        raise Http404
    pi.verksemdsplan.eining = eining
    return eining, pi
