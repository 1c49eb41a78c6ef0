"""Login against a real Redis cache: throttling counts across requests in the shared cache,
and a cache that cannot be reached never stops a login (it is logged, and the login goes on
unthrottled)."""

import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSORD

REDIS = "alver.lib.redis_mellomlager.RedisCache"
# port 1: nothing listens there, so every cache call fails with a connection error
NEDE = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0"}}


def _logg_inn(client, email, passord, ip="10.0.0.1", url=None):
    return client.post(
        url or reverse("alver:login"), {"username": email, "password": passord}, REMOTE_ADDR=ip
    )


@pytest.fixture
def ekte_redis():
    """The machine's Redis (CI starts it), with a key prefix of this test's own: other tests and
    other processes on the same Redis are left alone."""
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("These tests need Redis on 127.0.0.1:6379 (CI starts it; `redis-server` by hand).")
    oppsett = {
        "default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": uuid.uuid4().hex}
    }
    with override_settings(CACHES=oppsett):
        yield cache
        cache.clear()


@override_settings(CACHES=NEDE)
def test_the_cache_is_really_down():
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("noko")


@override_settings(CACHES=NEDE)
def test_cache_down_login_still_works_and_says_so_in_the_log(org, caplog):
    caplog.set_level("WARNING", logger="alver.innlogging")
    c = Client()
    assert c.get(reverse("alver:login")).status_code == 200
    r = _logg_inn(c, org["brukarar"]["medarbeidar"].email, PASSORD)
    assert r.status_code == 302 and r["Location"] == "/mi-side/"
    assert c.get("/mi-side/").status_code == 200
    assert any("cache cannot be reached" in rec.getMessage() for rec in caplog.records)


@override_settings(CACHES=NEDE)
def test_cache_down_a_wrong_password_is_still_refused(org):
    r = _logg_inn(Client(), org["brukarar"]["medarbeidar"].email, "feil")
    assert r.status_code == 200
    assert "E-postadressa eller passordet er feil" in r.content.decode()


@override_settings(CACHES=NEDE)
def test_cache_down_the_admin_login_works(org):
    u = org["brukarar"]["administrator"]
    u.is_staff = True
    u.save()
    assert _logg_inn(Client(), u.email, PASSORD, url="/admin/login/?next=/admin/").status_code == 302


@override_settings(LOGIN_MAX_FEIL=3)
def test_throttling_counts_in_redis_across_requests(ekte_redis, org):
    email = org["brukarar"]["medarbeidar"].email
    for _ in range(3):
        assert _logg_inn(Client(), email, "feil").status_code == 200
    # the count is in Redis, not in this process: read it there
    nøklar = redis.Redis.from_url("redis://127.0.0.1:6379/0").keys(f"{ekte_redis.key_prefix}:*login-feil:e:*")
    assert len(nøklar) == 1
    r = _logg_inn(Client(), email, PASSORD)
    assert r.status_code == 200 and "For mange mislukka forsøk" in r.content.decode()
    assert _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD).status_code == 302
