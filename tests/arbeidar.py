"""A real Celery worker for the tests that are about the worker (the `celery_arbeidar` fixture
starts it as its own process). Over Redis when CELERY_BROKER_URL names it (CI); otherwise
over kombu's filesystem transport, so `make test` needs no Redis."""

import os
import sys
from pathlib import Path

# Run as a script, Python puts tests/ first on the path, and its test packages share the apps'
# names (tests/alver, …): the project itself comes first, so the worker runs this checkout's code.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alver.settings")

from alver.celery import app  # noqa: E402

mappe = os.environ.get("ARBEIDAR_MAPPE")
if mappe:
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": mappe,
        "data_folder_out": mappe,
        "control_folder": mappe,
    }
app.conf.result_backend = None
app.conf.task_always_eager = False
app.conf.task_default_queue = os.environ["ARBEIDAR_KO"]

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ]
    )
