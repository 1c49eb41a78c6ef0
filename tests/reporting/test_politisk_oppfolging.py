"""Political follow-up: politicians see what became of their decisions (reporting's page, and a
column on the decision list) instead of the administration's oppdrag, which stay hidden."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Frekvens, Periode, Regel
from tests.hjelp import alle_les, tal_sporjingar
from tests.plans.conftest import lag_maal, lag_plan
from tests.verksemdsplan.conftest import registrer

URL = "/politisk-oppfolging/"


@pytest.fixture
def rapportert(org, oppdrag, periode):
    """The decision's oppdrag is political and was reported red in April («ventar på fylket»),
    and green in November."""
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.MAANAD, politisk=True)
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    april.open = True
    april.save()
    ks = org["brukarar"]["kommunalsjef"]
    services.rapporter(
        oppdrag, april, status="forseinka", lys="raud", kommentar="Ventar på fylket", framdrift=10, user=ks
    )
    services.rapporter(
        oppdrag, periode, status="i_rute", lys="gron", kommentar="Skulevegane er merka", framdrift=80, user=ks
    )
    return oppdrag


@pytest.mark.parametrize("url,rolle,status", alle_les(URL) + alle_les(URL + "?aar=tull&side=x&vedtak=-1"))
def test_access(url, rolle, status, rapportert, client_as):
    assert client_as(rolle).get(url).status_code == status


def test_a_politician_sees_who_answers_for_the_decision_and_only_released_reports(
    org, rapportert, client_as
):
    p = client_as("politikar")
    html = p.get(URL).content.decode()
    assert "PS 1/2026" in html and "Betre skulevegar" in html
    assert "Ola Oppvekst" in html and "Oppvekst" in html  # responsible unit and owner
    assert "1.12.2026" in html  # the deadline
    # nothing released yet: no light, no comment
    assert "Ventar på fylket" not in html and "Skulevegane er merka" not in html
    assert "ikkje rapportert" in html
    # no way to the oppdrag page, which politicians cannot open; the decision page they can
    assert rapportert.get_absolute_url() not in html
    assert reverse("budget:vedtak", args=[rapportert.kjelde_vedtak_id]) in html

    t1 = Periode.objects.get(aar=2026, type="tertial", nummer=1)
    services.frigje(t1, user=org["brukarar"]["kommunedirektor"])
    html = p.get(URL).content.decode()
    assert "Ventar på fylket" in html  # released: April's red report
    assert "Skulevegane er merka" not in html  # November is not released


def test_those_who_read_everything_see_the_latest_report_and_the_oppdrag(rapportert, client_as):
    html = client_as("kommunedirektor").get(URL).content.decode()
    assert "Skulevegane er merka" in html
    assert rapportert.get_absolute_url() in html


def test_one_decision_from_the_decision_list_and_another_year(org, rapportert, client_as):
    registrer(org, ("PS 2/2026", "Ny ballbinge", "helse", "vedtak"))
    p = client_as("politikar")
    alle = p.get(URL).content.decode()
    assert "Betre skulevegar" in alle and "Ny ballbinge" in alle
    eitt = p.get(f"{URL}?aar=2026&vedtak={rapportert.kjelde_vedtak_id}").content.decode()
    assert "Betre skulevegar" in eitt and "Ny ballbinge" not in eitt
    assert "Betre skulevegar" not in p.get(f"{URL}?aar=2025").content.decode()


def test_the_decision_list_gives_politicians_follow_up_and_employees_the_oppdrag(rapportert, client_as):
    politikar = client_as("politikar").get("/vedtak/").content.decode()
    oppfolging = f"{URL}?aar=2026&amp;vedtak={rapportert.kjelde_vedtak_id}"
    assert oppfolging in politikar and rapportert.get_absolute_url() not in politikar
    assert "Ola Oppvekst" not in politikar
    tilsett = client_as("medarbeidar").get("/vedtak/").content.decode()
    assert rapportert.get_absolute_url() in tilsett and URL + "?" not in tilsett
    assert "Ola Oppvekst" in tilsett


def test_the_goal_page_shows_oppdrag_to_employees_only(org, rapportert, client_as):
    plan = lag_plan(org["einingar"]["kommune"])
    maal = lag_maal(plan, "Trygge skulevegar")
    rapportert.maal.add(maal)
    url = maal.get_absolute_url()
    tilsett = client_as("medarbeidar").get(url).content.decode()
    assert rapportert.tittel in tilsett and "Ola Oppvekst" in tilsett
    politikar = client_as("politikar").get(url).content.decode()
    assert client_as("politikar").get(url).status_code == 200
    assert "Ola Oppvekst" not in politikar and rapportert.get_absolute_url() not in politikar


def test_the_page_keeps_its_query_count(org, rapportert, client_as):
    c = client_as("politikar")
    lite = tal_sporjingar(c, URL)
    registrer(org, *[(f"PS {n}/2026", f"Sak {n}", "helse", "vedtak") for n in range(10, 40)])
    assert tal_sporjingar(c, URL) == lite


def test_the_follow_up_column_links_only_to_what_the_follow_up_shows(org, rapportert, client_as):
    """A decision whose oppdrag is not of a political category (its rule says not to the
    politicians) gets no follow-up link: the page would have nothing on it."""
    mote = registrer(org, ("PS 3/2026", "Intern rutine", "helse", "tilleggsbestilling"))
    ikkje_politisk = mote.vedtak.get()
    html = client_as("politikar").get("/vedtak/").content.decode()
    assert f"vedtak={rapportert.kjelde_vedtak_id}" in html
    assert f"vedtak={ikkje_politisk.pk}" not in html
