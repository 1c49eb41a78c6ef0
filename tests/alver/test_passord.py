"""Passwords: at least 12 characters; change one's own (from the profile); «Forgot your
password?» with a one-time, expiring link that never tells whether an address has an account;
a mail server that is down never gives an error page."""

import datetime
import re

import pytest
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from alver.lib.epost import SEND_EPOST
from alver.models import Jobb
from tests.factories import PASSORD

NYTT = "sju-blaa-fjordar-i-vest"
SMTP_NEDE = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 5,
}


def commit(kall, *args, **kwargs):
    """A request, with the mail it queues for after the commit sent as a real commit would
    send it (the test runs inside a transaction that never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return kall(*args, **kwargs)


def _logg_inn(email, passord):
    return Client().post(
        reverse("alver:login"), {"username": email, "password": passord}, REMOTE_ADDR="10.0.0.3"
    )


def _lenkje(melding):
    return re.search(r"http://\S+", melding.body).group(0).removeprefix("http://127.0.0.1:8000")


def test_passwords_need_at_least_12_characters():
    with pytest.raises(ValidationError):
        password_validation.validate_password("kort-passor")  # 11
    password_validation.validate_password("tolv-teikn-ok")


@pytest.mark.parametrize(
    "spraak,tekst",
    [
        ("nn", "Passordet er for kort: bruk minst 12 teikn."),
        ("nb", "Passordet er for kort: bruk minst 12 tegn."),
    ],
)
def test_the_length_rule_speaks_the_users_language(spraak, tekst):
    with translation.override(spraak), pytest.raises(ValidationError) as feil:
        password_validation.validate_password("kort")
    assert tekst in feil.value.messages


# --- change -----------------------------------------------------------------------------


@pytest.mark.parametrize("rolle,status", [("anonymous", 302), ("medarbeidar", 200), ("politikar", 200)])
def test_everyone_logged_in_may_change_their_own_password(rolle, status, client_as):
    assert client_as(rolle).get(reverse("alver:passord")).status_code == status


def test_the_profile_links_to_change_password(client_as):
    assert reverse("alver:passord") in client_as("medarbeidar").get(reverse("alver:profil")).content.decode()


def test_change_password(org):
    u = org["brukarar"]["medarbeidar"]
    c = Client()
    c.force_login(u)
    r = c.post(
        reverse("alver:passord"), {"old_password": PASSORD, "new_password1": NYTT, "new_password2": NYTT}
    )
    assert r.status_code == 302 and r["Location"] == reverse("alver:profil")
    assert c.get(reverse("alver:profil")).status_code == 200, "still logged in after the change"
    u.refresh_from_db()
    assert u.check_password(NYTT)


@pytest.mark.parametrize(
    "gammalt,nytt,feil",
    [
        ("feil-passord", NYTT, "old_password"),
        (PASSORD, "kort-passor", "new_password2"),
        (PASSORD, "password1234", "new_password2"),  # common
    ],
)
def test_a_bad_change_keeps_the_password_and_says_why(gammalt, nytt, feil, org):
    u = org["brukarar"]["medarbeidar"]
    c = Client()
    c.force_login(u)
    r = c.post(
        reverse("alver:passord"), {"old_password": gammalt, "new_password1": nytt, "new_password2": nytt}
    )
    assert r.status_code == 200
    assert r.context["form"].errors.get(feil)
    assert 'id="feilsamandrag"' in r.content.decode()
    u.refresh_from_db()
    assert u.check_password(PASSORD)


def test_someone_without_a_password_sets_one_without_the_old(org):
    u = org["brukarar"]["medarbeidar"]
    u.set_unusable_password()
    u.save()
    c = Client()
    c.force_login(u)
    assert "old_password" not in c.get(reverse("alver:passord")).context["form"].fields
    r = c.post(reverse("alver:passord"), {"new_password1": NYTT, "new_password2": NYTT})
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.check_password(NYTT)


# --- «Forgot your password?» --------------------------------------------------------------


def test_the_login_page_links_to_forgot_password(db):
    assert reverse("alver:gloymt_passord") in Client().get(reverse("alver:login")).content.decode()


def test_reset_end_to_end(org):
    u = org["brukarar"]["medarbeidar"]
    c = Client()
    assert c.get(reverse("alver:gloymt_passord")).status_code == 200
    r = commit(c.post, reverse("alver:gloymt_passord"), {"email": u.email.upper()})
    assert r.status_code == 302 and r["Location"] == reverse("alver:gloymt_passord_sendt")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [u.email]
    lenkje = _lenkje(mail.outbox[0])
    assert lenkje.startswith("/nytt-passord/")

    r = c.get(lenkje)  # Django moves the token out of the address into the session
    assert r.status_code == 302
    skjema = r["Location"]
    assert c.get(skjema).context["validlink"]
    r = c.post(skjema, {"new_password1": NYTT, "new_password2": NYTT})
    assert r.status_code == 302 and r["Location"] == reverse("alver:login")
    assert _logg_inn(u.email, NYTT).status_code == 302
    assert _logg_inn(u.email, PASSORD).status_code == 200

    # once used, the link is dead
    r = Client().get(lenkje, follow=True)
    assert not r.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(org):
    kjend = commit(Client().post, reverse("alver:gloymt_passord"), {"email": org["brukarar"]["hr"].email})
    ukjend = commit(Client().post, reverse("alver:gloymt_passord"), {"email": "ingen@testvik.example"})
    assert (kjend.status_code, kjend["Location"]) == (ukjend.status_code, ukjend["Location"])
    assert len(mail.outbox) == 1


def test_an_inactive_person_gets_no_link(org):
    u = org["brukarar"]["medarbeidar"]
    u.is_active = False
    u.save()
    commit(Client().post, reverse("alver:gloymt_passord"), {"email": u.email})
    assert not mail.outbox


def test_a_person_imported_without_a_password_may_use_it_too(org):
    u = org["brukarar"]["medarbeidar"]
    u.password = "!"  # as the HR import makes them
    u.save()
    commit(Client().post, reverse("alver:gloymt_passord"), {"email": u.email})
    assert len(mail.outbox) == 1


def test_the_link_expires(org, klokke):
    u = org["brukarar"]["medarbeidar"]
    commit(Client().post, reverse("alver:gloymt_passord"), {"email": u.email})
    lenkje = _lenkje(mail.outbox[0])
    klokke.sett(klokke.i_dag() + datetime.timedelta(days=1))  # 24 hours on; a link lasts 2
    assert not Client().get(lenkje, follow=True).context["validlink"]


def test_a_reset_link_does_not_open_the_invitation_page(org):
    u = org["brukarar"]["medarbeidar"]
    commit(Client().post, reverse("alver:gloymt_passord"), {"email": u.email})
    lenkje = _lenkje(mail.outbox[0]).replace("/nytt-passord/", "/invitasjon/")
    assert not Client().get(lenkje, follow=True).context["validlink"]


def test_a_new_password_ends_a_lockout(org):
    u = org["brukarar"]["medarbeidar"]
    with override_settings(LOGIN_MAX_FEIL=2):
        for _ in range(2):
            _logg_inn(u.email, "feil")
        assert _logg_inn(u.email, PASSORD).status_code == 200
        c = Client()
        commit(c.post, reverse("alver:gloymt_passord"), {"email": u.email})
        skjema = c.get(_lenkje(mail.outbox[0]))["Location"]
        c.post(skjema, {"new_password1": NYTT, "new_password2": NYTT})
        assert _logg_inn(u.email, NYTT).status_code == 302


@override_settings(**SMTP_NEDE)
def test_mail_server_down_gives_the_same_answer_not_an_error(org):
    r = commit(
        Client().post, reverse("alver:gloymt_passord"), {"email": org["brukarar"]["medarbeidar"].email}
    )
    assert r.status_code == 302 and r["Location"] == reverse("alver:gloymt_passord_sendt")
    # the link is not lost: its mail waits in the outbox for the sweep
    jobb = Jobb.objects.get(oppgave=SEND_EPOST)
    assert jobb.status == Jobb.Status.VENTAR and jobb.argument[0] == [org["brukarar"]["medarbeidar"].email]


@pytest.mark.parametrize("spraak,tekst", [("en", "Check your e-mail")])
def test_the_sent_page(spraak, tekst, db):
    c = Client()
    c.cookies["django_language"] = spraak
    assert tekst in c.get(reverse("alver:gloymt_passord_sendt")).content.decode()


def test_the_form_cannot_flood_an_inbox(org):
    u = org["brukarar"]["medarbeidar"]
    for _ in range(5):
        r = commit(Client().post, reverse("alver:gloymt_passord"), {"email": u.email})
        assert r["Location"] == reverse("alver:gloymt_passord_sendt")
    assert len(mail.outbox) == 3
