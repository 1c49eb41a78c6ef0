"""Settings fail loudly on bad values, and production refuses to start with dev defaults."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _start(**env):
    miljo = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "LANGUAGE_CODE"}}
    miljo.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    r = _start(DEBUG="false")
    assert r.returncode != 0
    assert "SECRET_KEY is not set" in r.stderr


def test_production_with_a_secret_key_starts():
    r = _start(
        DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="alver.example", ALVER_URL="https://alver.example"
    )
    assert r.returncode == 0, r.stderr


def test_production_must_say_where_alver_is_for_links_in_e_mails():
    r = _start(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="alver.example")
    assert r.returncode != 0 and "ALVER_URL must be the address" in r.stderr


@pytest.mark.parametrize(
    "env,melding",
    [
        ({"DEBUG": "kanskje"}, "DEBUG='kanskje' is not a boolean"),
        ({"DEBUG": "true", "LANGUAGE_CODE": "de"}, "LANGUAGE_CODE='de'"),
        ({"DEBUG": "true", "LOGIN_MAX_FEIL": "fem"}, "LOGIN_MAX_FEIL='fem' is not a whole number"),
        ({"DEBUG": "true", "RAPPORT_PAAMINNING_DAGAR": "0"}, "RAPPORT_PAAMINNING_DAGAR must be"),
        ({"DEBUG": "true", "SJEKKLISTE_PAAMINNING_DAGAR": "61"}, "SJEKKLISTE_PAAMINNING_DAGAR must be"),
        (
            {"DEBUG": "true", "MEDIA_ROOT": "/tmp/m", "PRIVATE_MEDIA_ROOT": "/tmp/m/p"},
            "PRIVATE_MEDIA_ROOT must be outside",
        ),
    ],
)
def test_bad_values_fail_with_a_message(env, melding):
    r = _start(**env)
    assert r.returncode != 0 and melding in r.stderr


def test_production_refuses_a_weak_secret_key():
    r = _start(DEBUG="false", SECRET_KEY="change-me-to-a-long-random-string", ALLOWED_HOSTS="alver.example")
    assert r.returncode != 0 and "SECRET_KEY is too weak" in r.stderr


def test_a_bad_letter_deadline_stops_start_up():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "true", "OPPDRAGSBREV_FRIST": "31-01"}
    svar = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='alver.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert svar.returncode != 0 and "OPPDRAGSBREV_FRIST must be MM-DD" in svar.stderr


@pytest.mark.parametrize(
    "namn,verdi",
    [
        ("OEKT_TOMGANG_MINUTT", "30m"),
        ("OEKT_TOMGANG_MINUTT_ADMIN", "0"),
        ("OEKT_MAKS_TIMAR", "-1"),
        ("LOGIN_ADRESSE_FAKTOR", "0"),
        ("INVITASJON_GYLDIG_DAGAR", "fjorten"),
        ("PASSORD_LENKJE_TIMAR", "0"),
    ],
)
def test_session_and_login_settings_fail_loudly(namn, verdi):
    r = _start(DEBUG="true", **{namn: verdi})
    assert r.returncode != 0 and namn in r.stderr


DATABASSTART_SKRIPT = """
import django, psycopg
django.setup()
from django.core.signals import request_finished, request_started
from django.db import connection

def pid():
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        return c.fetchone()[0]

request_started.send(sender=None)
fyrste = pid()
request_finished.send(sender=None)
# the database restarts between two requests: the worker's kept connection is dead
d = connection.settings_dict
with psycopg.connect(host=d["HOST"], port=d["PORT"] or 5432, user=d["USER"], dbname=d["NAME"],
                     password=d["PASSWORD"] or None, autocommit=True) as annan:
    annan.execute("SELECT pg_terminate_backend(%s)", [fyrste])
request_started.send(sender=None)
print("ny" if pid() != fyrste else "same")
"""


@pytest.mark.django_db
def test_a_kept_database_connection_that_died_is_replaced_before_the_next_request_uses_it():
    """Production keeps each worker's connection (CONN_MAX_AGE); after a database restart the
    next request must get a new connection, not a 500 on the dead one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a kept connection that the server drops is PostgreSQL's case; SQLite is a file")
    d = connection.settings_dict
    url = f"postgres://{d['USER']}@{d['HOST'] or 'localhost'}:{d['PORT'] or 5432}/{d['NAME']}"
    miljo = {**os.environ, "DEBUG": "true", "DATABASE_URL": url, "CONN_MAX_AGE": "60"}
    r = subprocess.run(
        [sys.executable, "-c", DATABASSTART_SKRIPT],
        cwd=ROOT,
        env={**miljo, "DJANGO_SETTINGS_MODULE": "alver.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ny"
