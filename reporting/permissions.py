"""Reporting: owners and delegates report their oppdrag; leaders report for and read their
subtree; the kommunedirektør, kommunalsjefar, økonomi and administrators read everything;
økonomi and administrators make, open and close periods and import the economy. Leaders read
the månadsrapport of their units; the kommune-wide one is for those who read everything.
The tertialrapport is read by those who read everything at once, and by the politicians and
every employee once the kommunedirektør (or an administrator) has released it. The working
pages are for employees (others 404)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from alver.lib import periodar
from alver.lib.sortering import norsk
from alver.permissions import Rolle, er_tilsett, har_rolle, i_leia_einingar, leia_einingar, leiar_over
from budget.models import Okonomiplan, Vedtak
from budget.permissions import kan_lese_vedtak, skjerma_sjekk
from plans.models import Maal, Plan, Strategi
from plans.permissions import synlege_planar
from verksemdsplan.models import Brevseksjon, Brevversjon, Oppdrag, Oppdragsbrev
from verksemdsplan.permissions import kan_lese as kan_lese_oppdrag
from verksemdsplan.permissions import synlege_oppdrag

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


def kan_prove_utskrift_igjen(user, utskrift, periode):
    """«Try again» on a report PDF that failed or stuck: the one who ordered it, or one who reads
    everything, among those who may read it; a released report's PDF, which is everyone's, by
    any of its readers."""
    return kan_lese_utskrift(user, utskrift, periode) and (
        utskrift.frigjeven or utskrift.created_by_id == user.pk or les_alt(user)
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


# --- indicator values ---------------------------------------------------------------------------
# Employees read every indicator value (what the kommune measures is no secret inside it);
# politicians see them in the reports released to them. Values are entered by: the leader of the
# indicator's owner unit and those above (every value of it), the unit that took it on in its
# verksemdsplan — its leader and those above, and the delegate (`ansvarleg`) or the delegated
# unit's leaders — for that unit's values, and the kommunedirektør, økonomi and administrators.


def kan_lese_indikatorverdiar(user):
    return er_tilsett(user)


def registrerer_alt(user):
    return har_rolle(user, Rolle.ADMINISTRATOR, Rolle.KOMMUNEDIREKTOR, Rolle.OKONOMI)


def _prioriterte_for(user, vegar):
    """The prioritised indicators (of any year) this user follows up or whose unit they lead."""
    from verksemdsplan.models import PrioritertIndikator

    q = Q(ansvarleg=user)
    for veg in vegar:
        q |= Q(verksemdsplan__eining__path__startswith=veg) | Q(ansvarleg_eining__path__startswith=veg)
    return PrioritertIndikator.objects.filter(q)


def registrering_test(user, aar=None):
    """`test(indikator, eining)`: may this user enter the indicator's value for the unit (None:
    the kommune as a whole)? For many at once: at most two queries, then no more. The owner unit
    is read from `indikator.eigar` (load it). `aar` narrows unit values to the year's
    verksemdsplan (None: any year)."""
    if not er_tilsett(user):
        return lambda indikator, eining: False
    if registrerer_alt(user):
        return lambda indikator, eining: True
    vegar = list(leia_einingar(user).values_list("path", flat=True))
    qs = _prioriterte_for(user, vegar)
    if aar is not None:
        qs = qs.filter(verksemdsplan__aar=aar)
    par = set(qs.values_list("indikator_id", "verksemdsplan__eining_id"))

    def test(indikator, eining):
        eigar = indikator.eigar
        if eigar is not None and any(eigar.path.startswith(v) for v in vegar):
            return True
        return eining is not None and (indikator.pk, eining.pk) in par

    return test


def kan_registrere_indikatorverdi(user, indikator, eining, aar=None):
    return registrering_test(user, aar)(indikator, eining)


def registrerbare_indikatorar(user, aar):
    """The (indicator, unit or None) pairs this user enters values for in the year, in order:
    the kommune's values of the indicators they own (all for those who enter everything), then
    the units' that took indicators on in their verksemdsplan. Three queries."""
    from plans.models import Indikator
    from verksemdsplan.models import PrioritertIndikator

    if not er_tilsett(user):
        return []
    alt = registrerer_alt(user)
    vegar = [] if alt else list(leia_einingar(user).values_list("path", flat=True))
    indikatorar = Indikator.objects.select_related("eigar").order_by(norsk("namn"), "pk")
    if not alt:
        eigde = Q(pk__in=[])
        for veg in vegar:
            eigde |= Q(eigar__path__startswith=veg)
        indikatorar = indikatorar.filter(eigde)
    ut = [(i, None) for i in indikatorar]
    prioriterte = (PrioritertIndikator.objects.all() if alt else _prioriterte_for(user, vegar)).filter(
        verksemdsplan__aar=aar
    )
    sett = set()
    for p in prioriterte.select_related("indikator__eigar", "verksemdsplan__eining").order_by(
        "verksemdsplan__eining__path", "indikator__namn", "pk"
    ):
        k = (p.indikator_id, p.verksemdsplan.eining_id)
        if k not in sett:
            sett.add(k)
            ut.append((p.indikator, p.verksemdsplan.eining))
    return ut


def krev_indikatorregistrering(user, indikator, eining, aar=None):
    """404 for those who do not read indicator values, 403 for those who may not enter this one."""
    if not kan_lese_indikatorverdiar(user):
        raise Http404
    if not kan_registrere_indikatorverdi(user, indikator, eining, aar):
        raise PermissionDenied


def krev_indikatorimport(user):
    """The template and the import: for every employee who enters some value (others 403)."""
    if not kan_lese_indikatorverdiar(user):
        raise Http404


# --- The open read API (/api/v1/, reporting/api.py) --------------------------------------------
# Anyone reads the public content (what /innsyn/ shows); a logged-in user, or a client with the
# user's key, reads what that user may read on the pages. Each endpoint starts from one of these.


def kan_ha_api_nokkel(user):
    return user.is_authenticated and user.is_active


def api_planar(user):
    return synlege_planar(user) if user.is_authenticated else offentlege_planar()


def api_maal(user):
    """A plan's goals and strategies: all of a plan the key's owner reads; keyless, the public ones."""
    return (
        (Maal.objects.all(), Strategi.objects.all())
        if user.is_authenticated
        else (
            offentlege_maal(),
            offentlege_strategiar(),
        )
    )


def api_les_oppdrag_internt(user):
    """Whether the API gives this user the oppdrag as employees read them (working status,
    owner, all of them); otherwise it gives the public ones as a citizen reads them."""
    return kan_lese_oppdrag(user)


def api_oppdrag(user):
    return synlege_oppdrag(user).aktive() if api_les_oppdrag_internt(user) else offentlege_oppdrag()


def api_vedtak(user):
    """Decisions entered by mistake are never listed. Those who read decisions get the exempt
    and closed ones too (masked row by row as on the pages, `skjerma_sjekk`); the public never."""
    qs = Vedtak.objects.filter(feilregistrert_at__isnull=True)
    return qs if kan_lese_vedtak(user) else qs.filter(skjerming="")


def api_rapport_full(user, periode):
    """A released report in full (with exempt oppdrag) for those who may open it on its page;
    others get it as the public does."""
    return user.is_authenticated and kan_opne_tertialrapport(user, periode)


# --- the public scope (/innsyn/, the keyless API): what a citizen may read ---

# how far up a delegation chain an exemption is looked for (as the public letter does)
DJUPN = 4


def offentlege_planar():
    """Adopted plans (and repealed ones, which stay public documents), never drafts."""
    return Plan.objects.exclude(status__in=Plan.UTKAST).exclude(unnateke=True)


def offentlege_maal():
    """Goals of public plans, not exempt, nor under an exempt goal."""
    return Maal.objects.exclude(pk__in=Maal.objects.ikkje_offentlege())


def offentlege_strategiar():
    """Strategies of public plans, not under an exempt goal."""
    return Strategi.objects.filter(plan__in=offentlege_planar()).exclude(
        maal__in=Maal.objects.ikkje_offentlege()
    )


def offentlege_okonomiplanar():
    """Adopted økonomiplanar: the kommunestyre's decision is a public document; drafts and the
    chief executive's proposal before adoption are not shown here."""
    return Okonomiplan.objects.filter(status=Okonomiplan.Status.VEDTATT)


def unnatekne(toppnivaa=False):
    """A Q for the oppdrag that are not public: exempt themselves or under an exempt one, from
    an exempt measure of the økonomiplan (or under one that is), or from an exempt or closed
    decision or point. `toppnivaa`: for oppdrag known to have no parent, without the chain
    above, whose joins made PostgreSQL count a goal's public oppdrag in 120 ms, not 26."""
    vilkaar = Q(unnateke=True) | Q(kjelde_tiltak__unnateke=True)
    sti = ""
    for _ in range(0 if toppnivaa else DJUPN):
        sti += "parent__"
        vilkaar |= Q(**{f"{sti}unnateke": True}) | Q(**{f"{sti}kjelde_tiltak__unnateke": True})
    return (
        vilkaar
        | (Q(kjelde_vedtak__isnull=False) & ~Q(kjelde_vedtak__skjerming=""))
        | (Q(kjelde_vedtakspunkt__isnull=False) & ~Q(kjelde_vedtakspunkt__vedtak__skjerming=""))
    )


def offentlege_brevseksjonar():
    """The written sections of letters published as public (`brev.offentleg_versjon`): a
    published letter's text is its last version's, which was published public when the letter
    is marked public (changing either sends the letter back to draft)."""
    return Brevseksjon.objects.filter(
        brev__status=Oppdragsbrev.Status.PUBLISERT, brev__offentleg=True
    ).filter(Exists(Brevversjon.objects.filter(brev=OuterRef("brev"), offentleg=True)))


def offentlege_oppdrag(toppnivaa=False):
    """The public oppdrag; `toppnivaa`: only those given, not delegated (no parent)."""
    if toppnivaa:
        return Oppdrag.objects.aktive().filter(parent__isnull=True).exclude(unnatekne(toppnivaa=True))
    return Oppdrag.objects.aktive().exclude(unnatekne())
