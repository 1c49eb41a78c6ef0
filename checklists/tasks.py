from celery import shared_task
from django.db import OperationalError

from . import paaminning


@shared_task(autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=60)
def paaminn_sjekkliste():
    """Run daily by Celery beat: leaders with unanswered check points are reminded before the
    deadline and on it; a rerun the same day sends nothing twice."""
    return paaminning.send_paaminningar()
