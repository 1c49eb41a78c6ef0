"""The oppdrag list's search finds an oppdrag by its source decision's case number too, however
the case number is written («PS 24/20» and «PS 024/2020» are one case)."""

import datetime

import pytest

from budget import services as budget_services
from budget.models import Organ, Sakstype
from verksemdsplan.models import Oppdrag

URL = "/oppdrag/"


def _sak(org, saksnummer, tittel, dato):
    """A decision registered as the sekretariat does, and the oppdrag verksemdsplan made of it."""
    mote, _ny = budget_services.registrer_mote(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=dato,
        user=org["brukarar"]["sekretariat"],
        saker=[
            {
                "saksnummer": saksnummer,
                "tittel": tittel,
                "sakstype": Sakstype.objects.get(namn="Politisk sak"),
                "ansvarleg_sektor": org["einingar"]["oppvekst"],
            }
        ],
    )
    return Oppdrag.objects.get(kjelde_vedtak__mote=mote)


@pytest.fixture
def saker(org):
    return [
        _sak(org, "PS 024/2020", "Betre skulevegar", datetime.date(2020, 3, 5)),
        _sak(org, "PS 45/2026", "Ny ballbinge", datetime.date(2026, 2, 12)),
        _sak(org, "RS 24/2021", "Referat", datetime.date(2021, 2, 12)),
    ]


@pytest.mark.parametrize(
    "q,funne",
    [
        ("PS 024/2020", ["Betre skulevegar"]),  # as written
        ("024/20", ["Betre skulevegar"]),  # part of it, as written
        ("PS 24/20", ["Betre skulevegar"]),  # the same case, written otherwise
        ("ps 24/2020", ["Betre skulevegar"]),
        ("24/2020", ["Betre skulevegar"]),  # no series: any series
        ("PS 2026/45", ["Ny ballbinge"]),  # year first
        ("ballbinge", ["Ny ballbinge"]),  # the title still
        ("PS 24/21", []),  # another series' case
        ("RS 24/21", ["Referat"]),
    ],
)
def test_the_search_matches_the_case_number(saker, client_as, q, funne):
    svar = client_as("kommunedirektor").get(URL, {"q": q})
    assert sorted(o.tittel for o in svar.context["side"]) == funne
