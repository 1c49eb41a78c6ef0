import datetime

import pytest

from budget import services as budget_services
from budget.models import Organ
from verksemdsplan.models import Oppdrag


def registrer(org, *saker, user=None):
    """A meeting in kommunestyret with the given cases: (case number, title, sector key, kind)."""
    mote, _ny = budget_services.registrer_mote(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=datetime.date(2026, 2, 12),
        user=user or org["brukarar"]["sekretariat"],
        saker=[
            {
                "saksnummer": nr,
                "tittel": tittel,
                "tekst": f"Vedtak: {tittel}",
                "type": kind,
                "ansvarleg_sektor": org["einingar"][sektor],
            }
            for nr, tittel, sektor, kind in saker
        ],
    )
    return mote


@pytest.fixture
def oppdrag(org, django_capture_on_commit_callbacks):
    """One decision for Oppvekst, made into an oppdrag owned by its kommunalsjef."""
    with django_capture_on_commit_callbacks(execute=True):
        mote = registrer(org, ("PS 1/2026", "Betre skulevegar", "oppvekst", "vedtak"))
    o = Oppdrag.objects.get(kjelde_vedtak=mote.vedtak.get())
    o.frist = datetime.date(2026, 12, 1)
    o.save()
    return o
