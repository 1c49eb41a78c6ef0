"""Reminders: the daily beat task e-mails the leaders whose units have unanswered check points,
N days before the deadline and on it — only those, once a day however often it runs, in the
leader's language, and a mail server that fails for one leader does not stop the others.

The fixture's November points (the monthly one for all, and Oppvekst's own) are due 10.12.2026;
the tertial's last third and the yearly point are due 31.1.2027. Leaders: Oppvekst (Ola),
Skule (Per), Helse (Ingrid); the units below them have no leader."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from alver.models import Jobb, Paaminning, Varsel
from checklists import paaminning, services, tasks
from checklists.models import Sjekkliste
from tests.factories import EiningFactory, UserFactory

FRIST = datetime.date(2026, 12, 10)  # November's answers
FOER = FRIST - datetime.timedelta(days=3)


@pytest.fixture(autouse=True)
def _tre_dagar(settings):
    settings.SJEKKLISTE_PAAMINNING_DAGAR = 3


def _svar(eining, leiar, *rader):
    services.lagre_svar(
        eining,
        [
            {"punkt": p, "periode": k, "verdi": "ja", "kommentar": "", "versjon": 0, "oppdrag": False}
            for p, k in rader
        ],
        user=leiar,
    )


def _paamin(fn, *args):
    """Run the reminders and what they queue when their transaction commits (the mails, at once
    without a broker)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args)


def _til(leiar):
    return [m for m in mail.outbox if m.to == [leiar.email]]


def test_leaders_are_reminded_three_days_before_with_the_count_and_a_link(org, sjekkliste):
    e, u = org["einingar"], org["brukarar"]
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    assert _paamin(paaminning.send_paaminningar, FOER) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [u["kommunalsjef"].email, u["tenesteleiar"].email, e["helse"].leiar.email]
    )
    (m,) = _til(u["tenesteleiar"])
    assert m.subject == "Internal control for November 2026: deadline 10 December 2026"
    assert "Skule: 2 check points not answered" in m.body  # the monthly point and Oppvekst's own
    assert f"{django_settings.ALVER_URL}/sjekklister/svar/2100/?maanad=2026-m11" in m.body
    (helse,) = _til(e["helse"].leiar)
    assert "/sjekklister/svar/3000/?maanad=2026-m11" in helse.body
    assert Paaminning.objects.get(user=e["helse"].leiar).tal == 1  # Oppvekst's own point is not Helse's
    assert Paaminning.objects.get(user=u["tenesteleiar"]).kva == "sjekkliste:2026-m11"


def test_on_the_deadline_the_mail_says_today_and_other_days_nothing_goes(org, sjekkliste):
    u = org["brukarar"]
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    for dag in (
        FOER - datetime.timedelta(days=1),
        FOER + datetime.timedelta(days=1),
        FRIST + datetime.timedelta(days=1),
    ):
        assert _paamin(paaminning.send_paaminningar, dag) == 0
    assert not mail.outbox
    assert _paamin(paaminning.send_paaminningar, FRIST) == 3
    (m,) = _til(u["tenesteleiar"])
    assert m.subject == "Internal control for November 2026: the deadline is today"


def test_a_unit_that_answered_everything_is_not_reminded(org, sjekkliste):
    e, u, p = org["einingar"], org["brukarar"], sjekkliste["punkt"]
    _svar(e["skule"], u["tenesteleiar"], (p["samtale"], "2026-m11"), (p["oppvekst"], "2026-m11"))
    _svar(e["oppvekst"], u["kommunalsjef"], (p["samtale"], "2026-m11"))  # one of two
    assert _paamin(paaminning.send_paaminningar, FOER) == 2
    assert not _til(u["tenesteleiar"])
    (m,) = _til(u["kommunalsjef"])
    assert "/sjekklister/svar/2000/" in m.body and "/sjekklister/svar/2100/" not in m.body
    assert [pm.einingar for pm in paaminning.kven_skal_minnast(FOER) if pm.leiar == u["kommunalsjef"]] == [
        [(e["oppvekst"], 1)]
    ]


def test_the_reminder_is_also_a_notification_in_alver_and_is_not_mailed_twice(org, sjekkliste):
    u = org["brukarar"]
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    _paamin(paaminning.send_paaminningar, FOER)
    (v,) = Varsel.objects.filter(mottakar=u["tenesteleiar"])
    assert (v.kind, v.lest_at) == ("sjekkliste_frist", None)
    assert (
        v.tekst
        == "Internal control for November 2026: 2 check points are not answered. The deadline is 10 December 2026."
    )
    assert v.url == "/sjekklister/svar/2100/?maanad=2026-m11"
    assert len(_til(u["tenesteleiar"])) == 1  # the reminder's own mail, not the notification's too
    assert Varsel.objects.filter(kind="sjekkliste_frist").count() == 3
    # a rerun the same day notifies nobody again; the deadline day is a new reminder
    _paamin(paaminning.send_paaminningar, FOER)
    assert Varsel.objects.filter(kind="sjekkliste_frist").count() == 3
    _paamin(paaminning.send_paaminningar, FRIST)
    assert Varsel.objects.filter(kind="sjekkliste_frist").count() == 6
    assert (
        Varsel.objects.filter(mottakar=u["tenesteleiar"])
        .latest("pk")
        .tekst.endswith("the deadline is today.")
    )
    assert len(_til(u["tenesteleiar"])) == 2
    # the notification's link opens for the leader
    from django.test import Client

    c = Client()
    c.force_login(u["tenesteleiar"])
    assert c.get(v.url).status_code == 200
    assert "Internal control for November 2026" in c.get("/varsel/").content.decode()


def test_the_task_runs_twice_a_day_and_reminds_once(org, sjekkliste, klokke):
    klokke.sett(FOER)
    assert _paamin(lambda: tasks.paaminn_sjekkliste.delay().get()) == 3
    assert _paamin(lambda: tasks.paaminn_sjekkliste.delay().get()) == 0 and len(mail.outbox) == 3
    assert Paaminning.objects.filter(dato=FOER, kva="sjekkliste:2026-m11").count() == 3
    klokke.sett(FRIST)
    assert _paamin(lambda: tasks.paaminn_sjekkliste.delay().get()) == 3  # another day, another reminder


def test_the_mail_is_in_the_leaders_language(org, sjekkliste):
    e, u = org["einingar"], org["brukarar"]
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    u["kommunalsjef"].spraak = "nn"
    u["kommunalsjef"].save()
    assert e["helse"].leiar.spraak == ""  # the kommune's language: Nynorsk
    _paamin(paaminning.send_paaminningar, FOER)
    assert "Hello Per," in _til(u["tenesteleiar"])[0].body
    assert "Hei Ola," in _til(u["kommunalsjef"])[0].body
    assert "Hei Ingrid," in _til(e["helse"].leiar)[0].body


def test_a_leader_of_two_units_gets_one_mail_naming_both(org, sjekkliste):
    e, u = org["einingar"], org["brukarar"]
    e["knarvik"].leiar = u["tenesteleiar"]
    e["knarvik"].save()
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    assert _paamin(paaminning.send_paaminningar, FOER) == 3
    (m,) = _til(u["tenesteleiar"])
    assert "Skule: 2 check points" in m.body and "Knarvik skule: 2 check points" in m.body


def test_the_year_is_reminded_in_january_from_last_years_checklist(org, sjekkliste):
    u = org["brukarar"]
    u["tenesteleiar"].spraak = "en"
    u["tenesteleiar"].save()
    assert _paamin(paaminning.send_paaminningar, datetime.date(2027, 1, 28)) == 3
    (m,) = _til(u["tenesteleiar"])
    assert m.subject == "Internal control for the year 2026: deadline 31 January 2027"
    assert "Skule: 2 check points" in m.body  # the tertial's last third and the yearly point
    assert "/sjekklister/svar/2100/?maanad=2026-m12" in m.body


def test_no_published_checklist_reminds_nobody(org, sjekkliste):
    Sjekkliste.objects.update(status=Sjekkliste.Status.UTKAST)
    assert _paamin(paaminning.send_paaminningar, FOER) == 0 and not mail.outbox


def test_a_mail_server_that_is_down_leaves_the_mails_pending_and_the_sweep_sends_them(
    org, sjekkliste, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    assert _paamin(paaminning.send_paaminningar, FOER) == 3  # recorded; nothing raised
    assert not mail.outbox
    ventar = Jobb.objects.filter(oppgave="alver.tasks.send_epost", status=Jobb.Status.VENTAR)
    assert ventar.count() == 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert _paamin(paaminning.send_paaminningar, FOER) == 0  # a rerun reminds nobody twice
    Jobb.objects.update(
        ikkje_foer=None, updated_at=Jobb.objects.first().updated_at - datetime.timedelta(hours=1)
    )
    call_command("jobbar", "--sveip")
    assert len(mail.outbox) == 3 and not ventar.exists()
    assert _til(org["brukarar"]["kommunalsjef"])


def test_beat_runs_the_reminders_every_morning():
    jobb = django_settings.CELERY_BEAT_SCHEDULE["sjekkliste_paaminningar"]
    assert jobb["task"] == tasks.paaminn_sjekkliste.name
    assert jobb["schedule"].hour == {7} and len(jobb["schedule"].day_of_week) == 7


def test_gathering_the_reminders_takes_the_same_queries_for_many_units(org, sjekkliste):
    def tel():
        with CaptureQueriesContext(connection) as ctx:
            ut = paaminning.kven_skal_minnast(FOER)
        return len(ctx), ut

    smaa, ut = tel()
    assert len(ut) == 3
    e, p = org["einingar"], sjekkliste["punkt"]
    for i in range(25):
        leiar = UserFactory(namn=f"Leiar {i}")
        eining = EiningFactory(parent=e["skule"] if i % 2 else e["sjukeheim"], namn=f"E{i}", leiar=leiar)
        if i % 3 == 0:
            _svar(eining, leiar, (p["samtale"], "2026-m11"))
    stor, ut = tel()
    assert stor == smaa and len(ut) == 3 + 25 - 5  # not the five in Helse that answered its one point
