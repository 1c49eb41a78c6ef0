"""The main overview: is the plan in balance (kommunelova § 14-4), and may it be adopted?"""

import datetime
from decimal import Decimal

import pytest

from budget import hovudoversikt, services
from budget.models import Budsjettlinje, BudsjettTiltak, Linjebelop, Okonomiplan, Vedtaking
from tests.hjelp import tal_sporjingar

from .conftest import i_balanse, tiltak

A = Budsjettlinje.Art


def test_a_worked_example_of_the_balance():
    """One year, every line of the overview, the sums worked by hand (kroner):

    tax 600 000 000 + block grant 500 000 000 + property tax 20 000 000
    + an income measure of −3 000 000 (more income) → free income 1 123 000 000;
    − interest and repayments 40 000 000 − frames 1 040 000 000 − operating measures 20 000 000
    → net operating result 23 000 000 (2,05 % of the free income, under a 2,5 % target);
    − to reserves 30 000 000 + use of reserves 4 000 000 → 3 000 000 missing (udisponert −3 000 000).
    Investments: frames 90 000 000 + an investment measure 10 000 000 = 100 000 000, financed
    by loans 70 000 000 + VAT 15 000 000 + a sale 15 000 000 → nothing unfinanced."""
    o = hovudoversikt.rekn(
        [2027],
        linjer=[
            (A.SKATT, "Skatt", {2027: 600_000_000}),
            (A.RAMMETILSKOT, "Rammetilskot", {2027: 500_000_000}),
            (A.ANDRE_INNTEKTER, "Eigedomsskatt", {2027: 20_000_000}),
            (A.RENTER_AVDRAG, "Renter og avdrag", {2027: 40_000_000}),
            (A.AVSETJING, "Disposisjonsfond", {2027: 30_000_000}),
            (A.BRUK_FOND, "Bruk av premiefond", {2027: 4_000_000}),
            (A.LAAN, "Lån", {2027: 70_000_000}),
            (A.TILSKOT, "Momskompensasjon", {2027: 15_000_000}),
            (A.SAL, "Sal av tomt", {2027: 15_000_000}),
        ],
        rammer_drift={2027: 1_040_000_000},
        rammer_investering={2027: 90_000_000},
        tiltak={
            (BudsjettTiltak.Type.DRIFT, 2027): 20_000_000,
            (BudsjettTiltak.Type.INNTEKT, 2027): -3_000_000,
            (BudsjettTiltak.Type.INVESTERING, 2027): 10_000_000,
        },
        maal_prosent=Decimal("2.5"),
    )
    rader = {r["tekst"]: r["verdiar"][0] for r in o["drift"] + o["investering"]}
    assert rader["Skatt"] == 600_000_000
    assert rader["Renter og avdrag"] == -40_000_000
    assert rader["Frie disponible inntekter"] == 1_123_000_000
    assert rader["Netto driftsresultat"] == 23_000_000
    assert o["resultat"] == {2027: 23_000_000}
    assert o["prosent"] == [{"verdi": Decimal("2.05"), "under_maal": True}]
    assert o["udisponert"] == {2027: -3_000_000}
    assert o["udekt"] == {2027: 0}
    assert not o["i_balanse"]
    assert o["manglar_tekst"] == "2027: 3\u00a0000\u00a0000 kr manglar i driftsbudsjettet"


def test_operating_and_investment_are_apart_and_income_measures_count_as_income(org, okonomiplan):
    plan = okonomiplan["plan"]
    i_balanse(plan)
    assert hovudoversikt.for_plan(plan)["i_balanse"]
    # an investment measure: the investment budget is short by it, the operating budget untouched
    inv = tiltak(plan, "Ny brannstasjon", org["einingar"]["helse"], effekt=8_000_000)
    inv.type = BudsjettTiltak.Type.INVESTERING
    inv.save()
    o = hovudoversikt.for_plan(plan)
    assert set(o["udisponert"].values()) == {0}
    assert o["udekt"] == dict.fromkeys(plan.periode, -8000000)
    # an income measure of −1 000 000 (more konsesjonskraft): a million undisposed each year
    inn = tiltak(plan, "Sal av konsesjonskraft", org["einingar"]["helse"], effekt=-1_000_000)
    inn.type = BudsjettTiltak.Type.INNTEKT
    inn.save()
    o = hovudoversikt.for_plan(plan)
    assert o["udisponert"] == dict.fromkeys(plan.periode, 1000000)
    assert "2026: 1\u00a0000\u00a0000 kr udisponert i driftsbudsjettet" in o["manglar_tekst"]
    # a measure not prioritised counts for nothing
    inn.vedtak = BudsjettTiltak.Vedtak.IKKJE_PRIORITERT
    inn.save()
    assert set(hovudoversikt.for_plan(plan)["udisponert"].values()) == {0}


def test_adoption_is_refused_out_of_balance_with_the_amount(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    i_balanse(plan)
    linje = plan.linjer.get(art=A.RAMMETILSKOT)
    b = linje.belop.get(aar=2026)
    b.belop -= 250_000
    b.save()
    with pytest.raises(services.Ubalanse) as feil:
        services.vedta(
            plan, dato=datetime.date(2025, 12, 11), saksnummer="PS 1/2025", user=org["brukarar"]["okonomi"]
        )
    assert "2026: 250\u00a0000 kr manglar i driftsbudsjettet" in str(feil.value)
    c = client_as("okonomi")
    html = c.get("/okonomiplan/2026/vedta/").content.decode()
    assert "Ikkje i balanse" in html and "250\u00a0000 kr manglar" in html
    assert "Vedta og lag oppdraga" not in html  # no button to press
    # a POST anyway (a page opened before the change) is refused, nothing recorded
    svar = c.post("/okonomiplan/2026/vedta/", {"dato": "2025-12-11", "saksnummer": "PS 1/2025"})
    assert svar.status_code == 200 and "kan ikkje vedtakast" in svar.content.decode()
    assert not Vedtaking.objects.exists()
    plan.refresh_from_db()
    assert plan.status != Okonomiplan.Status.VEDTATT
    # balanced again: the button is there
    b.belop += 250_000
    b.save()
    assert "Vedta og lag oppdraga" in c.get("/okonomiplan/2026/vedta/").content.decode()


def _grid(plan, **felt):
    data = {"versjon": plan.versjon, "eining": felt.pop("eining", "kr"), "maal_driftsresultat": ""}
    data.update(felt)
    return data


def test_lines_entered_in_millions_are_stored_as_exact_kroner(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    assert (
        "Inntekter, finans og finansiering" in c.get("/okonomiplan/2026/linjer/?eining=mill").content.decode()
    )
    svar = c.post(
        "/okonomiplan/2026/linjer/",
        _grid(
            plan,
            eining="mill",
            maal_driftsresultat="1,75",
            n_0_art="andre_inntekter",
            n_0_tittel="Konsesjonskraft",
            n_0_2026="3,70",
            n_0_2027="3,7",
            n_1_art="laan",
            n_1_2026="0,25",
        ),
    )
    assert svar.status_code == 302
    kraft = plan.linjer.get(tittel="Konsesjonskraft")
    assert dict(kraft.belop.values_list("aar", "belop")) == {2026: 3_700_000, 2027: 3_700_000}
    # a line with no title takes its kind's name
    assert plan.linjer.get(art=A.LAAN).tittel == "Bruk av lån"
    plan.refresh_from_db()
    assert plan.maal_driftsresultat == Decimal("1.75")
    # shown back in the unit chosen
    assert 'value="3,7"' in c.get("/okonomiplan/2026/linjer/?eining=mill").content.decode()


def test_a_bad_grid_is_refused_whole_with_a_message_by_the_field(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    svar = c.post(
        "/okonomiplan/2026/linjer/",
        _grid(
            plan,
            eining="1000",
            n_0_art="skatt",
            n_0_tittel="Skatt",
            n_0_2026="12,3456",  # not whole kroner in 1 000 kr: never rounded
            n_1_art="skatt",
            n_1_tittel="skatt",  # the same line twice
            n_2_tittel="Utan art",
            n_2_2026="5",
        ),
    )
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "som gjev heile kroner" in html
    assert "Det finst alt ei linje «skatt» av dette slaget." in html
    assert "Vel kva slags linje det er." in html
    assert not Budsjettlinje.objects.exists() and not Linjebelop.objects.exists()


def test_a_grid_saved_from_a_stale_page_is_a_conflict_not_an_overwrite(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    gamal = plan.versjon
    assert (
        c.post("/okonomiplan/2026/linjer/", _grid(plan, n_0_art="skatt", n_0_2026="100")).status_code == 302
    )
    linje = plan.linjer.get()
    # a second user, on the page opened before that save, removes the line
    svar = c.post(
        "/okonomiplan/2026/linjer/",
        {"versjon": gamal, "eining": "kr", f"l_{linje.pk}_tittel": "Skatt", f"l_{linje.pk}_fjern": "on"},
    )
    assert svar.status_code == 200 and "Nokon andre lagra dette" in svar.content.decode()
    assert plan.linjer.filter(pk=linje.pk).exists()
    # saved again on purpose: removed
    plan.refresh_from_db()
    svar = c.post(
        "/okonomiplan/2026/linjer/",
        {
            "versjon": plan.versjon,
            "eining": "kr",
            f"l_{linje.pk}_tittel": "Skatt",
            f"l_{linje.pk}_fjern": "on",
        },
    )
    assert svar.status_code == 302 and not plan.linjer.exists()
    assert Linjebelop.history.filter(history_type="-").exists()


def test_the_lines_go_on_when_the_plan_is_rolled(org, okonomiplan):
    plan = okonomiplan["plan"]
    i_balanse(plan)
    services.vedta(
        plan, dato=datetime.date(2025, 12, 11), saksnummer="PS 1/2025", user=org["brukarar"]["okonomi"]
    )
    services.gjennomfoer_vedtaking(plan.vedtakingar.get().pk)
    plan.refresh_from_db()
    neste = services.lag_okonomiplan(2027, user=org["brukarar"]["okonomi"], fra=plan)
    gamal = {(x.linje.tittel, x.aar): x.belop for x in Linjebelop.objects.filter(linje__okonomiplan=plan)}
    ny = {(x.linje.tittel, x.aar): x.belop for x in Linjebelop.objects.filter(linje__okonomiplan=neste)}
    assert {k: v for k, v in ny.items() if k[1] <= 2029} == {k: v for k, v in gamal.items() if k[1] >= 2027}
    # the new last year starts as a copy of the old last year
    assert {t: v for (t, a), v in ny.items() if a == 2030} == {
        t: v for (t, a), v in gamal.items() if a == 2029
    }


def test_the_overview_keeps_its_query_count_with_more_lines(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    c = client_as("medarbeidar")
    for i in range(2):
        Linjebelop.objects.create(
            linje=Budsjettlinje.objects.create(okonomiplan=plan, art=A.SKATT, tittel=f"S{i}"),
            aar=2026,
            belop=1,
        )
    fa = tal_sporjingar(c, "/okonomiplan/2026/")
    for i in range(2, 40):
        linje = Budsjettlinje.objects.create(okonomiplan=plan, art=A.ANDRE_INNTEKTER, tittel=f"S{i}")
        Linjebelop.objects.bulk_create(Linjebelop(linje=linje, aar=a, belop=i) for a in plan.periode)
    assert tal_sporjingar(c, "/okonomiplan/2026/") == fa


def test_the_recommendation_lies_out_for_public_inspection_at_least_14_days(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    c = client_as("sekretariat")
    url = "/okonomiplan/2026/ettersyn/"
    data = {
        "versjon": plan.versjon,
        "innstilling_dato": "2025-11-20",
        "ettersyn_fra": "2025-11-28",
        "kommunestyre_dato": "2025-12-11",
    }
    svar = c.post(url, data)
    assert svar.status_code == 200
    assert "minst 14 dagar" in svar.content.decode() and "13 dagar" in svar.content.decode()
    plan.refresh_from_db()
    assert plan.ettersyn_fra is None
    assert c.post(url, data | {"ettersyn_fra": "2025-11-27"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.ettersyn_fra, plan.kommunestyre_dato) == (
        datetime.date(2025, 11, 27),
        datetime.date(2025, 12, 11),
    )
    assert (
        "offentleg ettersyn frå 27.11.2025"
        in client_as("politikar").get("/okonomiplan/2026/").content.decode()
    )
    for rolle in ("politikar", "medarbeidar", "kommunedirektor"):
        assert client_as(rolle).post(url, data).status_code == 403
    assert c.get(url).status_code == 405
