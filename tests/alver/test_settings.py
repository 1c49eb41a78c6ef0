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
