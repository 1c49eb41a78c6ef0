"""«People without a password»: HR and administrators see everyone an import left without a
way in and invite them all at once. Each gets one mail (the reminder log), those with a valid
invitation or a single sign-on link are left be, and a double submit invites once."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from alver import services
from alver.lib import klokke
from alver.models import Jobb, Paaminning, SsoKopling
from tests.factories import UserFactory
from tests.hjelp import tal_sporjingar

from .test_passord import commit

URL = reverse("alver:invitasjonar")


@pytest.fixture
def utan(org):
    """People as the HR import makes them (no usable password), in each state an invitation
    can be in, and one who has a password."""
    i_dag = klokke.i_dag()
    ny = UserFactory(namn="Åse Ny", password="!")
    utgaatt = UserFactory(namn="Bjørn Utgått", password="!")
    Paaminning.objects.create(user=utgaatt, kva="invitasjon", dato=i_dag - datetime.timedelta(days=20))
    nyleg = UserFactory(namn="Cecilie Nyleg", password="!")
    Paaminning.objects.create(user=nyleg, kva="invitasjon", dato=i_dag - datetime.timedelta(days=3))
    sso = UserFactory(namn="Dag SSO", password="!")
    SsoKopling.objects.create(user=sso, issuer="https://login.example/", subject="abc")
    har = UserFactory(namn="Eva Har Passord")
    sluttat = UserFactory(namn="Finn Slutta", password="!", is_active=False)
    return {"ny": ny, "utgaatt": utgaatt, "nyleg": nyleg, "sso": sso, "har": har, "sluttat": sluttat}


def test_the_page_lists_those_to_invite_and_the_organisation_links_it(utan, client_as):
    side = client_as("hr").get(URL).content.decode()
    assert "Åse Ny" in side and "Bjørn Utgått" in side
    assert not any(n in side for n in ("Cecilie Nyleg", "Dag SSO", "Eva Har Passord", "Finn Slutta"))
    assert "Inviter 2 personar" in side
    assert URL in client_as("hr").get(reverse("alver:organisasjon")).content.decode()
    assert URL not in client_as("medarbeidar").get(reverse("alver:organisasjon")).content.decode()


def test_inviting_everyone_mails_each_once_and_a_second_click_mails_nobody(utan, client_as):
    c = client_as("hr")
    svar = commit(c.post, URL, follow=True)
    assert "2 personar får ein invitasjon" in svar.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([utan["ny"].email, utan["utgaatt"].email])
    assert "/invitasjon/" in mail.outbox[0].body
    assert set(
        Paaminning.objects.filter(kva="invitasjon", dato=klokke.i_dag()).values_list("user", flat=True)
    ) == {
        utan["ny"].pk,
        utan["utgaatt"].pk,
    }
    svar = commit(c.post, URL, follow=True)
    assert len(mail.outbox) == 2
    assert "alle utan passord har alt ein gyldig invitasjon" in svar.content.decode().lower()
    assert "Inviter" not in c.get(URL).content.decode().split("<main", 1)[1].split("</h1>", 1)[1]


def test_a_double_submit_before_the_job_ran_makes_one_job(utan, client_as):
    c = client_as("hr")
    c.post(URL)  # recorded, queued on a commit that has not come
    c.post(URL)
    assert Jobb.objects.filter(oppgave=services.INVITER_ALLE).count() == 1
    # a redelivered job invites nobody twice
    assert services.inviter_utan_passord() == 2
    assert services.inviter_utan_passord() == 0


def test_one_invited_from_their_page_is_not_invited_again_by_the_bulk(utan, client_as):
    commit(client_as("hr").post, reverse("alver:inviter", args=[utan["ny"].pk]))
    assert len(mail.outbox) == 1
    commit(client_as("hr").post, URL)
    assert [m.to[0] for m in mail.outbox] == [utan["ny"].email, utan["utgaatt"].email]


def test_without_local_passwords_there_is_no_such_page(utan, client_as):
    with override_settings(LOKALT_PASSORD=False):
        assert client_as("hr").get(URL).status_code == 404
        assert client_as("hr").post(URL).status_code == 404
        assert URL not in client_as("hr").get(reverse("alver:organisasjon")).content.decode()


def test_only_hr_and_administrators_invite(utan, client_as):
    assert client_as("medarbeidar").post(URL).status_code == 403
    assert not Jobb.objects.filter(oppgave=services.INVITER_ALLE).exists()


def test_the_page_keeps_its_query_count(utan, client_as):
    c = client_as("hr")
    smaa = tal_sporjingar(c, URL)
    UserFactory.create_batch(150, password="!")
    assert tal_sporjingar(c, URL) == smaa
