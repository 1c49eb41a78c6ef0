import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSORD


def _logg_inn(client, email, passord, ip="10.0.0.1"):
    return client.post(reverse("alver:login"), {"username": email, "password": passord}, REMOTE_ADDR=ip)


def test_login_with_email_in_any_case(org):
    c = Client()
    email = org["brukarar"]["medarbeidar"].email.upper()
    response = _logg_inn(c, email, PASSORD)
    assert response.status_code == 302 and response["Location"] == "/mi-side/"
    assert c.get("/mi-side/").status_code == 200


def test_wrong_password_gives_a_clear_message(org):
    response = _logg_inn(Client(), org["brukarar"]["medarbeidar"].email, "feil")
    assert response.status_code == 200
    assert "E-postadressa eller passordet er feil" in response.content.decode()


@override_settings(LOGIN_MAX_FEIL=3)
def test_repeated_failures_throttle_the_address_even_with_the_right_password(org):
    email = org["brukarar"]["medarbeidar"].email
    for _ in range(3):
        assert _logg_inn(Client(), email, "feil").status_code == 200
    response = _logg_inn(Client(), email, PASSORD)
    assert response.status_code == 200, "a throttled address must not log in"
    assert "For mange mislukka forsøk" in response.content.decode()
    # another person on the same network is not locked out
    assert _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD).status_code == 302


@override_settings(LOGIN_MAX_FEIL=3)
def test_success_before_the_limit_resets_the_count(org):
    email = org["brukarar"]["medarbeidar"].email
    for _ in range(2):
        _logg_inn(Client(), email, "feil")
    assert _logg_inn(Client(), email, PASSORD).status_code == 302
    for _ in range(2):
        _logg_inn(Client(), email, "feil")
    assert _logg_inn(Client(), email, PASSORD).status_code == 302


@override_settings(LOGIN_MAX_FEIL=2)
def test_one_address_trying_many_accounts_is_throttled(org):
    # the per-address limit is ten times the per-account one
    for i in range(20):
        _logg_inn(Client(), f"ukjend{i}@testvik.example", "feil", ip="10.9.9.9")
    response = _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD, ip="10.9.9.9")
    assert response.status_code == 200
    assert _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD, ip="10.1.1.1").status_code == 302


def test_logout_is_post_only_and_logs_out(client_as):
    c = client_as("medarbeidar")
    assert c.get(reverse("alver:logout")).status_code == 405
    assert c.post(reverse("alver:logout")).status_code == 302
    assert c.get("/mi-side/").status_code == 302


def test_inactive_user_cannot_log_in(org):
    u = org["brukarar"]["medarbeidar"]
    u.is_active = False
    u.save()
    assert _logg_inn(Client(), u.email, PASSORD).status_code == 200


@pytest.mark.parametrize("rolle", ["medarbeidar", "politikar"])
def test_login_page_sends_logged_in_users_on(rolle, client_as):
    assert client_as(rolle).get(reverse("alver:login")).status_code == 302


@override_settings(LOGIN_MAX_FEIL=1, NUM_PROXIES=1)
def test_behind_a_proxy_the_client_address_is_counted_not_the_proxy(org):
    # ten failures from one client behind the proxy block that client only
    for i in range(10):
        Client().post(
            reverse("alver:login"),
            {"username": f"u{i}@testvik.example", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    blokkert = Client().post(
        reverse("alver:login"),
        {"username": org["brukarar"]["hr"].email, "password": PASSORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert blokkert.status_code == 200
    annan = Client().post(
        reverse("alver:login"),
        {"username": org["brukarar"]["hr"].email, "password": PASSORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert annan.status_code == 302
