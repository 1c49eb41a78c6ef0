"""Reporting: owners and delegates report their oppdrag; leaders report for and read their
subtree; the kommunedirektør, kommunalsjefar, økonomi and administrators read everything;
økonomi and administrators make, open and close periods and import the economy. Leaders read
the månadsrapport of their units; the kommune-wide one is for those who read everything.
The tertialrapport is read by those who read everything at once, and by the politicians and
every employee once the kommunedirektør (or an administrator) has released it. The working
pages are for employees (others 404)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from alver.lib import periodar
from alver.permissions import Rolle, er_tilsett, har_rolle, i_leia_einingar, leia_einingar, leiar_over
from budget.permissions import skjerma_sjekk

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
    return qs.filter(Q(owner=user) | i_leia_einingar(user, "eining"))


def avviksmodus_omfang(user, qs):
    """What «everything else is on track» may confirm: one's own and the units one leads —
    never the whole kommune just because one may report anything."""
    return qs.filter(Q(owner=user) | i_leia_einingar(user, "eining"))


def kan_rapportere(user, oppdrag):
    if not er_tilsett(user):
        return False
    if oppdrag.owner_id == user.pk or har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR):
        return True
    return leiar_over(user, oppdrag.eining)


def _periode(kode, typar=periodar.TYPAR):
    """The period a code names (2026-m11, 2026-t1, 2026-aar) among the given kinds, else 404."""
    p = periodar.les(kode, typar)
    if p is None:
        raise Http404
    return get_object_or_404(Periode, aar=p.aar, type=p.type, nummer=p.nummer)


def periode_for(user, kode):
    if not kan_sjaa(user):
        raise Http404
    return _periode(kode)


def krev_periodestyring(user):
    if not kan_sjaa(user):
        raise Http404
    if not kan_styre_periodar(user):
        raise PermissionDenied


def kan_importere_okonomi(user):
    return har_rolle(user, Rolle.OKONOMI, Rolle.ADMINISTRATOR)


def kan_frigje(user):
    return har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.ADMINISTRATOR)


def krev_okonomiimport(user):
    if not kan_sjaa(user):
        raise Http404
    if not kan_importere_okonomi(user):
        raise PermissionDenied


def kan_lese_eining(user, eining):
    """The månadsrapport and economy of a unit: its leaders (and above) and those who read all."""
    return les_alt(user) or leiar_over(user, eining)


def okonomikommentar_test(user):
    """May this user write a unit's economy comment (its leaders and above, økonomi,
    administrators)? Returned as a test for many units at the cost of one query."""
    if not er_tilsett(user):
        return lambda eining: False
    if kan_importere_okonomi(user):
        return lambda eining: True
    vegar = list(leia_einingar(user).values_list("path", flat=True))
    return lambda eining: any(eining.path.startswith(v) for v in vegar)


def kan_kommentere_okonomi(user, eining):
    return okonomikommentar_test(user)(eining)


def krev_lesing_av_eining(user, eining):
    if not kan_sjaa(user):
        raise Http404
    if not kan_lese_eining(user, eining):
        raise PermissionDenied


def tertialperiode_for(user, kode):
    """A tertial or annual period whose political report this user may read: politicians and
    employees once released, those who read everything also before (others 403, outsiders 404)."""
    if not (kan_sjaa(user) or har_rolle(user, Rolle.POLITIKAR)):
        raise Http404
    p = _periode(kode, typar=("tertial", "aar"))
    if p.frigitt_at is None and not les_alt(user):
        if not kan_sjaa(user):
            raise Http404  # a politician does not learn of an unreleased report
        raise PermissionDenied
    return p


def kan_lese_utskrift(user, utskrift, periode):
    """A report PDF: those who read everything see every one; others only tertial reports made
    after the release (one made before shows figures nobody released)."""
    if les_alt(user):
        return True
    return (
        utskrift.type == "tertial"
        and periode.frigitt_at is not None
        and utskrift.created_at >= periode.frigitt_at
    )


def kan_opne_tertialrapport(user, p):
    """The same rule as `tertialperiode_for`, for deciding whether to show a link to it."""
    return (kan_sjaa(user) or har_rolle(user, Rolle.POLITIKAR)) and (
        p.frigitt_at is not None or les_alt(user)
    )


def tertialperiodar(user):
    """The tertial and annual periods whose report this user may open."""
    qs = Periode.objects.filter(type__in=["tertial", "aar"])
    return qs if les_alt(user) else qs.filter(frigitt_at__isnull=False)


def kan_sjaa_politisk_oppfolging(user):
    """The politicians' follow-up of their decisions; open to them and to every employee."""
    return kan_sjaa(user) or har_rolle(user, Rolle.POLITIKAR)


def krev_politisk_oppfolging(user):
    if not kan_sjaa_politisk_oppfolging(user):
        raise Http404


def kan_lese_einingsrapportar(user):
    """The månadsrapport and the economy of a month: for leaders (their units) and for those who
    read everything; others get 403 there, so they are not shown the way."""
    return les_alt(user) or leia_einingar(user).exists()


def skjerma_test(user):
    """Who sees an exempt or closed decision («skjerma»: `Vedtak.skjerming` set) in full on the
    political follow-up and its PDF: the sekretariat and administrators, and the people of the
    responsible sector (their own unit is in it, or they lead a unit in it or above it). Others
    get its public title and no comment. Returned as a test for many rows at the cost of at most
    one query: `test(oppdrag)` with the oppdrag's source decision (and point) loaded."""

    kan_sjaa = skjerma_sjekk(user)

    def test(oppdrag):
        punkt, vedtak = oppdrag.kjelde_vedtakspunkt, oppdrag.kjelde_vedtak
        if vedtak is None:
            return True
        return kan_sjaa(vedtak, (punkt and punkt.ansvarleg_sektor) or vedtak.ansvarleg_sektor)

    return test
