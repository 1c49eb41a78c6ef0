"""Writes for reporting: generating periods, status reports, and deviation mode."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alver.lib import klokke
from alver.lib import periodar as kalender
from alver.lib.belop import Eining as BelopEining
from alver.lib.belop import les_belop
from alver.lib.dato import lang
from alver.lib.desimal import les_desimal
from alver.lib.historikk import bulk_create_with_history, bulk_update_with_history, grunnkode
from alver.lib.importering import Feil, les_fil
from alver.lib.kroner import GRENSE
from alver.lib.periodar import aaret
from alver.lib.samtidig import Konflikt, lagre_versjonert
from alver.lib.sortering import norsk
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from alver.services import Varsling, varsle, varsle_mange
from budget.models import Okonomiplan, Ramme
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Kategori, Milepael, Oppdrag

from .models import Frekvens, Indikatorverdi, Okonomirapport, Periode, Regel, Statusrapport

log = logging.getLogger(__name__)


class Rapportfeil(Exception):
    """The report cannot be saved; the message says why in the user's language."""


@transaction.atomic
def generer_periodar(aar):
    """The year's months, two tertials and the annual report, with deadlines (`alver.lib.periodar`):
    the 10th of the month after (tertials: 31 May and 30 September; the annual report: 31 January
    after). Idempotent: periods already there are left as they are."""
    finst = set(Periode.objects.filter(aar=aar).values_list("type", "nummer"))
    nye = [
        Periode(aar=aar, type=p.type, nummer=p.nummer, fra=p.fra, til=p.til, frist=p.frist)
        for p in aaret(aar)
        if (p.type, p.nummer) not in finst
    ]
    bulk_create_with_history(nye, Periode, default_change_reason=grunnkode("Generated"))
    return len(nye)


def kategoriar_med_regel():
    """Every category with its rule (`k.regel`, None if it has none), in two queries."""
    kategoriar = list(Kategori.objects.order_by("rekkjefolgje", "pk"))
    reglar = Regel.objects.in_bulk([k.pk for k in kategoriar], field_name="kategori")
    for k in kategoriar:
        k.regel = reglar.get(k.pk)
    return kategoriar


@transaction.atomic
def lagre_reglar(verdiar):
    """{category: (frequency, political)} → the rules, made or changed; returns how many changed."""
    finst = {r.kategori_id: r for r in Regel.objects.select_for_update()}
    nye, endra = [], []
    for kategori, (frekvens, politisk) in verdiar.items():
        r = finst.get(kategori.pk)
        if r is None:
            nye.append(Regel(kategori=kategori, frekvens=frekvens, politisk=politisk))
        elif (r.frekvens, r.politisk) != (frekvens, politisk):
            r.frekvens, r.politisk = frekvens, politisk
            endra.append(r)
    grunn = grunnkode("Reporting rules changed")
    bulk_create_with_history(nye, Regel, default_change_reason=grunn)
    bulk_update_with_history(endra, Regel, ["frekvens", "politisk"], default_change_reason=grunn)
    return len(nye) + len(endra)


@transaction.atomic
def sikre_periodar(dag=None):
    """The periods of the year `dag` (today) falls in, made if they are missing, so there is
    always a period to report into (they open by themselves on their first day). Cheap when
    they are there: one query."""
    dag = dag or klokke.i_dag()
    if Periode.objects.filter(aar=dag.year).exists():
        return 0
    try:
        with transaction.atomic():
            return generer_periodar(dag.year)
    except IntegrityError:
        return 0  # made in the same moment by another request or the daily task


@transaction.atomic
def opne_lukk(periode, *, stengd):
    """Close an open period once its deadline has passed, or reopen a closed one. Closing
    before would leave its kind without an open period, so it is refused. Asking for the state
    it is already in changes nothing (a double submit)."""
    periode = Periode.objects.select_for_update().get(pk=periode.pk)
    if periode.stengd == stengd:
        return periode
    if stengd and not periode.kan_stengjast:
        raise Rapportfeil(
            _("%(p)s can be closed when its reporting deadline has passed (%(dato)s).")
            % {"p": periode, "dato": lang(periode.frist)}
        )
    periode.stengd = stengd
    periode._change_reason = grunnkode("Closed") if stengd else grunnkode("Opened")
    periode.save()
    return periode


def oppdrag_i_perioden(periode):
    """The oppdrag to report in the period: open in it (of its year), of a category whose rule
    asks for this frequency — monthly when no rule is set — and those already reported in it.
    Annual reports cover them all."""
    qs = Oppdrag.objects.aktive().i_aar(periode.aar).exclude(status=Oppdrag.Status.AVBROTE)
    if periode.type == Frekvens.AAR:
        return qs
    # the rule is joined, not read first: a page asking for several periods reads no rules
    med = Q(kategori__regel__frekvens=periode.type)
    utan_regel = Q(kategori__regel__isnull=True) if periode.type == Frekvens.MAANAD else Q(pk__in=[])
    # what was reported in the period stays in it when a rule changes later
    rapportert = Q(pk__in=Statusrapport.objects.filter(periode=periode).values("oppdrag_id"))
    return qs.filter(med | utan_regel | rapportert)


def laast_av(periode):
    """The released report to the politicians that covers this period (its figures may no
    longer change), or None."""
    return (
        Periode.objects.filter(
            aar=periode.aar,
            type__in=[Frekvens.TERTIAL, Frekvens.AAR],
            frigitt_at__isnull=False,
            til__gte=periode.til,
        )
        .order_by("til")
        .first()
    )


def laaste(periodar):
    """The periods among `periodar` that a released report to the politicians covers (as
    `laast_av`), in one query for them all."""
    periodar = list(periodar)
    if not periodar:
        return set()
    frigjevne = list(
        Periode.objects.filter(
            aar__in={p.aar for p in periodar},
            type__in=[Frekvens.TERTIAL, Frekvens.AAR],
            frigitt_at__isnull=False,
        ).values_list("aar", "til")
    )
    return {p.pk for p in periodar if any(a == p.aar and til >= p.til for a, til in frigjevne)}


def sjekk_ikkje_laast(periode):
    rapport = laast_av(periode)
    if rapport is not None:
        raise Rapportfeil(
            _("The report to the politicians for %(p)s is released, so the figures it covers are locked.")
            % {"p": rapport}
        )


def sjekk_open(periode):
    if not periode.begynt:
        raise Rapportfeil(_("The period opens for reporting on %(dato)s.") % {"dato": lang(periode.fra)})
    if not periode.open:
        raise Rapportfeil(_("The period is closed for reporting."))
    sjekk_ikkje_laast(periode)


@transaction.atomic
def rapporter(oppdrag, periode, *, status, lys, kommentar, framdrift, user, versjon=None):
    """Save the oppdrag's report for the period. `versjon` is the version the form was built
    from (0: there was none); a report saved by someone else since raises Konflikt."""
    sjekk_open(periode)
    if lys in Statusrapport.KREV_KOMMENTAR and not kommentar.strip():
        raise Rapportfeil(_("Write a comment when the light is yellow or red."))
    verdiar = {
        "status": status,
        "lys": lys,
        "kommentar": kommentar.strip(),
        "framdrift": framdrift,
        "rapportert_av": user,
        "rapportert_at": klokke.no(),
    }
    # verksemdsplan keeps the fact that something was reported on the oppdrag (same transaction)
    oppdragstenester.merk_rapportert([oppdrag.pk])
    finst = Statusrapport.objects.select_for_update().filter(oppdrag=oppdrag, periode=periode).first()
    if finst is None:
        try:
            with transaction.atomic():
                rapport = Statusrapport.objects.create(oppdrag=oppdrag, periode=periode, **verdiar)
        except IntegrityError:
            # someone reported it in the same moment
            raise Konflikt(Statusrapport.objects.get(oppdrag=oppdrag, periode=periode)) from None
        _varsle_rapport(rapport, "", user)
        return rapport
    if versjon is not None and versjon != finst.versjon:
        raise Konflikt(finst)
    gammal_kommentar = finst.kommentar
    for k, v in verdiar.items():
        setattr(finst, k, v)
    finst.versjon += 1
    finst.save()
    _varsle_rapport(finst, gammal_kommentar, user)
    return finst


def _varsle_rapport(rapport, gammal_kommentar, user):
    """A report with a comment (new, or a new comment) on a delegated oppdrag: the one who
    delegated it, the parent's owner, hears of it («ny_rapport»), unless they wrote it."""
    oppdrag = rapport.oppdrag
    if not oppdrag.parent_id or not rapport.kommentar or rapport.kommentar == gammal_kommentar:
        return None
    delegerande = oppdrag.parent.owner
    if delegerande is None or delegerande.pk == user.pk or not delegerande.is_active:
        return None
    kommentar = " ".join(rapport.kommentar.split())
    if len(kommentar) > 200:
        kommentar = kommentar[:199] + "…"

    def tekst(o):
        return _("%(namn)s reported on «%(tittel)s» for %(periode)s: %(kommentar)s") % {
            "namn": user.namn,
            "tittel": o.tittel,
            "periode": rapport.periode,
            "kommentar": kommentar,
        }

    return varsle(delegerande, "ny_rapport", oppdrag, oppdrag.get_absolute_url(), tekst=tekst)


def utan_avvik(periode, oppdrag):
    """Of `oppdrag`, those deviation mode may confirm: not yet reported, and not delayed or
    past their deadline (those deviate, and their owner must say how)."""
    return (
        oppdrag.exclude(statusrapportar__periode=periode)
        .exclude(status=Oppdrag.Status.FORSEINKA)
        .exclude(
            frist__lt=min(periode.til, klokke.i_dag()),
            status__in=[Oppdrag.Status.IKKJE_STARTA, Oppdrag.Status.I_GANG],
        )
    )


@transaction.atomic
def alt_anna_i_rute(periode, oppdrag, *, user):
    """Deviation mode: every listed oppdrag without a deviation and not yet reported is
    confirmed green in one action — on track, or done for those marked done — so the leader
    writes only about those that deviate. Returns how many."""
    sjekk_open(periode)
    nye = [
        Statusrapport(
            oppdrag_id=pk,
            periode=periode,
            status=Statusrapport.Status.FULLFORT
            if status == Oppdrag.Status.FULLFORT
            else Statusrapport.Status.I_RUTE,
            lys=Statusrapport.Lys.GRON,
            framdrift=100 if status == Oppdrag.Status.FULLFORT else None,
            rapportert_av=user,
            rapportert_at=klokke.no(),
        )
        for pk, status in utan_avvik(periode, oppdrag).values_list("pk", "status")
    ]
    try:
        with transaction.atomic():
            bulk_create_with_history(
                nye, Statusrapport, batch_size=1000, default_change_reason=grunnkode("No deviation")
            )
    except IntegrityError:
        raise Rapportfeil(_("Someone reported one of these in the same moment. Try again.")) from None
    oppdragstenester.merk_rapportert([r.oppdrag_id for r in nye])
    return len(nye)


# --- roll-up ------------------------------------------------------------------------------------

LYS = [lys for lys, _namn in Statusrapport.Lys.choices]
STATUSAR = [s for s, _namn in Statusrapport.Status.choices]


def _teljarar(periode, prefix=""):
    """Count expressions per light and per status of the period's reports, over oppdrag rows."""
    felt = f"{prefix}statusrapportar"
    tel = {"alle": Count(f"{prefix}pk" if prefix else "pk", distinct=True)}
    for lys in LYS:
        tel[lys] = Count(felt, filter=Q(**{f"{felt}__periode": periode, f"{felt}__lys": lys}), distinct=True)
    for status in STATUSAR:
        tel[f"s_{status}"] = Count(
            felt, filter=Q(**{f"{felt}__periode": periode, f"{felt}__status": status}), distinct=True
        )
    return tel


def _fullfoer(rad):
    rad["rapportert"] = sum(rad[lys] for lys in LYS)
    rad["manglar"] = rad["alle"] - rad["rapportert"]
    rad["statusar"] = [(s, rad[f"s_{s}"]) for s in STATUSAR]
    return rad


def _tom_rad():
    return {"alle": 0, **dict.fromkeys(LYS, 0), **{f"s_{s}": 0 for s in STATUSAR}}


def tel_opp(periode, qs):
    """The counts for all of `qs` in one query."""
    return _fullfoer(qs.aggregate(**_teljarar(periode)))


def rull_opp_organisasjon(periode, qs, rot):
    """How the oppdrag in `qs` stand in the period, for `rot` and each unit directly under it
    (each with its whole subtree). One aggregate query, however many oppdrag."""
    born = list(Eining.objects.aktive().filter(i_subtre(rot), depth=rot.depth + 1).order_by("path"))
    lengd = len(rot.path) + Eining.steplen
    rader = {b.path: {**_tom_rad(), "eining": b} for b in born}
    eigen = {**_tom_rad(), "eining": rot, "eigen": True}
    totalt = _tom_rad()
    per_eining = qs.filter(i_subtre(rot, "eining")).values("eining__path").annotate(**_teljarar(periode))
    for r in per_eining:
        mal = rader.get(r["eining__path"][:lengd], eigen) if len(r["eining__path"]) >= lengd else eigen
        for k, v in r.items():
            if k != "eining__path":
                mal[k] += v
                totalt[k] += v
    ut = [_fullfoer(r) for r in rader.values()]
    if eigen["alle"]:
        ut.insert(0, _fullfoer(eigen))
    return ut, _fullfoer(totalt)


def rull_opp_maal(periode, qs):
    """How the oppdrag under each goal stand in the period (an oppdrag under two goals counts
    under both), and those with no goal. Two aggregate queries."""
    rader = list(
        qs.filter(maal__isnull=False)
        .values("maal__pk", "maal__tittel", "maal__plan__tittel")
        .annotate(**_teljarar(periode))
        .order_by("maal__plan__tittel", "maal__rekkjefolgje", "maal__pk")
    )
    utan = qs.filter(maal__isnull=True).aggregate(**_teljarar(periode))
    return [_fullfoer(r) for r in rader], _fullfoer(utan)


def reglar_for(periode):
    """The rules that put oppdrag in this period, for the page to show what it counts."""
    reglar = Regel.objects.select_related("kategori").order_by("kategori__rekkjefolgje", "kategori__pk")
    if periode.type != Frekvens.AAR:
        reglar = reglar.filter(frekvens=periode.type)
    utan_regel = Kategori.objects.filter(regel__isnull=True) if periode.type == Frekvens.MAANAD else None
    return list(reglar), list(utan_regel or [])


# --- freshness ----------------------------------------------------------------------------------


def siste_passerte(dag=None, n=2):
    """Per frequency (monthly, tertial), the last `n` periods whose deadline has passed, newest first."""
    dag = dag or klokke.i_dag()
    ut = {Frekvens.MAANAD: [], Frekvens.TERTIAL: []}
    # one query for both: each frequency's periods numbered from the newest deadline
    nummer = Window(RowNumber(), partition_by=F("type"), order_by=[F("frist").desc(), F("pk").desc()])
    for p in (
        Periode.objects.filter(type__in=list(ut), frist__lt=dag)
        .annotate(_nr=nummer)
        .filter(_nr__lte=n)
        .order_by("-frist", "-pk")
    ):
        ut[p.type].append(p)
    return ut


class Kalender:
    """The reporting periods of a day's year and the year before, read in one query, and what a
    start page asks of them: the open periods due next, which of them a released report locks,
    the last passed periods per frequency and the last finished month. Every answer lies in
    those two years once the year before has periods; before that (a kommune's first year) the
    last passed periods and month are asked of the database as `siste_passerte` does, so the
    answers are the same as the single functions give."""

    def __init__(self, dag):
        self.dag = dag
        self.periodar = self._les()
        if not any(p.aar == dag.year for p in self.periodar):
            sikre_periodar(dag)  # as the single functions make them: there is always a period
            self.periodar = self._les()
        self.heile = any(p.aar == dag.year - 1 for p in self.periodar)

    def _les(self):
        return sorted(
            Periode.objects.filter(aar__in=[self.dag.year - 1, self.dag.year]), key=lambda p: (p.frist, p.pk)
        )

    def neste_opne(self, n=3):
        """The open periods (begun, not closed) whose deadline is today or later, soonest first."""
        dag = self.dag
        return [p for p in self.periodar if p.fra <= dag and not p.stengd and p.frist >= dag][:n]

    def laaste(self, periodar):
        """As `laaste`, for periods of these two years."""
        frigjevne = [
            (p.aar, p.til)
            for p in self.periodar
            if p.type in (Frekvens.TERTIAL, Frekvens.AAR) and p.frigitt_at is not None
        ]
        return {p.pk for p in periodar if any(a == p.aar and til >= p.til for a, til in frigjevne)}

    def siste_passerte(self, n=2):
        """As `siste_passerte(dag, n)`."""
        ut = {
            typ: [p for p in reversed(self.periodar) if p.type == typ and p.frist < self.dag][:n]
            for typ in (Frekvens.MAANAD, Frekvens.TERTIAL)
        }
        if not self.heile and any(len(v) < n for v in ut.values()):
            return siste_passerte(self.dag, n)
        return ut

    def siste_ferdige_maanad(self):
        """The latest month whose reporting deadline has passed (as Mi side's blocks count it)."""
        maanader = [p for p in self.periodar if p.type == Frekvens.MAANAD and p.frist < self.dag]
        if not maanader and not self.heile:
            return Periode.objects.filter(type=Frekvens.MAANAD, frist__lt=self.dag).order_by("-til").first()
        return max(maanader, key=lambda p: (p.til, p.pk), default=None)


def utan_rapport_to_periodar(qs, dag=None, passerte=None):
    """The oppdrag of `qs` that were due in each of the last two passed periods of their
    frequency, existed already in the first of them, and were reported in neither.
    `passerte`: `siste_passerte(dag)`, for a caller asking this of several sets."""
    vilkaar = Q(pk__in=[])
    # the same as «in `oppdrag_i_perioden` of both and reported in neither», written as a test on
    # each row (its rule, its years, no report), so a leader's few oppdrag are looked at and not
    # every oppdrag of the year first: 94 ms → a few at Oslo scale
    for typ, periodar in (passerte if passerte is not None else siste_passerte(dag)).items():
        if len(periodar) < 2:
            continue
        nyast, eldst = periodar
        regel = Q(kategori__regel__frekvens=typ)
        if typ == Frekvens.MAANAD:  # monthly where no rule is set
            regel |= Q(kategori__regel__isnull=True)
        i_begge = Q(aar__lte=min(nyast.aar, eldst.aar)) & (
            Q(slutt_aar__isnull=True) | Q(slutt_aar__gte=max(nyast.aar, eldst.aar))
        )
        vilkaar |= (
            regel
            & i_begge
            & Q(created_at__date__lte=eldst.til)
            & ~Q(Exists(Statusrapport.objects.filter(oppdrag=OuterRef("pk"), periode__in=periodar)))
        )
    return qs.filter(trekt_at__isnull=True).exclude(status=Oppdrag.Status.AVBROTE).filter(vilkaar)


def med_sist_rapportert(qs):
    """Annotates each oppdrag with when it was last reported (None: never)."""
    return qs.annotate(sist_rapportert=Max("statusrapportar__rapportert_at"))


# --- economy ------------------------------------------------------------------------------------

OKONOMIKOLONNER = {
    alias: kol
    for kol, aliasar in {
        "eining": ("eining", "einingskode", "enhet", "enhetskode", "unit", "ansvar"),
        "budsjett": ("budsjett", "årsbudsjett", "aarsbudsjett", "budget"),
        "rekneskap": ("rekneskap", "regnskap", "rekneskap_hittil", "regnskap_hittil", "actual"),
        "prognose": ("prognose", "forecast"),
        "kommentar": ("kommentar", "comment"),
    }.items()
    for alias in aliasar
}


def rammer_for(aar):
    """{unit id: operating frame} for the year from the adopted plan that covers it (the newest)."""
    plan = (
        Okonomiplan.objects.filter(
            status=Okonomiplan.Status.VEDTATT, forste_aar__lte=aar, forste_aar__gt=aar - 4
        )
        .order_by("-forste_aar")
        .first()
    )
    if plan is None:
        return {}
    return dict(Ramme.objects.filter(okonomiplan=plan, aar=aar).values_list("eining_id", "drift"))


def planlegg_okonomiimport(periode, filnamn, innhald, eining=BelopEining.KRONER):
    """Read and check a ledger export for a month. Returns (rows, errors); nothing is saved.
    The budget is the unit's frame from the adopted plan unless the file has a budget column."""
    if periode.type != Frekvens.MAANAD:
        return [], [Feil(filnamn, 0, _("Economy is reported per month."))]
    try:
        sjekk_ikkje_laast(periode)
    except Rapportfeil as exc:
        return [], [Feil(filnamn, 0, str(exc))]
    rader = les_fil(filnamn, innhald, OKONOMIKOLONNER, paakravd=["eining", "rekneskap", "prognose"])
    einingar = {e.kode: e for e in Eining.objects.aktive()}
    rammer = rammer_for(periode.aar)
    ut, feil, sett = [], [], {}
    for r in rader:
        nr = r["rad"]
        kode = str(r.get("eining") or "").strip()
        e = einingar.get(kode)
        if e is None:
            feil.append(Feil(filnamn, nr, _("No active unit has the code «%(kode)s».") % {"kode": kode}))
            continue
        if e.pk in sett:
            feil.append(
                Feil(filnamn, nr, _("%(kode)s is also on row %(rad)s.") % {"kode": kode, "rad": sett[e.pk]})
            )
            continue
        sett[e.pk] = nr
        manglar = [k for k in ("rekneskap", "prognose") if not str(r.get(k) or "").strip()]
        if manglar:
            feil.append(Feil(filnamn, nr, _("%(kolonner)s is empty.") % {"kolonner": ", ".join(manglar)}))
            continue
        try:
            rekneskap, prognose = les_belop(r.get("rekneskap"), eining), les_belop(r.get("prognose"), eining)
            budsjett = (
                les_belop(r["budsjett"], eining) if str(r.get("budsjett") or "").strip() else rammer.get(e.pk)
            )
            if any(abs(v) > GRENSE for v in (rekneskap, prognose, budsjett or 0)):
                raise ValueError
        except ValueError:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("Amounts must be whole kroner, like 1 234 567 or −45 000.")
                    if eining == BelopEining.KRONER
                    else _("Amounts in %(eining)s must come to whole kroner, like 3,7 or −0,045.")
                    % {"eining": BelopEining(eining).label},
                )
            )
            continue
        if budsjett is not None and budsjett < 0:
            feil.append(Feil(filnamn, nr, _("The budget for the year cannot be negative.")))
            continue
        if budsjett is None:
            feil.append(
                Feil(
                    filnamn,
                    nr,
                    _(
                        "%(kode)s has no frame in the adopted plan for %(aar)s: give its budget in a budsjett column."
                    )
                    % {"kode": kode, "aar": periode.aar},
                )
            )
            continue
        ut.append(
            {
                "eining": e,
                "budsjett": budsjett,
                "rekneskap": rekneskap,
                "prognose": prognose,
                "kommentar": str(r.get("kommentar") or "").strip()[:5000],
            }
        )
    return ut, feil


@transaction.atomic
def lagre_okonomi(periode, rader, *, user):
    """The month's economy for the units in the file (others keep theirs); one write per kind."""
    # the month may have been released since the file was read (a preview waits for its user)
    sjekk_ikkje_laast(periode)
    # locked, so a leader's comment saved meanwhile is not written over with what was read before
    finst = {o.eining_id: o for o in Okonomirapport.objects.select_for_update().filter(periode=periode)}
    nye, endra = [], []
    for r in rader:
        o = finst.get(r["eining"].pk)
        if o is None:
            nye.append(Okonomirapport(periode=periode, importert_av=user, **r))
            continue
        for k in ("budsjett", "rekneskap", "prognose"):
            setattr(o, k, r[k])
        if r["kommentar"]:
            o.kommentar = r["kommentar"]  # a leader's comment stays unless the file brings one
        o.importert_av, o.importert_at = user, klokke.no()
        o.versjon += 1
        endra.append(o)
    grunn = grunnkode("Imported from the ledger")
    try:
        with transaction.atomic():
            bulk_create_with_history(nye, Okonomirapport, batch_size=1000, default_change_reason=grunn)
    except IntegrityError:
        raise Rapportfeil(_("Someone imported this month at the same moment. Try again.")) from None
    bulk_update_with_history(
        endra,
        Okonomirapport,
        ["budsjett", "rekneskap", "prognose", "kommentar", "importert_av", "importert_at", "versjon"],
        batch_size=1000,
        default_change_reason=grunn,
    )
    return len(nye) + len(endra)


OKONOMIFELT = ("budsjett", "budsjett_hittil", "rekneskap", "prognose", "avvik")


def _topp(rader):
    """Of rows sorted by path, those not under another row (a row under another is part of it)."""
    topp, sist = [], None
    for r in rader:
        if sist is None or not r.eining.path.startswith(sist):
            topp.append(r)
            sist = r.eining.path
    return topp


def _summar(rader):
    return {k: sum(getattr(r, k) for r in rader) for k in OKONOMIFELT} if rader else None


def okonomi_under(periode, rot):
    """The month's economy rows in `rot`'s subtree, and their sum over the topmost rows (so a
    row is not counted twice)."""
    rader = list(
        Okonomirapport.objects.filter(i_subtre(rot, "eining"), periode=periode)
        .select_related("eining", "periode")
        .order_by("eining__path")
    )
    for r in rader:
        r.nivaa = r.eining.depth - rot.depth
    return rader, _summar(_topp(rader))


class Sum:
    """A unit's economy as the sum of the rows under it, when the ledger has none of its own."""

    def __init__(self, eining, rader):
        self.eining, self.kommentar, self.nivaa = eining, "", 1
        for k, v in _summar(rader).items():
            setattr(self, k, v)


def okonomi_per_eining_under(periode, rot):
    """One row per unit directly under `rot`: its own, else the sum of the topmost rows in its
    subtree; and the sum of those rows, so the total is what the table shows."""
    rader, sum_ = okonomi_under(periode, rot)
    if any(r.eining_id == rot.pk for r in rader):
        # the ledger has a row for the root itself: it holds everything, as in okonomi_under
        return [r for r in rader if r.nivaa <= 1], sum_
    ut = []
    for b in Eining.objects.aktive().filter(i_subtre(rot), depth=rot.depth + 1).order_by("path"):
        under = [r for r in rader if r.eining.path.startswith(b.path)]
        eigen = next((r for r in under if r.eining_id == b.pk), None)
        if eigen is not None:
            ut.append(eigen)
        elif under:
            ut.append(Sum(b, _topp(under)))
    return ut, _summar(ut)


def kommenter_okonomi(rad, kommentar, versjon, *, user):
    """The unit's leader explains the month's figures; a change made meanwhile is a Konflikt."""
    sjekk_ikkje_laast(rad.periode)
    rad.kommentar = kommentar.strip()
    return lagre_versjonert(rad, versjon, grunn=grunnkode("Comment by %(namn)s") % {"namn": user.namn})


# --- reports ------------------------------------------------------------------------------------


def maanadsrapport(periode, qs):
    """The oppdrag part of the månadsrapport: per category the counts, the deviations (red
    first) and the other comments. A fixed number of queries."""
    kategoriar = {k.pk: k for k in Kategori.objects.all()}
    tal = {
        r["kategori"]: _fullfoer(r)
        for r in qs.values("kategori").annotate(**_teljarar(periode)).order_by("kategori")
    }
    rapportar = (
        Statusrapport.objects.filter(periode=periode, oppdrag__in=qs.values("pk"))
        .filter(~Q(lys=Statusrapport.Lys.GRON) | ~Q(kommentar=""))
        .select_related(
            "oppdrag__eining",
            "oppdrag__owner",
            "oppdrag__kjelde_vedtak__mote",
            "oppdrag__kjelde_vedtak__organ",
            "rapportert_av",
        )
        .prefetch_related(Prefetch("oppdrag__milepaelar", queryset=Milepael.objects.order_by("dato", "pk")))
    )
    per_kategori = defaultdict(lambda: {"avvik": [], "kommentarar": []})
    rekkje = {Statusrapport.Lys.RAUD: 0, Statusrapport.Lys.GUL: 1, Statusrapport.Lys.GRON: 2}
    for r in sorted(rapportar, key=lambda r: (rekkje[r.lys], r.oppdrag.eining.path, r.oppdrag.tittel)):
        per_kategori[r.oppdrag.kategori_id]["avvik" if r.lys != "gron" else "kommentarar"].append(r)
    ut = []
    for pk, t in tal.items():
        k = kategoriar[pk]
        ut.append({"kategori": k, "tal": t, **per_kategori[pk]})
    # categories with deviations come first, then in the list's own order
    ut.sort(
        key=lambda d: (-(d["tal"]["raud"] + d["tal"]["gul"]), d["kategori"].rekkjefolgje, d["kategori"].pk)
    )
    return ut


def siste_rapport_pk(rapportar):
    """For annotating oppdrag: the pk of each one's latest report among `rapportar`."""
    return Subquery(
        rapportar.filter(oppdrag=OuterRef("pk")).order_by("-periode__til", "-rapportert_at").values("pk")[:1]
    )


def med_siste_rapport(oppdrag):
    """The oppdrag (annotated by `siste_rapport_pk` as `siste_pk`) as a list, each with its
    latest report as `o.siste`: one query for all the reports."""
    oppdrag = list(oppdrag)
    rapportar = Statusrapport.objects.select_related("periode").in_bulk(
        [o.siste_pk for o in oppdrag if o.siste_pk]
    )
    for o in oppdrag:
        o.siste = rapportar.get(o.siste_pk)
    return oppdrag


def politiske_kategoriar():
    """The keys of the categories whose oppdrag are reported to the politicians. Read first and
    filtered by: joined to the rules in the oppdrag query, PostgreSQL could not tell how few
    oppdrag they hold and read all of the kommune's (Oslo scale: 30 ms a query)."""
    return list(Regel.objects.filter(politisk=True).values_list("kategori_id", flat=True))


def politiske_oppdrag(periode):
    """The oppdrag of the political categories in the period's year, each with its latest
    report up to the period's end (`siste`), deviations first."""
    i_perioden = Statusrapport.objects.filter(periode__aar=periode.aar, periode__til__lte=periode.til)
    oppdrag = med_siste_rapport(
        Oppdrag.objects.aktive()
        .i_aar(periode.aar)
        .filter(parent__isnull=True, kategori_id__in=politiske_kategoriar())
        .select_related("kategori", "eining", "owner", "kjelde_vedtak__mote", "kjelde_vedtak__organ")
        .prefetch_related(Prefetch("milepaelar", queryset=Milepael.objects.order_by("dato", "pk")))
        .annotate(siste_pk=siste_rapport_pk(i_perioden))
        .order_by("kategori__rekkjefolgje", "eining__path", norsk("tittel"))
    )
    rekkje = {"raud": 0, "gul": 1, "gron": 2}
    grupper = {}
    for o in oppdrag:
        grupper.setdefault(o.kategori, []).append(o)
    ut = []
    avbrote = Oppdrag.Status.AVBROTE
    for k, liste in grupper.items():
        # cancelled ones are no longer reported: they come last and are counted on their own
        liste.sort(key=lambda o: 5 if o.status == avbrote else rekkje.get(o.siste.lys, 3) if o.siste else 4)
        ut.append({"kategori": k, "oppdrag": liste, "tal": tel_lys(liste)})
    return ut


def tel_lys(oppdrag):
    """A group's counts by the light of each one's latest report (`o.siste`), those not
    reported, and the cancelled ones (counted on their own, not as unreported)."""
    aktive = [o for o in oppdrag if o.status != Oppdrag.Status.AVBROTE]
    tal = {lys: sum(1 for o in aktive if o.siste and o.siste.lys == lys) for lys in LYS}
    tal["manglar"] = sum(1 for o in aktive if not o.siste)
    tal["avbrote"] = len(oppdrag) - len(aktive)
    return tal


def okonomiperiode_for(periode):
    """The month whose economy a tertial or annual report shows: its last month."""
    if periode.type == Frekvens.MAANAD:
        return periode
    return Periode.objects.filter(aar=periode.aar, type=Frekvens.MAANAD, nummer=periode.til.month).first()


@transaction.atomic
def frigje(periode, *, user):
    """Release the period's political report to the politicians, once its deadline has passed."""
    # release locks the periods it covers, so their reporting must be over: the report's own
    # deadline comes after those of the months in it
    if periode.frist >= klokke.i_dag():
        raise Rapportfeil(
            _("The report can be released when its reporting deadline has passed (%(dato)s).")
            % {"dato": lang(periode.frist)}
        )
    if periode.frigitt_at is None:
        periode.frigitt_at, periode.frigitt_av = klokke.no(), user
        periode._change_reason = grunnkode("Released to the politicians")
        periode.save()
    return periode


# --- reminders ----------------------------------------------------------------------------------


def kven_skal_minnast(dag=None):
    """[(period, owner, unreported count, days ahead)] for the open periods whose deadline is
    RAPPORT_PAAMINNING_DAGAR days or one day after `dag` (today); only active owners who still
    have something unreported. Two queries per such period."""
    dag = dag or klokke.i_dag()
    fristar = {dag + datetime.timedelta(days=n): n for n in {settings.RAPPORT_PAAMINNING_DAGAR, 1}}
    ut = []
    for p in Periode.objects.opne(dag).filter(frist__in=fristar).order_by("frist", "pk"):
        tal = (
            oppdrag_i_perioden(p)
            .filter(owner__isnull=False, owner__is_active=True)
            .exclude(statusrapportar__periode=p)
            .values("owner")
            .annotate(n=Count("pk"))
        )
        einskilde = {r["owner"]: r["n"] for r in tal}
        for u in User.objects.filter(pk__in=einskilde).order_by("pk"):
            ut.append((p, u, einskilde[u.pk], fristar[p.frist]))
    return ut


def _paaminning_tekst(p, n):
    def tekst(_o):
        return ngettext(
            "You have %(n)s assignment not yet reported for %(p)s. The deadline is %(frist)s.",
            "You have %(n)s assignments not yet reported for %(p)s. The deadline is %(frist)s.",
            n,
        ) % {"n": n, "p": p, "frist": lang(p.frist)}

    return tekst


@transaction.atomic
def send_paaminningar(dag=None):
    """Notify each owner who has not reported («rapport_frist»), RAPPORT_PAAMINNING_DAGAR days and
    one day before the period's deadline, with a link to what is missing. Each reminder has its
    key (`rapportfrist7:periode:<pk>:<deadline>`), so a rerun reminds nobody twice. The mail
    follows the owner's choice (at once, the daily summary, or none) and goes after the commit,
    so a mail server that is down never loses a reminder. Returns how many were made."""
    varslingar = [
        Varsling(
            u,
            "rapport_frist",
            p,
            p.get_absolute_url() + "?vis=manglar",
            tekst=_paaminning_tekst(p, n),
            noekkel=f"rapportfrist{dagar}:periode:{p.pk}:{p.frist.isoformat()}",
        )
        for p, u, n, dagar in kven_skal_minnast(dag)
    ]
    return len(varsle_mange(varslingar))


# --- indicator values ---------------------------------------------------------------------------


def opne_periodar_no(dag=None):
    """{period code: Periode} of the periods values can be entered for today: open (begun, not
    closed by økonomi) and not covered by a report released to the politicians. Two queries."""
    dag = dag or klokke.i_dag()
    opne = list(Periode.objects.opne(dag).filter(aar__gte=dag.year - 1))
    frigjevne = list(
        Periode.objects.filter(
            type__in=[Frekvens.TERTIAL, Frekvens.AAR], frigitt_at__isnull=False, aar__gte=dag.year - 1
        ).values_list("aar", "til")
    )
    return {p.kode: p for p in opne if not any(a == p.aar and til >= p.til for a, til in frigjevne)}


def indikatorperiode(indikator, kode):
    """The reporting period a value of the indicator for `kode` goes into, if values may be
    entered for it now; else Rapportfeil saying why."""
    from . import indikatorar

    p = kalender.les(kode)
    if p is None:
        raise Rapportfeil(_("«%(kode)s» is not a period.") % {"kode": kode})
    if kode not in indikatorar.periodar_for(indikator, p.aar):
        raise Rapportfeil(
            _("%(ind)s is reported %(frekvens)s, so it has no value for %(p)s.")
            % {"ind": indikator, "frekvens": indikator.get_frekvens_display(), "p": p}
        )
    periode = Periode.objects.filter(aar=p.aar, type=p.type, nummer=p.nummer).first()
    if periode is None:
        raise Rapportfeil(_("The periods of %(aar)s are not made yet.") % {"aar": p.aar})
    sjekk_open(periode)
    return periode


def _valider_verdi(indikator, verdi):
    try:
        indikator.valider(verdi)
    except ValidationError as exc:
        raise Rapportfeil(" ".join(exc.messages)) from None


@transaction.atomic
def registrer_indikatorverdi(indikator, eining, kode, *, verdi, kommentar, user, versjon=0):
    """Save the indicator's value for the unit (None: the kommune) and period, under the
    reporting rules (the indicator's frequency, an open period). `versjon` is the version the
    form was built from (0: none existed). A value someone else saved since is a conflict
    (Konflikt) — unless it already says the same, so a double submit stores once."""
    indikatorperiode(indikator, kode)
    _valider_verdi(indikator, verdi)
    kommentar = kommentar.strip()
    finst = (
        Indikatorverdi.objects.select_for_update()
        .filter(indikator=indikator, eining=eining, periode=kode)
        .first()
    )
    if finst is None:
        try:
            with transaction.atomic():
                v = Indikatorverdi(
                    indikator=indikator,
                    eining=eining,
                    periode=kode,
                    verdi=verdi,
                    kommentar=kommentar,
                    registrert_av=user,
                    registrert_at=klokke.no(),
                )
                v._change_reason = grunnkode("Entered")
                v.save()
                return v
        except IntegrityError:
            finst = Indikatorverdi.objects.get(indikator=indikator, eining=eining, periode=kode)
    if finst.verdi == verdi and finst.kommentar == kommentar:
        return finst  # the same again: a double submit, or nothing changed
    if versjon != finst.versjon:
        raise Konflikt(finst)
    finst.verdi, finst.kommentar = verdi, kommentar
    finst.kjelde = Indikatorverdi.Kjelde.REGISTRERT
    finst.registrert_av, finst.registrert_at = user, klokke.no()
    finst.versjon += 1
    finst._change_reason = grunnkode("Changed")
    finst.save()
    return finst


INDIKATORKOLONNER = {
    "indikator_id": "indikator",
    "indikator": "namn",
    "indicator_id": "indikator",
    "id": "indikator",
    "indicator": "namn",
    "eining": "eining",
    "enhet": "eining",
    "unit": "eining",
    "einingskode": "eining",
    "einingsnamn": "einingsnamn",
    "periode": "periode",
    "period": "periode",
    "måleeining": "maaleeining",
    "verdi": "verdi",
    "value": "verdi",
    "kommentar": "kommentar",
    "comment": "kommentar",
    "versjon": "versjon",
}


@dataclass
class Indikatorimport:
    """What an indicator file would do: nothing is saved by planning."""

    feil: list = field(default_factory=list)  # importering.Feil by row
    nye: list = field(default_factory=list)  # rows (dicts) to add
    endra: list = field(default_factory=list)  # rows that change a value
    uendra: int = 0
    tomme: int = 0  # rows with no value (periods left for later)

    @property
    def tom(self):
        return not self.nye and not self.endra


def les_indikatorfil(filnamn, innhald):
    """The rows of an indicator file (Importfeil for a file that cannot be read)."""
    return les_fil(filnamn, innhald, INDIKATORKOLONNER, paakravd=["indikator", "periode", "verdi"])


def planlegg_indikatorimport(rader, *, user, filnamn=""):
    """Check every row of an indicator file (the user may enter it, the period is the
    indicator's and open, the value a number the indicator takes) and compare with what is
    stored. Rows with no value are skipped (the template lists every open period). A fixed
    number of queries, whatever the number of rows."""
    from plans.models import Indikator

    from . import permissions

    plan = Indikatorimport()
    ids = {int(r["indikator"]) for r in rader if str(r.get("indikator") or "").isdigit()}
    indikatorar = Indikator.objects.select_related("eigar").in_bulk(ids)
    einingar = {e.kode: e for e in Eining.objects.aktive()}
    opne = opne_periodar_no()
    aar = {
        kalender.les(str(r.get("periode") or "")).aar
        for r in rader
        if kalender.les(str(r.get("periode") or ""))
    }
    test = permissions.registrering_test(user)
    finst = {
        (v.indikator_id, v.eining_id, v.periode): v
        for v in Indikatorverdi.objects.filter(indikator_id__in=ids, aar__in=aar)
    }
    sett = {}
    from . import indikatorar as lys

    for r in rader:
        nr = r["rad"]
        verditekst = str(r.get("verdi") or "").strip()
        if not verditekst:
            plan.tomme += 1
            continue
        tekst = str(r.get("indikator") or "").strip()
        ind = indikatorar.get(int(tekst)) if tekst.isdigit() else None
        if ind is None:
            plan.feil.append(Feil(filnamn, nr, _("No indicator has the id «%(id)s».") % {"id": tekst}))
            continue
        kode = str(r.get("eining") or "").strip()
        eining = None
        if kode:
            eining = einingar.get(kode)
            if eining is None:
                plan.feil.append(
                    Feil(filnamn, nr, _("No active unit has the code «%(kode)s».") % {"kode": kode})
                )
                continue
        if not test(ind, eining):
            plan.feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("You may not enter values of %(ind)s for %(eining)s.")
                    % {"ind": ind, "eining": eining or _("the municipality")},
                )
            )
            continue
        pkode = str(r.get("periode") or "").strip()
        p = kalender.les(pkode)
        if p is None or pkode not in lys.periodar_for(ind, p.aar):
            plan.feil.append(
                Feil(
                    filnamn,
                    nr,
                    _("«%(p)s» is not a period of %(ind)s (reported %(frekvens)s; write e.g. %(eks)s).")
                    % {
                        "p": pkode,
                        "ind": ind,
                        "frekvens": ind.get_frekvens_display(),
                        "eks": lys.periodar_for(ind, klokke.i_dag().year)[0],
                    },
                )
            )
            continue
        if pkode not in opne:
            plan.feil.append(Feil(filnamn, nr, _("%(p)s is not open for reporting.") % {"p": p}))
            continue
        try:
            verdi = les_desimal(verditekst)
            ind.valider(verdi)
        except ValueError:
            plan.feil.append(
                Feil(filnamn, nr, _("«%(v)s» is not a number; write it like 12,5.") % {"v": verditekst})
            )
            continue
        except ValidationError as exc:
            plan.feil.append(Feil(filnamn, nr, " ".join(exc.messages)))
            continue
        nokkel = (ind.pk, eining.pk if eining else None, pkode)
        if nokkel in sett:
            plan.feil.append(
                Feil(filnamn, nr, _("The same value is also on row %(rad)s.") % {"rad": sett[nokkel]})
            )
            continue
        sett[nokkel] = nr
        kommentar = str(r.get("kommentar") or "").strip()[:5000]
        rad = {
            "rad": nr,
            "indikator": ind.pk,
            "namn": ind.namn,
            "eining": eining.pk if eining else None,
            "einingskode": eining.kode if eining else "",
            "einingsnamn": eining.namn if eining else "",
            "periode": pkode,
            "periodenamn": str(p.namn),
            "verdi": str(verdi),
            "kommentar": kommentar,
        }
        gammal = finst.get(nokkel)
        if gammal is None:
            rad["versjon"] = 0
            plan.nye.append(rad)
        elif gammal.verdi == verdi and (gammal.kommentar == kommentar or not kommentar):
            plan.uendra += 1
        else:
            rad["versjon"] = gammal.versjon
            rad["gammal"] = str(gammal.verdi)
            plan.endra.append(rad)
    return plan


class Importkonflikt(Rapportfeil):
    """The import cannot be applied as previewed; `feil` lists the rows (nothing was saved)."""

    def __init__(self, melding, feil):
        super().__init__(melding)
        self.feil = feil


@transaction.atomic
def importer_indikatorverdiar(rader, *, user, filnamn=""):
    """Apply a previewed import (the rows as planned): all or nothing. Each row is checked again,
    and a value someone changed since the preview is a conflict on that row."""
    plan = planlegg_indikatorimport(
        [{**r, "eining": r["einingskode"]} for r in rader],
        user=user,
        filnamn=filnamn,
    )
    forventa = {(r["indikator"], r["eining"], r["periode"]): r.get("versjon", 0) for r in rader}
    if plan.feil:
        raise Importkonflikt(_("The file no longer fits: nothing was saved."), plan.feil)
    nokklar = [(r["indikator"], r["eining"], r["periode"]) for r in plan.nye + plan.endra]
    finst = {
        (v.indikator_id, v.eining_id, v.periode): v
        for v in Indikatorverdi.objects.select_for_update().filter(
            indikator_id__in={k[0] for k in nokklar}, periode__in={k[2] for k in nokklar}
        )
    }
    feil = []
    for r in plan.nye + plan.endra:
        k = (r["indikator"], r["eining"], r["periode"])
        v = finst.get(k)
        if (v.versjon if v else 0) != forventa.get(k, 0):
            feil.append(
                Feil(
                    filnamn,
                    r["rad"],
                    _("%(ind)s %(p)s was changed by someone else after the preview.")
                    % {"ind": r["namn"], "p": r["periodenamn"]},
                )
            )
    if feil:
        raise Importkonflikt(_("Someone changed values after the preview: nothing was saved."), feil)
    no = klokke.no()
    nye = []
    for r in plan.nye:
        aar, til = Indikatorverdi.aar_og_til(r["periode"])
        nye.append(
            Indikatorverdi(
                indikator_id=r["indikator"],
                eining_id=r["eining"],
                periode=r["periode"],
                aar=aar,
                til=til,
                verdi=Decimal(r["verdi"]),
                kommentar=r["kommentar"],
                kjelde=Indikatorverdi.Kjelde.IMPORT,
                registrert_av=user,
                registrert_at=no,
            )
        )
    endra = []
    for r in plan.endra:
        v = finst[(r["indikator"], r["eining"], r["periode"])]
        v.verdi = Decimal(r["verdi"])
        if r["kommentar"]:
            v.kommentar = r["kommentar"]
        v.kjelde, v.registrert_av, v.registrert_at = Indikatorverdi.Kjelde.IMPORT, user, no
        v.versjon += 1
        endra.append(v)
    grunn = grunnkode("Imported")
    try:
        with transaction.atomic():
            bulk_create_with_history(nye, Indikatorverdi, batch_size=1000, default_change_reason=grunn)
    except IntegrityError:
        raise Importkonflikt(
            _("Someone entered one of these values in the same moment. Try again."), []
        ) from None
    bulk_update_with_history(
        endra,
        Indikatorverdi,
        ["verdi", "kommentar", "kjelde", "registrert_av", "registrert_at", "versjon"],
        batch_size=1000,
        default_change_reason=grunn,
    )
    return len(nye), len(endra)


@transaction.atomic
def lagre_indikatorhistorikk(rader, *, user, grunn):
    """Values from before the reporting periods existed (history, e.g. the demo's five years):
    rows (indicator, unit or None, period code, value, comment) not already stored are added in
    bulk, with the indicator's validation; stored ones are left alone (idempotent). Returns how
    many were added."""
    rader = list(rader)
    if not rader:
        return 0
    finst = set(
        Indikatorverdi.objects.filter(
            indikator__in={r[0] for r in rader}, periode__in={r[2] for r in rader}
        ).values_list("indikator_id", "eining_id", "periode")
    )
    nye = []
    no = klokke.no()
    for ind, eining, kode, verdi, kommentar in rader:
        k = (ind.pk, eining.pk if eining else None, kode)
        if k in finst:
            continue
        finst.add(k)
        _valider_verdi(ind, verdi)
        aar, til = Indikatorverdi.aar_og_til(kode)
        nye.append(
            Indikatorverdi(
                indikator=ind, eining=eining, periode=kode, aar=aar, til=til, verdi=verdi,
                kommentar=kommentar, kjelde=Indikatorverdi.Kjelde.IMPORT, registrert_av=user, registrert_at=no,
            )
        )  # fmt: skip
    bulk_create_with_history(nye, Indikatorverdi, batch_size=1000, default_change_reason=grunn)
    return len(nye)
