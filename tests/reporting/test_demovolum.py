"""`demo --scale N --aar K` grows what is in the kommune, not only its organisation: every
service area and unit gets a year's oppdrag (delegated three ways from each service area) for
this year and each earlier year, each reported monthly by its owner; a second run adds nothing."""

import io

from django.core.management import call_command
from django.db.models import Count, F

from alver.lib import klokke
from alver.models import Eining
from reporting.models import Frekvens, Periode, Statusrapport
from verksemdsplan.demovolum import TITLAR
from verksemdsplan.models import Oppdrag


def _teljing():
    return (
        Oppdrag.objects.count(),
        Oppdrag.history.count(),
        Statusrapport.objects.count(),
        Periode.objects.count(),
    )


def test_scale_and_years_grow_the_oppdrag_and_reports_in_every_unit(demo):
    i_aar = klokke.i_dag().year
    foer = _teljing()
    call_command("demo", "--force", "--scale", "2", "--aar", "1", stdout=io.StringIO())
    etter = _teljing()
    einingar = Eining.objects.aktive().filter(
        type__in=[Eining.Type.TENESTEOMRAADE, Eining.Type.EINING], leiar__isnull=False
    )
    volum = Oppdrag.objects.filter(tittel__in=TITLAR, kategori__kode="administrativt")
    for aar in (i_aar - 1, i_aar):
        per_eining = dict(volum.filter(aar=aar).values_list("eining").annotate(n=Count("pk")))
        # every unit has its year's work: 8 of its own, and delegated from its service area
        assert set(per_eining) == set(einingar.values_list("pk", flat=True)), aar
        assert min(per_eining.values()) >= 8 and sum(per_eining.values()) / len(per_eining) >= 10, aar
    # each added oppdrag has its history row; a delegate may change what was delegated
    assert etter[1] - foer[1] == etter[0] - foer[0]
    barn = volum.filter(parent__isnull=False).select_related("owner", "eining", "parent__eining").first()
    assert barn.owner == barn.eining.leiar and barn.eining.path.startswith(barn.parent.eining.path)
    assert barn.owner.has_perm("verksemdsplan.endre_oppdrag", barn)
    # last year: reported month by month by the owners, closed, its tertials released
    gamle = volum.filter(aar=i_aar - 1).exclude(status=Oppdrag.Status.AVBROTE)
    rapportar = Statusrapport.objects.filter(oppdrag__in=gamle, periode__type=Frekvens.MAANAD)
    assert rapportar.count() >= 5 * gamle.count()
    assert not rapportar.exclude(rapportert_av=F("oppdrag__owner")).exists()
    assert not gamle.filter(rapportert_at__isnull=True).exists()
    assert not Periode.objects.filter(aar=i_aar - 1, stengd=False).exists()
    assert not Periode.objects.filter(aar=i_aar - 1, type=Frekvens.TERTIAL, frigitt_at__isnull=True).exists()
    # this year: nothing reported for this month or later
    assert not Statusrapport.objects.filter(
        periode__aar=i_aar, periode__type=Frekvens.MAANAD, periode__nummer__gte=klokke.i_dag().month
    ).exists()
    call_command("demo", "--force", "--scale", "2", "--aar", "1", stdout=io.StringIO())
    assert _teljing() == etter
