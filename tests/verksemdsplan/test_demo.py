import io

from django.core.management import call_command
from django.db.models import F

from alver.models import Eining
from budget.models import Vedtak
from plans.models import Indikator
from verksemdsplan.models import Milepael, Oppdrag, PrioritertIndikator


def test_demo_decisions_and_oppdrag_and_a_second_run_changes_nothing(demo):
    assert Vedtak.objects.count() == 44
    assert (
        Vedtak.objects.filter(gir_oppdrag=False).count() == 3
        and Vedtak.objects.exclude(skjerming="").count() == 1
    )
    # about 200 from decisions and the kommunedirektør, and the adopted økonomiplan's
    assert 250 <= Oppdrag.objects.count() <= 450
    assert Oppdrag.objects.filter(kjelde_tiltak__isnull=False, parent=None).count() >= 40
    assert Oppdrag.objects.filter(kjelde_verbalpunkt__isnull=False, parent=None).count() == 15
    assert Oppdrag.objects.filter(parent__parent__isnull=False).exists()  # three levels deep
    assert set(Oppdrag.objects.values_list("status", flat=True)) == set(Oppdrag.Status.values)
    assert Oppdrag.objects.over_fristen().exists() and Oppdrag.objects.utan_kopling().exists()
    # each sector's first administrative oppdrag has a plan of milestones, none after its deadline
    assert Milepael.objects.filter(ferdig_dato__isnull=False).exists()
    assert not Milepael.objects.filter(dato__gt=F("oppdrag__frist")).exists()
    # about half the register's indicators taken on by units, mostly under oppvekst and helse,
    # some delegated to a unit below and some to a person
    prioriterte = PrioritertIndikator.objects.select_related("verksemdsplan__eining")
    n = Indikator.objects.count()
    assert n == 0 or n // 2 - 2 <= prioriterte.count() <= n // 2 + 2
    if n:
        assert prioriterte.filter(ansvarleg_eining__isnull=False).exists()
        assert prioriterte.filter(ansvarleg__isnull=False).exists()
        stader = [pi.verksemdsplan.eining.path for pi in prioriterte]
        sektorar = Eining.objects.filter(kode__in=["2000", "3000"]).values_list("path", flat=True)
        assert sum(any(s.startswith(p) for p in sektorar) for s in stader) > len(stader) / 2
    teljing = (
        Oppdrag.objects.count(),
        Oppdrag.history.count(),
        Vedtak.objects.count(),
        Milepael.objects.count(),
        PrioritertIndikator.objects.count(),
        PrioritertIndikator.history.count(),
    )
    call_command("demo", "--force", stdout=io.StringIO())
    assert (
        Oppdrag.objects.count(),
        Oppdrag.history.count(),
        Vedtak.objects.count(),
        Milepael.objects.count(),
        PrioritertIndikator.objects.count(),
        PrioritertIndikator.history.count(),
    ) == teljing


def test_demo_letters(demo, klokke):
    from verksemdsplan.models import Oppdragsbrev

    overordna = Oppdragsbrev.objects.get(eining__kode="1000", aar=klokke.i_dag().year)
    assert overordna.status == "publisert" and overordna.offentleg and overordna.versjonar.count() == 1
    assert Oppdragsbrev.objects.get(eining__kode="2000").basert_paa == overordna
    assert Oppdragsbrev.objects.get(eining__kode="2100").status == "utkast"
    assert Oppdrag.objects.filter(unnateke=True).count() == 2
    # the exempt decision gives work but waits for its sector
    assert not Oppdrag.objects.filter(kjelde_vedtak__skjerming="unnateke").exists()
