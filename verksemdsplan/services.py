"""Writes to oppdrag: propagation from political decisions, delegation, status."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from guardian.shortcuts import assign_perm, remove_perm

from alver.lib import klokke, tre
from alver.lib.dato import kort, lang
from alver.lib.historikk import (
    bulk_create_med_historikk_i_sql,
    bulk_create_with_history,
    bulk_update_with_history,
    grunnkode,
)
from alver.lib.kroner import vis_kroner
from alver.lib.samtidig import Konflikt, lagre_endring, lagre_versjonert
from alver.lib.sortering import norsk
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from alver.services import Varsling, varsle, varsle_mange
from budget.models import BudsjettTiltak, Maaloppfolging, Okonomiplan, Vedtak, Vedtakspunkt, Verbalpunkt
from plans.models import Maal, Strategi

from .models import Kategori, Leiarskifte, Milepael, Oppdrag, PrioritertIndikator, Tema, Verksemdsplan


class Oppdragsfeil(Exception):
    """The change cannot be made; the message says why in the user's language (and which
    form field it belongs to, when one does)."""

    def __init__(self, melding, felt=None):
        super().__init__(melding)
        self.felt = felt


def verksemdsplan_for(eining, aar):
    return Verksemdsplan.objects.get_or_create(eining=eining, aar=aar)[0]


def maal_for_plan(eining, aar, oppdrag):
    """What a unit's verksemdsplan follows up: (the goals and the strategies its `oppdrag` are
    linked to, the goals and strategies the newest adopted økonomiplan covering the year gives
    its sector or a unit above it). Three queries."""
    maal = (
        Maal.objects.filter(pk__in=Oppdrag.maal.through.objects.filter(oppdrag__in=oppdrag).values("maal_id"))
        .distinct()
        .select_related("plan")
        .order_by("plan__tittel", "rekkjefolgje", "pk")
    )
    strategiar = (
        Strategi.objects.filter(
            pk__in=Oppdrag.strategiar.through.objects.filter(oppdrag__in=oppdrag).values("strategi_id")
        )
        .select_related("maal", "plan")
        .order_by("maal", "pk")
    )
    fra_okonomiplan = list(
        Maaloppfolging.objects.filter(
            eining__path__in=tre.over(eining, med_seg=True),
            okonomiplan__forste_aar__lte=aar,
            okonomiplan__forste_aar__gt=aar - Okonomiplan.AAR,
            okonomiplan__status=Okonomiplan.Status.VEDTATT,
        )
        .select_related("maal__plan", "strategi__maal", "strategi__plan", "okonomiplan", "eining")
        .order_by("-okonomiplan__forste_aar", "pk")
    )
    # only the newest adopted plan covering the year speaks (a later rullering replaces the earlier)
    if fra_okonomiplan:
        fra_okonomiplan = [
            o for o in fra_okonomiplan if o.okonomiplan_id == fra_okonomiplan[0].okonomiplan_id
        ]
    return list(maal), list(strategiar), fra_okonomiplan


def merk_ferdig(eining, aar):
    """Mark the unit's verksemdsplan for the year done, or not done again."""
    plan = verksemdsplan_for(eining, aar)
    plan.ferdig_at = None if plan.ferdig_at else klokke.no()
    plan._change_reason = grunnkode("Marked done") if plan.ferdig_at else grunnkode("Marked not done")
    plan.save()
    return plan


# --- notifications (`alver.services.varsle`) ---------------------------------------------------
# Made in the transaction of the change they tell about (rolled back with it); their mail goes
# after the commit, so a mail server that is down never fails the change. The person who made
# the change is never notified of it.


def _varsle(oppdrag, user=None):
    """The new owner hears of the oppdrag given or delegated to them («nytt_oppdrag»)."""
    if oppdrag.owner_id and oppdrag.owner_id != getattr(user, "pk", None):
        varsle(oppdrag.owner, "nytt_oppdrag", oppdrag, oppdrag.get_absolute_url(), tekst=_nytt)


def _nytt(o):
    return _("New assignment: %(t)s") % {"t": o.tittel}


def _varsle_nye(nye, tekst, user=None):
    """Many oppdrag made at once (a meeting's decisions, an adopted budget): one notification per
    owner, however many oppdrag they got; with more than one it says how many (`tekst`, an
    ngettext of `n`) and links to the oppdrag list filtered to their own."""
    per_eigar = {}
    for o in nye:
        if o.owner_id and o.owner_id != getattr(user, "pk", None):
            per_eigar.setdefault(o.owner_id, []).append(o)
    if not per_eigar:
        return []
    eigarar = User.objects.in_bulk(per_eigar)
    varslingar = []
    for pk, oppdrag in per_eigar.items():
        if len(oppdrag) == 1:
            o = oppdrag[0]
            varslingar.append(Varsling(eigarar[pk], "nytt_oppdrag", o, o.get_absolute_url(), tekst=_nytt))
            continue
        url = reverse("verksemdsplan:oppdrag_liste") + "?eigar=meg"
        if len(aar := {o.aar for o in oppdrag}) == 1:
            url += f"&aar={aar.pop()}"
        n = len(oppdrag)
        varslingar.append(Varsling(eigarar[pk], "nytt_oppdrag", None, url, tekst=lambda _o, n=n: tekst(n)))
    return varsle_mange(varslingar)


def _nye_fraa_saker(n):
    return ngettext(
        "%(n)s new assignment from political decisions", "%(n)s new assignments from political decisions", n
    ) % {"n": n}


def _nye_fraa_budsjett(n):
    return ngettext(
        "%(n)s new assignment from the adopted budget", "%(n)s new assignments from the adopted budget", n
    ) % {"n": n}


def _varsle_status(oppdrag, gammal_status, user):
    """A new status: the owner and the one who delegated it (the parent's owner) hear of it,
    unless they set it themselves («status_endra»)."""
    mottakarar = {oppdrag.owner_id, oppdrag.parent.owner_id if oppdrag.parent_id else None}
    mottakarar -= {None, getattr(user, "pk", None)}
    if not mottakarar:
        return

    gammal = Oppdrag.Status(gammal_status).label  # lazy: written in each recipient's language

    def tekst(o):
        verdiar = {"tittel": o.tittel, "status": o.get_status_display(), "gammal": gammal}
        if user is None:
            return _("The status of «%(tittel)s» changed from «%(gammal)s» to «%(status)s».") % verdiar
        return _("%(namn)s changed the status of «%(tittel)s» from «%(gammal)s» to «%(status)s».") % {
            **verdiar,
            "namn": user.namn,
        }

    for u in User.objects.filter(pk__in=mottakarar).order_by("pk"):
        varsle(u, "status_endra", oppdrag, oppdrag.get_absolute_url(), tekst=tekst)


def _fraa_sak(v, p=None):
    """What an oppdrag takes from a case (or one of its points). An exempt or closed case gives
    its public title only: the full text stays on the decision, where access is checked."""
    sektor = p.ansvarleg_sektor if p else v.ansvarleg_sektor
    if v.skjerming:
        tittel, skildring = v.offentleg_tittel, ""
    elif p:
        tittel, skildring = f"{v.tittel} – {_('point')} {p.nummer}", p.tekst
    else:
        tittel, skildring = v.tittel, v.tekst
    return {
        "tittel": tittel[:500],
        "skildring": skildring,
        "eining": sektor,
        "frist": (p.frist if p and p.frist else v.frist),
        "unnateke": bool(v.skjerming),
        "heimel": v.heimel if v.skjerming else "",
    }


@transaction.atomic
def lag_oppdrag_fra_saker(vedtak, *, user=None, opne_igjen=False):
    """The oppdrag of cases that give work, in bulk: one per case, or one per numbered point
    when it has points, owned by the leader of the responsible sector. Only what is missing is
    made (a rerun, a sector set later, new points). `opne_igjen`: the case was switched on
    again, so an oppdrag cancelled or flagged when it was switched off opens again. A case that
    now has points lets its own oppdrag go (the points carry the work). Returns the oppdrag made."""
    vedtak = [v for v in vedtak if v.gir_oppdrag and not v.trekt_at and not v.feilregistrert_at]
    if not vedtak:
        return []
    punkt = {}
    for p in Vedtakspunkt.objects.gjeldande().filter(vedtak__in=vedtak).prefetch_related("maal"):
        punkt.setdefault(p.vedtak_id, []).append(p)
    finst = {
        (o.kjelde_vedtak_id, o.kjelde_vedtakspunkt_id, o.aar): o
        for o in Oppdrag.objects.select_for_update().filter(kjelde_vedtak__in=vedtak, parent__isnull=True)
    }
    rader, opna, erstatta = [], [], []
    for v in vedtak:
        for p in punkt.get(v.pk) or [None]:
            if p is None and not v.ansvarleg_sektor_id:
                continue
            o = finst.get((v.pk, p.pk if p else None, v.aar))
            if o is None:
                rader.append((v, p, _fraa_sak(v, p)))
            elif opne_igjen and (o.kjelde_merknad or o.status == Oppdrag.Status.AVBROTE):
                opna.append(o)
        if punkt.get(v.pk) and (o := finst.get((v.pk, None, v.aar))):
            erstatta.append(o.pk)
    if erstatta:
        gir_ikkje_oppdrag(
            Oppdrag.objects.filter(pk__in=erstatta), _("The decision's points now carry the assignments")
        )
    einingar = {f["eining"].pk: f["eining"] for _v, _p, f in rader}
    leiarar = dict(Eining.objects.filter(pk__in=einingar).values_list("pk", "leiar_id"))
    planar = {}
    for aar in {v.aar for v, _p, _f in rader}:
        planar |= {(e, aar): vp for e, vp in _verksemdsplanar(einingar, aar).items()}
    kategori = {
        k.kode: k for k in Kategori.objects.filter(kode__in=["politisk_vedtak", "tilleggsbestilling"])
    }
    tema = Tema.objects.filter(kode=Kategori.STANDARD_TEMA["politisk_vedtak"]).first()
    nye = bulk_create_with_history(
        [
            Oppdrag(
                verksemdsplan=planar[(f["eining"].pk, v.aar)],
                aar=v.aar,
                kategori=kategori[
                    "tilleggsbestilling" if v.type == "tilleggsbestilling" else "politisk_vedtak"
                ],
                owner_id=leiarar[f["eining"].pk],
                kjelde_vedtak=v,
                kjelde_vedtakspunkt=p,
                tema=tema,
                **f,
            )
            for v, p, f in rader
        ],
        Oppdrag,
        batch_size=1000,
        default_change_reason=grunnkode("Made from a political decision"),
    )
    if nye:
        maal, strategiar = {}, {}
        for vid, mid in Vedtak.maal.through.objects.filter(vedtak__in=vedtak).values_list(
            "vedtak_id", "maal_id"
        ):
            maal.setdefault(vid, set()).add(mid)
        for vid, sid in Vedtak.strategiar.through.objects.filter(vedtak__in=vedtak).values_list(
            "vedtak_id", "strategi_id"
        ):
            strategiar.setdefault(vid, set()).add(sid)
        Oppdrag.maal.through.objects.bulk_create(
            Oppdrag.maal.through(oppdrag_id=o.pk, maal_id=m)
            for o, (v, p, _f) in zip(nye, rader, strict=True)
            for m in maal.get(v.pk, set()) | {m.pk for m in (p.maal.all() if p else ())}
        )
        Oppdrag.strategiar.through.objects.bulk_create(
            Oppdrag.strategiar.through(oppdrag_id=o.pk, strategi_id=st)
            for o, (v, _p, _f) in zip(nye, rader, strict=True)
            for st in strategiar.get(v.pk, ())
        )
    for o in opna:
        if o.status == Oppdrag.Status.AVBROTE:
            o.status, o.status_kommentar = Oppdrag.Status.IKKJE_STARTA, ""
        o.kjelde_merknad = ""
        lagre_endring(o, _("The case gives assignments again"))
    # one notification per new owner, however many oppdrag the meeting gave them
    _varsle_nye(nye, _nye_fraa_saker, user)
    return nye


@transaction.atomic
def oppdater_fra_vedtak(vedtak):
    """A corrected case: its oppdrag follow the title, text and deadline (points keep theirs)."""
    for o in (
        Oppdrag.objects.select_for_update(of=("self",))
        .filter(kjelde_vedtak=vedtak, parent__isnull=True)
        .select_related("kjelde_vedtakspunkt")
    ):
        felt = _fraa_sak(vedtak, o.kjelde_vedtakspunkt)
        o.tittel, o.skildring, o.unnateke, o.heimel = (
            felt["tittel"],
            felt["skildring"],
            felt["unnateke"],
            felt["heimel"],
        )
        if felt["frist"]:
            o.frist = felt["frist"]
        lagre_endring(o, _("Decision %(sak)s changed") % {"sak": vedtak.saksnummer})


@transaction.atomic
def avbryt_fra_vedtak(vedtak, grunn):
    aarsak = _("Decision %(sak)s withdrawn") % {"sak": vedtak.saksnummer}
    for o in Oppdrag.objects.select_for_update().filter(kjelde_vedtak=vedtak).opne():
        o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, grunn
        lagre_endring(o, aarsak)
        for barn in o.born.select_for_update().aktive().opne():
            barn.status, barn.status_kommentar = Oppdrag.Status.AVBROTE, grunn
            lagre_endring(barn, aarsak)


@transaction.atomic
def gir_ikkje_oppdrag(oppdrag_qs, grunn):
    """The source no longer gives work (switched off, entered by mistake, a point removed). An
    oppdrag nobody has started on (no delegation, nothing reported) is cancelled; one with work
    behind it is flagged for its owner, who decides. Returns (cancelled, flagged)."""
    avbrote, flagga = [], []
    for o in (
        oppdrag_qs.select_for_update(of=("self",))
        .filter(parent__isnull=True)
        .opne()
        .annotate(delegert=Exists(Oppdrag.objects.filter(parent=OuterRef("pk"))))
    ):
        if o.delegert or o.rapportert_at:
            o.kjelde_merknad = grunnkode("%(grunn)s. Work has begun on it, so it was not cancelled") % {
                "grunn": grunn
            }
            flagga.append(o)
        else:
            o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, grunn
            avbrote.append(o)
        lagre_endring(o, grunn)
    return avbrote, flagga


@transaction.atomic
def lag_oppdrag(*, eining, aar, user, maal=(), strategiar=(), **felt):
    """An oppdrag given by hand (administrativt, or from a plan's tiltak), owned like the
    propagated ones by the leader of the unit; no leader → no owner, listed for the kommunedirektør."""
    if not felt.get("tema") and felt.get("kategori"):
        felt["tema"] = Tema.objects.filter(kode=Kategori.STANDARD_TEMA.get(felt["kategori"].kode)).first()
    o = Oppdrag(
        verksemdsplan=verksemdsplan_for(eining, aar), aar=aar, eining=eining, owner=eining.leiar, **felt
    )
    o._change_reason = grunnkode("Given by %(namn)s") % {"namn": user.namn}
    o.save()
    o.maal.set(maal)
    o.strategiar.set(strategiar)
    _varsle(o, user)
    return o


def _verksemdsplanar(einingar, aar):
    """The verksemdsplan of each unit for the year, made in bulk where missing: {unit id: plan}."""
    finst = {v.eining_id: v for v in Verksemdsplan.objects.filter(eining__in=einingar, aar=aar)}
    nye = [Verksemdsplan(eining_id=e, aar=aar) for e in set(einingar) - set(finst)]
    if nye:
        bulk_create_with_history(nye, Verksemdsplan, batch_size=1000)
        finst = {v.eining_id: v for v in Verksemdsplan.objects.filter(eining__in=einingar, aar=aar)}
    return finst


def kva_blir_laga(plan):
    """What adopting the plan now would make: the prioritised tiltak starting in the budget year
    and the verbalpunkt, each not yet an oppdrag (a rolled tiltak whose earlier version has one
    keeps that). The confirmation page lists exactly these, and adoption makes exactly these."""
    toppnivaa = Oppdrag.objects.filter(parent__isnull=True)
    tiltak = (
        plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT, fra_aar=plan.forste_aar)
        .exclude(type=BudsjettTiltak.Type.INNTEKT)  # income lines are no work for anyone
        .filter(~Exists(toppnivaa.filter(kjelde_tiltak=OuterRef("pk"))))
        .filter(~Exists(Oppdrag.objects.filter(kjelde_tiltak=OuterRef("forrige"))))
        .select_related("ansvarleg_eining__leiar")
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )
    verbalpunkt = (
        plan.verbalpunkt.filter(status=Verbalpunkt.Status.VEDTEKE)  # a proposal not adopted is no work
        .filter(~Exists(toppnivaa.filter(kjelde_verbalpunkt=OuterRef("pk"))))
        .select_related("ansvarleg_sektor__leiar")
        .order_by("sortering")
    )
    return tiltak, verbalpunkt


def _tiltak_endringar(gammal, ny):
    """What changed in a tiltak between two plans, in words for the oppdrag's history."""
    endra = []
    if gammal.tittel != ny.tittel:
        endra.append(grunnkode("title «%(fra)s» → «%(til)s»") % {"fra": gammal.tittel, "til": ny.tittel})
    if gammal.skildring != ny.skildring:
        endra.append(grunnkode("description changed"))
    fra = {e.aar: e.belop for e in gammal.effektar.all()}
    for e in ny.effektar.all():
        if e.aar in fra and fra[e.aar] != e.belop:
            endra.append(
                grunnkode("%(aar)s: %(fra)s → %(til)s kr")
                % {"aar": e.aar, "fra": vis_kroner(fra[e.aar]), "til": vis_kroner(e.belop)}
            )
    return endra


@transaction.atomic
def folg_rullerte_tiltak(plan):
    """A tiltak rolled into `plan` keeps the oppdrag its earlier version has: the oppdrag moves
    to the new version (never a second oppdrag), and changed wording or amounts go into its
    history. An open oppdrag whose tiltak the new plan dropped (not rolled, or no longer
    prioritised) is flagged for its owner, who decides whether to finish or cancel it.
    Idempotent: what has moved is not found again."""
    if not plan.forrige_id:
        return
    oppdrag = {
        o.kjelde_tiltak_id: o
        for o in Oppdrag.objects.select_for_update(of=("self",)).filter(
            parent__isnull=True, kjelde_tiltak__okonomiplan=plan.forrige_id
        )
    }
    if not oppdrag:
        return
    nye = (
        plan.tiltak.filter(forrige__in=list(oppdrag), vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
        .select_related("forrige")
        .prefetch_related("effektar", "forrige__effektar")
    )
    for t in nye:
        o = oppdrag.pop(t.forrige_id)
        endringar = _tiltak_endringar(t.forrige, t)
        if o.tittel == t.forrige.tittel:
            o.tittel = t.tittel
        if o.skildring == t.forrige.skildring:
            o.skildring = t.skildring
        o.kjelde_tiltak = t
        # the year-end deadline adoption gave it runs on with the tiltak; one a leader set stays
        slutt = datetime.date(plan.forste_aar - 1, 12, 31)
        if o.frist == slutt and o.status not in (Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE):
            o.frist = datetime.date(plan.forste_aar, 12, 31)
            endringar.append(grunnkode("deadline %(frist)s") % {"frist": kort(o.frist)})
        if endringar:
            aarsak = grunnkode("The measure was rolled into %(plan)s: %(endringar)s") % {
                "plan": plan,
                "endringar": endringar,
            }
        else:
            aarsak = grunnkode("The measure was rolled into %(plan)s") % {"plan": plan}
        lagre_endring(o, aarsak)
    # what is left was dropped: its open oppdrag wait for their owner's decision
    for o in oppdrag.values():
        if o.status in (Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE) or o.kjelde_merknad:
            continue
        o.kjelde_merknad = grunnkode("The measure is not prioritised in %(plan)s") % {"plan": plan}
        lagre_endring(o, o.kjelde_merknad)


def _koplingar(m2m, kjelder):
    """{source key: [target keys]} of the many-to-many field `m2m` (a model's descriptor) for
    the rows of the queryset `kjelder`, in one query and with no model objects."""
    felt = m2m.field
    ut = defaultdict(list)
    for kjelde, maal in (
        felt.remote_field.through.objects.filter(**{f"{felt.m2m_field_name()}__in": kjelder.values("pk")})
        .order_by("pk")
        .values_list(felt.m2m_column_name(), felt.m2m_reverse_name())
    ):
        ut[kjelde].append(maal)
    return ut


@transaction.atomic
def lag_oppdrag_fra_okonomiplan(plan, *, grunn):
    """One oppdrag for the budget year per prioritised tiltak starting that year and per
    verbalpunkt, in bulk; only what is not an oppdrag yet is made (the database constraints
    guard a race), so adoption, a retry and a budget change all make just the difference.
    A tiltak no longer prioritised has its oppdrag cancelled. Returns how many were made or
    opened again (for its callers; the signal's sender never sees it)."""
    aar = plan.forste_aar
    folg_rullerte_tiltak(plan)
    tiltak_qs, verbalpunkt_qs = kva_blir_laga(plan)
    # the sources as plain rows and their units once each: 5,000 tiltak as model objects, each
    # with its own copy of its unit and leader, cost more than the oppdrag made from them
    tiltak = list(
        tiltak_qs.select_related(None).values_list(
            "pk", "tittel", "skildring", "ansvarleg_eining_id", named=True
        )
    )
    verbalpunkt = list(verbalpunkt_qs.select_related(None))  # a few hundred; the title is a property
    einingar = Eining.objects.in_bulk(
        {t.ansvarleg_eining_id for t in tiltak} | {v.ansvarleg_sektor_id for v in verbalpunkt}
    )
    # the goal and strategy links as pairs of keys: thousands of goal objects would cost more
    # than the oppdrag themselves
    tiltak_maal = _koplingar(BudsjettTiltak.maal, tiltak_qs)
    tiltak_strategiar = _koplingar(BudsjettTiltak.strategiar, tiltak_qs)
    verbal_maal = _koplingar(Verbalpunkt.maal, verbalpunkt_qs)
    kategori = {k.kode: k for k in Kategori.objects.filter(kode__in=["plantiltak", "verbalpunkt"])}
    tema = {t.kode: t for t in Tema.objects.filter(kode__in=["okonomiske", "strategiske"])}
    planar = _verksemdsplanar(set(einingar), aar)
    frist = datetime.date(aar, 12, 31)
    nye = [
        Oppdrag(
            verksemdsplan=planar[t.ansvarleg_eining_id],
            aar=aar,
            tittel=t.tittel,
            skildring=t.skildring,
            kategori=kategori["plantiltak"],
            eining_id=t.ansvarleg_eining_id,
            owner_id=einingar[t.ansvarleg_eining_id].leiar_id,
            frist=frist,
            tema=tema.get("okonomiske"),
            kjelde_tiltak_id=t.pk,
        )
        for t in tiltak
    ] + [
        Oppdrag(
            verksemdsplan=planar[v.ansvarleg_sektor_id],
            aar=aar,
            tittel=_("Verbal resolution %(nr)s: %(tittel)s") % {"nr": v.nummer, "tittel": v.tittel},
            skildring=v.tekst,
            kategori=kategori["verbalpunkt"],
            eining_id=v.ansvarleg_sektor_id,
            owner_id=einingar[v.ansvarleg_sektor_id].leiar_id,
            frist=frist,
            tema=tema.get("strategiske"),
            kjelde_verbalpunkt_id=v.pk,
        )
        for v in verbalpunkt
    ]
    nye = bulk_create_med_historikk_i_sql(nye, Oppdrag, grunn=grunn)
    maal_av = [tiltak_maal[t.pk] for t in tiltak] + [verbal_maal[v.pk] for v in verbalpunkt]
    Oppdrag.maal.through.objects.bulk_create(
        (
            Oppdrag.maal.through(oppdrag_id=o.pk, maal_id=m)
            for o, maal in zip(nye, maal_av, strict=True)
            for m in maal
        ),
        batch_size=2000,
    )
    Oppdrag.strategiar.through.objects.bulk_create(
        (
            Oppdrag.strategiar.through(oppdrag_id=o.pk, strategi_id=st)
            for o, t in zip(nye, tiltak, strict=False)
            for st in tiltak_strategiar[t.pk]
        ),
        batch_size=2000,
    )
    # a tiltak prioritised again: its cancelled oppdrag is opened again (not made twice)
    gjenopna = 0
    for o in Oppdrag.objects.select_for_update(of=("self",)).filter(
        kjelde_tiltak__okonomiplan=plan,
        kjelde_tiltak__vedtak="prioritert",
        parent__isnull=True,
        status=Oppdrag.Status.AVBROTE,
    ):
        o.status, o.status_kommentar = Oppdrag.Status.IKKJE_STARTA, ""
        lagre_endring(o, grunn)
        gjenopna += 1
    # a tiltak no longer prioritised: its oppdrag, and the tasks delegated from it, are cancelled
    for o in (
        Oppdrag.objects.select_for_update(of=("self",))
        .filter(kjelde_tiltak__okonomiplan=plan)
        .exclude(kjelde_tiltak__vedtak="prioritert")
        .aktive()
        .opne()
    ):
        o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, grunn
        lagre_endring(o, grunn)
    # one notification per new owner, however many oppdrag they got
    _varsle_nye(nye, _nye_fraa_budsjett)
    return len(nye) + gjenopna


def delegeringsmottakarar(oppdrag):
    """Leaders of units below the responsible unit, and people in the unit itself."""
    einingar = Eining.objects.aktive().filter(i_subtre(oppdrag.eining)).exclude(pk=oppdrag.eining_id)
    return (
        User.objects.filter(_leiarar_eller_folk(einingar, oppdrag.eining), is_active=True)
        .exclude(pk=oppdrag.owner_id)
        .order_by(norsk("namn"))
    )


def _leiarar_eller_folk(einingar, eining, ekstra=()):
    """The leaders of `einingar`, the people of `eining` and the people `ekstra` (keys): one
    set of people's keys, so that the database looks up the few it needs by index; an OR over
    a join to the units made it read every person of the kommune."""
    leiarar = einingar.filter(leiar__isnull=False).order_by().values_list("leiar_id")
    return Q(
        pk__in=leiarar.union(
            User.objects.filter(eining=eining).order_by().values_list("pk"),
            User.objects.filter(pk__in=ekstra).order_by().values_list("pk"),
        )
    )


# how many people a name search in the delegation picker adds to it
DELEGERING_SOK = 20


def delegeringssok(oppdrag, sok):
    """Those who may receive the oppdrag (`delegeringsmottakarar`) whose name holds `sok`, or
    who lead a unit below whose name holds it: one looks for «Knarvik skule», not its rektor."""
    leiarar = (
        Eining.objects.aktive()
        .filter(i_subtre(oppdrag.eining), namn__icontains=sok, leiar__isnull=False)
        .values("leiar_id")
    )
    return delegeringsmottakarar(oppdrag).filter(Q(namn__icontains=sok) | Q(pk__in=leiarar))


def delegeringsval(oppdrag, sok="", med_eigar=False):
    """The people the delegation picker lists, however large the unit's subtree: the leaders of
    the units right below the responsible unit and the people in the unit itself, and, for a
    name search, the first DELEGERING_SOK of all who may receive it (`delegeringsmottakarar`)
    whose name holds `sok`. The owner is left out (one does not delegate to oneself) unless
    `med_eigar` (a milestone's responsible may well be the owner). With their units, which the
    select names beside them."""
    under = Eining.objects.aktive().filter(i_subtre(oppdrag.eining), depth=oppdrag.eining.depth + 1)
    ekstra = [oppdrag.owner_id] if med_eigar and oppdrag.owner_id else []
    if sok := sok.strip():
        ekstra += list(delegeringssok(oppdrag, sok).values_list("pk", flat=True)[:DELEGERING_SOK])
    vilkaar = Q(_leiarar_eller_folk(under, oppdrag.eining, ekstra), is_active=True)
    if not med_eigar and oppdrag.owner_id:
        vilkaar &= ~Q(pk=oppdrag.owner_id)
    return User.objects.filter(vilkaar).select_related("eining").order_by(norsk("namn"))


@transaction.atomic
def deleger(oppdrag, *, til, frist, notat, user):
    if oppdrag.born.aktive().filter(owner=til).exists():
        raise Oppdragsfeil(
            _("%(namn)s already has this assignment delegated. Withdraw that delegation first.")
            % {"namn": til.namn},
            felt="til",
        )
    if oppdrag.frist and frist and frist > oppdrag.frist:
        raise Oppdragsfeil(
            _("The deadline cannot be after the assignment's own deadline (%(frist)s).")
            % {"frist": lang(oppdrag.frist)},
            felt="frist",
        )
    eining = til.eining if til.eining and til.eining.path.startswith(oppdrag.eining.path) else oppdrag.eining
    leia = til.leia.filter(i_subtre(oppdrag.eining)).order_by("depth").first()
    eining = leia or eining
    # a task delegated from last year's open oppdrag starts this year
    aar = max(oppdrag.aar, klokke.i_dag().year)
    barn = Oppdrag(
        verksemdsplan=verksemdsplan_for(eining, aar),
        aar=aar,
        tittel=oppdrag.tittel,
        skildring=oppdrag.skildring,
        kategori=oppdrag.kategori,
        eining=eining,
        owner=til,
        frist=frist or oppdrag.frist,
        tema=oppdrag.tema,
        kjelde_vedtak=oppdrag.kjelde_vedtak,
        kjelde_tiltak=oppdrag.kjelde_tiltak,
        kjelde_verbalpunkt=oppdrag.kjelde_verbalpunkt,
        parent=oppdrag,
        notat=notat,
        unnateke=oppdrag.unnateke,
        heimel=oppdrag.heimel,
    )
    barn._change_reason = grunnkode("Delegated by %(namn)s") % {"namn": user.namn}
    barn.save()
    barn.maal.set(oppdrag.maal.all())
    barn.strategiar.set(oppdrag.strategiar.all())
    assign_perm("verksemdsplan.endre_oppdrag", til, barn)
    _varsle(barn, user)
    return barn


def _eining_for(oppdrag, person):
    """The unit an oppdrag lands in with this person: a unit they lead inside the oppdrag's
    subtree (the highest), else their own unit if it is inside, else the unit stays."""
    leia = person.leia.filter(i_subtre(oppdrag.eining)).order_by("depth").first()
    if leia:
        return leia
    if person.eining and person.eining.path.startswith(oppdrag.eining.path):
        return person.eining
    return oppdrag.eining


@transaction.atomic
def flytt_eigar(oppdrag, versjon, *, til, grunn, user):
    """Give an oppdrag to another owner (a leader above its unit decides), with the reason in
    its history; the responsible unit follows the new owner when they are inside its subtree
    (as for delegation). The new owner is notified («nytt_oppdrag»), and the old one where it
    went («oppdrag_flytta»), unless they moved it themselves.
    A stale `versjon` raises Konflikt; the same owner again is refused by the field."""
    grunn = (grunn or "").strip()
    if not grunn:
        raise Oppdragsfeil(_("Say why the assignment gets a new owner."), felt="grunn")
    if til.pk == oppdrag.owner_id:
        raise Oppdragsfeil(_("%(namn)s already owns this assignment.") % {"namn": til.namn}, felt="til")
    if not til.is_active:
        raise Oppdragsfeil(_("%(namn)s no longer has an active account.") % {"namn": til.namn}, felt="til")
    gammal = oppdrag.owner
    eining = _eining_for(oppdrag, til)
    if eining.pk != oppdrag.eining_id:
        oppdrag.eining = eining
        oppdrag.verksemdsplan = verksemdsplan_for(eining, oppdrag.aar)
    oppdrag.owner = til
    oppdrag = lagre_versjonert(
        oppdrag,
        versjon,
        grunn=grunnkode("New owner %(ny)s (was %(gammal)s): %(grunn)s")
        % {"ny": til.namn, "gammal": gammal.namn if gammal else "–", "grunn": grunn},
    )
    if oppdrag.parent_id:
        # a delegate's right to change the child follows the child to its new owner
        if gammal:
            remove_perm("verksemdsplan.endre_oppdrag", gammal, oppdrag)
        assign_perm("verksemdsplan.endre_oppdrag", til, oppdrag)
    _varsle(oppdrag, user)
    if gammal and gammal.pk != user.pk and gammal.is_active:
        varsle(
            gammal,
            "oppdrag_flytta",
            oppdrag,
            oppdrag.get_absolute_url(),
            tekst=lambda o: (
                _("The assignment «%(t)s» has a new owner: %(namn)s (%(eining)s). You no longer own it.")
                % {"t": o.tittel, "namn": til.namn, "eining": o.eining}
            ),
        )
    return oppdrag


@transaction.atomic
def registrer_leiarskifte(eining, gammal_leiar, ny_leiar):
    """A unit changed leader (alver's `leiar_endra`): if the old leader owns open oppdrag in it,
    the new leader is offered them. An offer not yet taken passes on to the next new leader;
    returns the new offer, or None when there is nothing to hand over."""
    if ny_leiar is None:
        return None  # nobody to take over yet; a waiting offer passes to the next leader named
    ventande = list(Leiarskifte.objects.select_for_update().filter(eining=eining, teke_over_at__isnull=True))
    for s in ventande:
        s.ny_leiar = ny_leiar
        if s.gammal_leiar_id == ny_leiar.pk:
            s.teke_over_at = klokke.no()  # the leader came back: they still own their oppdrag
            s._change_reason = grunnkode("The previous leader leads the unit again")
        else:
            s._change_reason = grunnkode("Passed on to the next new leader")
        s.save()
    if gammal_leiar is None or gammal_leiar.pk == ny_leiar.pk:
        return None
    if any(s.gammal_leiar_id == gammal_leiar.pk for s in ventande):
        return None  # already offered (passed on above)
    skifte = Leiarskifte(eining=eining, gammal_leiar=gammal_leiar, ny_leiar=ny_leiar)
    if not skifte.oppdrag().exists():
        return None
    skifte._change_reason = grunnkode("The unit changed leader")
    skifte.save()
    return skifte


@transaction.atomic
def ta_over(skifte, *, user):
    """The new leader takes over every open oppdrag the old leader still owns in the unit, in
    one bulk write with history. Delegations from them stay as they are. A second submit
    takes nothing more. Returns how many oppdrag changed owner."""
    skifte = (
        Leiarskifte.objects.select_for_update(of=("self",)).select_related("gammal_leiar").get(pk=skifte.pk)
    )
    if skifte.teke_over_at:
        return 0
    oppdrag = list(skifte.oppdrag().select_for_update(of=("self",)))
    for o in oppdrag:
        o.owner_id = skifte.ny_leiar_id
        o.versjon += 1  # an edit begun before the takeover must not silently undo it
    grunn = grunnkode("Taken over from %(gammal)s by the unit's new leader") % {
        "gammal": skifte.gammal_leiar.namn
    }
    if oppdrag:
        bulk_update_with_history(
            oppdrag,
            Oppdrag,
            ["owner", "versjon"],
            default_user=user,
            default_change_reason=grunn,
            batch_size=1000,
        )
        delegerte = [o for o in oppdrag if o.parent_id]
        for o in delegerte:
            remove_perm("verksemdsplan.endre_oppdrag", skifte.gammal_leiar, o)
            assign_perm("verksemdsplan.endre_oppdrag", skifte.ny_leiar, o)
    skifte.teke_over_at = klokke.no()
    skifte._change_reason = grunn
    skifte.save()
    return len(oppdrag)


@transaction.atomic
def trekk_delegering(barn, *, user):
    barn = Oppdrag.objects.select_for_update().get(pk=barn.pk)
    if barn.trekt_at:
        return barn
    barn.trekt_at = klokke.no()
    lagre_endring(barn, _("Delegation withdrawn by %(namn)s") % {"namn": user.namn})
    if barn.owner_id:
        remove_perm("verksemdsplan.endre_oppdrag", barn.owner, barn)
    return barn


@transaction.atomic
def endre(oppdrag, versjon, *, overstyr=False, maal=None, strategiar=None, user=None):
    """Save a changed oppdrag (from a form): comment rules, open children, and the version;
    its goal and strategy links with it when given. A new status is told to the owner and the
    one who delegated it (not to `user`, who changed it)."""
    lagra_status = (
        Oppdrag.objects.filter(pk=oppdrag.pk).values("status", "status_kommentar").first()
        if oppdrag.pk
        else None
    )
    if oppdrag.status in Oppdrag.KREV_KOMMENTAR:
        lagra = lagra_status
        # a new delayed or cancelled status needs its own comment, not the one left from before
        gammal = lagra and lagra["status"] != oppdrag.status and lagra["status_kommentar"].strip()
        if not oppdrag.status_kommentar.strip() or oppdrag.status_kommentar.strip() == gammal:
            raise Oppdragsfeil(
                _("Write a comment when the assignment is delayed or cancelled."), felt="status_kommentar"
            )
    if oppdrag.status == Oppdrag.Status.FULLFORT:
        opne = oppdrag.born.aktive().opne().count() if oppdrag.pk else 0
        if opne and not (overstyr and oppdrag.status_kommentar.strip()):
            raise Oppdragsfeil(
                _(
                    "%(n)s delegated tasks are still open. Complete them first, or tick «complete "
                    "anyway» and say why in the comment."
                )
                % {"n": opne}
            )
    if oppdrag.parent_id and oppdrag.frist and oppdrag.parent.frist and oppdrag.frist > oppdrag.parent.frist:
        raise Oppdragsfeil(
            _("The deadline cannot be after the assignment's own deadline (%(frist)s).")
            % {"frist": lang(oppdrag.parent.frist)}
        )
    if oppdrag.oppdragsgjevar_organ_id and oppdrag.oppdragsgjevar_person_id:
        raise Oppdragsfeil(
            _("Choose either a political body or a person as the one who gave the assignment, not both."),
            felt="oppdragsgjevar_person",
        )
    if oppdrag.startdato and oppdrag.frist and oppdrag.startdato > oppdrag.frist:
        raise Oppdragsfeil(
            _("The start date cannot be after the deadline (%(frist)s).") % {"frist": lang(oppdrag.frist)},
            felt="startdato",
        )
    lagra = Oppdrag.objects.filter(pk=oppdrag.pk).values_list("unnateke", "heimel").first()
    oppdrag = lagre_versjonert(oppdrag, versjon, grunn=grunnkode("Changed"))
    # checked under the row lock that adding a milestone takes too, so the two cannot cross
    if oppdrag.frist and (
        seinaste := oppdrag.milepaelar.filter(dato__gt=oppdrag.frist).order_by("-dato").first()
    ):
        raise Oppdragsfeil(
            _(
                "The deadline cannot be before the milestone «%(tittel)s» (%(dato)s). Move the milestone first."
            )
            % {"tittel": seinaste.tittel, "dato": lang(seinaste.dato)},
            felt="frist",
        )
    if maal is not None:
        oppdrag.maal.set(maal)
    if strategiar is not None:
        oppdrag.strategiar.set(strategiar)
    if lagra_status and lagra_status["status"] != oppdrag.status:
        _varsle_status(oppdrag, lagra_status["status"], user)
    if lagra and lagra != (oppdrag.unnateke, oppdrag.heimel):
        # what is delegated from an exempt oppdrag is exempt too (and follows it back)
        born = list(oppdrag.born.select_for_update())
        while born:
            barn = born.pop()
            barn.unnateke, barn.heimel = oppdrag.unnateke, oppdrag.heimel
            lagre_endring(barn, _("Exemption follows the assignment it was delegated from"))
            born.extend(barn.born.select_for_update())
    return oppdrag


def merk_rapportert(oppdrag_ids, *, naar=None):
    """Note that something has been reported on these oppdrag: `rapportert_at` is set to now
    (or `naar`, for reports stored with an earlier time, as the demo's) where it is still empty
    (the first report is the fact; later ones leave it). Reporting calls this inside the
    transaction that stores the report, so both are saved or neither.

    One bulk UPDATE, with no history rows: `rapportert_at` is a derived fact (the first status
    report, which itself keeps its history in reporting), not an edit anyone makes, so a history
    record per oppdrag would only repeat what the reports already say — and deviation mode may
    confirm thousands at once. It does not touch `versjon`, so an owner editing the oppdrag
    meanwhile gets no false conflict."""
    ids = list(oppdrag_ids)
    if not ids:
        return 0
    return Oppdrag.objects.filter(pk__in=ids, rapportert_at__isnull=True).update(
        rapportert_at=naar or klokke.no()
    )


# --- milestones ------------------------------------------------------------------------------
# Each write locks the oppdrag row first, as `endre` does, so a milestone and a new deadline
# saved at the same moment are checked against each other rather than both passing.

MILEPAEL_FELT = ("tittel", "dato", "ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ", "ferdig_dato")


def _laas_oppdrag(oppdrag):
    return Oppdrag.objects.select_for_update().get(pk=oppdrag.pk)


def _sjekk_milepael(oppdrag, m):
    if oppdrag.frist and m.dato > oppdrag.frist:
        raise Oppdragsfeil(
            _("The milestone cannot be after the assignment's deadline (%(frist)s).")
            % {"frist": lang(oppdrag.frist)},
            felt="dato",
        )
    if sum(1 for a in (m.ansvarleg_person_id, m.ansvarleg_eining_id, m.ansvarleg_organ_id) if a) > 1:
        raise Oppdragsfeil(
            _("Choose only one responsible: a person, a unit or a political body."), felt="ansvarleg_eining"
        )


@transaction.atomic
def legg_til_milepael(oppdrag, *, user, token=None, **felt):
    """Add a milestone; the same form sent twice (its one-time token) stores it once and returns
    the first one. Returns (milestone, made now)."""
    oppdrag = _laas_oppdrag(oppdrag)
    if token and (finst := Milepael.objects.filter(innsending=token).first()):
        return finst, False
    m = Milepael(
        oppdrag=oppdrag, innsending=token or None, **{k: v for k, v in felt.items() if k in MILEPAEL_FELT}
    )
    _sjekk_milepael(oppdrag, m)
    m._change_reason = grunnkode("Milestone added by %(namn)s") % {"namn": user.namn}
    m.save()
    return m, True


@transaction.atomic
def endre_milepael(m, versjon, *, user):
    """Save a changed milestone (the form's instance) against the version its form was built from."""
    oppdrag = _laas_oppdrag(m.oppdrag)
    _sjekk_milepael(oppdrag, m)
    return lagre_versjonert(
        m, versjon, grunn=grunnkode("Milestone changed by %(namn)s") % {"namn": user.namn}
    )


@transaction.atomic
def merk_milepael(m, *, ferdig, user):
    """Mark done (today) or not done. Sent twice, it changes nothing the second time."""
    m = Milepael.objects.select_for_update().get(pk=m.pk)
    if bool(m.ferdig_dato) == ferdig:
        return m
    m.ferdig_dato = klokke.i_dag() if ferdig else None
    m.versjon += 1
    m._change_reason = (
        grunnkode("Milestone marked done by %(namn)s")
        if ferdig
        else grunnkode("Milestone marked not done by %(namn)s")
    ) % {"namn": user.namn}
    m.save()
    return m


@transaction.atomic
def slett_milepael(m, *, user):
    """Delete a milestone; its history stays (simple-history keeps a «deleted» record)."""
    m = Milepael.objects.select_for_update().filter(pk=m.pk).first()
    if m is None:
        return False  # already deleted (a double submit)
    m._change_reason = grunnkode("Milestone deleted by %(namn)s") % {"namn": user.namn}
    m.delete()
    return True


# --- deadlines coming up ---------------------------------------------------------------------

# how many days ahead of a deadline its owner is notified («frist_snart»)
FRIST_DAGAR = (7, 1)


def _frist_tekst(tittel, dato, dagar):
    def tekst(_o):
        if dagar == 1:
            return _("The deadline of «%(tittel)s» is tomorrow, %(dato)s.") % {
                "tittel": tittel,
                "dato": lang(dato),
            }
        return ngettext(
            "The deadline of «%(tittel)s» is in %(n)s day, %(dato)s.",
            "The deadline of «%(tittel)s» is in %(n)s days, %(dato)s.",
            dagar,
        ) % {"tittel": tittel, "dato": lang(dato), "n": dagar}

    return tekst


def _milepael_tekst(m, dagar):
    def tekst(_o):
        verdiar = {"m": m.tittel, "tittel": m.oppdrag.tittel, "dato": lang(m.dato), "n": dagar}
        if dagar == 1:
            return _("The milestone «%(m)s» of «%(tittel)s» is due tomorrow, %(dato)s.") % verdiar
        return (
            ngettext(
                "The milestone «%(m)s» of «%(tittel)s» is due in %(n)s day, %(dato)s.",
                "The milestone «%(m)s» of «%(tittel)s» is due in %(n)s days, %(dato)s.",
                dagar,
            )
            % verdiar
        )

    return tekst


@transaction.atomic
def varsle_fristar(dag=None):
    """The daily deadline notifications («frist_snart», Celery beat at 06:30): the owner of each
    open oppdrag whose deadline is FRIST_DAGAR days from `dag` (today), and for each milestone
    not done on such a day its responsible person, else the oppdrag's owner. Each event has its
    key (`frist7:oppdrag:<pk>:<deadline>`), so a rerun the same day, or the next day's run,
    notifies nobody twice; a deadline moved is a new event. One query for the oppdrag, one for
    the milestones, the notifications in bulk. Returns how many were made."""
    dag = dag or klokke.i_dag()
    datoar = {dag + datetime.timedelta(days=n): n for n in FRIST_DAGAR}
    varslingar = []
    for o in (
        Oppdrag.objects.aktive()
        .opne()
        .filter(frist__in=datoar, owner__isnull=False, owner__is_active=True)
        .select_related("owner")
        .order_by("frist", "pk")
    ):
        n = datoar[o.frist]
        varslingar.append(
            Varsling(
                o.owner,
                "frist_snart",
                o,
                o.get_absolute_url(),
                tekst=_frist_tekst(o.tittel, o.frist, n),
                noekkel=f"frist{n}:oppdrag:{o.pk}:{o.frist.isoformat()}",
            )
        )
    for m in (
        Milepael.objects.filter(dato__in=datoar, ferdig_dato__isnull=True, oppdrag__trekt_at__isnull=True)
        .exclude(oppdrag__status__in=[Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE])
        .select_related("oppdrag__owner", "ansvarleg_person")
        .order_by("dato", "pk")
    ):
        person = m.ansvarleg_person or m.oppdrag.owner
        if person is None or not person.is_active:
            continue
        n = datoar[m.dato]
        varslingar.append(
            Varsling(
                person,
                "frist_snart",
                m.oppdrag,
                m.oppdrag.get_absolute_url(),
                tekst=_milepael_tekst(m, n),
                noekkel=f"frist{n}:milepael:{m.pk}:{m.dato.isoformat()}",
            )
        )
    return len(varsle_mange(varslingar))


# --- prioriterte indikatorar -----------------------------------------------------------------
# A unit takes on an indicator from the register for a year, with its own target; its follow-up
# may be delegated to a unit below or a person in the unit (like an oppdrag's delegation), and
# the delegated unit's leader sees it on their own verksemdsplan and Mi side.

INDIKATOR_FELT = ("maal", "ansvarleg_eining_id", "ansvarleg_id", "kommentar")


def indikatormottakarar(eining):
    """Who the follow-up of the unit's indicators may be delegated to: (the active units below
    it, the active people in the unit itself, politicians excepted)."""
    einingar = Eining.objects.aktive().filter(i_subtre(eining)).exclude(pk=eining.pk).order_by("path")
    folk = (
        User.objects.filter(is_active=True, eining=eining)
        .exclude(groups__name="politikar")
        .select_related("eining")
        .order_by(norsk("namn"), "pk")
    )
    return einingar, folk


def _sjekk_indikator(pi, gammal=None):
    """The target against the indicator's decimals and bounds (never rounded), and the
    delegation: one of a unit strictly below or a person in the unit, at most. A delegation
    that is not changed stays valid even if its unit closed or the person moved since."""
    if pi.maal is not None:
        try:
            pi.indikator.valider(pi.maal)
        except ValidationError as exc:
            raise Oppdragsfeil(" ".join(exc.messages), felt="maal") from None
    if pi.ansvarleg_eining_id and pi.ansvarleg_id:
        raise Oppdragsfeil(_("Delegate the follow-up to a unit or to a person, not both."), felt="ansvarleg")
    einingar, folk = indikatormottakarar(pi.verksemdsplan.eining)
    if (
        pi.ansvarleg_eining_id
        and pi.ansvarleg_eining_id != getattr(gammal, "ansvarleg_eining_id", None)
        and not einingar.filter(pk=pi.ansvarleg_eining_id).exists()
    ):
        raise Oppdragsfeil(_("Choose an active unit below this unit."), felt="ansvarleg_eining")
    if (
        pi.ansvarleg_id
        and pi.ansvarleg_id != getattr(gammal, "ansvarleg_id", None)
        and not folk.filter(pk=pi.ansvarleg_id).exists()
    ):
        raise Oppdragsfeil(_("Choose a person in this unit."), felt="ansvarleg")


def _same(pi, felt):
    return all(getattr(pi, k) == felt.get(k) for k in INDIKATOR_FELT)


@transaction.atomic
def ta_paa_indikator(
    *, eining, aar, indikator, user, maal=None, ansvarleg_eining=None, ansvarleg=None, kommentar=""
):
    """The unit takes on `indikator` for the year, with its own target and follow-up. Returns
    (row, made). The same form sent twice stores it once: the second finds the row with the same
    values and returns it; other values for an indicator already taken on are refused."""
    plan = verksemdsplan_for(eining, aar)
    felt = {
        "maal": maal,
        "ansvarleg_eining_id": ansvarleg_eining.pk if ansvarleg_eining else None,
        "ansvarleg_id": ansvarleg.pk if ansvarleg else None,
        "kommentar": (kommentar or "").strip(),
    }
    finst = (
        PrioritertIndikator.objects.select_for_update()
        .filter(verksemdsplan=plan, indikator=indikator)
        .first()
    )
    if finst is not None:
        if _same(finst, felt):
            return finst, False
        raise Oppdragsfeil(
            _("The unit has already taken on this indicator for %(aar)s. Change it instead.") % {"aar": aar},
            felt="indikator",
        )
    pi = PrioritertIndikator(verksemdsplan=plan, indikator=indikator, **felt)
    plan.eining = eining
    _sjekk_indikator(pi)
    pi._change_reason = grunnkode("Taken on by %(namn)s") % {"namn": user.namn}
    pi._history_user = user
    try:
        with transaction.atomic():
            pi.save()
    except IntegrityError:
        # someone else took it on at the same moment: theirs stands, the same way as above
        finst = PrioritertIndikator.objects.get(verksemdsplan=plan, indikator=indikator)
        if _same(finst, felt):
            return finst, False
        raise Oppdragsfeil(
            _("The unit has already taken on this indicator for %(aar)s. Change it instead.") % {"aar": aar},
            felt="indikator",
        ) from None
    return pi, True


@transaction.atomic
def endre_indikator(pi, versjon, *, user, maal, ansvarleg_eining=None, ansvarleg=None, kommentar=""):
    """Change the unit's target, the follow-up or the comment. A stale `versjon` raises
    Konflikt (with the row as saved); the history says who changed what."""
    gammal = PrioritertIndikator.objects.get(pk=pi.pk)
    pi.maal = maal
    pi.ansvarleg_eining = ansvarleg_eining
    pi.ansvarleg = ansvarleg
    pi.kommentar = (kommentar or "").strip()
    _sjekk_indikator(pi, gammal)
    if pi.ansvarleg_eining_id != gammal.ansvarleg_eining_id or pi.ansvarleg_id != gammal.ansvarleg_id:
        kven = pi.ansvarleg_eining or pi.ansvarleg
        grunn = (
            _("Follow-up delegated to %(kven)s by %(namn)s") % {"kven": kven, "namn": user.namn}
            if kven
            else _("Follow-up taken back by %(namn)s") % {"namn": user.namn}
        )
    else:
        grunn = grunnkode("Changed by %(namn)s") % {"namn": user.namn}
    pi._history_user = user
    return lagre_versjonert(pi, versjon, grunn=grunn)


@transaction.atomic
def fjern_indikator(pi, versjon, *, user):
    """The unit no longer follows the indicator up. Refused (Konflikt) when it changed since the
    page was shown; a row already removed is nothing to do (returns False)."""
    fersk = PrioritertIndikator.objects.select_for_update().filter(pk=pi.pk).first()
    if fersk is None:
        return False
    if fersk.versjon != versjon:
        raise Konflikt(fersk)
    fersk._change_reason = grunnkode("Removed by %(namn)s") % {"namn": user.namn}
    fersk._history_user = user
    fersk.delete()
    return True
