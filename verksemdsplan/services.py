"""Writes to oppdrag: propagation from political decisions, delegation, status."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from alver.lib import klokke
from alver.lib.historikk import bulk_create_with_history
from alver.lib.oppgaver import etter_commit
from alver.lib.samtidig import lagre_versjonert
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from budget.models import BudsjettTiltak

from .models import Kategori, Oppdrag, Tema, Verksemdsplan
from .tasks import varsle_ny_eigar, varsle_nye_oppdrag


class Oppdragsfeil(Exception):
    """The change cannot be made; the message says why in the user's language (and which
    form field it belongs to, when one does)."""

    def __init__(self, melding, felt=None):
        super().__init__(melding)
        self.felt = felt


def verksemdsplan_for(eining, aar):
    return Verksemdsplan.objects.get_or_create(eining=eining, aar=aar)[0]


@transaction.atomic
def merk_ferdig(eining, aar):
    """Mark the unit's verksemdsplan for the year done, or not done again."""
    plan = verksemdsplan_for(eining, aar)
    plan.ferdig_at = None if plan.ferdig_at else klokke.no()
    plan._change_reason = _("Marked done") if plan.ferdig_at else _("Marked not done")
    plan.save()
    return plan


def _varsle(oppdrag):
    """The new owner gets an e-mail, queued when the transaction commits."""
    if oppdrag.owner_id:
        etter_commit(varsle_ny_eigar, oppdrag.pk, oppdrag.owner_id)


@transaction.atomic
def lag_oppdrag_fra_vedtak(vedtak, *, user=None):
    """One oppdrag per decision, owned by the leader of the responsible sector; a rerun finds
    the one already made (and the database constraint stops a racing duplicate)."""
    aar = vedtak.aar
    finst = Oppdrag.objects.filter(kjelde_vedtak=vedtak, aar=aar, parent__isnull=True).first()
    if finst is not None:
        return finst
    kode = "tilleggsbestilling" if vedtak.type == "tilleggsbestilling" else "politisk_vedtak"
    sektor = vedtak.ansvarleg_sektor
    o = Oppdrag(
        verksemdsplan=verksemdsplan_for(sektor, aar),
        aar=aar,
        tittel=vedtak.tittel,
        skildring=vedtak.tekst,
        kategori=Kategori.objects.get(kode=kode),
        eining=sektor,
        owner=sektor.leiar,
        kjelde_vedtak=vedtak,
    )
    o._change_reason = _("Made from decision %(sak)s") % {"sak": vedtak.saksnummer}
    o.save()
    o.maal.set(vedtak.maal.all())
    _varsle(o)
    return o


@transaction.atomic
def oppdater_fra_vedtak(vedtak):
    for o in Oppdrag.objects.filter(kjelde_vedtak=vedtak, parent__isnull=True):
        o.tittel, o.skildring = vedtak.tittel, vedtak.tekst
        o._change_reason = _("Decision %(sak)s changed") % {"sak": vedtak.saksnummer}
        o.save()


@transaction.atomic
def avbryt_fra_vedtak(vedtak, grunn):
    for o in Oppdrag.objects.filter(kjelde_vedtak=vedtak).opne():
        o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, grunn
        o._change_reason = _("Decision %(sak)s withdrawn") % {"sak": vedtak.saksnummer}
        o.save()
        for barn in o.born.aktive().opne():
            barn.status, barn.status_kommentar = Oppdrag.Status.AVBROTE, grunn
            barn.save()


@transaction.atomic
def lag_oppdrag(*, eining, aar, user, maal=(), strategiar=(), **felt):
    """An oppdrag given by hand (administrativt, or from a plan's tiltak), owned like the
    propagated ones by the leader of the unit; no leader → no owner, listed for the kommunedirektør."""
    o = Oppdrag(
        verksemdsplan=verksemdsplan_for(eining, aar), aar=aar, eining=eining, owner=eining.leiar, **felt
    )
    o._change_reason = _("Given by %(namn)s") % {"namn": user.namn}
    o.save()
    o.maal.set(maal)
    o.strategiar.set(strategiar)
    _varsle(o)
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
        .filter(~Exists(toppnivaa.filter(kjelde_tiltak=OuterRef("pk"))))
        .filter(~Exists(Oppdrag.objects.filter(kjelde_tiltak=OuterRef("forrige"))))
        .select_related("ansvarleg_eining__leiar")
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )
    verbalpunkt = (
        plan.verbalpunkt.filter(~Exists(toppnivaa.filter(kjelde_verbalpunkt=OuterRef("pk"))))
        .select_related("ansvarleg_sektor__leiar")
        .order_by("nummer")
    )
    return tiltak, verbalpunkt


@transaction.atomic
def lag_oppdrag_fra_okonomiplan(plan, *, grunn):
    """One oppdrag for the budget year per prioritised tiltak starting that year and per
    verbalpunkt, in bulk; only what is not an oppdrag yet is made (the database constraints
    guard a race), so adoption, a retry and a budget change all make just the difference.
    A tiltak no longer prioritised has its oppdrag cancelled. Returns how many were made or
    opened again (for its callers; the signal's sender never sees it)."""
    aar = plan.forste_aar
    tiltak, verbalpunkt = kva_blir_laga(plan)
    tiltak = list(tiltak.prefetch_related("maal", "strategiar"))
    verbalpunkt = list(verbalpunkt.prefetch_related("maal"))
    kategori = {k.kode: k for k in Kategori.objects.filter(kode__in=["plantiltak", "verbalpunkt"])}
    tema = {t.kode: t for t in Tema.objects.filter(kode__in=["okonomiske", "strategiske"])}
    planar = _verksemdsplanar(
        {t.ansvarleg_eining_id for t in tiltak} | {v.ansvarleg_sektor_id for v in verbalpunkt}, aar
    )
    frist = datetime.date(aar, 12, 31)
    nye = [
        Oppdrag(
            verksemdsplan=planar[t.ansvarleg_eining_id],
            aar=aar,
            tittel=t.tittel,
            skildring=t.skildring,
            kategori=kategori["plantiltak"],
            eining=t.ansvarleg_eining,
            owner=t.ansvarleg_eining.leiar,
            frist=frist,
            tema=tema.get("okonomiske"),
            kjelde_tiltak=t,
        )
        for t in tiltak
    ] + [
        Oppdrag(
            verksemdsplan=planar[v.ansvarleg_sektor_id],
            aar=aar,
            tittel=_("Worded order %(nr)s: %(tittel)s") % {"nr": v.nummer, "tittel": v.tittel},
            skildring=v.tekst,
            kategori=kategori["verbalpunkt"],
            eining=v.ansvarleg_sektor,
            owner=v.ansvarleg_sektor.leiar,
            frist=frist,
            tema=tema.get("strategiske"),
            kjelde_verbalpunkt=v,
        )
        for v in verbalpunkt
    ]
    nye = bulk_create_with_history(nye, Oppdrag, batch_size=1000, default_change_reason=grunn)
    kjelder = tiltak + verbalpunkt
    Oppdrag.maal.through.objects.bulk_create(
        (
            Oppdrag.maal.through(oppdrag_id=o.pk, maal_id=m.pk)
            for o, k in zip(nye, kjelder, strict=True)
            for m in k.maal.all()
        ),
        batch_size=2000,
    )
    Oppdrag.strategiar.through.objects.bulk_create(
        (
            Oppdrag.strategiar.through(oppdrag_id=o.pk, strategi_id=st.pk)
            for o, t in zip(nye, tiltak, strict=False)
            for st in t.strategiar.all()
        ),
        batch_size=2000,
    )
    # a tiltak prioritised again: its cancelled oppdrag is opened again (not made twice)
    gjenopna = 0
    for o in Oppdrag.objects.filter(
        kjelde_tiltak__okonomiplan=plan,
        kjelde_tiltak__vedtak="prioritert",
        parent__isnull=True,
        status=Oppdrag.Status.AVBROTE,
    ):
        o.status, o.status_kommentar = Oppdrag.Status.IKKJE_STARTA, ""
        o._change_reason = grunn
        o.save()
        gjenopna += 1
    # a tiltak no longer prioritised: its oppdrag, and the tasks delegated from it, are cancelled
    for o in (
        Oppdrag.objects.filter(kjelde_tiltak__okonomiplan=plan)
        .exclude(kjelde_tiltak__vedtak="prioritert")
        .aktive()
        .opne()
    ):
        o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, grunn
        o._change_reason = grunn
        o.save()
    # one e-mail per new owner, however many oppdrag they got
    per_eigar = {}
    for o in nye:
        if o.owner_id:
            per_eigar.setdefault(o.owner_id, []).append(o.pk)
    if per_eigar:
        for eigar, pks in per_eigar.items():
            etter_commit(varsle_nye_oppdrag, eigar, pks)
    return len(nye) + gjenopna


def delegeringsmottakarar(oppdrag):
    """Leaders of units below the responsible unit, and people in the unit itself."""
    einingar = Eining.objects.aktive().filter(i_subtre(oppdrag.eining)).exclude(pk=oppdrag.eining_id)
    leiarar = User.objects.filter(is_active=True, leia__in=einingar)
    folk = User.objects.filter(is_active=True, eining=oppdrag.eining)
    return (leiarar | folk).exclude(pk=oppdrag.owner_id).distinct().order_by("namn")


@transaction.atomic
def deleger(oppdrag, *, til, frist, notat, user):
    if oppdrag.born.aktive().filter(owner=til).exists():
        raise Oppdragsfeil(
            _("%(namn)s already has this assignment delegated. Withdraw that delegation first.")
            % {"namn": til.namn}
        )
    if oppdrag.frist and frist and frist > oppdrag.frist:
        raise Oppdragsfeil(
            _("The deadline cannot be after the assignment's own deadline (%(frist)s).")
            % {"frist": oppdrag.frist.strftime("%d.%m.%Y")}
        )
    eining = til.eining if til.eining and til.eining.path.startswith(oppdrag.eining.path) else oppdrag.eining
    leia = til.leia.filter(i_subtre(oppdrag.eining)).order_by("depth").first()
    eining = leia or eining
    barn = Oppdrag(
        verksemdsplan=verksemdsplan_for(eining, oppdrag.aar),
        aar=oppdrag.aar,
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
    barn._change_reason = _("Delegated by %(namn)s") % {"namn": user.namn}
    barn.save()
    barn.maal.set(oppdrag.maal.all())
    barn.strategiar.set(oppdrag.strategiar.all())
    assign_perm("verksemdsplan.endre_oppdrag", til, barn)
    _varsle(barn)
    return barn


@transaction.atomic
def trekk_delegering(barn, *, user):
    barn = Oppdrag.objects.select_for_update().get(pk=barn.pk)
    if barn.trekt_at:
        return barn
    barn.trekt_at = klokke.no()
    barn._change_reason = _("Delegation withdrawn by %(namn)s") % {"namn": user.namn}
    barn.save()
    if barn.owner_id:
        remove_perm("verksemdsplan.endre_oppdrag", barn.owner, barn)
    return barn


@transaction.atomic
def endre(oppdrag, versjon, *, overstyr=False, maal=None, strategiar=None):
    """Save a changed oppdrag (from a form): comment rules, open children, and the version;
    its goal and strategy links with it when given."""
    if oppdrag.status in Oppdrag.KREV_KOMMENTAR:
        lagra = (
            Oppdrag.objects.filter(pk=oppdrag.pk).values("status", "status_kommentar").first()
            if oppdrag.pk
            else None
        )
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
            % {"frist": oppdrag.parent.frist.strftime("%d.%m.%Y")}
        )
    lagra = Oppdrag.objects.filter(pk=oppdrag.pk).values_list("unnateke", "heimel").first()
    oppdrag = lagre_versjonert(oppdrag, versjon, grunn=_("Changed"))
    if maal is not None:
        oppdrag.maal.set(maal)
    if strategiar is not None:
        oppdrag.strategiar.set(strategiar)
    if lagra and lagra != (oppdrag.unnateke, oppdrag.heimel):
        # what is delegated from an exempt oppdrag is exempt too (and follows it back)
        born = list(oppdrag.born.all())
        while born:
            barn = born.pop()
            barn.unnateke, barn.heimel = oppdrag.unnateke, oppdrag.heimel
            barn._change_reason = _("Exemption follows the assignment it was delegated from")
            barn.save()
            born.extend(barn.born.all())
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
