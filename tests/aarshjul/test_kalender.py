"""The calendar feeds: valid iCalendar read by a real parser, opened without login by their
token, shut by renewing it."""

import datetime

import icalendar
import pytest
from django.test import Client

from aarshjul import services
from aarshjul.models import Hending, Kalenderfeed
from budget.models import Mote, Organ
from tests.aarshjul.test_aarshjul import kjelder_2027  # noqa: F401
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401


def _hent(url):
    svar = Client().get(url)  # no login: the token is the key
    assert svar.status_code == 200, svar.status_code
    assert svar["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(svar.content)


def test_my_feed_is_a_valid_calendar_of_my_dates(org, kjelder_2027, client_as):  # noqa: F811
    c = client_as("kommunalsjef")
    assert c.post("/aarshjul/kalender/lag/").status_code == 302
    assert c.post("/aarshjul/kalender/lag/").status_code == 302  # a double click makes one feed
    feed = Kalenderfeed.objects.get(user=org["brukarar"]["kommunalsjef"])
    assert len(feed.token) >= 40
    assert feed.get_absolute_url() in c.get("/aarshjul/kalender/").content.decode()
    cal = _hent(feed.get_absolute_url())
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    hendingar = cal.walk("VEVENT")
    uid = [str(e["UID"]) for e in hendingar]
    assert len(uid) == len(set(uid))  # a stable, unique UID each: a calendar updates, never duplicates
    etter_tittel = {str(e["SUMMARY"]): e for e in hendingar}
    frist = next(e for e in hendingar if str(e["UID"]).startswith(f"oppdrag-{kjelder_2027['oppdrag'].pk}@"))
    assert "Betre skulevegar" in str(frist["SUMMARY"])
    # an all-day event on the deadline, linking back to the oppdrag
    assert frist.decoded("DTSTART") == datetime.date(2027, 6, 1)
    assert frist.decoded("DTEND") == datetime.date(2027, 6, 2)
    assert str(frist["URL"]).endswith(kjelder_2027["oppdrag"].get_absolute_url())
    assert any("Forprosjekt ferdig" in t for t in etter_tittel)
    assert any("Kommunestyret" in t for t in etter_tittel)
    assert any("1. tertial 2027" in t for t in etter_tittel)
    vedtak = next(
        e
        for e in hendingar
        if str(e["UID"]).startswith(f"fast-{Hending.objects.get(kode='okonomiplan_vedtak').pk}-")
    )
    assert "kommunelova § 14-3" in str(vedtak["DESCRIPTION"])


def test_following_bodies_narrows_the_meetings(org, kjelder_2027, client_as):  # noqa: F811
    c = client_as("kommunalsjef")
    c.post("/aarshjul/kalender/lag/")
    feed = Kalenderfeed.objects.get(user=org["brukarar"]["kommunalsjef"])
    formannskap = Organ.objects.get(type=Organ.Type.FORMANNSKAP)
    Mote.objects.create(
        organ=formannskap, dato=datetime.date(2027, 3, 11), created_by=org["brukarar"]["sekretariat"]
    )
    assert (
        c.post("/aarshjul/kalender/", {"organ": [formannskap.pk], "versjon": feed.versjon}).status_code == 302
    )
    titlar = [str(e["SUMMARY"]) for e in _hent(feed.get_absolute_url()).walk("VEVENT")]
    assert any(formannskap.namn in t for t in titlar)
    assert not any("Kommunestyret" in t and "Meeting" in t or "Møte: Kommunestyret" in t for t in titlar)


def test_renewing_shuts_the_old_address(org, client_as):
    c = client_as("medarbeidar")
    c.post("/aarshjul/kalender/lag/")
    feed = Kalenderfeed.objects.get(user=org["brukarar"]["medarbeidar"])
    gammal = feed.get_absolute_url()
    assert Client().get(gammal).status_code == 200
    assert c.post("/aarshjul/kalender/forny/").status_code == 302
    feed.refresh_from_db()
    assert Client().get(gammal).status_code == 404
    assert Client().get(feed.get_absolute_url()).status_code == 200
    assert feed.history.first().history_change_reason
    # someone who has left: their address opens nothing
    u = org["brukarar"]["medarbeidar"]
    u.is_active = False
    u.save()
    assert Client().get(feed.get_absolute_url()).status_code == 404
    assert Client().get("/kalender/ikkje-ein-token.ics").status_code == 404


def test_the_kommune_feed_holds_the_political_round_and_links_nothing_behind_a_login(
    org,
    kjelder_2027,  # noqa: F811
    client_as,
):
    assert client_as("sekretariat").post("/aarshjul/kalender/kommune/").status_code == 302
    feed = Kalenderfeed.objects.get(kommune=True)
    hendingar = _hent(feed.get_absolute_url()).walk("VEVENT")
    titlar = [str(e["SUMMARY"]) for e in hendingar]
    assert any("Kommunestyret" in t for t in titlar)
    assert not any("Betre skulevegar" in t or "tertial" in t for t in titlar)
    assert all("URL" not in e for e in hendingar)
    # only dates with a legal reference from the fixed ones
    assert all(e.get("DESCRIPTION") for e in hendingar if str(e["UID"]).startswith("fast-"))
    # renewed by the sekretariat: the old address is shut
    gammal = feed.get_absolute_url()
    client_as("sekretariat").post("/aarshjul/kalender/kommune/")
    assert Client().get(gammal).status_code == 404


@pytest.mark.parametrize("spraak,ord", [("nn", "Kommunestyret vedtek"), ("en", "The kommunestyre adopts")])
def test_the_feed_is_in_its_owners_language(spraak, ord, org):
    u = org["brukarar"]["medarbeidar"]
    u.spraak = spraak
    u.save()
    feed = services.feed_for(u)
    titlar = [str(e["SUMMARY"]) for e in _hent(feed.get_absolute_url()).walk("VEVENT")]
    assert any(ord in t for t in titlar), titlar
