import logging

from celery import shared_task
from django.db import OperationalError

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=60)
def varsle_fristar():
    """Run daily by Celery beat (06:30, before the daily summary of notifications): deadlines of
    oppdrag and milestones coming up (`services.varsle_fristar`). A rerun notifies nobody twice."""
    from . import services

    return services.varsle_fristar()


@shared_task(autoretry_for=(OperationalError,), max_retries=3)
def lag_brev_pdf(versjon_pk):
    """Lay out a newly published letter's PDFs ahead of the first reader. Only a head start:
    a reader whose PDF is not made yet gets it made then, so a failure here is logged and
    never turns publishing into an error."""
    from . import brev
    from .models import Brevversjon

    v = Brevversjon.objects.select_related("brev__eining").filter(pk=versjon_pk).first()
    if v is None:
        return
    try:
        brev.versjon_pdf(v, offentleg=False)
        if v.offentleg:
            brev.versjon_pdf(v, offentleg=True)
    except Exception:
        log.exception("Could not lay out the PDF of %s ahead of time", v)
