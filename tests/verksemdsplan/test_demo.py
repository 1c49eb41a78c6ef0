import io

from django.core.management import call_command
from django.db.models import F

from budget.models import Vedtak
from verksemdsplan.models import Milepael, Oppdrag


def test_demo_decisions_and_oppdrag_and_a_second_run_changes_nothing(db):
    call_command("demo", "--force", stdout=io.StringIO())
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
    teljing = (
        Oppdrag.objects.count(),
        Oppdrag.history.count(),
        Vedtak.objects.count(),
        Milepael.objects.count(),
    )
    call_command("demo", "--force", stdout=io.StringIO())
    assert (
        Oppdrag.objects.count(),
        Oppdrag.history.count(),
        Vedtak.objects.count(),
        Milepael.objects.count(),
    ) == teljing


def test_demo_letters(db, klokke):
    from verksemdsplan.models import Oppdragsbrev

    call_command("demo", "--force", stdout=io.StringIO())
    overordna = Oppdragsbrev.objects.get(eining__kode="1000", aar=klokke.i_dag().year)
    assert overordna.status == "publisert" and overordna.offentleg and overordna.versjonar.count() == 1
    assert Oppdragsbrev.objects.get(eining__kode="2000").basert_paa == overordna
    assert Oppdragsbrev.objects.get(eining__kode="2100").status == "utkast"
    assert Oppdrag.objects.filter(unnateke=True).count() == 2
    # the exempt decision gives work but waits for its sector
    assert not Oppdrag.objects.filter(kjelde_vedtak__skjerming="unnateke").exists()
