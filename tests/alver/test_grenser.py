"""Bad or oversized requests are refused before they cost anything (issue 18): a body over the
limit gets 413 before anything reads it, NUL anywhere in the request gets 400 on both databases,
the public pages are rate-limited per address, and a language switch only goes to a path."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

MB = 1024 * 1024


def _post_med_lengd(client, url, lengd):
    """A POST that claims `lengd` bytes but carries a few: anything that read the body would
    fail on the test client's payload (it refuses to read past what it holds)."""
    return client.post(
        url, data=b"x=1", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH=str(lengd)
    )


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings, client_as):
    settings.MAKS_OPPLASTING_MB = 2
    svar = _post_med_lengd(client_as("hr"), reverse("alver:import"), 3 * MB)
    assert svar.status_code == 413 and svar["Connection"] == "close"
    assert "2 MB" in svar.content.decode()


def test_an_anonymous_client_gets_a_much_smaller_limit(settings, client_as, db):
    settings.MAKS_OPPLASTING_ANONYM_KB = 64
    # the probe's 300 MB anonymous POST was spooled to disk before the login redirect
    svar = _post_med_lengd(Client(), reverse("alver:import"), 300 * MB)
    assert svar.status_code == 413
    assert _post_med_lengd(Client(), reverse("alver:login"), 65 * 1024).status_code == 413
    # a logged-in user may send that much
    stor = client_as("hr").post(
        reverse("alver:spraak"),
        data=b"spraak=nb&x=" + b"a" * 65 * 1024,
        content_type="application/x-www-form-urlencoded",
    )
    assert stor.status_code == 302


def test_an_ordinary_login_form_is_well_under_the_anonymous_limit(db):
    svar = Client().post(reverse("alver:login"), {"username": "a@b.example", "password": "x" * 200})
    assert svar.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/oppdrag/?q=%00",
        "/planar/?type=%00",
        "/organisasjon/%00/",
        "/oppdrag/?status=a%00b&q=ok",
        "/innsyn/oppdragsbrev/2026/1000%00/",
    ],
)
def test_nul_in_the_path_or_query_is_a_400(url, client_as):
    assert client_as("kommunalsjef").get(url).status_code == 400
    assert Client().get(url).status_code == 400


def test_nul_in_a_posted_value_or_name_is_a_400(client_as):
    c = client_as("kommunalsjef")
    assert c.post("/oppdrag/ny/", {"tittel": "Betre\x00lesing"}).status_code == 400
    assert c.post("/oppdrag/ny/", {"tit\x00tel": "x"}).status_code == 400
    assert c.post(reverse("alver:spraak"), {"spraak": "nb", "neste": "/\x00"}).status_code == 400


@pytest.mark.parametrize(
    "neste", ["mi-side", "javascript:alert(1)", "https://example.org/", "//example.org/", ""]
)
def test_the_language_switch_goes_only_to_a_path_on_this_site(neste, db):
    svar = Client().post(reverse("alver:spraak"), {"spraak": "nb", "neste": neste})
    assert svar.status_code == 302 and svar["Location"] == "/"


def test_the_public_pages_are_rate_limited_per_address(settings, db):
    settings.INNSYN_MAKS_PER_MINUTT = 5
    url = "/innsyn/oppdragsbrev/2026/1000/"  # no letter: 404, which counts like any request
    svar = [Client().get(url, REMOTE_ADDR="203.0.113.7") for _ in range(6)]
    assert [s.status_code for s in svar] == [404] * 5 + [429]
    assert 1 <= int(svar[-1]["Retry-After"]) <= 60
    assert Client().get(url, REMOTE_ADDR="203.0.113.8").status_code == 404  # another address
    assert Client().get("/logg-inn/", REMOTE_ADDR="203.0.113.7").status_code == 200  # only /innsyn/


def test_the_api_read_without_a_key_is_rate_limited_and_with_a_key_not(settings, db, org):
    from rest_framework.authtoken.models import Token

    settings.INNSYN_MAKS_PER_MINUTT = 2
    svar = [Client().get("/api/v1/planar/", REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert svar == [200, 200, 429]
    nokkel = Token.objects.create(user=org["brukarar"]["medarbeidar"]).key
    program = Client(HTTP_AUTHORIZATION=f"Token {nokkel}", REMOTE_ADDR="203.0.113.9")
    assert [program.get("/api/v1/planar/").status_code for _ in range(3)] == [200] * 3


def test_without_a_cache_the_public_pages_are_served_and_a_warning_logged(settings, db, caplog):
    settings.INNSYN_MAKS_PER_MINUTT = 1
    # a real Redis client against a port nobody listens on
    nede = {
        "default": {
            "BACKEND": "alver.lib.redis_mellomlager.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=nede):  # Django's test signals drop the cache connections
        svar = [Client().get("/innsyn/oppdragsbrev/2026/1000/") for _ in range(3)]
    assert [s.status_code for s in svar] == [404] * 3
    assert "the cache is unreachable" in caplog.text
