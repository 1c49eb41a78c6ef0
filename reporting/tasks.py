from celery import shared_task
from django.db import OperationalError

from . import rapportar, services


@shared_task(autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=60)
def send_paaminningar():
    """Run daily by Celery beat; a rerun the same day sends nothing twice."""
    return services.send_paaminningar()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=5)
def lag_utskrift(utskrift_pk):
    """Make a kommune-wide report PDF; the page polls its status."""
    rapportar.lag(utskrift_pk)


@shared_task(autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=60)
def sikre_periodar():
    """Run daily by Celery beat: the year's periods exist from its first day."""
    return services.sikre_periodar()
