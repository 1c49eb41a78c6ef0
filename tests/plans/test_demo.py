import io

from django.core.management import call_command

from plans.models import Handlingsplan, Plan, Tiltak


def test_demo_plans_follow_the_issue_and_a_second_run_changes_nothing(demo):
    samf = Plan.objects.get(type__kode="samfunnsdel")
    assert samf.status == Plan.Status.VEDTATT and 4 <= samf.maal.filter(parent=None).count() <= 6
    assert Plan.objects.get(tittel__contains="oppvekst").status == Plan.Status.VEDTATT
    assert Plan.objects.get(tittel__contains="helse").status == Plan.Status.PAA_HOYRING
    assert Plan.objects.filter(overordna=samf).count() == 3
    rullert = Handlingsplan.objects.get(forrige__isnull=False)
    assert 20 <= rullert.forrige.tiltak.count() <= 30
    assert rullert.forrige.tiltak.filter(okonomisk=False).exists()
    teljing = (Plan.objects.count(), Tiltak.objects.count(), Tiltak.history.count())
    call_command("demo", "--force", stdout=io.StringIO())
    assert (Plan.objects.count(), Tiltak.objects.count(), Tiltak.history.count()) == teljing
