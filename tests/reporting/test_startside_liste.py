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
    startside.kalender(user, dag)  # the periods: read once per request, for every block
    with CaptureQueriesContext(connection) as ctx:
        lister = startside._mine_lister(startside.mine_opne(user, dag), dag)
    assert len(ctx) == 1
    for k, qs in venta.items():
        assert [o.pk for o in lister[k]["rader"]] == list(
            qs.values_list("pk", flat=True)[: startside.GRENSE]
        ), k
        assert lister[k]["tal"] == qs.count(), k
    # not an empty comparison: the leader has lists with rows, one of them longer than shown
    assert lister["mine"]["tal"] > startside.GRENSE
    assert any(lister[k]["tal"] for k in ("over_fristen", "snart", "ikkje_rapportert"))


def _som_foer(dag):
    """What the single functions answer for `dag` (each asks the database itself)."""
    neste = list(Periode.objects.opne(dag).filter(frist__gte=dag).order_by("frist", "pk")[:3])
    return {
        "neste": [p.pk for p in neste],
        "laaste": services.laaste(neste),
        "passerte": {t: [p.pk for p in v] for t, v in services.siste_passerte(dag).items()},
        "maanad": getattr(startside.siste_ferdige_maanad(dag), "pk", None),
    }


def _fraa_kalenderen(dag):
    k = services.Kalender(dag)
    neste = k.neste_opne(3)
    return {
        "neste": [p.pk for p in neste],
        "laaste": k.laaste(neste),
        "passerte": {t: [p.pk for p in v] for t, v in k.siste_passerte().items()},
        "maanad": getattr(k.siste_ferdige_maanad(), "pk", None),
    }


@pytest.mark.django_db
def test_the_start_pages_calendar_answers_as_the_single_functions_over_two_years(klokke):
    """Mi side reads the periods of this year and the year before once (`Kalender`) and answers
    from them what four blocks used to ask the database for: the same answers on every kind of
    day, in a kommune's first year (nothing before it) as in its second, with a released tertial."""
    dagar = [datetime.date(2025, 1, 1) + datetime.timedelta(days=d) for d in range(0, 730, 9)]
    dagar += [datetime.date(2026, 1, 10), datetime.date(2026, 1, 11), datetime.date(2026, 5, 31)]
    services.generer_periodar(2025)
    Periode.objects.filter(aar=2025, type=Frekvens.TERTIAL, nummer=1).update(
        frigitt_at=datetime.datetime(2025, 6, 5, tzinfo=datetime.UTC)
    )
    for dag in sorted(dagar):
        klokke.sett(dag)
        fraa = _fraa_kalenderen(dag)  # on the first day of 2026 it makes the year's periods, as the page did
        assert fraa == _som_foer(dag), dag
    assert Periode.objects.filter(aar=2026).count() == Periode.objects.filter(aar=2025).count()
    # not empty comparisons: there were periods due, locked ones, passed ones and a finished month
    assert _fraa_kalenderen(datetime.date(2025, 5, 5))["laaste"]
    svar = _fraa_kalenderen(datetime.date(2026, 2, 1))
    assert len(svar["neste"]) == 3 and all(len(v) == 2 for v in svar["passerte"].values()) and svar["maanad"]
    forste = _fraa_kalenderen(datetime.date(2025, 1, 5))
    assert forste["passerte"] == {Frekvens.MAANAD: [], Frekvens.TERTIAL: []} and forste["maanad"] is None


@pytest.mark.django_db
def test_the_calendar_reads_the_periods_in_one_query(klokke):
    services.generer_periodar(2025)
    services.generer_periodar(2026)
    with CaptureQueriesContext(connection) as ctx:
        k = services.Kalender(datetime.date(2026, 3, 15))
        k.neste_opne(3), k.laaste(k.neste_opne(3)), k.siste_passerte(), k.siste_ferdige_maanad()
    assert len(ctx) == 1
