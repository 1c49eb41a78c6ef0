"""Invitations: HR and administrators e-mail a person imported without a password a one-time,
expiring link to choose one. POST only; 403 for those who only read the organisation; a mail
server that is down leaves the invitation in the outbox, never an error page."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from alver import services
from alver.lib import oppgaver
from alver.lib.epost import SEND_EPOST
from alver.models import Jobb

from ..hjelp import INNLOGGA_ROLLER
from .test_passord import NYTT, SMTP_NEDE, _lenkje, _logg_inn, commit

TILLATNE = {"hr", "administrator"}


@pytest.fixture
def ny(org):
    """A person as the HR import makes them: no usable password."""
    u = org["brukarar"]["utanfor"]
    u.password = "!"
    u.save()
    return u


@pytest.mark.parametrize("rolle", ["anonymous", *INNLOGGA_ROLLER])
def test_who_may_invite(rolle, client_as, ny):
    r = commit(client_as(rolle).post, reverse("alver:inviter", args=[ny.pk]))
    if rolle == "anonymous":
        assert r.status_code == 302 and r["Location"].startswith(reverse("alver:login"))
    elif rolle in TILLATNE:
        assert r.status_code == 302 and r["Location"] == ny.get_absolute_url()
    else:
        assert r.status_code == 403
    assert len(mail.outbox) == (1 if rolle in TILLATNE else 0)


def test_inviting_is_post_only(client_as, ny):
    assert client_as("hr").get(reverse("alver:inviter", args=[ny.pk])).status_code == 405


def test_an_unknown_or_inactive_person_is_not_found(client_as, ny):
    assert commit(client_as("hr").post, reverse("alver:inviter", args=[999999])).status_code == 404
    ny.is_active = False
    ny.save()
    assert commit(client_as("hr").post, reverse("alver:inviter", args=[ny.pk])).status_code == 404


def test_the_button_shows_for_hr_on_a_person_without_password(client_as, ny, org):
    knapp = reverse("alver:inviter", args=[ny.pk])
    assert knapp in client_as("hr").get(ny.get_absolute_url()).content.decode()
    assert knapp not in client_as("medarbeidar").get(ny.get_absolute_url()).content.decode()
    har = org["brukarar"]["medarbeidar"]
    assert (
        reverse("alver:inviter", args=[har.pk])
        not in client_as("hr").get(har.get_absolute_url()).content.decode()
    )


def test_a_person_with_a_password_is_not_invited(client_as, org):
    har = org["brukarar"]["medarbeidar"]
    r = commit(client_as("hr").post, reverse("alver:inviter", args=[har.pk]), follow=True)
    assert not mail.outbox
    assert r.status_code == 200


def test_invitation_end_to_end_in_the_persons_language(client_as, ny, org):
    for u in (ny, org["brukarar"]["hr"]):  # new strings are asserted in English
        u.spraak = "en"
        u.save()
    r = commit(client_as("hr").post, reverse("alver:inviter", args=[ny.pk]), follow=True)
    assert [str(m) for m in r.context["messages"]] == [f"An invitation is sent to {ny.email}."]
    melding = mail.outbox[0]
    assert melding.to == [ny.email]
    assert melding.subject == "Invitation to Alver – Alver kommune"
    assert "14 days" in melding.body
    lenkje = _lenkje(melding)
    assert lenkje.startswith("/invitasjon/")

    c = Client()
    skjema = c.get(lenkje)["Location"]
    side = c.get(skjema)
    assert side.context["validlink"] and side.context["invitasjon"]
    r = c.post(skjema, {"new_password1": NYTT, "new_password2": NYTT})
    assert r.status_code == 302 and r["Location"] == reverse("alver:login")
    assert _logg_inn(ny.email, NYTT).status_code == 302
    assert not Client().get(lenkje, follow=True).context["validlink"], "the link works once"


def test_the_invitation_lasts_its_days_then_expires(client_as, ny, klokke):
    commit(client_as("hr").post, reverse("alver:inviter", args=[ny.pk]))
    lenkje = _lenkje(mail.outbox[0])
    klokke.sett(klokke.i_dag() + datetime.timedelta(days=13))
    assert Client().get(lenkje, follow=True).context["validlink"]
    klokke.sett(klokke.i_dag() + datetime.timedelta(days=2))
    assert not Client().get(lenkje, follow=True).context["validlink"]


def test_an_invitation_does_not_open_the_reset_page(client_as, ny):
    commit(client_as("hr").post, reverse("alver:inviter", args=[ny.pk]))
    lenkje = _lenkje(mail.outbox[0]).replace("/invitasjon/", "/nytt-passord/")
    assert not Client().get(lenkje, follow=True).context["validlink"]


@override_settings(**SMTP_NEDE)
def test_mail_server_down_leaves_the_invitation_in_the_outbox(client_as, ny):
    hr = client_as("hr")
    r = commit(hr.post, reverse("alver:inviter", args=[ny.pk]), follow=True)
    assert r.status_code == 200 and not mail.outbox
    jobb = Jobb.objects.get(oppgave=SEND_EPOST)
    assert jobb.status == Jobb.Status.VENTAR and jobb.argument[0] == [ny.email]
    # the mail server is back: the sweep sends it, once
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        oppgaver.koyr(jobb.pk, hjarteslag=False)
    assert [m.to for m in mail.outbox] == [[ny.email]]


def test_people_without_password_are_listed_for_a_bulk_invitation(ny, org):
    assert list(services.utan_passord()) == [ny]


def test_a_tampered_link_does_not_work(client_as, ny):
    commit(client_as("hr").post, reverse("alver:inviter", args=[ny.pk]))
    lenkje = _lenkje(mail.outbox[0])
    feil = re.sub(r"-[0-9a-f]+/$", "-0123456789abcdef/", lenkje)
    assert not Client().get(feil, follow=True).context["validlink"]


def test_administrators_invite_many_at_once_from_the_admin_site(org, ny):
    admin = org["brukarar"]["administrator"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    c = Client()
    c.force_login(admin)
    assert c.get("/admin/alver/user/?passord=nei").status_code == 200
    alle = [u.pk for u in org["brukarar"].values()]
    r = commit(c.post, "/admin/alver/user/", {"action": "send_invitasjon", "_selected_action": alle})
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [[ny.email]], "only those without a password"


@override_settings(LOKALT_PASSORD=False)
def test_with_single_sign_on_only_there_is_no_password_to_invite_to(client_as, org, ny):
    """Local passwords off: the invitation, «forgot», reset and change pages are gone, the
    person page offers no invitation, and the admin site has no invitation action."""
    hr = client_as("hr")
    assert commit(hr.post, reverse("alver:inviter", args=[ny.pk])).status_code == 404
    assert reverse("alver:inviter", args=[ny.pk]) not in hr.get(ny.get_absolute_url()).content.decode()
    assert Client().get(reverse("alver:gloymt_passord")).status_code == 404
    assert client_as("medarbeidar").get(reverse("alver:passord")).status_code == 404
    assert not mail.outbox
    admin = org["brukarar"]["administrator"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    c = Client()
    c.force_login(admin)
    assert "send_invitasjon" not in c.get("/admin/alver/user/").content.decode()
