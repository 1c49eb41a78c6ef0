"""Periods open by themselves on their first day; økonomi closes them only after the deadline;
neither closing nor a release ever leaves a frequency without a period to report into."""

import datetime

from django.conf import settings

from reporting import services, tasks
from reporting.models import Frekvens, Periode, Regel, Statusrapport
from verksemdsplan.models import Kategori


def _rapporter(o, p, user):
    services.rapporter(o, p, status="i_rute", lys="gron", kommentar="", framdrift=None, user=user)


def test_a_period_opens_on_its_first_day_by_itself(klokke, org, periode, oppdrag, client_as):
    desember = Periode.objects.get(aar=2026, type="maanad", nummer=12)
    ks = org["brukarar"]["kommunalsjef"]
    c = client_as("kommunalsjef")
    assert not desember.open  # 30 November
    html = client_as("okonomi").get("/rapportering/?aar=2026").content.decode()
    assert "opnar 1.12.2026" in html
    assert "opnar 1.12.2026" in c.get(f"/rapportering/{desember.kode}/").content.decode()
    html = c.get(f"/rapportering/{desember.kode}/{oppdrag.pk}/").content.decode()
    assert "Perioden opnar for rapportering 1.12.2026." in html  # not «closed»
    assert '<form method="post" class="skjema"' not in html  # nothing to fill in yet

    klokke.sett(datetime.date(2026, 12, 1))  # nobody opens it
    assert desember.open and desember in Periode.objects.opne()
    svar = c.post(f"/rapportering/{desember.kode}/{oppdrag.pk}/", {"status": "i_rute", "lys": "gron"})
    assert svar.status_code == 302 and desember.statusrapportar.get().rapportert_av == ks


def test_the_years_periods_are_there_from_new_years_day(klokke, org, client_as):
    klokke.sett(datetime.date(2027, 1, 1))
    assert client_as("tenesteleiar").get("/mi-side/").status_code == 200
    assert Periode.objects.filter(aar=2027).count() == 15
    assert Periode.objects.opne().filter(aar=2027, type="maanad").get().nummer == 1


def test_the_daily_beat_job_makes_the_new_years_periods(klokke, db):
    assert settings.CELERY_BEAT_SCHEDULE["periodar"]["task"] == tasks.sikre_periodar.name
    klokke.sett(datetime.date(2027, 1, 1))
    assert tasks.sikre_periodar() == 15
    assert tasks.sikre_periodar() == 0  # a rerun makes nothing twice


def test_okonomi_may_close_a_period_only_after_its_deadline(klokke, periode, client_as):
    c = client_as("okonomi")
    url = f"/rapportering/{periode.kode}/opne-lukk/"  # November: deadline 10.12.2026
    html = c.get("/rapportering/?aar=2026").content.decode()
    assert "kan stengjast etter 10.12.2026" in html
    svar = c.post(url, {"stengd": "1"}, follow=True)
    assert "kan stengjast når rapporteringsfristen er ute (10. desember 2026)" in svar.content.decode()
    periode.refresh_from_db()
    assert periode.open and not periode.stengd

    klokke.sett(datetime.date(2026, 12, 10))  # the deadline day itself is still for reporting
    c.post(url, {"stengd": "1"})
    periode.refresh_from_db()
    assert periode.open

    klokke.sett(datetime.date(2026, 12, 11))
    c.post(url, {"stengd": "1"})
    periode.refresh_from_db()
    assert periode.stengd and not periode.open


def test_after_the_second_tertial_closes_the_last_third_runs_into_the_annual_report(
    klokke, org, oppdrag, periode, client_as
):
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.TERTIAL, politisk=True)
    t2 = Periode.objects.get(aar=2026, type="tertial", nummer=2)
    aarsmelding = Periode.objects.get(aar=2026, type="aar")
    klokke.sett(datetime.date(2026, 10, 5))
    services.opne_lukk(t2, stengd=True)
    services.frigje(t2, user=org["brukarar"]["kommunedirektor"])
    assert aarsmelding.open and services.laast_av(aarsmelding) is None
    assert oppdrag in services.oppdrag_i_perioden(aarsmelding)
    html = client_as("kommunalsjef").get("/mi-side/").content.decode()
    assert "for årsmelding 2026" in html  # Mi side shows where the tertial oppdrag goes now
    _rapporter(oppdrag, aarsmelding, org["brukarar"]["kommunalsjef"])


def test_every_frequency_has_an_open_period_every_day_of_the_year(klokke, org, oppdrag, fleire):
    """Økonomi closes every period the day its deadline has passed and the kommunedirektør
    releases every report the day it may: an oppdrag of each frequency can still be reported
    every day, and one reported once a month is never «never reported»."""
    Periode.objects.all().delete()
    e, u = org["einingar"], org["brukarar"]
    kategoriar = {
        Frekvens.MAANAD: Kategori.objects.get(kode="administrativt"),
        Frekvens.TERTIAL: oppdrag.kategori,
        Frekvens.AAR: Kategori.objects.get(kode="plantiltak"),
    }
    for frekvens, k in kategoriar.items():
        Regel.objects.create(kategori=k, frekvens=frekvens)
    per_frekvens = {
        f: fleire(e["skule"], u["tenesteleiar"], f"Kvar {f}", kategori=k) for f, k in kategoriar.items()
    }
    dag = datetime.date(2026, 1, 1)
    while dag <= datetime.date(2027, 1, 31):
        klokke.sett(dag)
        services.sikre_periodar()
        for p in Periode.objects.opne():
            if p.kan_stengjast:
                services.opne_lukk(p, stengd=True)
            if p.type != Frekvens.MAANAD and p.frist < dag and p.frigitt_at is None:
                services.frigje(p, user=u["kommunedirektor"])
        opne = [p for p in Periode.objects.opne().filter(aar=2026) if services.laast_av(p) is None]
        for frekvens, o in per_frekvens.items():
            kan = [p for p in opne if services.oppdrag_i_perioden(p).filter(pk=o.pk).exists()]
            assert kan, f"{dag}: nowhere to report {frekvens}"
            if dag.day == 15 and frekvens == Frekvens.MAANAD:
                _rapporter(o, next((p for p in kan if p.type == Frekvens.MAANAD), kan[-1]), u["tenesteleiar"])
        dag += datetime.timedelta(days=1)
    assert Periode.objects.filter(aar=2026, type=Frekvens.TERTIAL, stengd=True).count() == 2
    maanadleg = per_frekvens[Frekvens.MAANAD]
    assert services.med_sist_rapportert(type(maanadleg).objects.filter(pk=maanadleg.pk)).get().sist_rapportert
    assert (
        Statusrapport.objects.filter(oppdrag=maanadleg).count() == 13
    )  # each month of 2026, and January's into the year
