"""«Over fristen» is about the date; «forseinka» is only the status a leader set. The pages
that flag a passed deadline say «over fristen», and a delayed status is never implied by it."""

import datetime

import pytest

from verksemdsplan.models import Oppdrag


@pytest.fixture
def to(org, oppdrag, fleire):
    """One oppdrag in progress whose deadline has passed, and one set delayed before its deadline."""
    ks = org["brukarar"]["kommunalsjef"]
    gammal = fleire(
        oppdrag.eining, ks, "Gammal frist", status=Oppdrag.Status.I_GANG, frist=datetime.date(2026, 11, 1)
    )
    seint = fleire(
        oppdrag.eining, ks, "Seint ute", status=Oppdrag.Status.FORSEINKA, frist=datetime.date(2026, 12, 20)
    )
    return gammal, seint


def _rad(html, tittel):
    """The table row that holds the title."""
    start = html.index(tittel)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_the_list_and_the_oppdrag_page_say_past_the_deadline(to, client_as):
    gammal, seint = to
    c = client_as("kommunalsjef")
    html = c.get("/oppdrag/?eigar=meg").content.decode()
    assert "over fristen" in _rad(html, "Gammal frist") and "forseinka" not in _rad(html, "Gammal frist")
    assert "over fristen" not in _rad(html, "Seint ute")
    assert "over fristen" in c.get(gammal.get_absolute_url()).content.decode()
    assert "over fristen" not in c.get(seint.get_absolute_url()).content.decode()


def test_the_filter_is_called_past_the_deadline(to, client_as):
    c = client_as("kommunalsjef")
    html = c.get("/oppdrag/").content.decode()
    assert 'name="over_fristen"' in html and "Over fristen" in html
    for param in ("over_fristen", "forseinka"):  # the old name still works in saved links
        html = c.get(f"/oppdrag/?eigar=meg&{param}=1").content.decode()
        assert "Gammal frist" in html and "Seint ute" not in html


def test_mi_side_lists_what_is_past_the_deadline_under_that_name(to, client_as):
    html = client_as("kommunalsjef").get("/mi-side/").content.decode()
    tabell = html[
        html.index("<caption>Over fristen") : html.index("</table>", html.index("<caption>Over fristen"))
    ]
    assert "Gammal frist" in tabell and "Seint ute" not in tabell  # the date, not the status
