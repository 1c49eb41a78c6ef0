"""The sekretariat's «Decisions due for a report» on Mi side: the decisions whose deadline has
passed or comes within 30 days, with their case numbers; kept until the next change to the
domain (it reads the kommune's political oppdrag), so a changed deadline shows on the next view."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alver.lib import mellomlager
from reporting.models import Frekvens, Regel
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401


def _blokk(c):
    html = c.get("/mi-side/").content.decode()
    if 'id="oppfolging-med-frist"' not in html:
        return ""
    start = html.index('id="oppfolging-med-frist"')
    return html[start : html.index("</section>", start)]


def _les_oppfolginga(c):
    """How many of the view's queries read the political categories (the rule's flag), which
    the political oppdrag are read by."""
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/mi-side/").status_code == 200
    return sum('"politisk"' in q["sql"] for q in ctx.captured_queries)


def test_the_decisions_due_are_kept_until_the_next_change(org, oppdrag, client_as):  # noqa: F811
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.TERTIAL, politisk=True)
    c = client_as("sekretariat")
    blokk = _blokk(c)  # the oppdrag's deadline is 1.12.2026, the day after the reference day
    assert "PS 1/2026" in blokk and "1.12.2026" in blokk and "over fristen" not in blokk
    mellomlager.ny_generasjon()
    assert _les_oppfolginga(c) == 1  # for the counts and the first rows
    assert _les_oppfolginga(c) == 0  # kept: not read again
    oppdrag.frist = datetime.date(2026, 11, 20)
    oppdrag.save()
    blokk = _blokk(c)
    assert "20.11.2026" in blokk and "1 over fristen" in blokk
    oppdrag.frist = datetime.date(2027, 6, 1)
    oppdrag.save()
    assert "PS 1/2026" not in _blokk(c)
