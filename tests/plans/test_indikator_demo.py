import io
from decimal import Decimal

from django.core.management import call_command

from plans.models import Indikator, MaalIndikator, Planmaalverdi

KOSTRA = {
    "Del born 1–5 år med barnehageplass": ("12562", "KOSAG210000", "prosent", 1, "hoegare"),
    "Gjennomsnittlege grunnskulepoeng": ("12916", "KOSGRP0000", "tal", 1, "hoegare"),
    "Lærartettleik 1.–10. trinn (elevar per lærar)": ("12918", "KOSLAERERTETTH0000", "tal", 1, "laagare"),
    "Brutto driftsutgifter til grunnskule per elev": ("12916", "KOSAG120000", "kroner", 0, "laagare"),
    "Netto driftsutgifter pleie og omsorg per innbyggjar": ("12362", "KOSAG310000", "kroner", 0, "laagare"),
    "Del innbyggjarar 80 år og over i institusjon": ("12209", "KOSAG600000", "prosent", 1, "laagare"),
    "Netto driftsresultat i prosent av brutto driftsinntekter": (
        "12134",
        "KOSNETTODRIFTSRES0000",
        "prosent",
        1,
        "hoegare",
    ),
    "Del hushaldsavfall levert til materialattvinning": (
        "12313",
        "KOSMATGJENVINN0000",
        "prosent",
        1,
        "hoegare",
    ),
}


def test_the_demo_has_25_indicators_on_its_goals_with_targets_to_each_plans_last_year(demo):
    assert Indikator.objects.count() == 25
    ssb = {
        i.namn: (i.kjelde_tabell, i.kjelde_variabel, i.maaleeining, i.desimalar, i.retning)
        for i in Indikator.objects.filter(kjelde=Indikator.Kjelde.SSB)
    }
    assert ssb == KOSTRA
    assert Indikator.objects.filter(
        kjelde=Indikator.Kjelde.HR, namn="Sjukefråvær i prosent", retning="laagare"
    ).exists()
    assert Indikator.objects.exclude(frekvens=Indikator.Frekvens.AAR).count() >= 4
    assert Indikator.objects.filter(eigar__isnull=False).count() >= 10
    # every indicator sits on a goal, its targets running from the plan's first to its last year
    assert set(MaalIndikator.objects.values_list("indikator_id", flat=True)) == set(
        Indikator.objects.values_list("pk", flat=True)
    )
    for k in MaalIndikator.objects.select_related("maal__plan", "indikator"):
        aar = sorted(k.maalverdiar.values_list("aar", flat=True))
        assert aar == list(range(k.maal.plan.periode_fra, k.maal.plan.periode_til + 1)), k
        for v in k.maalverdiar.values_list("verdi", flat=True):
            k.indikator.valider(v)  # every target fits its indicator's decimals and bounds
    assert {k.maal.plan.type.kode for k in MaalIndikator.objects.select_related("maal__plan__type")} >= {
        "samfunnsdel",
        "kommunedelplan",
        "temaplan",
    }
    assert MaalIndikator.objects.filter(maal__parent__isnull=False).exists()  # delmål too
    teljing = (Indikator.objects.count(), Planmaalverdi.objects.count(), Planmaalverdi.history.count())
    call_command("demo", "--force", stdout=io.StringIO())
    assert (
        Indikator.objects.count(),
        Planmaalverdi.objects.count(),
        Planmaalverdi.history.count(),
    ) == teljing
    assert Planmaalverdi.objects.filter(verdi=Decimal("12.5")).exists()
