from celery import shared_task
from django.db import IntegrityError, OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError, IntegrityError), max_retries=3, default_retry_delay=5)
def gjennomfoer_vedtaking(vedtaking_pk):
    """Adopt (or apply a budget change) in the background; a retry is safe (idempotent)."""
    services.gjennomfoer_vedtaking(vedtaking_pk)
