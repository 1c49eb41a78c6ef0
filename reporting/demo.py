"""Reporting in the demo kommune: the rules from the seed (political categories by tertial to
the politicians, the rest monthly), this year's periods (each open from its first day; those
whose reporting deadline has passed closed by økonomi), the two months before this one reported by
most owners (deviations where the oppdrag is delayed; about one in ten has missed both and is
flagged), the political assignments reported for the tertials that are over (the first released to
the politicians), and the economy for the months before this one per sector and service area from
the ledger. Built once; a second run changes nothing."""

import datetime

from django.utils import timezone

from alver.lib import klokke
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Kategori, Oppdrag

from . import demovolum, services
from .models import Frekvens, Okonomirapport, Periode, Regel, Statusrapport

POLITISKE = ("verbalpunkt", "politisk_vedtak", "tilleggsbestilling")


def grunndata():
    for k in Kategori.objects.all():
        politisk = k.kode in POLITISKE
        Regel.objects.get_or_create(
            kategori=k,
            defaults={"frekvens": Frekvens.TERTIAL if politisk else Frekvens.MAANAD, "politisk": politisk},
        )


def _rapportar(periode, oppdrag, dag, hopp):
    """Reports for the period from the owners; `hopp(i)` says who has not reported. What a report
    says follows the oppdrag: delayed (by status, or past its deadline on the day) is yellow or red
    with a comment, done is done, the rest on track."""
    nye = []
    for i, o in enumerate(oppdrag):
        if hopp(i):
            continue
        framdrift = (i * 13 + periode.nummer * 7) % 90 + 5
        if o.status == Oppdrag.Status.FORSEINKA or (
            o.status != Oppdrag.Status.FULLFORT and o.frist and o.frist < dag
        ):
            status, lys = "forseinka", "raud" if i % 3 == 0 else "gul"
            kommentar = o.status_kommentar or "Fristen er passert; ny plan kjem i neste rapport."
        elif o.status == Oppdrag.Status.FULLFORT and (o.frist is None or o.frist <= dag):
            status, lys, kommentar, framdrift = "fullfort", "gron", "", 100
        elif o.status == Oppdrag.Status.IKKJE_STARTA:
            status, lys, kommentar, framdrift = "ikkje_starta", "gron", "", 0
        else:
            status, lys, kommentar = "i_rute", "gron", ""
        nye.append(
            Statusrapport(
                oppdrag=o,
                periode=periode,
                status=status,
                lys=lys,
                kommentar=kommentar,
                framdrift=framdrift,
                rapportert_av=o.owner,
                rapportert_at=timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12))),
            )
        )
    Statusrapport.objects.bulk_create(nye)
    # verksemdsplan's fact «first reported» (earlier periods are built first, so the first wins)
    oppdragstenester.merk_rapportert([r.oppdrag_id for r in nye], naar=nye[0].rapportert_at if nye else None)
    return len(nye)


def _okonomi(aar, dag):
    """The ledger for the months before this one per service area (the sector's frame shared out, as the
    ledger's own budget column gives it) and per sector (the sum of its service areas): actual
    close to the budget, a few heading over."""
    rammer = services.rammer_for(aar)
    okonomi = (
        User.objects.filter(email="okonomi@alver.example").first() or User.objects.order_by("pk").first()
    )
    nye = []
    for periode in Periode.objects.filter(aar=aar, type=Frekvens.MAANAD, nummer__lt=dag.month):
        # imported on the 8th of the month after (or today, if that is still ahead)
        importert = min(datetime.date(aar, periode.nummer + 1, 8), dag)
        i = 0
        for s in Eining.objects.filter(pk__in=rammer).order_by("path"):
            born = list(Eining.objects.aktive().filter(i_subtre(s), depth=s.depth + 1).order_by("path"))
            rader = []
            for j, b in enumerate(born):
                budsjett = rammer[s.pk] // len(born) + (rammer[s.pk] % len(born) if j == 0 else 0)
                # every fourth service area overspends a little more each month; the others keep within
                skeiv = (0.004 * periode.nummer) if i % 4 == 1 else -0.002 * (i % 3)
                i += 1
                rader.append(
                    Okonomirapport(
                        eining=b,
                        periode=periode,
                        budsjett=budsjett,
                        rekneskap=round(budsjett * periode.nummer / 12 * (1 + skeiv)),
                        prognose=round(budsjett * (1 + skeiv)),
                        kommentar="Auka bruk av vikarar og innleige." if skeiv > 0.02 else "",
                    )
                )
            sektor = Okonomirapport(
                eining=s,
                periode=periode,
                budsjett=sum(r.budsjett for r in rader) or rammer[s.pk],
                rekneskap=sum(r.rekneskap for r in rader),
                prognose=sum(r.prognose for r in rader) or rammer[s.pk],
            )
            for r in [sektor, *rader]:
                r.importert_av = okonomi
                r.importert_at = timezone.make_aware(datetime.datetime.combine(importert, datetime.time(9)))
                nye.append(r)
    Okonomirapport.objects.bulk_create(nye)
    return len(nye)


def _demoverdi(ind, maal, steg, avvik):
    """A plausible value near the target: `steg` years/periods from reaching it, off by `avvik`
    (a share of the target: 0 on target, 0.03 yellow, 0.08 red) in the wrong direction."""
    from decimal import ROUND_HALF_EVEN, Decimal

    verre = Decimal(-1) if ind.retning == ind.Retning.HOEGARE else Decimal(1)
    verdi = maal + verre * abs(maal) * (Decimal(avvik) + Decimal(steg) / 100)
    if ind.minimum is not None:
        verdi = max(verdi, ind.minimum)
    if ind.maksimum is not None:
        verdi = min(verdi, ind.maksimum)
    # the demo's own number, made to the indicator's decimals (a value a user might type)
    return verdi.quantize(Decimal(1).scaleb(-ind.desimalar), rounding=ROUND_HALF_EVEN)


def _indikatorverdiar(dag, stdout=None):
    """Five years of yearly history for the kommune for every indicator, and this year's values
    per the indicator's frequency for the periods that are over, for the kommune and for the
    units that took the indicator on; about one in four off target (yellow or red). Uses
    whatever indicators exist; a second run adds nothing."""
    from decimal import Decimal

    from plans.models import Indikator, Planmaalverdi
    from verksemdsplan.models import PrioritertIndikator

    from . import indikatorar

    indikatorar_ = list(Indikator.objects.order_by("pk"))
    if not indikatorar_:
        return 0
    user = (
        User.objects.filter(email="kommunedirektor@alver.example").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )
    if user is None:
        return 0
    plan = {}
    for ind_id, aar, verdi in Planmaalverdi.objects.order_by("aar", "kopling_id").values_list(
        "kopling__indikator_id", "aar", "verdi"
    ):
        plan.setdefault(ind_id, {}).setdefault(aar, verdi)
    standard = {"prosent": Decimal(80), "kroner": Decimal(120000), "dagar": Decimal(10), "timar": Decimal(40)}

    def maal_i(ind, aar):
        per_aar = plan.get(ind.pk) or {}
        if not per_aar:
            return standard.get(ind.maaleeining, Decimal(50))
        naerast = min(per_aar, key=lambda a: (abs(a - aar), a))
        return per_aar[naerast]

    def avvik(ind, n):
        return {0: 0.08, 1: 0.03}.get((ind.pk + n) % 4, 0)

    i_aar = list(Periode.objects.filter(aar=dag.year, til__lt=dag))
    rader = []
    for ind in indikatorar_:
        for steg, aar in enumerate(range(dag.year - 5, dag.year)):
            rader.append(
                (
                    ind,
                    None,
                    f"{aar}-aar",
                    _demoverdi(ind, maal_i(ind, aar), 4 - steg, avvik(ind, 0) if steg == 4 else 0),
                    "",
                )
            )
        koder = set(indikatorar.periodar_for(ind, dag.year))
        for n, p in enumerate(sorted((p for p in i_aar if p.kode in koder), key=lambda p: p.til)):
            a = avvik(ind, n)
            v = _demoverdi(ind, maal_i(ind, dag.year), 0, a)
            rader.append((ind, None, p.kode, v, "Utanfor målet; tiltak er sette i verk." if a else ""))
    for pi in PrioritertIndikator.objects.filter(verksemdsplan__aar=dag.year).select_related(
        "indikator", "verksemdsplan__eining"
    ):
        ind = pi.indikator
        maal = pi.maal if pi.maal is not None else maal_i(ind, dag.year)
        koder = set(indikatorar.periodar_for(ind, dag.year))
        for n, p in enumerate(sorted((p for p in i_aar if p.kode in koder), key=lambda p: p.til)):
            rader.append(
                (ind, pi.verksemdsplan.eining, p.kode, _demoverdi(ind, maal, 0, avvik(ind, n + 1)), "")
            )
    n = services.lagre_indikatorhistorikk(rader, user=user, grunn="Demo")
    if stdout and n:
        stdout.write(f"Rapportering: {n} indikatorverdiar.")
    return n


def bygg(stdout=None, scale=1, aar=0, **_):
    _bygg(stdout)
    # `--scale`/`--aar`: the reports for the grown demo's oppdrag
    demovolum.bygg(scale, aar, stdout)


def _bygg(stdout=None):
    if Periode.objects.exists():
        _indikatorverdiar(klokke.i_dag(), stdout)
        return
    dag = klokke.i_dag()
    aar, maanad = dag.year, dag.month
    services.generer_periodar(aar)
    periodar = {(p.type, p.nummer): p for p in Periode.objects.filter(aar=aar)}
    n = 0
    # the two months before this one, reported early in the month after
    for nummer in (maanad - 2, maanad - 1):
        if nummer < 1:
            continue
        p = periodar[(Frekvens.MAANAD, nummer)]
        oppdrag = list(services.oppdrag_i_perioden(p).filter(owner__isnull=False).order_by("pk"))
        # one in five has not reported the last month; half of those missed the one before too
        hopp = (lambda i: i % 10 == 9) if nummer == maanad - 2 else (lambda i: i % 5 == 4)
        n += _rapportar(p, oppdrag, min(datetime.date(aar, nummer + 1, 6), dag), hopp)
    # the tertials that are over, reported in the month after; the first released to the politicians
    for nummer, rapportert in ((1, datetime.date(aar, 5, 20)), (2, datetime.date(aar, 9, 22))):
        if rapportert >= dag:
            continue
        p = periodar[(Frekvens.TERTIAL, nummer)]
        oppdrag = list(services.oppdrag_i_perioden(p).filter(owner__isnull=False).order_by("pk"))
        n += _rapportar(p, oppdrag, rapportert, lambda i, nummer=nummer: nummer == 2 and i % 6 == 5)
    # økonomi has closed what it may close: the periods whose reporting deadline has passed
    Periode.objects.filter(aar=aar, frist__lt=dag).update(stengd=True)
    kd = User.objects.filter(email="kommunedirektor@alver.example").first()
    frigitt = datetime.date(aar, 6, 2)
    if frigitt < dag:
        Periode.objects.filter(pk=periodar[(Frekvens.TERTIAL, 1)].pk).update(
            frigitt_at=timezone.make_aware(datetime.datetime.combine(frigitt, datetime.time(10))),
            frigitt_av=kd,
        )
    okonomi = _okonomi(aar, dag)
    _indikatorverdiar(dag, stdout)
    if stdout:
        stdout.write(
            f"Rapportering: {Periode.objects.count()} periodar, {n} statusrapportar, "
            f"{okonomi} økonomirapportar; {periodar[(Frekvens.MAANAD, maanad)]} open."
        )
