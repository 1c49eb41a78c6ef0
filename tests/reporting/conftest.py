import datetime

import pytest

from budget.models import Mote, Organ, Sakstype, Vedtak
from budget.saksnummer import nokkel
from reporting import services
from reporting.models import Frekvens, Periode
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Oppdrag


def sak(org, saksnummer, tittel, sektor="oppvekst", *, organ="Kommunestyret", dato=None, mote=None, **felt):
    """A political decision and its oppdrag, made with the model APIs (and verksemdsplan's
    propagation), not through budget.services.registrer_mote, whose signature is changing:
    one meeting per body and date, reused. Returns the oppdrag."""
    if mote is None:
        organ = Organ.objects.get(namn=organ)
        mote, _ny = Mote.objects.get_or_create(
            organ=organ,
            dato=dato or datetime.date(2026, 2, 12),
            nummer="",
            defaults={"created_by": org["brukarar"]["sekretariat"]},
        )
    felt.setdefault("sakstype", Sakstype.objects.get(namn="Politisk sak"))
    v = Vedtak.objects.create(
        mote=mote,
        organ=mote.organ,
        saksnummer=saksnummer,
        saksnokkel=nokkel(saksnummer, mote.dato.year),
        tittel=tittel,
        tekst=f"Vedtak: {tittel}",
        ansvarleg_sektor=org["einingar"][sektor],
        **felt,
    )
    return oppdragstenester.lag_oppdrag_fra_vedtak(v)


@pytest.fixture
def oppdrag(org, django_capture_on_commit_callbacks):
    """One decision for Oppvekst (PS 1/2026 in Kommunestyret 12.2.2026), made into an oppdrag
    owned by its kommunalsjef, deadline 1.12.2026."""
    with django_capture_on_commit_callbacks(execute=True):
        o = sak(org, "PS 1/2026", "Betre skulevegar")
    o.frist = datetime.date(2026, 12, 1)
    o.save()
    return o


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
