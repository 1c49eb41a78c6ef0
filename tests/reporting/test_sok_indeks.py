"""The big tables are searched on the very expression their GIN index is built on (migrations
named `*_sok`): a search whose fields drift from its index reads every row at Oslo scale (the
public oppdrag search took 195 ms that way, 16 ms by its index). Each index's migration names
the fields the search reads; on PostgreSQL the search's plan uses the index."""

import importlib

import pytest
from django.db import connection

from alver.lib import sok
from alver.models import User
from reporting import sok as sokjing
from reporting.models import Statusrapport
from verksemdsplan.models import Brevseksjon, Oppdrag

INDEKSAR = [
    (Oppdrag, sokjing.OPPDRAG_FELT, "verksemdsplan.migrations.0019_sok"),
    (Oppdrag, sokjing.OFFENTLEG_OPPDRAG_FELT, "verksemdsplan.migrations.0021_oppdrag_offentleg_sok"),
    (Statusrapport, sokjing.RAPPORT_FELT, "reporting.migrations.0011_sok"),
    (Brevseksjon, sokjing.BREV_FELT, "verksemdsplan.migrations.0020_brev_sok"),
    (User, sokjing.PERSON_FELT, "alver.migrations.0013_sok"),
]


@pytest.mark.parametrize("modell,felt,migrasjon", INDEKSAR, ids=[i[2].rsplit(".", 1)[1] for i in INDEKSAR])
def test_the_search_uses_its_index(db, modell, felt, migrasjon):
    m = importlib.import_module(migrasjon)
    assert felt == m.FELT  # the index is built on the fields the search reads
    indeks = m.NAMN
    qs = sok.treff(modell.objects.all(), felt, "skule")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SET LOCAL enable_seqscan = off")
            sql, param = qs.query.sql_with_params()
            c.execute("EXPLAIN " + sql, param)
            plan = "\n".join(r[0] for r in c.fetchall())
        assert indeks in plan, plan
