"""Adoption runs as a Celery task through a real worker (Redis in CI) and is safe to retry."""

from budget.models import Vedtaking
from verksemdsplan.models import Oppdrag

from .conftest import laga, vedta


def test_adoption_through_a_real_worker(celery_arbeidar, org, okonomiplan):
    plan = okonomiplan["plan"]
    v = vedta(org, plan)  # queued on commit; the worker does the work in its own process
    celery_arbeidar.vent(lambda: Vedtaking.objects.get(pk=v.pk).status != Vedtaking.Status.VENTAR)
    v.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG, v.feil
    assert laga(org, v) == 6 and Oppdrag.objects.count() == 6
    plan.refresh_from_db()
    assert plan.er_vedtatt
    # the worker sent one e-mail per new owner
    celery_arbeidar.vent(lambda: len(celery_arbeidar.epostar()) == 3)
