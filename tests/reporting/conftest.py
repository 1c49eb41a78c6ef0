import pytest

from reporting import services
from reporting.models import Frekvens, Periode
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401  (the same one decision made into an oppdrag)
from verksemdsplan.models import Oppdrag


@pytest.fixture
def periode(org, oppdrag):  # noqa: F811
    """November 2026, open, with the one oppdrag to report."""
    services.generer_periodar(2026)
    p = Periode.objects.get(aar=2026, type=Frekvens.MAANAD, nummer=11)
    p.open = True
    p.save()
    return p


@pytest.fixture
def fleire(oppdrag):  # noqa: F811
    """Makes more oppdrag like the fixture's one: fleire(unit, owner, title)."""

    def lag(eining, owner, tittel, **kw):
        return Oppdrag.objects.create(
            verksemdsplan=oppdrag.verksemdsplan,
            aar=2026,
            tittel=tittel,
            kategori=kw.pop("kategori", oppdrag.kategori),
            eining=eining,
            owner=owner,
            **kw,
        )

    return lag
