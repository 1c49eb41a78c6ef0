"""Nynorsk by default; Bokmål and English on request; the choice is remembered."""

import pathlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from alver.models import User

LOCALE = pathlib.Path(__file__).resolve().parents[2] / "locale"


def test_nynorsk_is_the_default_whatever_the_browser_says(db):
    # db: the page's header names the kommune from its profile
    html = Client().get(reverse("alver:login"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="nn"' in html and "Logg inn" in html


def test_a_choice_made_before_login_stays_after_it(org):
    from tests.factories import PASSORD

    c = Client()
    c.post(reverse("alver:spraak"), {"spraak": "nb", "neste": "/logg-inn/"})
    c.post(reverse("alver:login"), {"username": org["brukarar"]["medarbeidar"].email, "password": PASSORD})
    assert 'lang="nb"' in c.get("/mi-side/").content.decode()


def test_a_visitor_switches_to_bokmaal_with_a_cookie(db):
    c = Client()
    response = c.post(reverse("alver:spraak"), {"spraak": "nb", "neste": "/logg-inn/"})
    assert response.status_code == 302 and response["Location"] == "/logg-inn/"
    html = c.get("/logg-inn/").content.decode()
    assert 'lang="nb"' in html and "Logg inn" in html
    assert "Hopp til hovedinnholdet" in html


def test_a_logged_in_user_keeps_the_choice_across_sessions(org, client_as):
    c = client_as("medarbeidar")
    c.post(reverse("alver:spraak"), {"spraak": "en", "neste": "/organisasjon/"})
    assert User.objects.get(pk=org["brukarar"]["medarbeidar"].pk).spraak == "en"
    fresh = client_as("medarbeidar")  # a new browser: no cookie, the profile decides
    assert "Organisation" in fresh.get("/organisasjon/").content.decode()
    assert 'lang="en"' in fresh.get("/mi-side/").content.decode()


def test_profile_saves_the_language(org, client_as):
    c = client_as("medarbeidar")
    response = c.post(reverse("alver:profil"), {"spraak": "nb"}, follow=True)
    assert "Profilen din er lagret" in response.content.decode()


def test_switch_refuses_foreign_redirects(db):
    response = Client().post(reverse("alver:spraak"), {"spraak": "nb", "neste": "https://example.com/"})
    assert response["Location"] == "/"


def test_unknown_language_is_ignored(db):
    response = Client().post(reverse("alver:spraak"), {"spraak": "xx", "neste": "/logg-inn/"})
    assert "django_language" not in response.cookies


def _po_entries(path):
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if "#, fuzzy" in block:
            yield block, None
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if msgid:
            yield (
                "".join(re.findall(r'"(.*)"', msgid.group(1))),
                ["".join(re.findall(r'"(.*)"', s)) for s in strs],
            )


@pytest.mark.parametrize("spraak", ["nn", "nb"])
def test_every_ui_string_is_translated(spraak):
    """Bokmål and Nynorsk are complete for what exists: no empty or fuzzy entry."""
    path = LOCALE / spraak / "LC_MESSAGES" / "django.po"
    manglar = [m for m, s in _po_entries(path) if s is None or not all(s)]
    assert not manglar, f"{spraak}: untranslated or fuzzy: {manglar[:10]}"
    assert len(list(_po_entries(path))) > 100


@pytest.mark.parametrize("spraak", ["nn", "nb", "en"])
def test_the_switcher_names_each_language_in_itself(db, spraak):
    c = Client()
    c.post(reverse("alver:spraak"), {"spraak": spraak, "neste": "/logg-inn/"})
    html = c.get(reverse("alver:login")).content.decode()
    val = re.search(r'<select id="spraakval"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'lang="(\w+)"[^>]*>([^<]+)</option>', val) == [
        ("nn", "Nynorsk"),
        ("nb", "Bokmål"),
        ("en", "English"),
    ]
