"""Reporting in the demo kommune: the rules from the seed (political categories by tertial to
the politicians, the rest monthly), the periods of 2026 (each open from its first day; the tertials, September and October
closed), September and October reported by most owners (a few deviations; about one in ten has missed both and is
flagged), the political assignments reported for both tertials (the first released to the
politicians), and the economy for January–October per sector and service area from the
ledger. Built once; a second run changes nothing."""

import datetime

from django.utils import timezone

from alver.lib.tre import i_subtre
from alver.models import Eining, User
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Kategori

from . import services
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
    """Reports for the period from the owners; `hopp(i)` says who has not reported."""
    nye = []
    for i, o in enumerate(oppdrag):
        if hopp(i):
            continue
        lys = "raud" if i % 11 == 0 else "gul" if i % 7 == 0 else "gron"
        nye.append(
            Statusrapport(
                oppdrag=o,
                periode=periode,
                status="forseinka" if lys != "gron" else "i_rute",
                lys=lys,
                kommentar="" if lys == "gron" else "Ventar på avklaring om ressursar.",
                framdrift=(i * 13 + periode.nummer * 7) % 100,
                rapportert_av=o.owner,
                rapportert_at=timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12))),
            )
        )
    Statusrapport.objects.bulk_create(nye)
    # verksemdsplan's fact «first reported» (earlier periods are built first, so the first wins)
    oppdragstenester.merk_rapportert([r.oppdrag_id for r in nye], naar=nye[0].rapportert_at if nye else None)
    return len(nye)


def _okonomi(aar):
    """The ledger for January–October per service area (the sector's frame shared out, as the
    ledger's own budget column gives it) and per sector (the sum of its service areas): actual
    close to the budget, a few heading over."""
    rammer = services.rammer_for(aar)
    okonomi = (
        User.objects.filter(email="okonomi@alver.example").first() or User.objects.order_by("pk").first()
    )
    nye = []
    for periode in Periode.objects.filter(aar=aar, type=Frekvens.MAANAD, nummer__lte=10):
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
                r.importert_at = timezone.make_aware(datetime.datetime(aar, periode.nummer % 12 + 1, 8, 9))
                nye.append(r)
    Okonomirapport.objects.bulk_create(nye)
    return len(nye)


def bygg(stdout=None, **_):
    if Periode.objects.exists():
        return
    services.generer_periodar(2026)
    periodar = {(p.type, p.nummer): p for p in Periode.objects.filter(aar=2026)}
    n = 0
    for nummer, dag in ((9, datetime.date(2026, 10, 6)), (10, datetime.date(2026, 11, 5))):
        p = periodar[(Frekvens.MAANAD, nummer)]
        oppdrag = list(services.oppdrag_i_perioden(p).filter(owner__isnull=False).order_by("pk"))
        # one in five has not reported October; half of those missed September too
        n += _rapportar(p, oppdrag, dag, (lambda i: i % 10 == 9) if nummer == 9 else (lambda i: i % 5 == 4))
    for nummer, dag in ((1, datetime.date(2026, 5, 20)), (2, datetime.date(2026, 9, 22))):
        p = periodar[(Frekvens.TERTIAL, nummer)]
        oppdrag = list(services.oppdrag_i_perioden(p).filter(owner__isnull=False).order_by("pk"))
        n += _rapportar(p, oppdrag, dag, lambda i, nummer=nummer: nummer == 2 and i % 6 == 5)
    Periode.objects.filter(aar=2026, type=Frekvens.TERTIAL).update(stengd=True)
    Periode.objects.filter(aar=2026, type=Frekvens.MAANAD, nummer__in=[9, 10]).update(stengd=True)
    kd = User.objects.filter(email="kommunedirektor@alver.example").first()
    Periode.objects.filter(pk=periodar[(Frekvens.TERTIAL, 1)].pk).update(
        frigitt_at=timezone.make_aware(datetime.datetime(2026, 6, 2, 10)), frigitt_av=kd
    )
    okonomi = _okonomi(2026)
    if stdout:
        stdout.write(
            f"Rapportering: {Periode.objects.count()} periodar, {n} statusrapportar, "
            f"{okonomi} økonomirapportar (januar–oktober); 1. tertial frigitt."
        )
