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


@pytest.fixture
def indikatorar(org):
    """Two indicators on a goal of an adopted plan, with the periods of 2026:
    - «trivsel»: per cent, 1 decimal, 0–100, higher is better, every tertial, owned by Skule;
      plan target 85 (2026), the adopted økonomiplan's 88 for Oppvekst, Knarvik skule's own 90
      (followed up by the medarbeidar).
    - «ventetid»: days, no decimals, lower is better, monthly, owned by Helse og omsorg; plan
      target 10 (2026), nothing else."""
    from decimal import Decimal

    from budget.models import Indikatormaal, Okonomiplan
    from plans.models import Indikator, MaalIndikator, Planmaalverdi
    from tests.plans.conftest import lag_maal, lag_plan
    from verksemdsplan.models import PrioritertIndikator, Verksemdsplan

    e, u = org["einingar"], org["brukarar"]
    plan = lag_plan(e["kommune"], tittel="Kommuneplanen")
    maal = lag_maal(plan, "Trygg oppvekst", rekkjefolgje=1)
    trivsel = Indikator.objects.create(
        namn="Elevar som trivst",
        maaleeining="prosent",
        desimalar=1,
        retning="hoegare",
        minimum=Decimal(0),
        maksimum=Decimal(100),
        frekvens="tertial",
        eigar=e["skule"],
    )
    ventetid = Indikator.objects.create(
        namn="Ventetid på sjukeheimsplass", maaleeining="dagar", desimalar=0, retning="laagare",
        frekvens="maanad", eigar=e["helse"],
    )  # fmt: skip
    k1 = MaalIndikator.objects.create(maal=maal, indikator=trivsel, rekkjefolgje=1)
    k2 = MaalIndikator.objects.create(maal=maal, indikator=ventetid, rekkjefolgje=2)
    Planmaalverdi.objects.create(kopling=k1, aar=2026, verdi=Decimal(85))
    Planmaalverdi.objects.create(kopling=k2, aar=2026, verdi=Decimal(10))
    okp = Okonomiplan.objects.create(forste_aar=2026, status=Okonomiplan.Status.VEDTATT)
    Indikatormaal.objects.create(
        okonomiplan=okp, sektor=e["oppvekst"], indikator=trivsel, aar=2026, verdi=Decimal(88)
    )
    vp = Verksemdsplan.objects.create(eining=e["knarvik"], aar=2026)
    PrioritertIndikator.objects.create(
        verksemdsplan=vp, indikator=trivsel, maal=Decimal(90), ansvarleg=u["medarbeidar"]
    )
    services.generer_periodar(2026)
    return {"trivsel": trivsel, "ventetid": ventetid, "k1": k1, "k2": k2, "maal": maal, "okonomiplan": okp}
