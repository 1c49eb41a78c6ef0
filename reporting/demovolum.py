"""Status reports for the grown demo (`demo --scale N --aar K`, see verksemdsplan/demovolum.py):
each of those oppdrag reported monthly by its owner through its year (this year: the months
before this one), about one report in twelve missing, closed years closed for reporting and
their tertials and annual report released. At N=10, K=5 about a million reports.

Like the hand-made demo's reports, these are written in bulk without history rows: they were
never edited. Built once; a report already there is left as it is."""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from alver.lib import klokke
from alver.models import User
from verksemdsplan.demovolum import TITLAR, _aara
from verksemdsplan.models import Kategori, Oppdrag

from . import services
from .models import Frekvens, Periode, Statusrapport

BATCH = 10_000


def _rapport(o, i, p):
    """What owner `o` reported for period `p` (None: nothing, either missed or after the work was
    done). Progress grows through the year; a delayed oppdrag is yellow or red with a comment."""
    pk, owner_id, frist, status, kommentar = o
    if frist and status == Oppdrag.Status.FULLFORT and p.fra > frist:
        return None
    if (i + p.nummer) % 12 == 11:
        return None
    framdrift = min(95, 5 + p.nummer * 8)
    if frist and status == Oppdrag.Status.FULLFORT and p.til >= frist:
        verdi = ("fullfort", "gron", "", 100)
    elif status == Oppdrag.Status.FORSEINKA or (
        status != Oppdrag.Status.FULLFORT and frist and frist < p.til
    ):
        verdi = ("forseinka", "raud" if i % 3 == 0 else "gul", kommentar or "Fristen er passert.", framdrift)
    elif status == Oppdrag.Status.IKKJE_STARTA:
        verdi = ("ikkje_starta", "gron", "", 0)
    else:
        verdi = ("i_rute", "gron", "", framdrift)
    return Statusrapport(
        oppdrag_id=pk,
        periode=p,
        status=verdi[0],
        lys=verdi[1],
        kommentar=verdi[2],
        framdrift=verdi[3],
        rapportert_av_id=owner_id,
        rapportert_at=timezone.make_aware(
            datetime.datetime.combine(
                min(p.til + datetime.timedelta(days=6), klokke.i_dag()), datetime.time(12)
            )
        ),
    )


def bygg(scale=1, aar=0, stdout=None):
    dag = klokke.i_dag()
    aara = _aara(scale, aar)
    if not aara:
        return 0
    adm = Kategori.objects.get(kode="administrativt")
    n = 0
    for y in aara:
        services.generer_periodar(y)
        maanader = range(1, 13) if y < dag.year else range(1, dag.month)
        periodar = list(
            Periode.objects.filter(aar=y, type=Frekvens.MAANAD, nummer__in=list(maanader)).order_by("nummer")
        )
        volum = Oppdrag.objects.filter(kategori=adm, tittel__in=TITLAR, aar=y, owner__isnull=False).exclude(
            status=Oppdrag.Status.AVBROTE
        )
        oppdrag = list(
            volum.order_by("pk").values_list("pk", "owner_id", "frist", "status", "status_kommentar")
        )
        finst = set(
            Statusrapport.objects.filter(periode__in=periodar, oppdrag__in=volum).values_list(
                "oppdrag_id", "periode_id"
            )
        )
        nye = []
        for p in periodar:
            for i, o in enumerate(oppdrag):
                if (o[0], p.pk) in finst:
                    continue
                r = _rapport(o, i, p)
                if r:
                    nye.append(r)
                if len(nye) >= BATCH:
                    Statusrapport.objects.bulk_create(nye)
                    n += len(nye)
                    nye = []
        Statusrapport.objects.bulk_create(nye)
        n += len(nye)
        # verksemdsplan's fact «first reported», in one statement
        volum.filter(rapportert_at__isnull=True).update(
            rapportert_at=Subquery(
                Statusrapport.objects.filter(oppdrag=OuterRef("pk"))
                .order_by("rapportert_at")
                .values("rapportert_at")[:1]
            )
        )
        if y < dag.year:
            # a year gone by: closed for reporting, its reports to the politicians released
            Periode.objects.filter(aar=y).update(stengd=True)
            Periode.objects.filter(
                aar=y, type__in=[Frekvens.TERTIAL, Frekvens.AAR], frigitt_at__isnull=True
            ).update(
                frigitt_at=timezone.make_aware(datetime.datetime(y + 1, 2, 1, 10)),
                frigitt_av=User.objects.filter(email="kommunedirektor@alver.example").first(),
            )
    if stdout and n:
        stdout.write(f"Rapportering (volum): {n} fleire statusrapportar.")
    return n
