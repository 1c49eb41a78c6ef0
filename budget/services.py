import datetime
import logging
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from alver.lib import klokke, oppgaver
from alver.lib.belop import Eining as BelopEining
from alver.lib.belop import les_belop
from alver.lib.historikk import bulk_create_with_history, bulk_update_with_history, grunnkode
from alver.lib.importering import Feil, les_fil
from alver.lib.kroner import GRENSE
from alver.lib.oppgaver import etter_commit
from alver.lib.samtidig import lagre_endring, lagre_versjonert
from alver.models import Eining
from plans import services as plan_services

from . import hovudoversikt
from . import saksnummer as saksnummer_
from .models import (
    Budsjettendring,
    Budsjettlinje,
    BudsjettTiltak,
    Indikatormaal,
    Innsending,
    Linjebelop,
    Maaloppfolging,
    Mote,
    Nokkeltalplan,
    Nokkeltalverdi,
    Okonomiplan,
    Ramme,
    Sakstype,
    Sektorindikator,
    Sjukefravaer,
    TiltakEffekt,
    Vedtak,
    Vedtaking,
    Vedtakspunkt,
)
from .signals import (
    okonomiplan_vedteken,
    punkt_fjerna,
    sak_gir_ikkje_oppdrag,
    saker_gir_oppdrag,
    vedtak_endra,
    vedtak_trekt,
)

log = logging.getLogger(__name__)


class Budsjettfeil(Exception):
    """The change cannot be made; the message says why in the user's language."""


class Ubalanse(Budsjettfeil):
    """Adoption refused: the plan is not in balance; the message names the years and amounts."""

    def __init__(self, oversikt):
        self.oversikt = oversikt
        super().__init__(
            _("The plan is not in balance and cannot be adopted: %(manglar)s.")
            % {"manglar": hovudoversikt.manglar_tekst(oversikt)}
        )


class Sakfeil(Exception):
    """A case cannot be saved; the message says why in the user's language. `eksisterande`:
    the cases already registered that the new ones collide with (the page links to them)."""

    def __init__(self, melding, eksisterande=()):
        super().__init__(melding)
        self.eksisterande = list(eksisterande)


def finn_eller_lag_mote(*, organ, dato, user, nummer="", protokoll_url=""):
    """The meeting of the body on that date (and number): one thing, however many forms name
    it at once (a racing insert finds the winner's row)."""
    finst = Mote.objects.filter(organ=organ, dato=dato, nummer=nummer).first()
    if finst:
        return finst
    try:
        with transaction.atomic():
            m = Mote(organ=organ, dato=dato, nummer=nummer, protokoll_url=protokoll_url, created_by=user)
            m._change_reason = grunnkode("Registered")
            m.save()
            return m
    except IntegrityError:
        return Mote.objects.get(organ=organ, dato=dato, nummer=nummer)


def _tekst_for(sak):
    return sak.get("offentleg_tittel") or _("Exempt from public access")


def innsendt(token):
    """The meeting a form with this token already saved, or None."""
    if not token:
        return None
    i = Innsending.objects.filter(token=token, mote__isnull=False).select_related("mote").first()
    return i.mote if i else None


@transaction.atomic
def ein_gong(token, lagre):
    """Run `lagre` (which returns a meeting) once per form token: the same form submitted again
    (a double click, a second tab, a retry) gets the first submit's meeting back, and False."""
    if not token:
        return lagre(), True
    try:
        with transaction.atomic():
            innsending = Innsending.objects.create(token=token)
    except IntegrityError:
        # the first submit held the row until it committed; now its meeting is there
        return Innsending.objects.select_related("mote").get(token=token).mote, False
    mote = lagre()
    innsending.mote = mote
    innsending.save(update_fields=["mote"])
    return mote, True


@transaction.atomic
def registrer_mote(*, organ, dato, saker, user, nummer="", protokoll_url="", token=None):
    """A meeting (found if the body already has one that day) and its cases in one go.
    Returns (meeting, whether this call stored it)."""

    def lagre():
        mote = finn_eller_lag_mote(
            organ=organ, dato=dato, user=user, nummer=nummer, protokoll_url=protokoll_url
        )
        legg_til_saker(mote, saker, user=user)
        return mote

    return ein_gong(token, lagre)


def _nokkel(mote, saksnummer):
    return saksnummer_.nokkel(saksnummer, mote.dato.year)


def sjekk_nye_saker(mote, saker, *, unnatak=None):
    """Refuse case numbers already registered for the body (in any meeting), or twice in the
    list; `unnatak` is a case being edited."""
    nokklar = [_nokkel(mote, s["saksnummer"]) for s in saker]
    dobbel = sorted({s["saksnummer"] for s, k in zip(saker, nokklar, strict=True) if nokklar.count(k) > 1})
    if dobbel:
        raise Sakfeil(_("Each case number may appear once: %(nr)s.") % {"nr": ", ".join(dobbel)})
    finst = Vedtak.objects.gjeldande().filter(organ_id=mote.organ_id, saksnokkel__in=nokklar)
    if unnatak is not None:
        finst = finst.exclude(pk=unnatak.pk)
    finst = list(finst.select_related("mote__organ"))
    if finst:
        raise Sakfeil(
            _("%(organ)s already has the case(s) %(nr)s.")
            % {"organ": mote.organ, "nr": ", ".join(v.saksnummer for v in finst)},
            finst,
        )
    return nokklar


@transaction.atomic
def legg_til_saker(mote, saker, *, user):
    """Add cases to a meeting, all or none, in bulk: a 40-case meeting costs the same few
    queries as a two-case one. Cases that give work are announced so that what follows from
    them is made in the same transaction."""
    if not saker:
        return []
    # one writer per meeting at a time: the numbering and the duplicate check see each other
    mote = Mote.objects.select_for_update().select_related("organ").get(pk=mote.pk)
    nokklar = sjekk_nye_saker(mote, saker)
    forste = (mote.vedtak.aggregate(m=Max("rekkjefolgje"))["m"] or 0) + 1
    standard = None
    nye = []
    for i, (sak, k) in enumerate(zip(saker, nokklar, strict=True)):
        felt = {f: v for f, v in sak.items() if f not in {"maal", "strategiar"}}
        if felt.get("sakstype") is None and "sakstype_id" not in felt:
            standard = standard or Sakstype.objects.filter(prefiks="PS").first() or Sakstype.objects.first()
            felt["sakstype"] = standard
        if felt.get("skjerming") and not felt.get("offentleg_tittel"):
            felt["offentleg_tittel"] = _tekst_for(felt)
        nye.append(Vedtak(mote=mote, organ_id=mote.organ_id, saksnokkel=k, rekkjefolgje=forste + i, **felt))
    try:
        with transaction.atomic():
            nye = bulk_create_with_history(
                nye, Vedtak, batch_size=500, default_change_reason=grunnkode("Registered")
            )
    except IntegrityError:
        # another meeting of the body took one of these numbers a moment ago
        sjekk_nye_saker(mote, saker)
        raise
    if any(s.get("maal") for s in saker):
        Vedtak.maal.through.objects.bulk_create(
            Vedtak.maal.through(vedtak_id=v.pk, maal_id=m.pk)
            for v, s in zip(nye, saker, strict=True)
            for m in s.get("maal") or ()
        )
    if any(s.get("strategiar") for s in saker):
        Vedtak.strategiar.through.objects.bulk_create(
            Vedtak.strategiar.through(vedtak_id=v.pk, strategi_id=st.pk)
            for v, s in zip(nye, saker, strict=True)
            for st in s.get("strategiar") or ()
        )
    for v in nye:
        v.mote = mote
    gir = [v for v in nye if v.gir_oppdrag]
    if gir:
        saker_gir_oppdrag.send(sender=Vedtak, vedtak=gir, user=user)
    return nye


@transaction.atomic
def endre_mote(mote, versjon, *, user):
    """Correct a meeting's body, date, number or minutes link; its cases follow the body (and
    their keys are checked against the new body's cases)."""
    lagre_versjonert(mote, versjon, grunn=grunnkode("Changed"))
    saker = list(mote.vedtak.gjeldande())
    if saker and saker[0].organ_id != mote.organ_id:
        nokklar = [_nokkel(mote, v.saksnummer) for v in saker]
        finst = list(
            Vedtak.objects.gjeldande()
            .filter(organ_id=mote.organ_id, saksnokkel__in=nokklar)
            .exclude(mote=mote)
            .select_related("mote__organ")
        )
        if finst:
            raise Sakfeil(
                _("%(organ)s already has the case(s) %(nr)s.")
                % {"organ": mote.organ, "nr": ", ".join(v.saksnummer for v in finst)},
                finst,
            )
    for v in saker:
        v.organ_id, v.saksnokkel = mote.organ_id, _nokkel(mote, v.saksnummer)
    bulk_update_with_history(
        saker, Vedtak, ["organ", "saksnokkel"], default_change_reason=grunnkode("The meeting was corrected")
    )
    return mote


@transaction.atomic
def sett_sektorar(mote, sektorar, *, user):
    """Give cases of the meeting that give work their responsible sector in one go ({case pk:
    sector}); each then becomes an oppdrag. Cases that have a sector keep it (edit them one by
    one to change it). Returns the cases changed."""
    saker = list(
        mote.vedtak.gjeldande()
        .select_for_update()
        .filter(pk__in=sektorar, ansvarleg_sektor__isnull=True, trekt_at__isnull=True)
        .select_related("mote")
    )
    for v in saker:
        v.ansvarleg_sektor = sektorar[v.pk]
        v.versjon += 1
    bulk_update_with_history(
        saker,
        Vedtak,
        ["ansvarleg_sektor", "versjon"],
        default_change_reason=grunnkode("Responsible sector set"),
    )
    gir = [v for v in saker if v.gir_oppdrag]
    if gir:
        saker_gir_oppdrag.send(sender=Vedtak, vedtak=gir, user=user)
    return saker


@transaction.atomic
def flytt_sak(vedtak, retning):
    """Move a case one place up (-1) or down (+1) in its meeting's list."""
    saker = list(vedtak.mote.vedtak.order_by("rekkjefolgje", "pk"))
    i = next(i for i, v in enumerate(saker) if v.pk == vedtak.pk)
    j = i + retning
    if 0 <= j < len(saker):
        saker[i], saker[j] = saker[j], saker[i]
    for n, v in enumerate(saker, start=1):
        v.rekkjefolgje = n
    bulk_update_with_history(saker, Vedtak, ["rekkjefolgje"], default_change_reason=grunnkode("Reordered"))


@transaction.atomic
def endre_vedtak(vedtak, versjon, *, user, maal=None, strategiar=None):
    """Save a corrected case. Turning «gives assignments» on makes its oppdrag; turning it off
    is announced, and verksemdsplan decides what becomes of the oppdrag."""
    gammal = Vedtak.objects.get(pk=vedtak.pk)
    vedtak.saksnokkel = _nokkel(vedtak.mote, vedtak.saksnummer)
    sjekk_nye_saker(vedtak.mote, [{"saksnummer": vedtak.saksnummer}], unnatak=vedtak)
    if vedtak.skjerming and not vedtak.offentleg_tittel:
        vedtak.offentleg_tittel = _tekst_for({})
    lagre_versjonert(vedtak, versjon, grunn=grunnkode("Changed"))
    if maal is not None:
        vedtak.maal.set(maal)
    if strategiar is not None:
        vedtak.strategiar.set(strategiar)
    if vedtak.feilregistrert_at or vedtak.trekt_at:
        return vedtak
    if vedtak.gir_oppdrag and not gammal.gir_oppdrag:
        saker_gir_oppdrag.send(sender=Vedtak, vedtak=[vedtak], user=user, slege_paa=True)
    elif gammal.gir_oppdrag and not vedtak.gir_oppdrag:
        sak_gir_ikkje_oppdrag.send(
            sender=Vedtak,
            vedtak=vedtak,
            user=user,
            grunn=grunnkode("Case %(nr)s no longer gives assignments") % {"nr": vedtak.saksnummer},
        )
    else:
        vedtak_endra.send(sender=Vedtak, vedtak=vedtak, user=user)
        if vedtak.gir_oppdrag and vedtak.ansvarleg_sektor_id and not gammal.ansvarleg_sektor_id:
            # a pasted case that gives work gets its sector: now it becomes an oppdrag
            saker_gir_oppdrag.send(sender=Vedtak, vedtak=[vedtak], user=user)
    return vedtak


@transaction.atomic
def lagre_punkt(vedtak, punkt, *, user):
    """Replace the numbered points of a decision (each gives its own oppdrag): `punkt` is a list
    of dicts (nummer, tekst, ansvarleg_sektor, frist, maal). Points kept by number are updated;
    removed points' oppdrag are handled like a case that no longer gives work."""
    finst = {p.nummer: p for p in vedtak.punkt.gjeldande()}
    nummer = [p["nummer"] for p in punkt]
    if len(nummer) != len(set(nummer)):
        raise Sakfeil(_("Each point number may appear once."))
    for i, data in enumerate(punkt, start=1):
        p = finst.pop(data["nummer"], None) or Vedtakspunkt(vedtak=vedtak, nummer=data["nummer"])
        p.tekst, p.ansvarleg_sektor, p.frist, p.rekkjefolgje = (
            data["tekst"],
            data["ansvarleg_sektor"],
            data.get("frist"),
            i,
        )
        p._change_reason = grunnkode("Changed")
        p.save()
        p.maal.set(data.get("maal") or [])
    for p in finst.values():
        p.fjerna_at = klokke.no()
        p._change_reason = grunnkode("Removed")
        p.save()
        punkt_fjerna.send(
            sender=Vedtakspunkt,
            punkt=p,
            user=user,
            grunn=grunnkode("Point %(nr)s removed from case %(sak)s")
            % {"nr": p.nummer, "sak": vedtak.saksnummer},
        )
    if vedtak.gir_oppdrag and not (vedtak.trekt_at or vedtak.feilregistrert_at):
        saker_gir_oppdrag.send(sender=Vedtak, vedtak=[vedtak], user=user)


@transaction.atomic
def trekk_vedtak(vedtak, *, user, grunn):
    """A decision that has led to work is never deleted: it is withdrawn, with the reason."""
    vedtak = Vedtak.objects.select_for_update().get(pk=vedtak.pk)
    if vedtak.trekt_at:
        return vedtak
    vedtak.trekt_at, vedtak.trekt_grunn = klokke.no(), grunn
    lagre_endring(vedtak, grunnkode("Withdrawn: %(grunn)s") % {"grunn": grunn})
    vedtak_trekt.send(sender=Vedtak, vedtak=vedtak, user=user, grunn=grunn)
    return vedtak


@transaction.atomic
def feilregistrer(vedtak, *, user, grunn):
    """A case entered by mistake: a status with history, never a row delete; its number is free
    again, and verksemdsplan cancels or flags what was made from it."""
    vedtak = Vedtak.objects.select_for_update().get(pk=vedtak.pk)
    if vedtak.feilregistrert_at:
        return vedtak
    vedtak.feilregistrert_at, vedtak.feilregistrert_grunn = klokke.no(), grunn
    lagre_endring(vedtak, grunnkode("Entered by mistake: %(grunn)s") % {"grunn": grunn})
    if vedtak.gir_oppdrag and not vedtak.trekt_at:
        sak_gir_ikkje_oppdrag.send(
            sender=Vedtak,
            vedtak=vedtak,
            user=user,
            grunn=grunnkode("Case %(nr)s was entered by mistake") % {"nr": vedtak.saksnummer},
        )
    return vedtak


# --- the handlings- og økonomiplan ------------------------------------------------------------


def sektorar():
    return Eining.objects.aktive().filter(type=Eining.Type.SEKTOR).select_related("leiar").order_by("path")


@transaction.atomic
def lag_okonomiplan(forste_aar, *, user, fra=None):
    """A new plan; from the previous one (rullering) it takes the rammer for the years they
    share (the new last year starts as a copy of the old last year) and the tiltak still
    ahead, each linked to its previous version. Then the open proposals are fetched."""
    if Okonomiplan.objects.filter(forste_aar=forste_aar).exists():
        raise Budsjettfeil(_("There is already an economic plan starting in %(aar)s.") % {"aar": forste_aar})
    if fra is not None and fra.forste_aar != forste_aar - 1:
        # rullering carries the plan of the period before forward, never back or over a gap
        raise Budsjettfeil(
            _("A plan starting in %(aar)s is rolled from the plan starting in %(forrige)s, not from %(fra)s.")
            % {"aar": forste_aar, "forrige": forste_aar - 1, "fra": fra}
        )
    plan = Okonomiplan(forste_aar=forste_aar, forrige=fra)
    plan._change_reason = grunnkode("Rolled from %(plan)s") % {"plan": fra} if fra else grunnkode("Started")
    plan.save()
    if fra is not None:
        _rull(fra, plan)
    hent_forslag(plan)
    return plan


def kan_forkastast(plan):
    """A draft that was never adopted (nor is being adopted), and no later plan is rolled from."""
    return (
        not plan.er_vedtatt
        and not plan.vedtakingar.exists()
        and not Okonomiplan.objects.filter(forrige=plan).exists()
    )


@transaction.atomic
def forkast(plan, *, user):
    """Discard a draft plan: its rammer, tiltak, verbalpunkt and goal choices go with it (their
    history stays). The handlingsplanar's proposals are untouched and can be fetched again."""
    plan = Okonomiplan.objects.select_for_update().get(pk=plan.pk)
    if not kan_forkastast(plan):
        raise Budsjettfeil(_("Only a draft plan that was never adopted can be discarded."))
    plan._change_reason = grunnkode("Discarded by %(namn)s") % {"namn": user.namn}
    plan.delete()


def _rull(fra, plan):
    aara = set(plan.periode)
    nye = []
    for r in fra.rammer.all():
        if r.aar in aara:
            nye.append(
                Ramme(
                    okonomiplan=plan,
                    eining_id=r.eining_id,
                    aar=r.aar,
                    drift=r.drift,
                    investering=r.investering,
                )
            )
        if r.aar == fra.siste_aar:
            nye.append(
                Ramme(
                    okonomiplan=plan,
                    eining_id=r.eining_id,
                    aar=plan.siste_aar,
                    drift=r.drift,
                    investering=r.investering,
                )
            )
    bulk_create_with_history(nye, Ramme, batch_size=1000, default_change_reason=grunnkode("Rolled"))
    _rull_linjer(fra, plan)

    gamle = list(
        fra.tiltak.exclude(vedtak=BudsjettTiltak.Vedtak.IKKJE_PRIORITERT)
        .filter(effektar__aar__gte=plan.forste_aar)
        .distinct()
        .prefetch_related("maal", "strategiar", "effektar")
    )
    kopiar = [
        BudsjettTiltak(
            okonomiplan=plan,
            tiltak_id=t.tiltak_id,
            type=t.type,
            tittel=t.tittel,
            skildring=t.skildring,
            ansvarleg_eining_id=t.ansvarleg_eining_id,
            prioritet=t.prioritet,
            vedtak=t.vedtak,
            fra_aar=max(t.fra_aar, plan.forste_aar) if t.fra_aar > fra.forste_aar else t.fra_aar,
            forrige=t,
        )
        for t in gamle
    ]
    kopiar = bulk_create_with_history(
        kopiar, BudsjettTiltak, batch_size=1000, default_change_reason=grunnkode("Rolled")
    )
    _kopier_koplingar(list(zip(gamle, kopiar, strict=True)))
    # an effect in the old last year goes on into the new last year, like the rammer
    TiltakEffekt.objects.bulk_create(
        TiltakEffekt(budsjetttiltak=ny, aar=aar, belop=e.belop)
        for gamal, ny in zip(gamle, kopiar, strict=True)
        for e in gamal.effektar.all()
        for aar in ([e.aar] if e.aar in aara else []) + ([plan.siste_aar] if e.aar == fra.siste_aar else [])
    )


def _rull_linjer(fra, plan):
    """The income, finance and financing lines go on like the rammer: the shared years as they
    were, the new last year as a copy of the old last year."""
    aara = set(plan.periode)
    gamle = list(fra.linjer.prefetch_related("belop"))
    nye = bulk_create_with_history(
        [Budsjettlinje(okonomiplan=plan, art=x.art, tittel=x.tittel) for x in gamle],
        Budsjettlinje,
        default_change_reason=grunnkode("Rolled"),
    )
    bulk_create_with_history(
        [
            Linjebelop(linje=ny, aar=aar, belop=b.belop)
            for gamal, ny in zip(gamle, nye, strict=True)
            for b in gamal.belop.all()
            for aar in ([b.aar] if b.aar in aara else [])
            + ([plan.siste_aar] if b.aar == fra.siste_aar else [])
        ],
        Linjebelop,
        batch_size=1000,
        default_change_reason=grunnkode("Rolled"),
    )


def _kopier_koplingar(par):
    """Goal and strategy links from each (source, copy) pair, in two bulk writes."""
    Maal = BudsjettTiltak.maal.through
    Strat = BudsjettTiltak.strategiar.through
    Maal.objects.bulk_create(
        Maal(budsjetttiltak_id=ny.pk, maal_id=m.pk) for kjelde, ny in par for m in kjelde.maal.all()
    )
    Strat.objects.bulk_create(
        Strat(budsjetttiltak_id=ny.pk, strategi_id=st.pk)
        for kjelde, ny in par
        for st in kjelde.strategiar.all()
    )


@transaction.atomic
def hent_forslag(plan):
    """«Alle tiltak blir vurdert»: every open proposal in the handlingsplanar is put on the plan
    for assessment, with its costs in the period as effects. A proposal already there is left alone."""
    if plan.er_vedtatt:
        raise Budsjettfeil(_("The plan is adopted; change it through a budget change."))
    finst = set(plan.tiltak.exclude(tiltak=None).values_list("tiltak_id", flat=True))
    # a proposal already assessed in an earlier plan comes along by rullering, not again from here
    tidlegare = set(
        BudsjettTiltak.objects.exclude(okonomiplan=plan)
        .exclude(tiltak=None)
        .values_list("tiltak_id", flat=True)
    )
    forslag = [
        t
        for t in plan_services.tiltak_til_vurdering(plan.forste_aar, plan.siste_aar).prefetch_related(
            "maal", "strategiar", "kostnader"
        )
        if t.pk not in finst and t.pk not in tidlegare
    ]
    aara = set(plan.periode)
    nye = []
    for t in forslag:
        kostaar = sorted(k.aar for k in t.kostnader.all() if k.aar in aara)
        nye.append(
            BudsjettTiltak(
                okonomiplan=plan,
                tiltak=t,
                tittel=t.tittel,
                skildring=t.skildring,
                ansvarleg_eining_id=t.ansvarleg_eining_id or t.handlingsplan.plan.ansvarleg_eining_id,
                fra_aar=kostaar[0] if kostaar else plan.forste_aar,
            )
        )
    nye = bulk_create_with_history(
        nye, BudsjettTiltak, batch_size=1000, default_change_reason=grunnkode("Proposed in an action plan")
    )
    _kopier_koplingar(list(zip(forslag, nye, strict=True)))
    TiltakEffekt.objects.bulk_create(
        TiltakEffekt(budsjetttiltak=ny, aar=k.aar, belop=k.belop)
        for t, ny in zip(forslag, nye, strict=True)
        for k in t.kostnader.all()
        if k.aar in aara
    )
    return len(nye)


@transaction.atomic
def lagre_status(plan, versjon):
    """The plan's title and status as its form left them, only from the version it was edited
    from (else Konflikt)."""
    return lagre_versjonert(plan, versjon, grunn=grunnkode("Status changed"))


def sjekk_endreleg(plan):
    if plan.er_vedtatt:
        raise Budsjettfeil(_("The plan is adopted; change it through a budget change."))


@transaction.atomic
def lagre_tiltak(bt, effektar, *, versjon=None, maal=None, strategiar=None, grunn=None):
    """Save a tiltak with its effect per year ({year: kroner}); years left out get none. The
    change log says what happened to the effects, and links are only rewritten when changed."""
    nye = {a: v for a, v in effektar.items() if v is not None}
    gamle = dict(bt.effektar.values_list("aar", "belop")) if bt.pk else {}
    endra_effekt = [
        f"{a}: {_kr(gamle.get(a))} → {_kr(nye.get(a))}"
        for a in sorted(set(gamle) | set(nye))
        if gamle.get(a) != nye.get(a)
    ]
    if bt.pk and endra_effekt:
        grunn = grunnkode("%(grunn)s; effect %(endringar)s") % {
            "grunn": grunn or grunnkode("Changed"),
            "endringar": ", ".join(endra_effekt),
        }
    if bt.pk and versjon is not None:
        lagre_versjonert(bt, versjon, grunn=grunn or grunnkode("Changed"))
    else:
        bt._change_reason = grunn or grunnkode("Added")
        bt.save()
    if maal is not None and set(bt.maal.values_list("pk", flat=True)) != {m.pk for m in maal}:
        bt.maal.set(maal)
    if strategiar is not None and set(bt.strategiar.values_list("pk", flat=True)) != {
        x.pk for x in strategiar
    }:
        bt.strategiar.set(strategiar)
    if gamle != nye:
        bt.effektar.exclude(aar__in=list(nye)).delete()
        for aar, belop in nye.items():
            if gamle.get(aar) != belop:
                TiltakEffekt.objects.update_or_create(budsjetttiltak=bt, aar=aar, defaults={"belop": belop})
    return bt


def _kr(belop):
    return "–" if belop is None else f"{belop:,}".replace(",", "\u00a0").replace("-", "\u2212")


@transaction.atomic
def lagre_rammer(plan, verdiar, *, grunn, fjern=()):
    """Rammer from a grid or an import: {(unit id, year): (drift, investering)}; one row per cell,
    updated in place, new ones made in bulk. `fjern`: the (unit id, year) the grid left empty,
    whose stored frames are taken away (with history). Returns how many rows changed."""
    sjekk_endreleg(plan)
    finst = {(r.eining_id, r.aar): r for r in plan.rammer.all()}
    borte = [finst[k] for k in fjern if k in finst]
    for r in borte:  # a handful at a time, typed by hand: each with its own history row
        r._change_reason = grunn
        r.delete()
    nye, endra = [], []
    for (eining_id, aar), (drift, investering) in verdiar.items():
        r = finst.get((eining_id, aar))
        if r is None:
            nye.append(
                Ramme(okonomiplan=plan, eining_id=eining_id, aar=aar, drift=drift, investering=investering)
            )
        elif (r.drift, r.investering) != (drift, investering):
            r.drift, r.investering = drift, investering
            endra.append(r)
    bulk_create_with_history(nye, Ramme, batch_size=1000, default_change_reason=grunn)
    bulk_update_with_history(
        endra, Ramme, ["drift", "investering"], batch_size=1000, default_change_reason=grunn
    )
    return len(nye) + len(endra) + len(borte)


RAMMEKOLONNER = {
    alias: kol
    for kol, aliasar in {
        "eining": ("eining", "einingskode", "enhet", "enhetskode", "unit", "ansvar"),
        "aar": ("aar", "år", "year"),
        "drift": ("drift", "operating"),
        "investering": ("investering", "investment"),
    }.items()
    for alias in aliasar
}


def planlegg_rammeimport(plan, filnamn, innhald, eining=BelopEining.KRONER):
    """Read and check a ledger export; returns ({(unit id, year): (drift, inv)}, errors)."""
    rader = les_fil(filnamn, innhald, RAMMEKOLONNER, paakravd=["eining", "aar", "drift"])
    # the levels the grid shows (sectors and service areas), so every imported frame can be seen there
    einingar = {
        e.kode: e
        for e in Eining.objects.aktive().filter(type__in=[Eining.Type.SEKTOR, Eining.Type.TENESTEOMRAADE])
    }
    verdiar, feil, sett = {}, [], {}
    for r in rader:
        nr = r["rad"]
        e = einingar.get(str(r.get("eining") or "").strip())
        if e is None:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("No active sector or service area has the code «%(kode)s».")
                    % {"kode": r.get("eining")},
                )
            )
            continue
        try:
            aar = int(str(r.get("aar")).strip())
        except ValueError:
            aar = None
        if aar not in plan.periode:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("The year must be one of %(fra)s–%(til)s.")
                    % {"fra": plan.forste_aar, "til": plan.siste_aar},
                )
            )
            continue
        try:
            drift = les_belop(r.get("drift"), eining) or 0
            inv = les_belop(r.get("investering"), eining) or 0
            if not (0 <= drift <= GRENSE and 0 <= inv <= GRENSE):
                raise ValueError
        except ValueError:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("Amounts must be whole kroner, not negative, like 1 234 567.")
                    if eining == BelopEining.KRONER
                    else _(
                        "Amounts in %(eining)s must not be negative and must come to whole kroner, like 3,7."
                    )
                    % {"eining": BelopEining(eining).label},
                )
            )
            continue
        if (e.pk, aar) in sett:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("%(kode)s %(aar)s is also on row %(rad)s.")
                    % {"kode": e.kode, "aar": aar, "rad": sett[(e.pk, aar)]},
                )
            )
            continue
        sett[(e.pk, aar)] = nr
        verdiar[(e.pk, aar)] = (drift, inv)
    return verdiar, feil


@transaction.atomic
def lagre_linjer(plan, versjon, *, endra, nye, fjern, maal_prosent, user):
    """The main overview's own lines from their grid, all or nothing. `endra`: {line id: (title,
    {year: kroner or None})}; `nye`: [(kind, title, {year: kroner})]; `fjern`: line ids. The plan's
    version guards the whole grid: a grid saved from a stale page raises Konflikt."""
    grunn = grunnkode("Budget lines saved by %(namn)s") % {"namn": user.namn}
    sjekk_endreleg(plan)
    plan.maal_driftsresultat = maal_prosent
    lagre_versjonert(plan, versjon, grunn=grunn)  # the plan row is locked from here
    # adoption may have begun between the page and this save: asked again under the lock
    sjekk_endreleg(Okonomiplan.objects.get(pk=plan.pk))
    linjer = {x.pk: x for x in plan.linjer.all()}
    plan.linjer.filter(pk__in=[pk for pk in fjern if pk in linjer]).delete()
    gamle = {(b.linje_id, b.aar): b for b in Linjebelop.objects.filter(linje__okonomiplan=plan)}
    endra_linjer, endra_belop, nye_belop, tomme = [], [], [], []
    for pk, (tittel, belop) in endra.items():
        linje = linjer.get(pk)
        if linje is None or pk in fjern:
            continue
        if linje.tittel != tittel:
            linje.tittel = tittel
            endra_linjer.append(linje)
        for aar, kr in belop.items():
            b = gamle.get((pk, aar))
            if kr is None:
                if b is not None:
                    tomme.append(b.pk)
            elif b is None:
                nye_belop.append(Linjebelop(linje=linje, aar=aar, belop=kr))
            elif b.belop != kr:
                b.belop = kr
                endra_belop.append(b)
    bulk_update_with_history(endra_linjer, Budsjettlinje, ["tittel"], default_change_reason=grunn)
    if nye:
        laga = bulk_create_with_history(
            [Budsjettlinje(okonomiplan=plan, art=art, tittel=tittel) for art, tittel, _b in nye],
            Budsjettlinje,
            default_change_reason=grunn,
        )
        nye_belop += [
            Linjebelop(linje=linje, aar=aar, belop=kr)
            for linje, (_a, _t, belop) in zip(laga, nye, strict=True)
            for aar, kr in belop.items()
            if kr is not None
        ]
    Linjebelop.objects.filter(pk__in=tomme).delete()
    bulk_update_with_history(endra_belop, Linjebelop, ["belop"], default_change_reason=grunn)
    bulk_create_with_history(nye_belop, Linjebelop, batch_size=1000, default_change_reason=grunn)
    return plan


@transaction.atomic
def juster(plan, *, rammer=None, linjer=None, grunn):
    """Add changes to a draft: {sector id: {year: kroner}} to the sectors' own frames, {kind: {year:
    kroner}} to the first line of each kind (a line named for its kind when there is none). For an
    adopted proposal or amendment (the Politikarmodul); the amounts are changes, not totals.
    The plan is locked and its version raised, so a lines grid opened before is a conflict."""
    plan = Okonomiplan.objects.select_for_update().get(pk=plan.pk)
    sjekk_endreleg(plan)
    lagre_endring(plan, grunn)
    finst = {(r.eining_id, r.aar): r for r in plan.rammer.all()}
    verdiar = {}
    for sektor_id, per_aar in (rammer or {}).items():
        for aar, kr in per_aar.items():
            r = finst.get((sektor_id, aar))
            verdiar[(sektor_id, aar)] = ((r.drift if r else 0) + kr, r.investering if r else 0)
    if verdiar:
        lagre_rammer(plan, verdiar, grunn=grunn)
    for art, per_aar in (linjer or {}).items():
        linje = plan.linjer.filter(art=art).order_by("pk").first()
        if linje is None:
            linje = Budsjettlinje(
                okonomiplan=plan, art=art, tittel=str(Budsjettlinje.Art(art).label).capitalize()
            )
            linje._change_reason = grunn
            linje.save()
        for aar, kr in per_aar.items():
            b = linje.belop.filter(aar=aar).first() or Linjebelop(linje=linje, aar=aar, belop=0)
            b.belop += kr
            b._change_reason = grunn
            b.save()


def balanse(plan):
    """Per sector and year: the frame (drift, the sector's own and its units' rammer), the sum of
    prioritised operating tiltak, and the net frame (the frame with the tiltak), which is what the
    main overview counts (`hovudoversikt`). Five queries."""
    sektorliste = list(sektorar())
    steg = {s.path: s for s in sektorliste}
    lengd = len(sektorliste[0].path) if sektorliste else 0

    def sektor(path):
        return steg.get(path[:lengd])

    ramme, tiltak, alle = defaultdict(int), defaultdict(int), defaultdict(int)
    for path, aar, drift in plan.rammer.values_list("eining__path", "aar", "drift"):
        s = sektor(path)
        ramme[(s.pk if s else None, aar)] += drift
    effektar = (
        TiltakEffekt.objects.filter(budsjetttiltak__okonomiplan=plan)
        # investments are the investment budget's; income measures count among the income
        .filter(budsjetttiltak__type=BudsjettTiltak.Type.DRIFT)
        .values_list("budsjetttiltak__ansvarleg_eining__path", "aar", "budsjetttiltak__vedtak")
        .annotate(sum=Sum("belop"))
    )
    for path, aar, vedtak, belop in effektar:
        s = sektor(path)
        nokkel = (s.pk if s else None, aar)
        alle[nokkel] += belop
        if vedtak == BudsjettTiltak.Vedtak.PRIORITERT:
            tiltak[nokkel] += belop
    rader = []
    # rammer or tiltak on units outside every active sector (the kommune itself, a closed
    # sector) get their own row, so the sums hold everything
    utanfor = [aar for aar in plan.periode if ramme[(None, aar)] or alle[(None, aar)]]
    if utanfor:
        sektorliste = [*sektorliste, None]
    for s in sektorliste:
        celler = []
        pk = s.pk if s else None
        for aar in plan.periode:
            r, t = ramme[(pk, aar)], tiltak[(pk, aar)]
            celler.append({"aar": aar, "ramme": r, "tiltak": t, "alle": alle[(pk, aar)], "netto": r + t})
        rader.append({"sektor": s, "celler": celler})
    sum_rad = [
        {
            "aar": aar,
            "ramme": sum(r["celler"][i]["ramme"] for r in rader),
            "tiltak": sum(r["celler"][i]["tiltak"] for r in rader),
            "netto": sum(r["celler"][i]["netto"] for r in rader),
        }
        for i, aar in enumerate(plan.periode)
    ]
    return {"rader": rader, "sum": sum_rad}


@transaction.atomic
def lagre_verbalpunkt(vp, *, versjon=0, maal=None):
    """A verbal resolution as its form left it: a new one entered, a changed one only from the version
    it was edited from (else Konflikt); its goal links with it when given."""
    if vp.pk is None:
        vp._change_reason = grunnkode("Entered")
        vp.save()
    else:
        lagre_versjonert(vp, versjon, grunn=grunnkode("Changed"))
    if maal is not None:
        vp.maal.set(maal)
    return vp


@transaction.atomic
def set_maaloppfolging(plan, eining, *, maal, strategiar, user):
    sjekk_endreleg(plan)
    plan.maaloppfolging.filter(eining=eining).delete()
    bulk_create_with_history(
        [Maaloppfolging(okonomiplan=plan, eining=eining, maal=m) for m in maal]
        + [Maaloppfolging(okonomiplan=plan, eining=eining, strategi=s) for s in strategiar],
        Maaloppfolging,
        default_change_reason=grunnkode("Chosen by %(namn)s") % {"namn": user.namn},
    )


# --- adoption and budget changes ---------------------------------------------------------------


@transaction.atomic
def vedta(plan, *, dato, saksnummer, user):
    """Record the adoption and queue the work; a second call finds the first (no-op)."""
    plan = Okonomiplan.objects.select_for_update().get(pk=plan.pk)
    finst = plan.vedtakingar.filter(endring__isnull=True).first()
    if finst is not None:
        return finst
    oversikt = hovudoversikt.for_plan(plan)
    if not oversikt["i_balanse"]:
        # kommunelova § 14-4: only a plan in balance can be adopted
        raise Ubalanse(oversikt)
    v = Vedtaking.objects.create(okonomiplan=plan, dato=dato, saksnummer=saksnummer, created_by=user)
    _koa(v)
    return v


@transaction.atomic
def registrer_budsjettendring(plan, *, dato, saksnummer, skildring, nye_tiltak, prioriter, avprioriter, user):
    """The one way an adopted plan changes: a recorded change adds tiltak or changes decisions;
    then propagation makes only the difference (new oppdrag, or cancelled ones)."""
    plan = Okonomiplan.objects.select_for_update().get(pk=plan.pk)
    if not plan.er_vedtatt:
        raise Budsjettfeil(
            _("Only an adopted plan is changed through a budget change; edit this one directly.")
        )
    finst = Vedtaking.objects.filter(okonomiplan=plan, endring__saksnummer=saksnummer).first()
    if finst is not None:
        return finst  # the same change sent twice (a double click, a resubmitted form)
    endring = Budsjettendring(
        okonomiplan=plan, dato=dato, saksnummer=saksnummer, skildring=skildring, created_by=user
    )
    endring._change_reason = grunnkode("Registered")
    endring.save()
    grunn = grunnkode("Budget change %(sak)s") % {"sak": saksnummer}
    for d in nye_tiltak:
        effektar = d.pop("effektar")
        maal, strategiar = d.pop("maal"), d.pop("strategiar")
        bt = BudsjettTiltak(okonomiplan=plan, endring=endring, **d)
        lagre_tiltak(bt, effektar, maal=maal, strategiar=strategiar, grunn=grunn)
    for vedtak, pks in (
        (BudsjettTiltak.Vedtak.PRIORITERT, prioriter),
        (BudsjettTiltak.Vedtak.IKKJE_PRIORITERT, avprioriter),
    ):
        for bt in plan.tiltak.select_for_update().filter(pk__in=[t.pk for t in pks]).exclude(vedtak=vedtak):
            bt.vedtak, bt.endring = vedtak, endring
            lagre_endring(bt, grunn)
    v = Vedtaking.objects.create(
        okonomiplan=plan, endring=endring, dato=dato, saksnummer=saksnummer, created_by=user
    )
    _koa(v)
    return v


VEDTAKING_OPPGAVE = "budget.tasks.gjennomfoer_vedtaking"


def _koa(vedtaking):
    # by name: the task calls this module, so this module does not import the task
    return etter_commit(VEDTAKING_OPPGAVE, vedtaking.pk)


def vedtaking_jobb(vedtaking):
    """The job carrying out this adoption or budget change (the newest), or None."""
    return oppgaver.siste(VEDTAKING_OPPGAVE, vedtaking.pk)


_UTAN_JOBB = object()


def vedtaking_tilstand(vedtaking, jobb=_UTAN_JOBB):
    """What the progress page says: «ventar» (queued, not started), «koyrer» (running),
    «ferdig», «feila», or «fast» (stuck: the job's worker stopped beating, nobody took the job,
    or it has waited more than ten minutes)."""
    if vedtaking.status != Vedtaking.Status.VENTAR:
        return vedtaking.status
    if jobb is _UTAN_JOBB:
        jobb = vedtaking_jobb(vedtaking)
    tilstand = jobb.tilstand() if jobb is not None else Vedtaking.Status.VENTAR
    if tilstand == "ferdig":
        tilstand = "fast"  # the job ended without finishing the adoption (a retry will)
    gammal = vedtaking.created_at < klokke.no() - datetime.timedelta(minutes=10)
    if tilstand == Vedtaking.Status.VENTAR and gammal:
        tilstand = "fast"
    return tilstand


def gjennomfoer_vedtaking(pk):
    """Carry out an adoption or budget change in one transaction: the plan's status, the
    handlingsplan tiltak's status, and (through the signal) the oppdrag. A failure leaves
    nothing but the error on the record; a rerun of a finished one does nothing."""
    # what it writes (titles, change reasons) is in the kommune's language, whoever runs it
    with translation.override(settings.LANGUAGE_CODE):
        return _gjennomfoer(pk)


def _gjennomfoer(pk):
    try:
        with transaction.atomic():
            v = Vedtaking.objects.select_for_update().select_related("okonomiplan", "created_by").get(pk=pk)
            if v.status == Vedtaking.Status.FERDIG:
                return v
            plan = v.okonomiplan
            if v.endring_id is None:
                plan.status, plan.vedtatt_dato, plan.saksnummer = (
                    Okonomiplan.Status.VEDTATT,
                    v.dato,
                    v.saksnummer,
                )
                plan.versjon += 1
                plan._change_reason = grunnkode("Adopted: %(sak)s") % {"sak": v.saksnummer}
                plan.save()
            grunn = f"{plan}, {v.saksnummer}"
            tiltak = plan.tiltak.exclude(tiltak=None)
            if v.endring_id:
                # only what the change touched: later plans may have decided the rest since
                tiltak = tiltak.filter(endring=v.endring)
            plan_services.sett_prioritering(
                tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT).values_list("tiltak_id", flat=True),
                tiltak.exclude(vedtak=BudsjettTiltak.Vedtak.PRIORITERT).values_list("tiltak_id", flat=True),
                grunn=grunn,
            )
            # what the receivers make is theirs to show (a panel on the result page)
            okonomiplan_vedteken.send(sender=Okonomiplan, okonomiplan=plan, user=v.created_by, grunn=grunn)
            v.status, v.feil, v.ferdig_at = Vedtaking.Status.FERDIG, "", klokke.no()
            v.save()
            return v
    except (IntegrityError, OperationalError):
        raise  # a racing duplicate or a lost connection: Celery retries, and a rerun is safe
    except Exception as exc:
        log.exception("Adoption %s failed", pk)
        Vedtaking.objects.filter(pk=pk).update(status=Vedtaking.Status.FEILA, feil=str(exc)[:2000])
        return Vedtaking.objects.get(pk=pk)


def kan_provast_igjen(vedtaking, jobb=_UTAN_JOBB):
    """Failed, or stuck (see `vedtaking_tilstand`): the broker lost it, its worker died, or its
    retries ran out."""
    return vedtaking_tilstand(vedtaking, jobb) in (Vedtaking.Status.FEILA, "fast")


@transaction.atomic
def prov_igjen(vedtaking):
    """Queue a failed or stuck adoption again (harmless if it was running after all: the task
    is idempotent and locks the adoption)."""
    jobb = vedtaking_jobb(vedtaking)
    if not kan_provast_igjen(vedtaking, jobb):
        return
    Vedtaking.objects.filter(pk=vedtaking.pk).update(status=Vedtaking.Status.VENTAR, feil="")
    if jobb is not None and jobb.status != jobb.Status.FERDIG:
        oppgaver.prov_igjen(jobb)
    else:
        _koa(vedtaking)


# --- the sekretariat's lists: political bodies and case types -----------------------------------


def _lagre_grunnliste(obj, *, versjon, user):
    """A body or case type as its form left it: a new one created, a changed one only from the
    version it was edited from (else Konflikt). Nothing is deleted; `aktiv` retires one."""
    obj._history_user = user
    if obj.pk is None:
        obj._change_reason = grunnkode("Created")
        obj.save()
        return obj
    return lagre_versjonert(obj, versjon, grunn=grunnkode("Changed"))


@transaction.atomic
def lagre_organ(organ, *, versjon=None, user=None):
    return _lagre_grunnliste(organ, versjon=versjon, user=user)


@transaction.atomic
def lagre_sakstype(sakstype, *, versjon=None, user=None):
    return _lagre_grunnliste(sakstype, versjon=versjon, user=user)


# --- Statistics from SSB (KOSTRA) -----------------------------------------------------------


def forhandsvis_statistikk(filnamn, innhald, *, user):
    """Read an uploaded Statistikkbanken file and keep its rows as a preview (nothing of the
    statistics is stored yet). Raises `ssb.Lesefeil` with the reasons for a bad file."""
    from . import ssb
    from .models import Statistikkimport

    format_, koding, rader = ssb.les(filnamn, innhald)
    return Statistikkimport.objects.create(
        filnamn=filnamn[:255],
        format=format_,
        koding=koding,
        rader=[
            [
                r.tabell,
                r.variabel,
                r.variabel_namn,
                r.region,
                r.region_namn,
                r.aar,
                None if r.verdi is None else str(r.verdi),
                r.status,
            ]
            for r in rader
        ],
        tal_rader=len(rader),
        created_by=user,
    )


def statistikkrader(imp):
    """The preview's rows as `ssb.Rad`s, with exact values again."""
    from decimal import Decimal

    from . import ssb

    return [
        ssb.Rad(t, v, vn, r, rn, a, None if verdi is None else Decimal(verdi), s)
        for t, v, vn, r, rn, a, verdi, s in imp.rader
    ]


@transaction.atomic
def lagre_statistikk(imp, *, koplingar, user):
    """Store a previewed import: every cell inserted or updated (unique per table, variable,
    region and year; the history keeps earlier values), and the new mappings `koplingar`
    {(tabell, variabel): Indikator} made. All or nothing; a second confirm changes nothing."""
    from . import ssb
    from .models import Statistikkimport, Statistikkkopling, Statistikkverdi

    imp = Statistikkimport.objects.select_for_update().get(pk=imp.pk)
    if imp.status == Statistikkimport.Status.LAGRA:
        return imp
    rader = statistikkrader(imp)
    grunn = grunnkode("Imported from %(fil)s") % {"fil": imp.filnamn}
    tabellar = {r.tabell for r in rader}
    finst = {
        (v.tabell, v.variabel, v.region, v.aar): v
        for v in Statistikkverdi.objects.filter(tabell__in=tabellar, variabel__in={r.variabel for r in rader})
    }
    nye, endra = [], []
    for r in rader:
        gammal = finst.get(r.celle)
        if gammal is None:
            nye.append(
                Statistikkverdi(
                    tabell=r.tabell,
                    variabel=r.variabel,
                    variabel_namn=r.variabel_namn[:500],
                    regiontype=ssb.regiontype(r.region),
                    region=r.region[:100],
                    region_namn=r.region_namn[:200],
                    aar=r.aar,
                    verdi=r.verdi,
                    status=r.status[:10],
                    statistikkimport=imp,
                )
            )
        elif (gammal.verdi, gammal.status, gammal.variabel_namn, gammal.region_namn) != (
            r.verdi,
            r.status[:10],
            r.variabel_namn[:500],
            r.region_namn[:200],
        ):
            gammal.verdi, gammal.status = r.verdi, r.status[:10]
            gammal.variabel_namn, gammal.region_namn = r.variabel_namn[:500], r.region_namn[:200]
            gammal.statistikkimport = imp
            endra.append(gammal)
    bulk_create_with_history(nye, Statistikkverdi, default_user=user, default_change_reason=grunn)
    if endra:
        bulk_update_with_history(
            endra,
            Statistikkverdi,
            ["verdi", "status", "variabel_namn", "region_namn", "statistikkimport"],
            default_user=user,
            default_change_reason=grunn,
        )
    har = set(Statistikkkopling.objects.filter(tabell__in=tabellar).values_list("tabell", "variabel"))
    namn = {(r.tabell, r.variabel): r.variabel_namn for r in rader}
    bulk_create_with_history(
        [
            Statistikkkopling(
                tabell=t, variabel=v, variabel_namn=namn.get((t, v), "")[:500], indikator=ind, created_by=user
            )
            for (t, v), ind in koplingar.items()
            if ind is not None and (t, v) not in har
        ],
        Statistikkkopling,
        default_user=user,
        default_change_reason=grunn,
    )
    imp.status = Statistikkimport.Status.LAGRA
    imp.lagra_at = klokke.no()
    imp._change_reason = grunn
    imp.save()
    return imp


# --- indicator targets, nøkkeltal and sjukefråvær (issue 17) --------------------------------


class Ugyldig(Exception):
    """Input the service refuses, with a message for the user (nothing is saved). `feil`:
    messages per cell key."""

    def __init__(self, melding, feil=None):
        super().__init__(str(melding))
        self.melding = melding
        self.feil = feil or {}


class Cellekonflikt(Exception):
    """Cells someone else saved since the form was built, with a different value: nothing is
    saved. `celler`: {key: (their value, the current version)}."""

    def __init__(self, celler):
        super().__init__("stale cells")
        self.celler = celler


def _lagre_celler(model, finst, celler, *, lag, felt, user, grunn):
    """The one way a grid is saved: `celler` {key: (values tuple or None to empty, version the
    form was built from)}; `finst` {key: locked row}. A cell whose value already is what was
    sent is left alone (so a double submit stores once); a cell changed since the form was built
    is a conflict, and then nothing is saved. Returns how many cells changed."""
    konfliktar, nye, endra, tomme = {}, [], [], []
    for key, (verdiar, sendt) in celler.items():
        rad = finst.get(key)
        no = tuple(getattr(rad, f) for f in felt) if rad else None
        if verdiar == no:
            continue
        if sendt != (rad.versjon if rad else 0):
            konfliktar[key] = (no, rad.versjon if rad else 0)
            continue
        if verdiar is None:
            tomme.append(rad)
        elif rad is None:
            nye.append(lag(key, verdiar))
        else:
            for f, v in zip(felt, verdiar, strict=True):
                setattr(rad, f, v)
            rad.versjon += 1
            endra.append(rad)
    if konfliktar:
        raise Cellekonflikt(konfliktar)
    if nye:
        bulk_create_with_history(nye, model, default_user=user, default_change_reason=grunn)
    if endra:
        bulk_update_with_history(
            endra, model, [*felt, "versjon"], default_user=user, default_change_reason=grunn
        )
    for rad in tomme:
        rad._history_user, rad._change_reason = user, grunn
        rad.delete()
    return len(nye) + len(endra) + len(tomme)


def _laas_open_plan(plan):
    plan = Okonomiplan.objects.select_for_update().get(pk=plan.pk)
    if plan.er_vedtatt:
        raise Ugyldig(_("The economic plan is adopted; its targets and planned key figures are locked."))
    return plan


@transaction.atomic
def lagre_indikatormaal(plan, sektor, celler, *, user):
    """The sector's targets in the økonomiplan: `celler` {(indikator id, year): (Decimal or
    None, version the form was built from)}. Every value is checked by its indicator's `valider`;
    an error, a conflict or an adopted plan saves nothing."""
    from . import indikatormaal as im

    plan = _laas_open_plan(plan)
    indikatorar = {i.pk: i for i in im.indikatorar_for(plan, sektor)}
    feil = {}
    for (ind, aar), (verdi, _v) in celler.items():
        if ind not in indikatorar or aar not in plan.periode:
            raise Ugyldig(_("The form does not match the plan. Open the page again."))
        if verdi is not None:
            try:
                indikatorar[ind].valider(verdi)
            except ValidationError as exc:
                feil[(ind, aar)] = exc.messages[0]
    if feil:
        raise Ugyldig(_("Nothing was saved. Correct the marked targets."), feil)
    finst = {
        (r.indikator_id, r.aar): r
        for r in Indikatormaal.objects.select_for_update().filter(okonomiplan=plan, sektor=sektor)
    }
    return _lagre_celler(
        Indikatormaal,
        finst,
        {k: ((v,) if v is not None else None, s) for k, (v, s) in celler.items()},
        lag=lambda k, v: Indikatormaal(
            okonomiplan=plan, sektor=sektor, indikator_id=k[0], aar=k[1], verdi=v[0]
        ),
        felt=["verdi"],
        user=user,
        grunn=grunnkode("Targets entered by %(namn)s") % {"namn": user.namn},
    )


@transaction.atomic
def legg_til_sektorindikator(plan, sektor, indikator, *, user):
    """Take an indicator from the register into the sector's targets (once; again is a no-op)."""
    plan = _laas_open_plan(plan)
    rad, ny = Sektorindikator.objects.get_or_create(okonomiplan=plan, sektor=sektor, indikator=indikator)
    return ny


@transaction.atomic
def lagre_nokkeltalplan(plan, sektor, celler, *, user):
    """Planned nøkkeltal of the units in a sector: `celler` {(type id, unit id, year): (Decimal
    or None, version)}. All or nothing, like the targets."""
    from . import nokkeltal as nt

    plan = _laas_open_plan(plan)
    rader = nt.planrader(plan, sektor)
    typar = {t.pk: t for t, _e, _c in rader}
    lovlege = {(t.pk, e.pk) for t, e, _c in rader}
    feil = {}
    for (t, e, aar), (verdi, _v) in celler.items():
        if (t, e) not in lovlege or aar not in plan.periode:
            raise Ugyldig(_("The form does not match the plan. Open the page again."))
        if verdi is not None:
            try:
                typar[t].valider(verdi)
            except ValidationError as exc:
                feil[(t, e, aar)] = exc.messages[0]
    if feil:
        raise Ugyldig(_("Nothing was saved. Correct the marked figures."), feil)
    finst = {
        (r.type_id, r.eining_id, r.aar): r
        for r in Nokkeltalplan.objects.select_for_update().filter(
            okonomiplan=plan, eining_id__in={e for _t, e in lovlege}
        )
    }
    return _lagre_celler(
        Nokkeltalplan,
        finst,
        {k: ((v,) if v is not None else None, s) for k, (v, s) in celler.items()},
        lag=lambda k, v: Nokkeltalplan(okonomiplan=plan, type_id=k[0], eining_id=k[1], aar=k[2], verdi=v[0]),
        felt=["verdi"],
        user=user,
        grunn=grunnkode("Planned key figures entered by %(namn)s") % {"namn": user.namn},
    )


@transaction.atomic
def lagre_nokkeltalverdiar(eining, aar, celler, *, user):
    """A unit's actual nøkkeltal for a year: `celler` {type id: ((Decimal, comment) or None,
    version)}. A comment needs a value. All or nothing."""
    from . import nokkeltal as nt

    typar = {t.pk: t for t in nt.typar_for(eining)}
    feil = {}
    for t, (verdiar, _v) in celler.items():
        if t not in typar:
            raise Ugyldig(_("The form does not match the unit. Open the page again."))
        if verdiar is None:
            continue
        verdi, kommentar = verdiar
        if verdi is None:
            feil[t] = _("A comment needs a value.")
            continue
        try:
            typar[t].valider(verdi)
        except ValidationError as exc:
            feil[t] = exc.messages[0]
    if feil:
        raise Ugyldig(_("Nothing was saved. Correct the marked figures."), feil)
    finst = {r.type_id: r for r in Nokkeltalverdi.objects.select_for_update().filter(eining=eining, aar=aar)}
    return _lagre_celler(
        Nokkeltalverdi,
        finst,
        celler,
        lag=lambda k, v: Nokkeltalverdi(type_id=k, eining=eining, aar=aar, verdi=v[0], kommentar=v[1]),
        felt=["verdi", "kommentar"],
        user=user,
        grunn=grunnkode("Reported by %(namn)s") % {"namn": user.namn},
    )


@transaction.atomic
def importer_sjukefravaer(rader, *, user, filnamn):
    """Store checked rows: a unit's month from an earlier file is replaced. The rows are checked
    again (a unit may have been closed since the preview); any error saves nothing."""
    from . import sjukefravaer as sf

    rader, feil = sf.sjekk_rader(filnamn, rader)
    if feil:
        raise Ugyldig(_("The file no longer fits the organisation. Nothing was imported."), feil)
    finst = {
        (r.eining_id, r.aar, r.maanad): r
        for r in Sjukefravaer.objects.select_for_update().filter(
            eining_id__in={r["eining"] for r in rader}, aar__in={r["aar"] for r in rader}
        )
    }
    grunn = grunnkode("Imported from %(fil)s") % {"fil": filnamn}
    nye, endra = [], []
    for r in rader:
        prosent, tilsette = Decimal(r["prosent"]), r["tilsette"]
        gamal = finst.get((r["eining"], r["aar"], r["maanad"]))
        if gamal is None:
            nye.append(
                Sjukefravaer(
                    eining_id=r["eining"],
                    aar=r["aar"],
                    maanad=r["maanad"],
                    prosent=prosent,
                    tilsette=tilsette,
                )
            )
        elif (gamal.prosent, gamal.tilsette) != (prosent, tilsette):
            gamal.prosent, gamal.tilsette, gamal.importert_at = prosent, tilsette, klokke.no()
            endra.append(gamal)
    if nye:
        bulk_create_with_history(
            nye, Sjukefravaer, batch_size=1000, default_user=user, default_change_reason=grunn
        )
    if endra:
        bulk_update_with_history(
            endra,
            Sjukefravaer,
            ["prosent", "tilsette", "importert_at"],
            batch_size=1000,
            default_user=user,
            default_change_reason=grunn,
        )
    return len(nye), len(endra)


def lagre_nokkeltalstype(typ, versjon, *, user):
    """Save a kind of nøkkeltal from its form; a newer version saved meanwhile is a Konflikt."""
    typ._history_user = user
    if typ.pk is None:
        typ._change_reason = grunnkode("Created")
        typ.save()
        return typ
    return lagre_versjonert(typ, versjon, grunn=grunnkode("Changed by %(namn)s") % {"namn": user.namn})
