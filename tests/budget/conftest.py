import datetime
import re

import pytest
from django.test import Client

from budget import hovudoversikt, services
from budget.models import Budsjettlinje, BudsjettTiltak, Linjebelop, Verbalpunkt
from plans.models import Handlingsplan, Strategi, Tiltak, TiltakKostnad
from tests.plans.conftest import lag_maal, lag_plan


def tiltak(plan, tittel, eining, *, vedtak="prioritert", fra_aar=None, effekt=100_000, maal=()):
    bt = BudsjettTiltak(
        okonomiplan=plan,
        tittel=tittel,
        ansvarleg_eining=eining,
        vedtak=vedtak,
        fra_aar=fra_aar or plan.forste_aar,
    )
    return services.lagre_tiltak(bt, {a: effekt for a in plan.periode if a >= bt.fra_aar}, maal=maal)


@pytest.fixture
def okonomiplan(org):
    """A draft plan 2026–2029 with rammer for Oppvekst (on the sector and on Skule), two
    handlingsplan proposals fetched for assessment (one prioritised), direct tiltak for
    Oppvekst and Helse (one starting 2027, one not prioritised), and two verbalpunkt."""
    e = org["einingar"]
    kommuneplan = lag_plan(e["kommune"])
    maal = lag_maal(kommuneplan, "Trygg oppvekst")
    strategi = Strategi.objects.create(maal=maal, tittel="Tidleg innsats")
    hp = Handlingsplan.objects.create(plan=kommuneplan, fra_aar=2026, til_aar=2029)
    for i, tittel in enumerate(["Leksehjelp", "Ny gymsal"]):
        t = Tiltak.objects.create(
            handlingsplan=hp, tittel=tittel, okonomisk=True, ansvarleg_eining=e["skule"], rekkjefolgje=i
        )
        t.maal.set([maal])
        TiltakKostnad.objects.create(tiltak=t, aar=2026, belop=200_000)
    plan = services.lag_okonomiplan(2026, user=org["brukarar"]["okonomi"])
    plan.tiltak.filter(tittel="Leksehjelp").update(vedtak="prioritert")
    plan.tiltak.filter(tittel="Ny gymsal").update(vedtak="ikkje_prioritert")
    services.lagre_rammer(
        plan,
        {
            (e["oppvekst"].pk, 2026): (1_000_000, 0),
            (e["skule"].pk, 2026): (500_000, 250_000),
            (e["helse"].pk, 2026): (300_000, 0),
        },
        grunn="test",
    )
    tiltak(plan, "Fleire lærarar", e["oppvekst"], effekt=900_000, maal=[maal])
    tiltak(plan, "Sparetiltak skuleskyss", e["skule"], effekt=-150_000, maal=[maal])
    tiltak(plan, "Ny barnehage", e["oppvekst"], fra_aar=2027, effekt=2_000_000, maal=[maal])
    tiltak(plan, "Nattpatrulje", e["helse"], effekt=400_000)
    tiltak(plan, "Avvist tiltak", e["helse"], vedtak="ikkje_prioritert", effekt=5_000_000)
    vp1 = Verbalpunkt.objects.create(
        okonomiplan=plan, nummer=1, tekst="Greie ut kortare skuleveg.", ansvarleg_sektor=e["oppvekst"]
    )
    vp1.maal.set([maal])
    Verbalpunkt.objects.create(
        okonomiplan=plan, nummer=2, tekst="Fast kontaktperson i heimetenesta.", ansvarleg_sektor=e["helse"]
    )
    return {"plan": plan, "maal": maal, "strategi": strategi, "hp": hp}


def i_balanse(plan):
    """Close the plan's gap the way a test that is not about the balance needs: what is undisposed
    is met by block grant, what is not financed by borrowing (kommunelova § 14-4 refuses adoption
    otherwise)."""
    oversikt = hovudoversikt.for_plan(plan)
    for art, gap in (
        (Budsjettlinje.Art.RAMMETILSKOT, oversikt["udisponert"]),
        (Budsjettlinje.Art.LAAN, oversikt["udekt"]),
    ):
        if not any(gap.values()):
            continue
        linje, _ny = Budsjettlinje.objects.get_or_create(
            okonomiplan=plan, art=art, tittel=f"Til balanse ({art})"
        )
        for aar, kr in gap.items():
            b, _ny = Linjebelop.objects.get_or_create(linje=linje, aar=aar, defaults={"belop": 0})
            b.belop -= kr
            b.save()
    assert hovudoversikt.for_plan(plan)["i_balanse"]
    return plan


def vedta(org, plan):
    i_balanse(plan)
    return services.vedta(
        plan, dato=datetime.date(2025, 12, 11), saksnummer="PS 118/2025", user=org["brukarar"]["okonomi"]
    )


def laga(org, v):
    """How many oppdrag the result page tells økonomi the adoption or change made."""
    c = Client()
    c.force_login(org["brukarar"]["okonomi"])
    tekst = c.get(v.get_absolute_url()).content.decode()
    funne = re.search(r"Ferdig: (\d+) oppdrag vart laga\.", tekst)
    assert funne, "the result page says nothing of what was made"
    return int(funne.group(1))
