"""Finding a unit where a kommune has too many for one dropdown: the oppdrag list and the
operational plans' start page offer the kommune, its sectors and the reader's own units in a
select whose length does not grow with the organisation, and find any other unit by name or
code (with the units below it)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EiningFactory
from verksemdsplan import services
from verksemdsplan.models import Oppdrag


def _valg(html, felt):
    select = re.search(rf'<select[^>]*id="{felt}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.fixture
def skular(org, oppdrag):
    """An oppdrag in Knarvik skule and one in Oppvekst; 30 more schools below Skule."""
    e = org["einingar"]
    for i in range(30):
        EiningFactory(parent=e["skule"], namn=f"Skule nr. {i}", kode=f"29{i:02d}", type="eining")
    o = Oppdrag.objects.get(pk=oppdrag.pk)
    barn = Oppdrag.objects.create(
        tittel="Leselyst i Knarvik",
        eining=e["knarvik"],
        verksemdsplan=services.verksemdsplan_for(e["knarvik"], o.aar),
        aar=o.aar,
        kategori=o.kategori,
        parent=o,
    )
    return o, barn


def test_the_unit_select_does_not_grow_with_the_organisation(org, oppdrag, client_as):
    c = client_as("kommunedirektor")

    def maal():
        with CaptureQueriesContext(connection) as ctx:
            html = c.get("/oppdrag/").content.decode()
        return _valg(html, "f-eining"), len(ctx)

    valg, spoerjingar = maal()
    for i in range(40):
        EiningFactory(
            parent=org["einingar"]["skule"], namn=f"Skule nr. {i}", kode=f"29{i:02d}", type="eining"
        )
    assert maal() == (valg, spoerjingar)
    # the kommune and its sectors, and nothing deeper
    assert valg == ["", "1000", "2000", "3000"]


def test_the_readers_own_units_and_the_chosen_one_are_offered(org, oppdrag, client_as):
    html = client_as("tenesteleiar").get("/oppdrag/", {"eining": "2101"}).content.decode()
    valg = _valg(html, "f-eining")
    assert "2100" in valg  # the unit the reader leads
    assert "2101" in valg and '<option value="2101" selected>' in html  # chosen by a link


def test_a_unit_is_found_by_name_or_code_with_the_units_below_it(org, skular, client_as):
    o, barn = skular
    c = client_as("kommunedirektor")
    svar = c.get("/oppdrag/", {"einingsok": "knarvik"})
    assert [x.tittel for x in svar.context["side"]] == ["Leselyst i Knarvik"]
    assert "1 eining passar «knarvik»" in svar.content.decode()
    # by code, and a unit higher up takes in the units below it
    svar = c.get("/oppdrag/", {"einingsok": "2000"})
    assert sorted(x.tittel for x in svar.context["side"]) == sorted([o.tittel, barn.tittel])
    # many matches: all filtered on, the first named
    svar = c.get("/oppdrag/", {"einingsok": "skule"})
    html = svar.content.decode()
    assert "32 einingar passar «skule»" in html and " …" in html
    assert [x.tittel for x in svar.context["side"]] == ["Leselyst i Knarvik"]
    svar = c.get("/oppdrag/", {"einingsok": "finst ikkje"})
    assert list(svar.context["side"]) == [] and "Inga eining passar «finst ikkje»." in svar.content.decode()


def test_the_unit_search_keeps_its_query_count_however_many_units_match(org, skular, client_as):
    c = client_as("kommunedirektor")

    def tel(tekst):
        with CaptureQueriesContext(connection) as ctx:
            c.get("/oppdrag/", {"einingsok": tekst})
        return len(ctx)

    assert tel("knarvik") == tel("skule")


def test_the_plans_page_goes_straight_to_the_one_unit_found_or_lists_them(org, skular, client_as):
    c = client_as("medarbeidar")
    svar = c.get("/verksemdsplan/", {"einingsok": "Knarvik", "aar": "2026"})
    assert svar.status_code == 302 and svar["Location"] == "/verksemdsplan/2026/2101/"
    html = c.get("/verksemdsplan/", {"einingsok": "skule", "aar": "2026"}).content.decode()
    assert "32 einingar passar «skule»:" in html
    assert html.count('href="/verksemdsplan/2026/29') == 20 - 2  # the first 20 in tree order
    assert "Dei første 20 er viste" in html
    assert "Inga eining passar «zz»." in c.get("/verksemdsplan/", {"einingsok": "zz"}).content.decode()
