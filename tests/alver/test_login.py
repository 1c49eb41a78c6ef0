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


# --- the admin site's login, the shared address, the log --------------------------------


def _admin_inn(client, email, passord, ip="10.0.0.1"):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": passord}, REMOTE_ADDR=ip)


@pytest.fixture
def stab(org):
    u = org["brukarar"]["administrator"]
    u.is_staff = True
    u.save()
    return u


def test_admin_login_works_for_staff_and_refuses_others(stab, org):
    assert _admin_inn(Client(), stab.email, PASSORD).status_code == 302
    # a correct password without staff rights does not open the admin site
    r = _admin_inn(Client(), org["brukarar"]["medarbeidar"].email, PASSORD)
    assert r.status_code == 200 and "_auth_user_id" not in r.client.session


@override_settings(LOGIN_MAX_FEIL=3)
def test_admin_login_is_throttled_like_the_login_page(stab):
    for _ in range(3):
        assert _admin_inn(Client(), stab.email, "feil").status_code == 200
    r = _admin_inn(Client(), stab.email, PASSORD)
    assert r.status_code == 200, "a throttled account must not log in through the admin site"
    assert "For mange mislukka forsøk" in r.content.decode()
    # the two doors share one count: the login page is locked for the account as well
    assert _logg_inn(Client(), stab.email, PASSORD).status_code == 200


@override_settings(LOGIN_MAX_FEIL=3)
def test_failures_on_the_login_page_lock_the_admin_login(stab):
    for _ in range(3):
        _logg_inn(Client(), stab.email, "feil")
    assert _admin_inn(Client(), stab.email, PASSORD).status_code == 200


@override_settings(LOGIN_MAX_FEIL=3, LOGIN_ADRESSE_FAKTOR=10)
def test_one_person_failing_often_does_not_lock_out_the_town_hall(org):
    # twenty typos by one person behind the town hall's address count as one account
    for _ in range(20):
        _logg_inn(Client(), org["brukarar"]["medarbeidar"].email, "feil", ip="192.0.2.10")
    for rolle in ("hr", "kommunalsjef", "okonomi"):
        assert _logg_inn(Client(), org["brukarar"][rolle].email, PASSORD, ip="192.0.2.10").status_code == 302


@override_settings(LOGIN_MAX_FEIL=2, LOGIN_ADRESSE_FAKTOR=3)
def test_many_accounts_failing_from_one_address_lock_the_address(org):
    for i in range(6):
        _logg_inn(Client(), f"ukjend{i}@testvik.example", "feil", ip="192.0.2.20")
    assert _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD, ip="192.0.2.20").status_code == 200
    assert _logg_inn(Client(), org["brukarar"]["hr"].email, PASSORD, ip="192.0.2.21").status_code == 302


@override_settings(LOGIN_MAX_FEIL=2)
def test_failed_logins_and_lockouts_are_logged_without_password_or_address(org, caplog):
    u = org["brukarar"]["medarbeidar"]
    caplog.set_level("INFO", logger="alver.innlogging")
    for _ in range(3):
        _logg_inn(Client(), u.email, "hemmeleg-passord-123", ip="198.51.100.9")
    _logg_inn(Client(), "ingen@testvik.example", "anna-hemmeleg", ip="198.51.100.9")
    linjer = [r.getMessage() for r in caplog.records if r.name == "alver.innlogging"]
    assert f"Failed login for user {u.pk} from 198.51.100.9" in linjer
    assert any(f"Login locked for user {u.pk}" in linje for linje in linjer)
    assert any(linje.startswith("Failed login for ukjend ") for linje in linjer)
    tekst = "\n".join(linjer)
    assert "hemmeleg" not in tekst and u.email not in tekst and "ingen@" not in tekst


def test_a_successful_login_is_not_logged_as_a_failure(org, caplog):
    caplog.set_level("INFO", logger="alver.innlogging")
    assert _logg_inn(Client(), org["brukarar"]["medarbeidar"].email, PASSORD).status_code == 302
    assert not [r for r in caplog.records if r.name == "alver.innlogging"]
