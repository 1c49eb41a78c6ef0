"""A real Celery worker for the tests that are about the worker (the `celery_arbeidar` fixture
starts it as its own process). Over Redis when CELERY_BROKER_URL names it (CI); otherwise
over kombu's filesystem transport, so `make test` needs no Redis."""

import os

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
