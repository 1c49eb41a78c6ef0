"""A leader's lists over the units they lead on Mi side (what went two periods without a report,
what lacks a goal link, the red and yellow reports): read once and kept until the next change to
the domain, so a change shows on the next view and a view between changes does not read the
sector's oppdrag again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alver.lib import mellomlager
from tests.hjelp import tal_sporjingar
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401
from verksemdsplan.models import Oppdrag
from verksemdsplan.services import verksemdsplan_for


def _etter_endring(c):
    """The queries of one view of Mi side made after a change to the domain."""
    mellomlager.ny_generasjon()
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/mi-side/").status_code == 200
    return len(ctx)


def test_a_leaders_lists_are_kept_until_the_next_change(org, oppdrag, client_as):  # noqa: F811
    c = client_as("kommunalsjef")
    # the lists over the units (and the årshjul's shared dates) are read after a change only
    assert tal_sporjingar(c, "/mi-side/") <= _etter_endring(c) - 3
    assert "Nytt tilbod utan mål" not in c.get("/mi-side/").content.decode()
    skule = org["einingar"]["skule"]
    Oppdrag.objects.create(
        verksemdsplan=verksemdsplan_for(skule, 2026), aar=2026, tittel="Nytt tilbod utan mål",
        kategori=oppdrag.kategori, eining=skule, owner=org["brukarar"]["tenesteleiar"],
    )  # fmt: skip
    html = c.get("/mi-side/").content.decode()
    utan_kopling = html[html.index("Manglar kopling til mål i einingane dine") :].split("</table>", 1)[0]
    assert "Nytt tilbod utan mål" in utan_kopling


def test_another_leader_is_not_given_the_lists_kept_for_one(org, oppdrag, client_as):  # noqa: F811
    skule = org["einingar"]["skule"]
    Oppdrag.objects.create(
        verksemdsplan=verksemdsplan_for(skule, 2026), aar=2026, tittel="Nytt tilbod utan mål",
        kategori=oppdrag.kategori, eining=skule, owner=org["brukarar"]["medarbeidar"],
    )  # fmt: skip
    assert "Nytt tilbod utan mål" in client_as("kommunalsjef").get("/mi-side/").content.decode()
    # the tenesteleiar leads the unit too, but the goal-link list is the kommunalsjef's role's
    assert "Nytt tilbod utan mål" not in client_as("tenesteleiar").get("/mi-side/").content.decode()
