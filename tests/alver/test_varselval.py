"""How each person gets the mail of each kind of notification (`Varselval`): at once, in one
daily summary at 07:00, or not at all; the event key that keeps a rerun from notifying twice;
`varsle_mange`'s bounded queries; and the profile form where people choose."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from alver import services, tasks
from alver.models import Varsel, Varselval
from tests.factories import UserFactory

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def kommune(org):
    return org["einingar"]["kommune"]


def _varsle(*args, **kw):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.varsle(*args, **kw)


def _vel(user, **val):
    for kind, epost in val.items():
        Varselval.objects.create(user=user, kind=kind, epost=epost)


def test_at_once_is_the_default_and_a_daily_choice_waits_for_the_summary(org, kommune):
    u = org["brukarar"]["tenesteleiar"]
    _vel(u, status_endra="dagleg")
    _varsle(u, "nytt_oppdrag", kommune, "/organisasjon/1000/")
    assert [m.subject for m in mail.outbox] == ["Du har fått eit nytt oppdrag: Testvik kommune."]
    mail.outbox.clear()
    a = _varsle(u, "status_endra", kommune, "/organisasjon/2000/")
    b = _varsle(u, "status_endra", kommune, "/organisasjon/2100/")
    assert mail.outbox == []  # nothing at once for the kind chosen daily
    assert tasks.send_ventande_varsel.delay().get() == 0  # nor from the sweep

    assert tasks.send_dagleg_samandrag.delay().get() == 1
    (m,) = mail.outbox
    assert m.to == [u.email] and m.subject == "2 nye varsel i Alver"
    for v in (a, b):
        assert v.tekst in m.body and f"{settings.ALVER_URL}{v.url}" in m.body
    assert f"{settings.ALVER_URL}/profil/" in m.body  # where to change the choice
    assert Varsel.objects.filter(epost_sendt_at__isnull=True).count() == 0
    # the next morning there is nothing new: no mail
    assert tasks.send_dagleg_samandrag.delay().get() == 0
    assert len(mail.outbox) == 1


def test_the_summary_is_in_the_recipients_language_and_leaves_out_what_was_read(org, kommune):
    u = UserFactory(spraak="en", eining=kommune)
    _vel(u, status_endra="dagleg")
    lest = _varsle(u, "status_endra", kommune, "/organisasjon/2000/")
    ny = _varsle(u, "status_endra", kommune, "/organisasjon/2100/")
    services.merk_lest(lest)
    assert tasks.send_dagleg_samandrag.delay().get() == 1
    (m,) = mail.outbox
    assert m.subject == "1 new notification in Alver"
    assert f"{settings.ALVER_URL}/organisasjon/2100/" in m.body
    assert f"{settings.ALVER_URL}/organisasjon/2000/" not in m.body
    assert Varsel.objects.get(pk=ny.pk).epost_sendt_at is not None


def test_no_mail_is_no_mail_but_the_notification_is_made(org, kommune):
    u = org["brukarar"]["tenesteleiar"]
    _vel(u, status_endra="aldri")
    v = _varsle(u, "status_endra", kommune, "/organisasjon/2000/")
    assert Varsel.objects.filter(pk=v.pk, mottakar=u, lest_at__isnull=True).exists()
    assert tasks.send_varsel.delay(v.pk).get() is False
    assert tasks.send_dagleg_samandrag.delay().get() == 0
    assert mail.outbox == []


def test_a_summary_that_fails_is_sent_the_next_time_and_never_twice(org, kommune, settings):
    u = org["brukarar"]["tenesteleiar"]
    _vel(u, status_endra="dagleg")
    _varsle(u, "status_endra", kommune, "/organisasjon/2000/")
    # a real SMTP connection to a port nobody listens on: logged, nothing marked sent
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5
    assert services.send_dagleg_samandrag() == (0, 1)
    assert Varsel.objects.filter(epost_sendt_at__isnull=True).count() == 1
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_dagleg_samandrag() == (1, 0)
    assert services.send_dagleg_samandrag() == (0, 0)
    assert len(mail.outbox) == 1


def test_an_event_key_notifies_once_however_often_the_job_runs(org, kommune):
    u = org["brukarar"]["tenesteleiar"]
    fyrste = _varsle(u, "frist_snart", kommune, "/organisasjon/1000/", noekkel="frist7:oppdrag:1:2026-12-07")
    assert fyrste is not None
    assert (
        _varsle(u, "frist_snart", kommune, "/organisasjon/1000/", noekkel="frist7:oppdrag:1:2026-12-07")
        is None
    )
    # the same key to another person, or another key, is its own event
    assert _varsle(org["brukarar"]["medarbeidar"], "frist_snart", kommune, "/", noekkel=fyrste.noekkel)
    assert _varsle(u, "frist_snart", kommune, "/", noekkel="frist1:oppdrag:1:2026-12-07")
    assert Varsel.objects.count() == 3 and len(mail.outbox) == 3


def test_many_at_once_in_a_fixed_number_of_queries_skipping_keys_used(
    org, kommune, django_assert_max_num_queries
):
    def varslingar(n, prefiks):
        folk = [UserFactory(eining=kommune) for _ in range(n)]
        for u in folk[::2]:
            _vel(u, frist_snart="dagleg")
        return [
            services.Varsling(u, "frist_snart", kommune, "/organisasjon/1000/", noekkel=f"{prefiks}:{u.pk}")
            for u in folk
        ]

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def kostnad(liste):
        with CaptureQueriesContext(connection) as q, TestCase.captureOnCommitCallbacks(execute=False):
            laga = services.varsle_mange(liste)
        return len(laga), len(q)

    (n2, q2), (n20, q20) = kostnad(varslingar(2, "a")), kostnad(varslingar(20, "b"))
    assert (n2, n20) == (2, 20)
    assert q20 == q2  # the same queries for 20 people as for 2
    # a rerun makes nothing: every key is used
    again = [
        services.Varsling(v.mottakar, v.kind, kommune, v.url, noekkel=v.noekkel)
        for v in Varsel.objects.select_related("mottakar")
    ]
    assert services.varsle_mange(again) == []
    assert Varsel.objects.count() == 22


def test_varsle_mange_mails_at_once_only_those_who_want_it(org, kommune):
    straks, dagleg = UserFactory(eining=kommune), UserFactory(eining=kommune)
    _vel(dagleg, frist_snart="dagleg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.varsle_mange(
            [services.Varsling(u, "frist_snart", kommune, "/organisasjon/1000/") for u in (straks, dagleg)]
        )
    assert [m.to for m in mail.outbox] == [[straks.email]]
    assert tasks.send_dagleg_samandrag.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[straks.email], [dagleg.email]]


# --- the profile ------------------------------------------------------------------------------


def test_the_profile_lists_every_kind_and_saves_my_choice_with_history(org, client_as):
    c = client_as("tenesteleiar")
    side = c.get("/profil/").content.decode()
    for kind in services.KINDS:
        # a leader is not offered the political groups' proposals (økonomi and the sekretariat are)
        assert (f'name="varsel-{kind}"' in side) is (kind != "forslag_levert")
    data = {f"varsel-{kind}": "straks" for kind in services.KINDS}
    data |= {"varsel-status_endra": "dagleg", "varsel-frist_snart": "aldri"}
    r = c.post("/profil/varsel/", data)
    assert r.status_code == 302 and r["Location"] == "/profil/#varsel"
    u = org["brukarar"]["tenesteleiar"]
    assert dict(Varselval.objects.filter(user=u).values_list("kind", "epost")) == {
        "status_endra": "dagleg",
        "frist_snart": "aldri",
    }
    assert Varselval.objects.get(user=u, kind="status_endra").history.count() == 1
    side = c.get("/profil/").content.decode()
    assert '<option value="dagleg" selected>' in side
    # the same again changes nothing
    c.post("/profil/varsel/", data)
    assert Varselval.history.count() == 2


@pytest.mark.parametrize(
    "rolle, venta",
    [("okonomi", set(services.KINDS)), ("sekretariat", set(services.KINDS)), ("politikar", set())],
)
def test_each_is_offered_the_kinds_they_can_get(client_as, rolle, venta):
    side = client_as(rolle).get("/profil/").content.decode()
    assert {k for k in services.KINDS if f'name="varsel-{k}"' in side} == venta
    assert ('id="varsel"' in side) is bool(venta)


def test_a_bad_choice_saves_nothing_and_says_so(org, client_as):
    c = client_as("tenesteleiar")
    data = {f"varsel-{kind}": "straks" for kind in services.KINDS}
    data |= {"varsel-status_endra": "dagleg", "varsel-frist_snart": "kvar-time"}
    r = c.post("/profil/varsel/", data)
    assert r.status_code == 200
    assert "kvar-time er ikkje eit av dei tilgjengelege valga" in r.content.decode()
    assert not Varselval.objects.exists()


@pytest.mark.parametrize("rolle", ["anonymous", "medarbeidar", "politikar"])
def test_choosing_is_post_only_and_for_the_logged_in(client_as, rolle):
    c = client_as(rolle)
    assert c.get("/profil/varsel/").status_code == 405
    if rolle == "anonymous":
        r = c.post("/profil/varsel/", {"varsel-status_endra": "aldri"})
        assert r.status_code == 302 and r["Location"].startswith("/logg-inn/")
        assert not Varselval.objects.exists()


def test_the_header_shows_my_unread_count(org, kommune, client_as):
    u = org["brukarar"]["medarbeidar"]
    c = client_as("medarbeidar")
    assert 'class="teljar"' not in c.get("/profil/").content.decode()
    for _ in range(3):
        _varsle(u, "status_endra", kommune, "/organisasjon/1000/")
    with CaptureQueriesContext(connection) as ctx:
        side = c.get("/profil/").content.decode()
    # shown by the notifications link and, on a phone where the menu is folded, by its button
    assert side.count('<span class="teljar" aria-hidden="true">3</span>') == 2
    assert "(3 ulesne)" in side and "(3 ulesne varsel)" in side
    assert sum("alver_varsel" in q["sql"] and "COUNT" in q["sql"].upper() for q in ctx.captured_queries) == 1
    services.merk_alle_lest(u)
    assert 'class="teljar"' not in c.get("/profil/").content.decode()


def test_the_summary_runs_at_seven_and_the_deadlines_before_it():
    beat = settings.CELERY_BEAT_SCHEDULE
    sju = beat["dagleg_samandrag"]["schedule"]
    assert (sju.hour, sju.minute) == ({7}, {0})
    for jobb in ("fristar", "paaminningar"):
        s = beat[jobb]["schedule"]
        assert datetime.time(min(s.hour), min(s.minute)) < datetime.time(7, 0)
