import datetime

import pytest

from plans.models import Handlingsplan, Maal, Plan, Plantype, Strategi, Tiltak, TiltakKostnad


def lag_plan(eining, status=Plan.Status.VEDTATT, tittel="Kommuneplanen sin samfunnsdel", kode="samfunnsdel"):
    return Plan.objects.create(
        tittel=tittel,
        type=Plantype.objects.get(kode=kode),
        periode_fra=2024,
        periode_til=2035,
        status=status,
        ansvarleg_eining=eining,
        vedtatt_dato=datetime.date(2024, 6, 1) if status == Plan.Status.VEDTATT else None,
    )


def lag_maal(plan, tittel, parent=None, rekkjefolgje=0):
    return Maal.objects.create(plan=plan, tittel=tittel, parent=parent, rekkjefolgje=rekkjefolgje)


@pytest.fixture
def planar(org):
    """An adopted plan owned by Oppvekst, with goals, a strategy, a handlingsplan and tiltak
    in every status; and a draft owned by Helse."""
    e = org["einingar"]
    vedteken = lag_plan(e["oppvekst"])
    m1 = lag_maal(vedteken, "Trygg oppvekst", rekkjefolgje=1)
    m11 = lag_maal(vedteken, "Meistring i skulen", parent=m1, rekkjefolgje=1)
    m2 = lag_maal(vedteken, "God helse", rekkjefolgje=2)
    s1 = Strategi.objects.create(maal=m1, tittel="Tidleg innsats", rekkjefolgje=1)
    hp = Handlingsplan.objects.create(plan=vedteken, fra_aar=2025, til_aar=2028)
    tiltak = {}
    for i, status in enumerate(Tiltak.Status, start=1):
        t = Tiltak.objects.create(
            handlingsplan=hp,
            tittel=f"Tiltak {status.value}",
            status=status,
            rekkjefolgje=i,
            okonomisk=True,
            ansvarleg_eining=e["skule"],
        )
        t.maal.set([m11])
        t.strategiar.set([s1])
        TiltakKostnad.objects.create(tiltak=t, aar=2025, belop=1_234_567)
        TiltakKostnad.objects.create(tiltak=t, aar=2028, belop=100)
        tiltak[status.value] = t
    utkast = lag_plan(
        e["helse"], status=Plan.Status.UNDER_ARBEID, tittel="Temaplan for eldre", kode="temaplan"
    )
    utkast_maal = lag_maal(utkast, "Fleire eldre bur heime", rekkjefolgje=1)
    return {
        "vedteken": vedteken,
        "m1": m1,
        "m11": m11,
        "m2": m2,
        "s1": s1,
        "hp": hp,
        "tiltak": tiltak,
        "utkast": utkast,
        "utkast_maal": utkast_maal,
    }


def lag_indikator(namn="Del elevar som trivst", **felt):
    from decimal import Decimal

    from plans.models import Indikator

    standard = {
        "maaleeining": Indikator.Maaleeining.PROSENT,
        "desimalar": 1,
        "retning": Indikator.Retning.HOEGARE,
        "minimum": Decimal(0),
        "maksimum": Decimal(100),
    }
    return Indikator.objects.create(namn=namn, **{**standard, **felt})


@pytest.fixture
def indikatorar(planar):
    """An indicator attached to the delmål «Meistring i skulen» with targets for 2025 and 2026,
    one on the draft's goal, and one in the register on no goal."""
    from decimal import Decimal

    from plans.models import MaalIndikator, Planmaalverdi

    trivsel = lag_indikator()
    kopling = MaalIndikator.objects.create(maal=planar["m11"], indikator=trivsel)
    Planmaalverdi.objects.create(kopling=kopling, aar=2025, verdi=Decimal("85.5"))
    Planmaalverdi.objects.create(kopling=kopling, aar=2026, verdi=Decimal("86"))
    eldre = lag_indikator("Del eldre som bur heime")
    utkast_kopling = MaalIndikator.objects.create(maal=planar["utkast_maal"], indikator=eldre)
    laus = lag_indikator("Sjukefråvær i prosent", retning="laagare")
    return {
        "trivsel": trivsel,
        "kopling": kopling,
        "eldre": eldre,
        "utkast_kopling": utkast_kopling,
        "laus": laus,
    }
