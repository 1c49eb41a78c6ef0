"""Mi side's lists: a bounded list and the size of all it stands for, in one query; the
periods a released report locks, for several periods in one query."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Q
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
def test_my_lists_cut_in_python_are_the_lists_the_database_gives(demo, login, monkeypatch):
    """A leader's own open oppdrag are read once and cut into Mi side's six lists; past
    MINE_GRENSE each list is asked of the database. Both give the same rows, order and count."""
    user = User.objects.get(email=f"{login}@alver.example")
    dag = klokke.i_dag()
    lister = ("nye", "mine", "over_fristen", "snart", "utan_kopling", "ikkje_rapportert")

    def les():
        ut = startside.oppdrag_lister(user, dag)
        return {k: ([o.pk for o in ut[k]["rader"]], ut[k]["tal"]) for k in lister}

    i_python = les()
    monkeypatch.setattr(startside, "MINE_GRENSE", 0)
    assert les() == i_python
    assert i_python["mine"][1] > 0 and any(
        i_python[k][1] for k in ("over_fristen", "snart", "ikkje_rapportert")
    )
