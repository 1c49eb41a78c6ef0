"""Notifications (`Varsel`, `services.varsle`): the row, the e-mail through the queue in the
recipient's language, sent once, a mail server or broker that is down, the pages where people
see them (only their own), and Mi side's query budget."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from alver import services, tasks
from alver.models import Varsel
from tests.factories import UserFactory
from tests.hjelp import tal_sporjingar

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Notify and run what is queued when the transaction commits (the mail task, eagerly)."""

    def _send(user, obj, url="/organisasjon/1000/", **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return services.varsle(user, kw.pop("kind", "brev_til_godkjenning"), obj, url, **kw)

    return _send


@pytest.fixture
def kommune(org):
    return org["einingar"]["kommune"]


@pytest.mark.parametrize(
    "spraak, tekst, helsing",
    [("nn", "Mi side", "Hei"), ("nb", "Min side", "Hei"), ("en", "My page", "Hello"), ("", "Mi side", "Hei")],
)
def test_a_notification_is_a_row_and_one_mail_in_the_recipients_language(
    org, kommune, send, spraak, tekst, helsing
):
    u = UserFactory(namn="Kari Mottakar", spraak=spraak)
    with translation.override("en"):  # the sender's language does not leak into the message
        v = send(u, kommune, tekst=lambda o: gettext("My page"))
    v.refresh_from_db()
    assert (v.mottakar, v.kind, v.tekst, v.url) == (u, "brev_til_godkjenning", tekst, "/organisasjon/1000/")
    assert v.objekt == kommune and v.lest_at is None and v.epost_sendt_at is not None
    assert len(mail.outbox) == 1
    m = mail.outbox[0]
    assert m.to == [u.email] and m.subject == tekst
    assert f"{settings.ALVER_URL}/organisasjon/1000/" in m.body
    assert m.body.startswith(f"{helsing} Kari,")
    assert v.history.count() == 1


def test_the_message_of_a_kind_names_the_object(org, kommune, send):
    u = UserFactory(spraak="en")
    v = send(u, kommune)
    assert v.tekst == "Testvik kommune is waiting for your approval."
    assert mail.outbox[0].subject == v.tekst


def test_a_link_outside_alver_or_an_unknown_kind_is_a_programming_error(org, kommune):
    u = org["brukarar"]["medarbeidar"]
    for url in ("https://elsewhere.example/", "//elsewhere.example/", "organisasjon/"):
        with pytest.raises(ValueError):
            services.varsle(u, "brev_til_godkjenning", kommune, url)
    with pytest.raises(ValueError, match="KINDS"):
        services.varsle(u, "ukjend", kommune, "/")
    assert not Varsel.objects.exists()


def test_an_inactive_user_or_one_without_an_address_gets_the_row_but_no_mail(org, kommune, send):
    inaktiv = UserFactory(is_active=False)
    utan = UserFactory(email="")
    for u in (inaktiv, utan):
        v = send(u, kommune)
        assert Varsel.objects.filter(pk=v.pk, mottakar=u, epost_sendt_at__isnull=True).exists()
        assert tasks.send_varsel.delay(v.pk).get() is False  # the task itself also refuses
    assert mail.outbox == []


def test_running_the_task_twice_sends_one_mail(org, kommune, send):
    v = send(org["brukarar"]["medarbeidar"], kommune)
    assert len(mail.outbox) == 1
    assert tasks.send_varsel.delay(v.pk).get() is False
    assert tasks.send_ventande_varsel.delay().get() == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_does_not_fail_the_caller_and_the_mail_goes_later(
    org, kommune, send, settings, caplog
):
    # a real SMTP connection to a port nobody listens on
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5
    u = org["brukarar"]["medarbeidar"]
    v = send(u, kommune)  # does not raise
    v.refresh_from_db()
    assert v.epost_sendt_at is None
    assert "Could not e-mail notification" in caplog.text
    settings.EMAIL_BACKEND = LOCMEM  # the server is back
    # too fresh for the job (its own task is still on it) ...
    assert tasks.send_ventande_varsel.delay().get() == 0
    # ... ten minutes on, the job sends it once
    Varsel.objects.filter(pk=v.pk).update(created_at=v.created_at - datetime.timedelta(minutes=10))
    assert tasks.send_ventande_varsel.delay().get() == 1
    assert tasks.send_ventande_varsel.delay().get() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [u.email]
    v.refresh_from_db()
    assert v.epost_sendt_at is not None


def test_the_periodic_job_gives_up_on_mails_older_than_a_day(org, kommune, send, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    v = send(org["brukarar"]["medarbeidar"], kommune)
    assert tasks.send_ventande_varsel.delay().get() == 0  # still down: stops, raises nothing
    settings.EMAIL_BACKEND = LOCMEM
    Varsel.objects.filter(pk=v.pk).update(created_at=v.created_at - datetime.timedelta(days=2))
    assert tasks.send_ventande_varsel.delay().get() == 0
    assert mail.outbox == []


def test_a_broker_that_is_down_does_not_fail_the_caller(org, kommune, brokar_nede, send):
    v = send(org["brukarar"]["medarbeidar"], kommune)
    assert Varsel.objects.filter(pk=v.pk, epost_sendt_at__isnull=True).exists()
    assert mail.outbox == []


# --- the pages ------------------------------------------------------------------------------


def test_the_list_shows_my_notifications_only(org, kommune, send, client_as):
    eigen = send(org["brukarar"]["medarbeidar"], kommune, url="/organisasjon/2101/")
    annan = send(org["brukarar"]["kommunalsjef"], kommune, url="/organisasjon/3000/")
    svar = client_as("medarbeidar").get(reverse("alver:varsel"))
    assert svar.status_code == 200
    innhald = svar.content.decode()
    assert 'href="/organisasjon/2101/"' in innhald and 'href="/organisasjon/3000/"' not in innhald
    assert reverse("alver:varsel_opne", args=[eigen.pk]) in innhald
    assert reverse("alver:varsel_opne", args=[annan.pk]) not in innhald
    assert client_as("anonymous").get(reverse("alver:varsel")).status_code == 302


def test_opening_marks_read_and_goes_to_the_thing_only_for_my_own(org, kommune, send, client_as):
    eigen = send(org["brukarar"]["medarbeidar"], kommune, url="/organisasjon/2101/")
    annan = send(org["brukarar"]["kommunalsjef"], kommune)
    c = client_as("medarbeidar")
    url = reverse("alver:varsel_opne", args=[eigen.pk])
    assert c.get(url).status_code == 405
    assert client_as("anonymous").post(url)["Location"].startswith(reverse("alver:login"))
    svar = c.post(url)
    assert (svar.status_code, svar["Location"]) == (302, "/organisasjon/2101/")
    eigen.refresh_from_db()
    assert eigen.lest_at is not None
    assert eigen.history.count() == 1  # reading is bookkeeping, not a change to the record
    assert c.post(reverse("alver:varsel_opne", args=[annan.pk])).status_code == 404
    assert c.post(reverse("alver:varsel_opne", args=[9999])).status_code == 404
    annan.refresh_from_db()
    assert annan.lest_at is None


def test_mark_all_read_marks_mine_and_returns_within_alver(org, kommune, send, client_as):
    for _ in range(3):
        send(org["brukarar"]["medarbeidar"], kommune)
    annan = send(org["brukarar"]["kommunalsjef"], kommune)
    c = client_as("medarbeidar")
    url = reverse("alver:varsel_alle_lest")
    assert c.get(url).status_code == 405
    assert client_as("anonymous").post(url).status_code == 302
    assert Varsel.objects.filter(lest_at__isnull=True).count() == 4
    svar = c.post(url, {"neste": "https://elsewhere.example/"})
    assert svar["Location"] == reverse("alver:varsel")
    assert list(Varsel.objects.filter(lest_at__isnull=True)) == [annan]
    assert c.post(url, {"neste": "/mi-side/"})["Location"] == "/mi-side/"


@pytest.mark.parametrize("rolle", ["medarbeidar", "kommunalsjef", "politikar"])
def test_mi_side_shows_the_unread_with_their_count_and_a_fixed_query_cost(org, kommune, client_as, rolle):
    u = org["brukarar"][rolle]
    c = client_as(rolle)
    services.varsle(u, "brev_til_godkjenning", kommune, "/den-fyrste/")
    faa = tal_sporjingar(c, "/mi-side/")
    for i in range(29):
        services.varsle(u, "brev_til_godkjenning", kommune, f"/varsla/{i}/")
    assert tal_sporjingar(c, "/mi-side/") == faa
    innhald = c.get("/mi-side/").content.decode()
    assert re.search(r'id="varsel-uleste">\s*30\b', innhald)
    # the header's count is the list's own: the same number, and not counted a second time
    assert re.search(r'class="teljar" aria-hidden="true">30<', innhald)
    with CaptureQueriesContext(connection) as ctx:
        c.get("/mi-side/")
    assert sum('"alver_varsel"' in q["sql"] and "COUNT(" in q["sql"] for q in ctx.captured_queries) <= 1
    assert innhald.count('action="/varsel/') == 5 + 1  # five to open, and «mark all as read»
    assert 'href="/varsla/28/"' in innhald and 'href="/varsla/24/"' in innhald  # the newest five
    assert 'href="/varsla/23/"' not in innhald and 'href="/den-fyrste/"' not in innhald
    assert 'href="/varsel/"' in innhald


def test_mi_side_without_unread_notifications_links_to_all(org, client_as):
    innhald = client_as("medarbeidar").get("/mi-side/").content.decode()
    assert 'id="varsel-uleste"' not in innhald and 'href="/varsel/"' in innhald


def test_under_a_broker_a_mail_error_asks_celery_to_try_again_a_few_times(org, kommune, send, settings):
    """In a worker (not eager) the task retries with a growing delay, and gives up quietly after
    the last try (the beat job still has a day to send it)."""
    from celery.exceptions import Retry

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    v = send(org["brukarar"]["medarbeidar"], kommune)
    oppgave = tasks.send_varsel
    for forsok, ventetid in ((0, 60), (3, 480)):
        oppgave.push_request(
            id="t", args=[v.pk], kwargs={}, called_directly=False, is_eager=False, retries=forsok
        )
        try:
            with pytest.raises(Retry) as retry:
                oppgave.run(v.pk)
            assert retry.value.when == ventetid
        finally:
            oppgave.pop_request()
    oppgave.push_request(
        id="t", args=[v.pk], kwargs={}, called_directly=False, is_eager=False, retries=oppgave.max_retries
    )
    try:
        assert oppgave.run(v.pk) is False
    finally:
        oppgave.pop_request()
    assert not Varsel.objects.get(pk=v.pk).epost_sendt_at
