"""verksemdsplan keeps when something was first reported on an oppdrag (`rapportert_at`):
reporting tells it in the transaction that stores the report, and a data migration fills it in
from the earliest report for what was reported before."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from alver.lib import klokke
from reporting import services
from reporting.models import Statusrapport
from verksemdsplan.models import Oppdrag
from verksemdsplan.services import merk_rapportert

migrering = importlib.import_module("reporting.migrations.0007_fyll_rapportert_at")


def _naar(o):
    return Oppdrag.objects.values_list("rapportert_at", flat=True).get(pk=o.pk)


def test_the_first_report_sets_it_and_later_ones_leave_it(org, oppdrag, periode):
    assert oppdrag.rapportert_at is None
    ks = org["brukarar"]["kommunalsjef"]
    with klokke.stilt(datetime.date(2026, 11, 30)):
        services.rapporter(oppdrag, periode, status="i_rute", lys="gron", kommentar="", framdrift=5, user=ks)
    forste = _naar(oppdrag)
    assert forste is not None and timezone.localdate(forste) == datetime.date(2026, 11, 30)
    with klokke.stilt(datetime.date(2026, 12, 3)):
        services.rapporter(oppdrag, periode, status="i_rute", lys="gron", kommentar="", framdrift=9, user=ks)
    assert _naar(oppdrag) == forste


def test_a_report_that_fails_marks_nothing(org, oppdrag, periode):
    with pytest.raises(services.Rapportfeil):
        services.rapporter(
            oppdrag, periode, status="forseinka", lys="raud", kommentar=" ", framdrift=None,
            user=org["brukarar"]["kommunalsjef"],
        )  # fmt: skip
    assert _naar(oppdrag) is None


def test_deviation_mode_marks_what_it_confirms(org, oppdrag, periode, fleire):
    forseinka = fleire(org["einingar"]["oppvekst"], oppdrag.owner, "Forseinka", status="forseinka")
    n = services.alt_anna_i_rute(
        periode,
        Oppdrag.objects.filter(pk__in=[oppdrag.pk, forseinka.pk]),
        user=org["brukarar"]["kommunalsjef"],
    )
    assert n == 1
    assert _naar(oppdrag) is not None
    assert _naar(forseinka) is None  # it deviates: its owner reports it


def test_merk_rapportert_keeps_the_first_time_and_writes_no_history(oppdrag):
    tidleg = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    assert merk_rapportert([oppdrag.pk], naar=tidleg) == 1
    historikk = oppdrag.history.count()
    versjon = Oppdrag.objects.get(pk=oppdrag.pk).versjon
    assert merk_rapportert([oppdrag.pk]) == 0
    assert merk_rapportert([]) == 0
    assert _naar(oppdrag) == tidleg
    assert oppdrag.history.count() == historikk
    assert Oppdrag.objects.get(pk=oppdrag.pk).versjon == versjon


def test_the_migration_fills_it_from_the_earliest_report(org, oppdrag, periode, fleire):
    from reporting.models import Periode

    ks = org["brukarar"]["kommunalsjef"]
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    tidleg = timezone.make_aware(datetime.datetime(2026, 5, 4, 10))
    seint = timezone.make_aware(datetime.datetime(2026, 12, 2, 10))
    for p, t in ((periode, seint), (april, tidleg)):
        Statusrapport.objects.create(
            oppdrag=oppdrag, periode=p, status="i_rute", lys="gron", rapportert_av=ks, rapportert_at=t
        )
    urapportert = fleire(org["einingar"]["oppvekst"], ks, "Aldri rapportert")
    alt_merkt = fleire(org["einingar"]["oppvekst"], ks, "Merkt frå før")
    Statusrapport.objects.create(
        oppdrag=alt_merkt, periode=april, status="i_rute", lys="gron", rapportert_av=ks, rapportert_at=tidleg
    )
    fast = timezone.make_aware(datetime.datetime(2026, 1, 2, 8))
    Oppdrag.objects.filter(pk=alt_merkt.pk).update(rapportert_at=fast)

    migrering.fyll(apps, None)

    assert _naar(oppdrag) == tidleg
    assert _naar(urapportert) is None
    assert _naar(alt_merkt) == fast
