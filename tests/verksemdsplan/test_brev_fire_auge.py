"""Four eyes on the oppdragsbrev: a letter is approved by someone other than its last editor
(the top letter by an approver its writer names, or the leadership group on a recorded day),
and the approver is told, in the app and by e-mail with a link."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alver.models import Varsel
from verksemdsplan import brev as tenester
from verksemdsplan.models import Oppdragsbrev


def url(namn, kode="1000", aar=2026, **kw):
    return reverse(f"verksemdsplan:{namn}", kwargs={"aar": aar, "kode": kode, **kw})


@pytest.fixture
def toppbrev(org):
    return tenester.lag_brev(org["einingar"]["kommune"], 2026, user=org["brukarar"]["kommunedirektor"])


def helse_leiar(org):
    return org["einingar"]["helse"].leiar


def test_the_chief_executive_names_an_approver_who_is_notified_and_she_cannot_approve_her_own(
    org, toppbrev, client_as, django_capture_on_commit_callbacks
):
    direktor = client_as("kommunedirektor")
    # sending the top letter without naming an approver is refused, and changes nothing
    svar = direktor.post(url("brev_steg", steg="send"), follow=True)
    assert "Vel kven som godkjenner brevet" in svar.content.decode()
    assert Oppdragsbrev.objects.get(pk=toppbrev.pk).status == "utkast"
    # someone who is no leader cannot be named
    svar = direktor.post(
        url("brev_steg", steg="send"), {"godkjennar": org["brukarar"]["medarbeidar"].pk}, follow=True
    )
    assert Oppdragsbrev.objects.get(pk=toppbrev.pk).status == "utkast"
    ingrid = helse_leiar(org)
    with django_capture_on_commit_callbacks(execute=True):
        assert direktor.post(url("brev_steg", steg="send"), {"godkjennar": ingrid.pk}).status_code == 302
    b = Oppdragsbrev.objects.get(pk=toppbrev.pk)
    assert (b.status, b.godkjenning, b.godkjennar) == ("til_godkjenning", "person", ingrid)
    # the approver is told in the app and by e-mail with a link to the letter
    varsel = Varsel.objects.get(mottakar=ingrid)
    assert varsel.url == b.get_absolute_url() and varsel.lest_at is None
    (epost,) = [m for m in mail.outbox if ingrid.email in m.to]
    assert "/oppdragsbrev/2026/1000/" in epost.body
    # the writer may not approve her own letter, nor may anyone else but the named approver
    assert direktor.post(url("brev_steg", steg="godkjenn")).status_code == 403
    assert client_as("administrator").post(url("brev_steg", steg="godkjenn")).status_code == 403
    # and the page offers her no approve button (the approver's page does)
    assert url("brev_steg", steg="godkjenn") not in direktor.get(url("brev")).content.decode()
    c = Client()
    c.force_login(ingrid)
    assert url("brev_steg", steg="godkjenn") in c.get(url("brev")).content.decode()
    assert c.post(url("brev_steg", steg="godkjenn")).status_code == 302
    b.refresh_from_db()
    assert (b.status, b.godkjent_av) == ("godkjent", ingrid) and b.godkjent_at is not None
    varsel.refresh_from_db()
    assert varsel.lest_at is not None  # done: no longer waiting on her Mi side
    # approval told back to the writer; then she publishes
    godkjent = Varsel.objects.get(mottakar=org["brukarar"]["kommunedirektor"], kind="brev_godkjent")
    assert godkjent.lest_at is None
    assert direktor.post(url("brev_steg", steg="publiser")).status_code == 302
    godkjent.refresh_from_db()
    assert godkjent.lest_at is not None  # published: nothing left to do
    b.refresh_from_db()
    assert b.status == "publisert"
    versjon = b.versjonar.get()
    assert versjon.innhald["godkjent"].startswith("Godkjend av Ingrid Helse")
    assert versjon.innhald["signatur"]["namn"] == "Kari Direktør"


def test_the_last_editor_of_a_unit_letter_cannot_approve_it_and_is_told_why(org, toppbrev, client_as):
    oppvekst = tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=org["brukarar"]["kommunalsjef"])
    # the kommunedirektør changed the text last
    s = oppvekst.seksjonar.first()
    tenester.lagre_tekst(
        oppvekst,
        oppvekst.versjon,
        {s.pk: ("Ny tekst", False)},
        offentleg=False,
        user=org["brukarar"]["kommunedirektor"],
    )
    assert client_as("kommunalsjef").post(url("brev_steg", kode="2000", steg="send")).status_code == 302
    direktor = client_as("kommunedirektor")
    assert direktor.post(url("brev_steg", kode="2000", steg="godkjenn")).status_code == 403
    assert "Du endra brevet sist" in direktor.get(url("brev", kode="2000")).content.decode()
    # nobody is told to approve what they cannot approve
    assert not Varsel.objects.filter(mottakar=org["brukarar"]["kommunedirektor"]).exists()
    # another who approves the unit's letters may
    assert client_as("administrator").post(url("brev_steg", kode="2000", steg="godkjenn")).status_code == 302
    assert Oppdragsbrev.objects.get(pk=oppvekst.pk).status == "godkjent"


def test_a_unit_letter_is_approved_by_the_leader_above_who_is_notified(
    org, toppbrev, client_as, django_capture_on_commit_callbacks
):
    tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=org["brukarar"]["kommunalsjef"])
    leiar = client_as("tenesteleiar")
    leiar.post(url("brev_ny", kode="2100"))
    with django_capture_on_commit_callbacks(execute=True):
        assert leiar.post(url("brev_steg", kode="2100", steg="send")).status_code == 302
    sjef = org["brukarar"]["kommunalsjef"]
    assert Varsel.objects.filter(mottakar=sjef, kind="brev_til_godkjenning").count() == 1
    assert any(sjef.email in m.to for m in mail.outbox)
    assert leiar.post(url("brev_steg", kode="2100", steg="godkjenn")).status_code == 403
    assert client_as("kommunalsjef").post(url("brev_steg", kode="2100", steg="godkjenn")).status_code == 302
    # back to draft clears the approval, so a changed text is approved again
    assert leiar.post(url("brev_steg", kode="2100", steg="tilbake")).status_code == 302
    b = Oppdragsbrev.objects.get(eining__kode="2100")
    assert (b.status, b.godkjent_av, b.godkjent_at) == ("utkast", None, None)


def test_the_leadership_group_approves_on_a_recorded_day(org, toppbrev, client_as):
    direktor = client_as("kommunedirektor")
    assert direktor.post(url("brev_steg", steg="send"), {"godkjennar": "leiargruppa"}).status_code == 302
    page = direktor.get(url("brev")).content.decode()
    assert "leiargruppa" in page and 'type="date"' in page
    # the day is needed and cannot be in the future
    direktor.post(url("brev_steg", steg="godkjenn"), {"dato": ""})
    direktor.post(url("brev_steg", steg="godkjenn"), {"dato": "2026-12-24"})
    assert Oppdragsbrev.objects.get(pk=toppbrev.pk).status == "til_godkjenning"
    assert direktor.post(url("brev_steg", steg="godkjenn"), {"dato": "2026-11-24"}).status_code == 302
    b = Oppdragsbrev.objects.get(pk=toppbrev.pk)
    assert (b.status, b.godkjent_dato) == ("godkjent", datetime.date(2026, 11, 24))
    assert tenester.godkjent_linje(b) == "Godkjend i leiargruppa 24.11.2026"
    # an editor who does not approve the kommune's letter may not record it
    assert client_as("kommunalsjef").post(url("brev_steg", steg="tilbake")).status_code == 302
    assert direktor.post(url("brev_steg", steg="send"), {"godkjennar": "leiargruppa"}).status_code == 302
    assert (
        client_as("kommunalsjef").post(url("brev_steg", steg="godkjenn"), {"dato": "2026-11-24"}).status_code
        == 403
    )


def test_an_approver_replaced_while_her_page_was_open_cannot_approve(org, toppbrev):
    direktor, ingrid, ola = (
        org["brukarar"]["kommunedirektor"],
        helse_leiar(org),
        org["brukarar"]["kommunalsjef"],
    )
    tenester.steg(toppbrev, "send", user=direktor, godkjennar=ingrid)
    tenester.steg(toppbrev, "tilbake", user=direktor)
    tenester.steg(toppbrev, "send", user=direktor, godkjennar=ola)
    with pytest.raises(tenester.Brevfeil):
        tenester.steg(toppbrev, "godkjenn", user=ingrid)
    assert Oppdragsbrev.objects.get(pk=toppbrev.pk).status == "til_godkjenning"
    tenester.steg(toppbrev, "godkjenn", user=ola)
    assert Oppdragsbrev.objects.get(pk=toppbrev.pk).godkjent_av == ola
