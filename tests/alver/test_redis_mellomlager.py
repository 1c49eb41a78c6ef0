"""The Redis cache keeps one redis-py client per server (Django's makes one per call), and a
kept client still comes back after Redis has been down: the pool reconnects, the cache layer
never fails a page meanwhile."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from alver.lib import mellomlager

from .test_settings import ROOT

BACKEND = "alver.lib.redis_mellomlager.RedisCache"


def test_a_redis_cache_url_gets_the_keeping_backend():
    kode = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    miljo = dict(
        os.environ,
        DEBUG="true",
        CACHE_URL="redis://127.0.0.1:6379/3",
        DJANGO_SETTINGS_MODULE="alver.settings",
    )
    ut = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {kode}"],
        cwd=ROOT,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ut.stdout.strip() == BACKEND, ut.stderr


def test_one_client_serves_every_call_against_the_real_redis():
    # a database number of its own, and only this test's keys touched (other tests share Redis)
    oppsett = {
        "default": {
            "BACKEND": BACKEND,
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    with override_settings(CACHES=oppsett):
        assert cache._cache.get_client("a") is cache._cache.get_client("b", write=True)
        try:
            cache.set("tal", 41)
            cache.incr("tal")
            assert cache.get("tal") == 42
            cache.set_many({"x": [1, "to"], "y": None})
            assert cache.get_many(["x", "y", "z"]) == {"x": [1, "to"], "y": None}
            cache.delete_many(["x", "tal"])
            assert cache.get("x", "borte") == "borte" and cache.get("tal") is None
        finally:
            cache.delete_many(["tal", "x", "y"])


def _ledig_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port):
    if shutil.which("redis-server") is None:
        pytest.fail("This test needs the redis-server program (CI installs Redis).")
    p = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return p
        except OSError:
            time.sleep(0.05)
    p.kill()
    pytest.fail("redis-server did not start")


def test_a_kept_client_survives_redis_going_down_and_coming_back(caplog):
    port = _ledig_port()
    tenar = _start_redis(port)
    try:
        with override_settings(
            CACHES={"default": {"BACKEND": BACKEND, "LOCATION": f"redis://127.0.0.1:{port}/0"}}
        ):
            mellomlager.lagre("k", "fyrst", 60)
            assert mellomlager.hent("k") == "fyrst"
            klient = cache._cache.get_client()
            tenar.kill()
            tenar.wait()
            # down: the page goes on without the cache, and says so in the log
            assert mellomlager.hent("k") is None
            assert "Cache unavailable when reading k" in caplog.text
            tenar = _start_redis(port)  # back, empty (it keeps nothing on disk)
            mellomlager.lagre("k", "att", 60)
            assert mellomlager.hent("k") == "att"
            assert cache._cache.get_client() is klient
    finally:
        tenar.kill()
        tenar.wait()
