import datetime

import pytest

from budget import services as budget_services
from budget.models import Organ, Sakstype
from reporting import services
from reporting.models import Frekvens, Periode
from verksemdsplan.models import Oppdrag


def sak(org, saksnummer, tittel, sektor="oppvekst", *, organ="Kommunestyret", dato=None, mote=None, **felt):
    """A political decision registered as the sekretariat does (one meeting per body and date,
    reused), and the oppdrag verksemdsplan made of it (None when the case gives no work)."""
    sekretar = org["brukarar"]["sekretariat"]
    if mote is None:
        mote = budget_services.finn_eller_lag_mote(
            organ=Organ.objects.get(namn=organ), dato=dato or datetime.date(2026, 2, 12), user=sekretar
        )
    felt.setdefault("sakstype", Sakstype.objects.get(namn="Politisk sak"))
    felt.setdefault("gir_oppdrag", True)
    (v,) = budget_services.legg_til_saker(
        mote,
        [
            {
                "saksnummer": saksnummer,
                "tittel": tittel,
                "tekst": f"Vedtak: {tittel}",
                "ansvarleg_sektor": org["einingar"][sektor],
                **felt,
            }
        ],
        user=sekretar,
    )
    return Oppdrag.objects.filter(kjelde_vedtak=v, kjelde_vedtakspunkt__isnull=True).first()


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
    """November 2026 (open by itself since 1 November), with the one oppdrag to report."""
    services.generer_periodar(2026)
    return Periode.objects.get(aar=2026, type=Frekvens.MAANAD, nummer=11)


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
