"""Background work that survives, against the real parts: a broker nobody answers on, a worker
process killed mid-adoption (SIGKILL), a mail server that refuses and then comes up (a real SMTP
server on loopback). The job records (`alver.models.Jobb`), the sweep and the operator's
command bring every piece of work to an end once, with one oppdrag per source."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from alver.celery import app
from alver.lib import oppgaver
from alver.models import Jobb
from budget import services
from budget.models import Vedtaking
from verksemdsplan.models import Oppdrag

from .conftest import i_balanse, vedta

ADOPSJON = "budget.tasks.gjennomfoer_vedtaking"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def kort_hjarteslag(monkeypatch, settings):
    """Heartbeats in seconds, for this process and the worker it starts (asked for before it)."""
    monkeypatch.setenv("JOBB_HJARTESLAG_SEKUND", "2")
    settings.JOBB_HJARTESLAG_SEKUND = 2
    return 2


def _nullstill_celery():
    app._pool = None
    app.__dict__.pop("amqp", None)


def _ledig_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vedtaking_tilstand(c, v):
    svar = c.get(v.get_absolute_url())
    assert svar.status_code == 200
    tekst = svar.content.decode()
    return tekst.split('data-tilstand="', 1)[1].split('"', 1)[0]


def test_a_broker_that_is_down_answers_at_once_and_the_sweep_runs_the_job_once_it_is_back(
    kort_hjarteslag, celery_arbeidar, org, okonomiplan, client_as, monkeypatch, settings
):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    # the web process's broker is a Redis nobody answers on, with the production settings
    brokar = os.environ.get("CELERY_BROKER_URL")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers the environment's
    gamalt = {k: app.conf[k] for k in ("broker_url", "broker_transport_options")}
    app.conf.update(
        broker_url="redis://127.0.0.1:1/0", broker_transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    )
    _nullstill_celery()
    i_balanse(plan)
    try:
        start = time.monotonic()
        svar = c.post(
            f"/okonomiplan/{plan.forste_aar}/vedta/", {"dato": "2025-12-11", "saksnummer": "PS 118/2025"}
        )
        brukt = time.monotonic() - start
    finally:
        app.conf.update(gamalt)
        if brokar:
            monkeypatch.setenv("CELERY_BROKER_URL", brokar)
        _nullstill_celery()
    assert svar.status_code == 302, svar.content[:500]
    assert brukt < 5, f"the request took {brukt:.1f} s with the broker down"
    v = Vedtaking.objects.get(okonomiplan=plan)
    jobb = Jobb.objects.get(oppgave=ADOPSJON)
    assert (jobb.status, jobb.forsok, jobb.argument) == (Jobb.Status.VENTAR, 0, [v.pk])
    # the page tells the truth: saved, waiting in the queue (and it keeps polling)
    assert _vedtaking_tilstand(c, v) == "ventar"
    print(f"the request took {brukt:.2f} s with the broker down")
    # the broker is back: the sweep takes jobs waiting longer than the heartbeat period
    time.sleep(kort_hjarteslag + 0.2)
    assert oppgaver.sveip() == 1
    celery_arbeidar.vent(lambda: Jobb.objects.get(pk=jobb.pk).status == Jobb.Status.FERDIG, sekund=25)
    jobb.refresh_from_db()
    v.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG and jobb.forsok == 1  # ran once
    assert Oppdrag.objects.count() == 6
    assert _vedtaking_tilstand(c, v) == "ferdig"


def test_a_worker_killed_mid_adoption_is_recovered_by_the_sweep_and_adopts_once(
    kort_hjarteslag, celery_arbeidar, org, okonomiplan, client_as
):
    if connection.vendor != "postgresql":
        pytest.skip("holds the worker on a row lock, which SQLite does not have")
    import psycopg

    plan = okonomiplan["plan"]
    db = connection.settings_dict
    laas = psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    os.kill(celery_arbeidar.prosess.pid, signal.SIGSTOP)  # holds the worker until the lock is taken
    try:
        v = vedta(org, plan)
        # another session holds the adoption's row: the worker starts the job, then waits inside it
        laas.execute("SELECT id FROM budget_vedtaking WHERE id = %s FOR UPDATE", [v.pk])
    finally:
        os.kill(celery_arbeidar.prosess.pid, signal.SIGCONT)
    jobb = Jobb.objects.get(oppgave=ADOPSJON, argument=[v.pk])
    celery_arbeidar.vent(lambda: Jobb.objects.get(pk=jobb.pk).status == Jobb.Status.KOYRER, sekund=20)
    time.sleep(1)  # well inside the task: it beats its heart while it waits on the row
    celery_arbeidar.drep()
    laas.rollback()
    laas.close()
    c = client_as("okonomi")
    assert _vedtaking_tilstand(c, v) == "koyrer"  # for now: the heartbeat is fresh
    time.sleep(kort_hjarteslag + 0.5)
    jobb.refresh_from_db()
    assert jobb.status == Jobb.Status.KOYRER and jobb.er_fast()
    # the page stops polling, says it is stuck and offers «Try again» to those who may adopt
    assert _vedtaking_tilstand(c, v) == "fast"
    side = c.get(v.get_absolute_url()).content.decode()
    assert "prov-igjen" in side and "hx-get" not in side  # polling stops
    assert "prov-igjen" not in client_as("kommunalsjef").get(v.get_absolute_url()).content.decode()
    assert Oppdrag.objects.count() == 0  # nothing half-made
    celery_arbeidar.start_igjen()
    assert oppgaver.sveip() == 1
    celery_arbeidar.vent(lambda: Jobb.objects.get(pk=jobb.pk).status == Jobb.Status.FERDIG, sekund=25)
    v.refresh_from_db()
    jobb.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG and jobb.forsok == 2
    # exactly one oppdrag per prioritised tiltak and verbalpunkt
    assert Oppdrag.objects.count() == 6
    kjelder = list(Oppdrag.objects.values_list("kjelde_tiltak_id", "kjelde_verbalpunkt_id"))
    assert len(set(kjelder)) == len(kjelder)
    # a delivery of the old message, or a second sweep, changes nothing
    with transaction.atomic():
        oppgaver.prov_igjen(jobb)
    celery_arbeidar.vent(lambda: Jobb.objects.get(pk=jobb.pk).status == Jobb.Status.FERDIG, sekund=25)
    assert Oppdrag.objects.count() == 6


@pytest.fixture
def smtp_tenar(tmp_path):
    """A real SMTP server on loopback (Python's own `smtpd`, a separate process), started when
    the test calls it; the port is chosen (and refused) before."""
    port = _ledig_port()
    utskrift = tmp_path / "smtp.txt"
    prosessar = []

    def start():
        with open(utskrift, "w") as ut:
            p = subprocess.Popen(
                [
                    sys.executable,
                    "-W",
                    "ignore",
                    "-u",
                    "-m",
                    "smtpd",
                    "-n",
                    "-c",
                    "DebuggingServer",
                    f"127.0.0.1:{port}",
                ],
                stdout=ut,
                stderr=subprocess.STDOUT,
            )
        prosessar.append(p)
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("the SMTP server did not start: " + utskrift.read_text())

    class Tenar:
        def __init__(self):
            self.port, self.start = port, start

        def meldingar(self):
            return (
                utskrift.read_text().count("---------- MESSAGE FOLLOWS ----------")
                if utskrift.exists()
                else 0
            )

    yield Tenar()
    for p in prosessar:
        p.terminate()
        p.wait(timeout=10)


def test_a_mail_server_that_refuses_never_fails_the_action_and_the_sweep_sends_later(
    org, okonomiplan, client_as, settings, smtp_tenar, django_capture_on_commit_callbacks
):
    """No broker (tasks run in the request): the adoption succeeds though every mail is refused;
    each new owner's notification is made and its mail stays pending; once the server is up the
    notifications' sweep sends each once."""
    import datetime

    from alver import tasks as alver_tasks
    from alver.models import Varsel

    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", smtp_tenar.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    i_balanse(plan)
    Varsel.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(
            f"/okonomiplan/{plan.forste_aar}/vedta/", {"dato": "2025-12-11", "saksnummer": "PS 118/2025"}
        )
    assert svar.status_code == 302
    v = Vedtaking.objects.get(okonomiplan=plan)
    assert v.status == Vedtaking.Status.FERDIG and Oppdrag.objects.count() == 6
    varsel = Varsel.objects.filter(kind="nytt_oppdrag")
    assert varsel.count() == 3  # one per new owner, however many oppdrag they got
    assert not varsel.filter(epost_sendt_at__isnull=False).exists()  # tried, refused, pending
    # the mail job itself finished: a refused mail is the notifications' sweep's to retry
    assert {j.status for j in Jobb.objects.filter(oppgave="alver.tasks.send_varslar")} == {Jobb.Status.FERDIG}
    varsel.update(created_at=varsel.first().created_at - datetime.timedelta(minutes=10))
    # still down: the sweep tries again, nothing raises, the mails stay pending
    assert alver_tasks.send_ventande_varsel.delay().get() == 0
    assert not varsel.filter(epost_sendt_at__isnull=False).exists()
    smtp_tenar.start()
    assert alver_tasks.send_ventande_varsel.delay().get() == 3
    assert smtp_tenar.meldingar() == 3
    assert alver_tasks.send_ventande_varsel.delay().get() == 0  # nothing left: nothing sent twice
    assert smtp_tenar.meldingar() == 3


def test_the_operator_lists_failed_jobs_and_queues_them_again(
    org, okonomiplan, settings, capsys, django_capture_on_commit_callbacks
):
    settings.JOBB_MAKS_FORSOK = 1
    v = vedta(org, okonomiplan["plan"])  # recorded, not run (no commit in this test)
    jobb = Jobb.objects.get(oppgave=ADOPSJON, argument=[v.pk])
    Jobb.objects.filter(pk=jobb.pk).update(status=Jobb.Status.FEILA, forsok=1, feil="OperationalError: gone")
    call_command("jobbar")
    ut = capsys.readouterr().out
    assert f"{jobb.pk}\tfeila\t{ADOPSJON}({v.pk},)" in ut and "OperationalError: gone" in ut
    assert services.kan_provast_igjen(v)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobbar", "--prov-igjen", str(jobb.pk))
    jobb.refresh_from_db()
    v.refresh_from_db()
    assert jobb.status == Jobb.Status.FERDIG and v.status == Vedtaking.Status.FERDIG
    call_command("jobbar")
    assert "No stuck or failed jobs." in capsys.readouterr().out


@pytest.mark.parametrize("verdi", ["0", "abc", "100000"])
def test_a_bad_heartbeat_setting_stops_the_start(verdi):
    kommando = [sys.executable, "-c", "import django; django.setup()"]
    env = {**os.environ, "JOBB_HJARTESLAG_SEKUND": verdi, "DJANGO_SETTINGS_MODULE": "alver.settings"}
    svar = subprocess.run(kommando, env=env, capture_output=True, text=True, timeout=60)
    assert svar.returncode != 0 and "JOBB_HJARTESLAG_SEKUND" in svar.stderr


def test_beat_sweeps_every_minute(settings):
    jobb = settings.CELERY_BEAT_SCHEDULE["jobbar"]
    assert jobb["task"] == "alver.tasks.sveip_jobbar" and jobb["schedule"] == 60
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
