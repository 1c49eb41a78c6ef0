"""A way in, in Chromium: HR invites a person imported without a password, the person opens
the link from the e-mail, chooses a password and logs in; someone who forgot their password
asks for a link from the login page and does the same. Axe on every new page. A small
organisation (the `org` fixture), not the demo. New strings are not translated yet when this
is written, so elements are found by their addresses and ids, not their text."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alver.management.commands.demo import last_grunndata
from tests.factories import PASSORD

from .conftest import ny_side, sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

NYTT = "sju-blaa-fjordar-i-vest"


@pytest.fixture
def _grunndata(transactional_db):
    last_grunndata()  # an earlier browser test's flush removed the groups the migrations made


@pytest.fixture
def org(_grunndata, org):
    return org


def _lenkje(melding):
    return re.search(r"http://\S+", melding.body).group(0).removeprefix("http://127.0.0.1:8000")


def _vel_passord(page, url):
    page.goto(url)
    page.wait_for_url(re.compile(r".*/set-password/$"))
    sjekk_axe(page)
    page.locator("#id_new_password1").fill(NYTT)
    page.locator("#id_new_password2").fill(NYTT)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/logg-inn/$"))
    expect(page.locator(".meldingar .ds-alert")).to_have_count(1)
    sjekk_axe(page)


def test_an_invited_person_chooses_a_password_and_logs_in(org, live_server, logg_inn, browser):
    ny = org["brukarar"]["utanfor"]
    ny.password = "!"  # as the HR import makes them
    ny.save()
    page = logg_inn(org["brukarar"]["hr"].email, PASSORD)
    page.goto(f"{live_server.url}{ny.get_absolute_url()}")
    knapp = page.locator(f"form[action='/personar/{ny.pk}/inviter/'] button")
    expect(knapp).to_be_visible()
    sjekk_axe(page)
    knapp.click()
    page.wait_for_url(f"{live_server.url}{ny.get_absolute_url()}")
    expect(page.locator(".meldingar .ds-alert[data-color='success']")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[ny.email]]

    # the person, in a browser of their own
    gjest = ny_side(browser)
    try:
        _vel_passord(gjest, live_server.url + _lenkje(mail.outbox[0]))
        skjermbilete(gjest, "p01-invitasjon-logg-inn")
        gjest.locator("#id_username").fill(ny.email)
        gjest.locator("#id_password").fill(NYTT)
        gjest.locator("main form button[type=submit]").click()
        gjest.wait_for_url(f"{live_server.url}/mi-side/")
        # the link worked once
        gjest.goto(live_server.url + _lenkje(mail.outbox[0]))
        expect(gjest.locator("#id_new_password1")).to_have_count(0)
        sjekk_axe(gjest)
    finally:
        gjest.context.close()


def test_forgot_password_from_the_login_page(org, live_server, page):
    u = org["brukarar"]["medarbeidar"]
    page.goto(f"{live_server.url}/logg-inn/")
    page.locator("a[href='/gloymt-passord/']").click()
    page.wait_for_url(f"{live_server.url}/gloymt-passord/")
    sjekk_axe(page)
    page.locator("#id_email").fill(u.email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/gloymt-passord/sendt/")
    sjekk_axe(page)
    assert [m.to for m in mail.outbox] == [[u.email]]

    _vel_passord(page, live_server.url + _lenkje(mail.outbox[0]))
    page.locator("#id_username").fill(u.email)
    page.locator("#id_password").fill(NYTT)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/mi-side/")

    # and from the profile, the change-password page
    page.goto(f"{live_server.url}/profil/")
    page.locator("a[href='/profil/passord/']").click()
    page.wait_for_url(f"{live_server.url}/profil/passord/")
    sjekk_axe(page)
    page.locator("main form button[type=submit]").click()  # empty: the error summary
    expect(page.locator("#feilsamandrag")).to_be_visible()
    sjekk_axe(page)
    skjermbilete(page, "p02-endre-passord-feil")
