"""Sessions end after a time without requests (administrators sooner) and after a maximum
age; the user meets the login page with a message in their language. The last activity is
written at most once a minute."""

import datetime
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from alver.middleware import OektMiddleware

START, SIST = OektMiddleware.START, OektMiddleware.SIST


def _inn(user):
    c = Client()
    c.force_login(user)  # logging in starts the session's clock
    assert c.get("/profil/").status_code == 200
    return c


def _for(c, **kva):
    """Move the session's own timestamps back, as if time had passed."""
    s = c.session
    for nøkkel, alder in kva.items():
        s[{"start": START, "sist": SIST}[nøkkel]] -= int(alder.total_seconds())
    s.save()


def test_login_starts_the_session_clock_in_real_time(org, klokke):
    c = Client()
    c.force_login(org["brukarar"]["medarbeidar"])
    no = time.time()
    assert abs(c.session[START] - no) <= 5 and abs(c.session[SIST] - no) <= 5
    # the app's clock (moved by tests and ALVER_DATO) does not age a session
    klokke.sett(klokke.i_dag() + datetime.timedelta(days=30))
    assert c.get("/profil/").status_code == 200


@pytest.mark.parametrize(
    "rolle,tomgang,logga_ut",
    [
        ("medarbeidar", datetime.timedelta(hours=7, minutes=58), False),
        ("medarbeidar", datetime.timedelta(hours=8, minutes=2), True),
        ("stab", datetime.timedelta(minutes=28), False),
        ("stab", datetime.timedelta(minutes=32), True),
    ],
)
def test_idle_timeout_is_shorter_for_administrators(rolle, tomgang, logga_ut, org):
    user = org["brukarar"]["medarbeidar" if rolle == "medarbeidar" else "administrator"]
    if rolle == "stab":
        user.is_staff = True
        user.save()
    c = _inn(user)
    _for(c, start=tomgang, sist=tomgang)
    r = c.get("/profil/")
    if logga_ut:
        assert r.status_code == 302 and r["Location"].startswith(reverse("alver:login"))
        assert "_auth_user_id" not in c.session
    else:
        assert r.status_code == 200


def test_after_the_idle_timeout_the_login_page_says_why(org):
    u = org["brukarar"]["medarbeidar"]
    u.spraak = "en"  # the message is written in the user's language (new strings: English here)
    u.save()
    c = _inn(u)
    _for(c, start=datetime.timedelta(hours=9), sist=datetime.timedelta(hours=9))
    side = c.get("/profil/", follow=True)
    assert side.redirect_chain[-1][0].startswith("/logg-inn/?next=/profil/")
    assert "You were logged out after 480 minutes without activity" in side.content.decode()


def test_the_message_is_in_the_users_own_language(org):
    u = org["brukarar"]["medarbeidar"]
    u.spraak = "en"
    u.save()
    c = _inn(u)
    _for(c, start=datetime.timedelta(hours=9), sist=datetime.timedelta(hours=9))
    side = c.get("/mi-side/", follow=True)
    assert "You were logged out after 480 minutes without activity" in side.content.decode()


def test_a_session_in_use_ends_at_its_maximum_age(org):
    u = org["brukarar"]["medarbeidar"]
    u.spraak = "en"
    u.save()
    c = _inn(u)
    _for(c, start=datetime.timedelta(hours=12, minutes=1))  # active a moment ago, but begun long since
    side = c.get("/profil/", follow=True)
    assert "_auth_user_id" not in c.session
    assert "a session lasts at most 12 hours" in side.content.decode()


@override_settings(OEKT_TOMGANG_MINUTT=5, OEKT_MAKS_TIMAR=1)
def test_the_limits_come_from_settings(org):
    c = _inn(org["brukarar"]["medarbeidar"])
    _for(c, start=datetime.timedelta(minutes=6), sist=datetime.timedelta(minutes=6))
    assert c.get("/profil/").status_code == 302


def test_last_activity_is_written_at_most_once_a_minute(org):
    c = _inn(org["brukarar"]["medarbeidar"])
    _for(c, sist=datetime.timedelta(seconds=30))
    foer = c.session[SIST]
    c.get("/profil/")
    assert c.session[SIST] == foer, "written again within a minute"
    _for(c, sist=datetime.timedelta(seconds=61))
    c.get("/profil/")
    assert c.session[SIST] > foer


def test_public_pages_go_on_for_an_ended_session(org):
    """An ended session becomes anonymous; a page everyone may see is shown, not refused."""
    c = _inn(org["brukarar"]["medarbeidar"])
    _for(c, start=datetime.timedelta(hours=9), sist=datetime.timedelta(hours=9))
    assert c.get(reverse("alver:login")).status_code == 200


def test_logging_in_again_starts_a_new_session_clock(org, klokke):
    u = org["brukarar"]["medarbeidar"]
    c = _inn(u)
    _for(c, start=datetime.timedelta(hours=9), sist=datetime.timedelta(hours=9))
    c.get("/profil/")
    c.force_login(u)
    assert c.get("/profil/").status_code == 200
