"""An oppdrag's change log costs the same number of queries however long it is (issue 18: it
grew by about four queries per entry, 26 → 92 after 30 edits)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alver.lib.historikk import endringslogg
from tests.plans.conftest import lag_maal, lag_plan
from verksemdsplan import services
from verksemdsplan.models import Oppdrag


def _endre(oppdrag, *, status, owner, maal):
    o = Oppdrag.objects.get(pk=oppdrag.pk)
    o.status, o.owner = status, owner
    services.endre(o, o.versjon, maal=maal)


def _rediger(oppdrag, n, maal, eigar):
    """n edits of status, owner and goals; the last one leaves the same state whatever n is
    (and changes the owner, the goals and the status, as the others do), so the page differs
    only in the length of its change log."""
    for i in range(n - 1):
        _endre(
            oppdrag,
            status=[Oppdrag.Status.IKKJE_STARTA, Oppdrag.Status.I_GANG][i % 2],
            owner=None if i % 3 == 0 else oppdrag.owner,
            maal=maal[: i % len(maal) + 1],
        )
    _endre(oppdrag, status=Oppdrag.Status.I_GANG, owner=eigar, maal=maal[:1])


def _sporjingar(c, url):
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return [re.sub(r"\d+", "N", q["sql"]) for q in ctx.captured_queries]


def test_the_oppdrag_page_costs_the_same_after_one_and_thirty_edits(org, oppdrag, client_as):
    plan = lag_plan(org["einingar"]["kommune"])
    maal = [lag_maal(plan, f"Mål {i}", rekkjefolgje=i) for i in range(3)]
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    _rediger(oppdrag, 1, maal, org["brukarar"]["kommunedirektor"])
    lite = _sporjingar(c, url)
    _rediger(oppdrag, 30, maal, org["brukarar"]["kommunedirektor"])
    mykje = _sporjingar(c, url)
    assert len(mykje) == len(lite), "\n".join(
        ["only after 1:", *sorted(set(lite) - set(mykje)), "only after 30:", *sorted(set(mykje) - set(lite))]
    )


def test_the_log_names_changed_goals_and_owners(org, oppdrag):
    plan = lag_plan(org["einingar"]["kommune"])
    maal = [lag_maal(plan, f"Mål {i}", rekkjefolgje=i) for i in range(2)]
    _endre(oppdrag, status=Oppdrag.Status.I_GANG, owner=None, maal=maal[:1])
    _endre(oppdrag, status=Oppdrag.Status.I_GANG, owner=oppdrag.owner, maal=maal)
    with translation.override("en"):
        logg = endringslogg(Oppdrag.objects.get(pk=oppdrag.pk).history)
        # one save makes two records: the fields, then the goals set after them
        felt = {str(e.felt): (e.gammal, e.ny) for post in logg[:2] for e in post.endringar}
    assert felt == {"goals": ("Mål 0", "Mål 0, Mål 1"), "owner": (None, oppdrag.owner)}, felt
