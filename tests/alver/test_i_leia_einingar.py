"""The filter for rows in the units a user leads (and below): a leader gets their subtree's rows,
and someone who leads nothing gets none without a query to find no units (every Mi side of the
kommune's thousands of employees asked it)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alver.permissions import i_leia_einingar, leia
from verksemdsplan import services
from verksemdsplan.models import Kategori, Oppdrag


def _oppdrag(org, eining, tittel):
    return services.lag_oppdrag(
        eining=org["einingar"][eining],
        aar=2026,
        user=org["brukarar"]["kommunedirektor"],
        tittel=tittel,
        kategori=Kategori.objects.get(kode="administrativt"),
    )


def test_a_leader_gets_the_rows_of_their_units_and_those_below(org):
    i_skule = _oppdrag(org, "knarvik", "I skulen")
    _oppdrag(org, "sjukeheim", "I helse")
    leiar = org["brukarar"]["tenesteleiar"]  # leads Skule, above Knarvik skule
    assert list(Oppdrag.objects.filter(i_leia_einingar(leiar, "eining"))) == [i_skule]


def test_someone_who_leads_nothing_gets_no_rows_and_asks_no_query(org):
    _oppdrag(org, "knarvik", "I skulen")
    medarbeidar = org["brukarar"]["medarbeidar"]
    leia(medarbeidar)  # the units they lead are read once per request (the roles need them)
    with CaptureQueriesContext(connection) as fanga:
        rader = list(Oppdrag.objects.filter(i_leia_einingar(medarbeidar, "eining")))
    assert rader == [] and len(fanga) == 0
