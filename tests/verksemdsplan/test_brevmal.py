"""The guidance page /oppdragsbrev/mal/: who may open it, saving all themes at once,
conflicts per theme, and its change log."""

import pytest
from django.urls import reverse

from tests.hjelp import berre
from verksemdsplan.models import Brevmal, Tema

URL = "/oppdragsbrev/mal/"


def paa_engelsk(c):
    c.post(reverse("alver:spraak"), {"spraak": "en", "neste": "/"})
    return c


def skjema(c):
    """What the page's form would send back unchanged."""
    svar = c.get(URL)
    data = {}
    for r in svar.context["rader"]:
        pk = r["tema"].pk
        data[f"rettleiing_{pk}"] = r["rettleiing"]
        data[f"versjon_{pk}"] = r["versjon"]
        if r["paakravd"]:
            data[f"paakravd_{pk}"] = "on"
    return data


@pytest.fixture
def innleiing(db):
    tema = Tema.objects.get(kode="innleiing")
    Brevmal.objects.update_or_create(tema=tema, defaults={"rettleiing": "Kva er viktigast?"})
    return tema


def test_the_url_is_the_named_one():
    assert reverse("verksemdsplan:brevmal") == URL


@pytest.mark.parametrize(
    "rolle,status",
    [
        (r, s)
        for _u, r, s in berre(
            URL, {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200}, andre=403
        )
        if r != "politikar"
    ]
    + [("politikar", 404)],  # not an employee: the page is not there for them
)
def test_who_may_open_the_page(rolle, status, org, client_as):
    assert client_as(rolle).get(URL).status_code == status
    if status != 200 and rolle != "anonymous":
        assert client_as(rolle).post(URL, {}).status_code == status
    if status == 200:
        c = client_as(rolle)
        assert c.post(URL, skjema(c)).status_code == 302


def test_the_overview_links_to_it_only_for_those_who_may_open_it(org, client_as):
    assert URL in client_as("kommunalsjef").get(reverse("verksemdsplan:brev_oversikt")).content.decode()
    assert URL not in client_as("tenesteleiar").get(reverse("verksemdsplan:brev_oversikt")).content.decode()


def test_saving_changes_the_guidance_and_required_flags_and_keeps_a_history(org, innleiing, client_as):
    c = paa_engelsk(client_as("kommunalsjef"))
    data = skjema(c)
    strategiske = Tema.objects.get(kode="strategiske")
    data[f"rettleiing_{innleiing.pk}"] = "Kva er det viktigaste i år?\r\n\r\n- Tre ting"
    data[f"paakravd_{innleiing.pk}"] = "on"
    data[f"rettleiing_{strategiske.pk}"] = "Kva mål følgjer de opp?"  # a theme without a row yet
    assert c.post(URL, data).status_code == 302
    mal = Brevmal.objects.get(tema=innleiing)
    assert mal.rettleiing == "Kva er det viktigaste i år?\n\n- Tre ting" and mal.paakravd and mal.versjon == 2
    assert Brevmal.objects.get(tema=strategiske).rettleiing == "Kva mål følgjer de opp?"
    # themes left as they were get no new row and no new history
    assert not Brevmal.objects.filter(tema__kode="saerskilte").exists()
    assert mal.history.count() == 2 and mal.history.first().history_user == org["brukarar"]["kommunalsjef"]
    html = c.get(URL).content.decode()
    assert 'id="endringslogg"' in html and "Guidance changed" in html and "Ola Oppvekst" in html
    # saved again unchanged: no new version
    assert c.post(URL, skjema(c)).status_code == 302
    assert Brevmal.objects.get(tema=innleiing).versjon == 2


def test_a_concurrent_change_is_refused_with_the_other_persons_change_shown(org, innleiing, client_as):
    meg, annan = paa_engelsk(client_as("kommunalsjef")), client_as("kommunedirektor")
    mitt = skjema(meg)
    deira = skjema(annan)
    deira[f"rettleiing_{innleiing.pk}"] = "Deira rettleiing"
    assert annan.post(URL, deira).status_code == 302
    mitt[f"rettleiing_{innleiing.pk}"] = "Mi rettleiing"
    okonomi = Tema.objects.get(kode="okonomiske")
    mitt[f"rettleiing_{okonomi.pk}"] = "Også mi"
    svar = meg.post(URL, mitt)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Someone else saved the guidance for" in html and "Kari Direktør" in html
    assert "Mi rettleiing" in html  # what I wrote stays in the form
    # nothing was saved, not even the theme nobody else touched
    assert Brevmal.objects.get(tema=innleiing).rettleiing == "Deira rettleiing"
    assert not Brevmal.objects.filter(tema=okonomi).exists()
    # sending again is a deliberate choice: it now carries their version and keeps mine
    rad = next(r for r in svar.context["rader"] if r["tema"] == innleiing)
    mitt[f"versjon_{innleiing.pk}"] = rad["versjon"]
    assert meg.post(URL, mitt).status_code == 302
    assert Brevmal.objects.get(tema=innleiing).rettleiing == "Mi rettleiing"
    # a row made meanwhile for a theme the form had none for counts as a conflict too
    ny = skjema(meg)
    saerskilte = Tema.objects.get(kode="saerskilte")
    Brevmal.objects.create(tema=saerskilte, rettleiing="Nokon andre sin")
    ny[f"rettleiing_{saerskilte.pk}"] = "Min"
    assert meg.post(URL, ny).status_code == 200
    assert Brevmal.objects.get(tema=saerskilte).rettleiing == "Nokon andre sin"
