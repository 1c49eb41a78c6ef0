"""Reporting in the demo kommune: the rules from the seed (political categories by tertial to
the politicians, the rest monthly), the periods of 2026 with November open, and October
reported by most owners, with a few deviations. Built once; a second run changes nothing."""

import datetime

from django.utils import timezone

from verksemdsplan.models import Kategori

from . import services
from .models import Frekvens, Periode, Regel, Statusrapport

POLITISKE = ("verbalpunkt", "politisk_vedtak", "tilleggsbestilling")


def grunndata():
    for k in Kategori.objects.all():
        politisk = k.kode in POLITISKE
        Regel.objects.get_or_create(
            kategori=k,
            defaults={"frekvens": Frekvens.TERTIAL if politisk else Frekvens.MAANAD, "politisk": politisk},
        )


def bygg(stdout=None, **_):
    if Periode.objects.exists():
        return
    services.generer_periodar(2026)
    Periode.objects.filter(aar=2026, type=Frekvens.MAANAD, nummer__in=[10, 11]).update(open=True)
    oktober = Periode.objects.get(aar=2026, type=Frekvens.MAANAD, nummer=10)
    nye = []
    for i, o in enumerate(services.oppdrag_i_perioden(oktober).filter(owner__isnull=False).order_by("pk")):
        if i % 5 == 4:
            continue  # some have not reported
        lys = "raud" if i % 11 == 0 else "gul" if i % 7 == 0 else "gron"
        nye.append(
            Statusrapport(
                oppdrag=o,
                periode=oktober,
                status="forseinka" if lys != "gron" else "i_rute",
                lys=lys,
                kommentar="" if lys == "gron" else "Ventar på avklaring om ressursar.",
                framdrift=(i * 13) % 100,
                rapportert_av=o.owner,
                rapportert_at=timezone.make_aware(datetime.datetime(2026, 11, 5, 12)),
            )
        )
    Statusrapport.objects.bulk_create(nye)
    Periode.objects.filter(pk=oktober.pk).update(open=False)
    if stdout:
        stdout.write(
            f"Rapportering: {Periode.objects.count()} periodar, {len(nye)} statusrapportar for oktober."
        )
