"""The year's published checklist and its points are read by every leader's Mi side and every
verksemdsplan page, so they are kept until the next change to the domain (`plikt.publisert`):
a second view reads them not again, and a point HR adds shows on the next view."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alver.lib import mellomlager
from checklists import services
from checklists.models import Frekvens, Gjeld, Sjekktype


def _les_punkta(c, url):
    """How many of the view's queries read the checklist's points."""
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return sum('FROM "checklists_sjekkpunkt"' in q["sql"] for q in ctx.captured_queries)


def _forfalne(c):
    html = c.get("/verksemdsplan/2026/2100/").content.decode()
    return int(re.search(r"(\d+) av (\d+)", html[html.index('id="sjekkliste"') :]).group(2))


def _aa_svare(c):
    html = c.get("/mi-side/").content.decode()
    return int(re.search(r"(\d+) punkt å svare på", html).group(1))


def test_the_points_are_kept_until_the_next_change(client_as, sjekkliste, org):
    c = client_as("tenesteleiar")
    c.get("/mi-side/")  # the first Mi side makes the year's reporting periods: a change
    mellomlager.ny_generasjon()
    assert _les_punkta(c, "/verksemdsplan/2026/2100/") == 1
    assert _les_punkta(c, "/verksemdsplan/2026/2100/") == 0  # kept: not read again
    assert _les_punkta(c, "/mi-side/") == 0  # the same points serve Mi side
    forfalne, aa_svare = _forfalne(c), _aa_svare(c)

    hr = org["brukarar"]["hr"]
    services.lag_punkt(
        Sjekktype.objects.get(namn="HMS"),
        user=hr,
        sporsmaal="Er brannøvinga gjennomført?",
        frekvens=Frekvens.MAANAD,
        gjeld=Gjeld.ALLE,
    )
    # the new monthly point is due this month: both pages count it on the next view
    assert _forfalne(c) == forfalne + 1
    assert _aa_svare(c) == aa_svare + 1
