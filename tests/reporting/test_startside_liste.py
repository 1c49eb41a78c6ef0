"""Mi side's lists: a bounded list and the size of all it stands for, in one query; the
periods a released report locks, for several periods in one query."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext

from alver.lib import klokke
from alver.models import User
from budget.models import Mote
from reporting import services, startside
from reporting.models import Frekvens, Periode
from verksemdsplan.models import Oppdrag


def test_a_list_and_its_count_in_one_query(org, fleire):
    for i in range(14):
        fleire(org["einingar"]["skule"], org["brukarar"]["tenesteleiar"], f"Oppdrag {i:02d}")
    qs = Oppdrag.objects.filter(owner=org["brukarar"]["tenesteleiar"]).order_by("tittel")
    with CaptureQueriesContext(connection) as ctx:
        ut = startside.liste(qs)
    assert len(ctx) == 1
    assert ut["tal"] == 14 and [o.tittel for o in ut["rader"]] == [f"Oppdrag {i:02d}" for i in range(10)]
    assert startside.liste(qs.filter(tittel="finst ikkje")) == {"rader": [], "tal": 0}


def test_a_grouped_list_is_counted_by_its_groups(org, oppdrag):
    # the fixture's meeting and one more without cases: grouped, so counted apart (two queries)
    Mote.objects.create(
        organ=oppdrag.kjelde_vedtak.mote.organ,
        dato=datetime.date(2026, 3, 1),
        created_by=org["brukarar"]["sekretariat"],
    )
    qs = Mote.objects.annotate(saker=Count("vedtak", filter=Q(vedtak__feilregistrert_at__isnull=True)))
    ut = startside.liste(qs.order_by("dato"))
    assert ut["tal"] == Mote.objects.count() == 2 and len(ut["rader"]) == 2


def test_the_periods_a_released_report_locks_in_one_query(org, periode):
    t2 = Periode.objects.get(aar=2026, type=Frekvens.TERTIAL, nummer=2)  # May–August
    mai, nov = (Periode.objects.get(aar=2026, type=Frekvens.MAANAD, nummer=n) for n in (5, 11))
    assert services.laaste([mai, nov]) == set()
    Periode.objects.filter(pk=t2.pk).update(frigitt_at=datetime.datetime(2026, 9, 20, tzinfo=datetime.UTC))
    with CaptureQueriesContext(connection) as ctx:
        assert services.laaste([mai, nov]) == {mai.pk}
    assert len(ctx) == 1
    assert {p.pk for p in (mai, nov) if services.laast_av(p)} == {mai.pk}  # the same as one by one


@pytest.mark.parametrize("login", ["kommunalsjef.oppvekst", "kommunalsjef.helse", "tenesteleiar.skule"])
def test_my_lists_from_one_query_are_the_lists_asked_one_by_one(demo, login):
    """A leader's six lists on Mi side come from one query (cut in Python); each is the list the
    database gives when asked for it alone: the same rows, order and count."""
    from verksemdsplan import services as oppdragstenester
    from verksemdsplan.models import Kategori

    user = User.objects.get(email=f"{login}@alver.example")
    dag = klokke.i_dag()
    # more than a list shows, some without a deadline, some past it, some due soon, ties on a day
    for i in range(12):
        oppdragstenester.lag_oppdrag(
            eining=user.leia.first(),
            aar=dag.year,
            user=user,
            tittel=f"Ekstra {i}",
            kategori=Kategori.objects.get(kode="administrativt"),
            frist=None if i % 4 == 0 else dag + datetime.timedelta(days=(i % 3 - 1) * 10),
        )
    mine = Oppdrag.objects.aktive().opne().filter(owner=user)
    passerte = services.siste_passerte(dag)
    etter_frist = (F("frist").asc(nulls_last=True), "pk")
    venta = {
        "nye": mine.filter(created_at__gte=klokke.no() - datetime.timedelta(days=14)).order_by(
            "-created_at", "-pk"
        ),
        "mine": mine.order_by(F("frist").asc(nulls_first=True), "-pk"),
        "over_fristen": mine.filter(frist__lt=dag).order_by(*etter_frist),
        "snart": mine.filter(
            frist__gte=dag, frist__lte=dag + datetime.timedelta(days=startside.SNART)
        ).order_by(*etter_frist),
        "utan_kopling": mine.utan_kopling().order_by(*etter_frist),
        "ikkje_rapportert": services.utan_rapport_to_periodar(mine, passerte=passerte).order_by(*etter_frist),
    }
    with CaptureQueriesContext(connection) as ctx:
        lister = startside._mine_lister(mine.select_related("eining", "kategori"), dag, passerte)
    assert len(ctx) == 1
    for k, qs in venta.items():
        assert [o.pk for o in lister[k]["rader"]] == list(
            qs.values_list("pk", flat=True)[: startside.GRENSE]
        ), k
        assert lister[k]["tal"] == qs.count(), k
    # not an empty comparison: the leader has lists with rows, one of them longer than shown
    assert lister["mine"]["tal"] > startside.GRENSE
    assert any(lister[k]["tal"] for k in ("over_fristen", "snart", "ikkje_rapportert"))
