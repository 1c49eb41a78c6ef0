"""Indicators on goals: attaching one from the register with the plan's targets per year,
changing and removing targets, detaching; every target checked by the indicator's rule, nothing
half-saved, conflicts refused, double submits stored once; the goal page stays flat."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans import services
from plans.models import MaalIndikator, Plan, Planmaalverdi
from tests.hjelp import tal_sporjingar

from .conftest import lag_indikator, lag_maal


def _verdiar(kopling):
    return dict(kopling.maalverdiar.values_list("aar", "verdi"))


@pytest.fixture
def engelsk(org):
    """The kommunalsjef reads Alver in English: messages as written."""
    org["brukarar"]["kommunalsjef"].spraak = "en"
    org["brukarar"]["kommunalsjef"].save()


def test_the_form_offers_the_years_of_the_plan_and_the_indicators_not_attached(
    planar, indikatorar, client_as
):
    form = (
        client_as("kommunalsjef")
        .get(reverse("plans:maal_indikator_ny", args=[planar["m11"].pk]))
        .context["form"]
    )
    assert form.aar_liste == list(range(2024, 2036))  # the plan runs 2024–2035
    tilbydde = {i.namn for i in form.fields["indikator"].queryset}
    assert "Del elevar som trivst" not in tilbydde and "Sjukefråvær i prosent" in tilbydde


def test_a_plan_without_an_end_gets_the_next_four_years(planar, klokke):
    plan = planar["vedteken"]
    plan.periode_til = None
    assert services.maalaar(plan) == list(range(klokke.i_dag().year, klokke.i_dag().year + 4))
    plan.periode_fra = klokke.i_dag().year + 2
    assert services.maalaar(plan)[0] == klokke.i_dag().year + 2


def test_an_editor_attaches_an_indicator_to_a_delmaal_with_targets_in_norwegian_format(
    planar, indikatorar, client_as
):
    c = client_as("kommunalsjef")
    maal = planar["m11"]
    ind = indikatorar["laus"]  # one decimal, 0–100, lower is better
    svar = c.post(
        reverse("plans:maal_indikator_ny", args=[maal.pk]),
        {"indikator": ind.pk, "aar_2025": "7,5", "aar_2026": " 7,0 ", "aar_2027": "6.8", "aar_2028": ""},
    )
    kopling = MaalIndikator.objects.get(maal=maal, indikator=ind)
    assert svar.status_code == 302 and svar["Location"].endswith(f"#indikator-{kopling.pk}")
    assert _verdiar(kopling) == {2025: Decimal("7.5"), 2026: Decimal("7"), 2027: Decimal("6.8")}
    assert kopling.history.get().history_user.namn == "Ola Oppvekst"
    side = c.get(maal.get_absolute_url()).content.decode()
    assert "Sjukefråvær i prosent" in side and "7,5" in side and "7,0" in side and "6,8" in side


@pytest.mark.parametrize(
    "verdi,melding",
    [
        ("12,55", "This indicator takes at most 1 decimal; you entered 12,55."),
        ("100,5", "The value must be at most 100."),
        ("-0,1", "The value must be at least 0."),
        ("tolv", "Enter a number, e.g. 12,5."),
        ("1e3", "Enter a number, e.g. 12,5."),
    ],
)
def test_a_target_the_indicator_refuses_is_never_rounded_and_nothing_is_saved(
    verdi, melding, engelsk, planar, indikatorar, client_as
):
    c = client_as("kommunalsjef")
    svar = c.post(
        reverse("plans:maal_indikator_ny", args=[planar["m11"].pk]),
        {"indikator": indikatorar["laus"].pk, "aar_2025": "7,5", "aar_2026": verdi},
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["aar_2026"] == [melding]
    assert f'value="{verdi}"' in svar.content.decode()  # what was typed stays for correcting
    assert not MaalIndikator.objects.filter(indikator=indikatorar["laus"]).exists()
    assert Planmaalverdi.objects.count() == 2  # the fixture's, nothing more


def test_whole_numbers_only_for_an_indicator_without_decimals(engelsk, planar, client_as):
    ind = lag_indikator("Ventetid (dagar)", maaleeining="dagar", desimalar=0, minimum=None, maksimum=None)
    svar = client_as("kommunalsjef").post(
        reverse("plans:maal_indikator_ny", args=[planar["m11"].pk]), {"indikator": ind.pk, "aar_2025": "30,5"}
    )
    assert svar.context["form"].errors["aar_2025"] == [
        "This indicator takes whole numbers only; you entered 30,5."
    ]
    svar = client_as("kommunalsjef").post(
        reverse("plans:maal_indikator_ny", args=[planar["m11"].pk]),
        {"indikator": ind.pk, "aar_2025": "30,00"},
    )
    assert svar.status_code == 302 and _verdiar(MaalIndikator.objects.get(indikator=ind)) == {2025: 30}


def test_the_service_saves_nothing_when_one_year_is_wrong(planar, indikatorar):
    ind = indikatorar["laus"]
    with pytest.raises(services.Ugyldig) as feil:
        services.kople_indikator(
            planar["m2"], ind, {2025: Decimal("5"), 2026: Decimal("5.25"), 2027: Decimal("101")}
        )
    assert set(feil.value.feil) == {"aar_2026", "aar_2027"}
    assert not MaalIndikator.objects.filter(indikator=ind).exists()
    assert (
        Planmaalverdi.objects.count() == 2 and MaalIndikator.history.filter(indikator_id=ind.pk).count() == 0
    )


def test_a_double_submit_attaches_once_and_other_targets_for_an_attached_indicator_are_refused(
    planar, indikatorar, client_as
):
    c = client_as("kommunalsjef")
    url = reverse("plans:maal_indikator_ny", args=[planar["m11"].pk])
    data = {"indikator": indikatorar["laus"].pk, "aar_2025": "7,5"}
    forste, andre = c.post(url, data), c.post(url, data)
    assert forste.status_code == andre.status_code == 302 and forste["Location"] == andre["Location"]
    assert MaalIndikator.objects.filter(indikator=indikatorar["laus"]).count() == 1
    assert Planmaalverdi.history.filter(aar=2025, verdi=Decimal("7.5")).count() == 1
    tredje = c.post(url, {**data, "aar_2025": "8,0"})
    assert tredje.status_code == 200 and tredje.context["form"].errors["indikator"]
    assert _verdiar(MaalIndikator.objects.get(indikator=indikatorar["laus"])) == {2025: Decimal("7.5")}


def test_changing_targets_adds_changes_and_removes_years_with_the_changes_in_the_history(
    planar, indikatorar, client_as
):
    k = indikatorar["kopling"]  # 2025: 85,5, 2026: 86
    url = reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk])
    c = client_as("kommunalsjef")
    form = c.get(url).context["form"]
    assert 'value="85,5"' in str(form["aar_2025"])  # the stored 85.5000, shown as typed
    svar = c.post(url, {"versjon": k.versjon, "aar_2025": "85,5", "aar_2026": "", "aar_2027": "87,5"})
    assert svar.status_code == 302
    assert _verdiar(k) == {2025: Decimal("85.5"), 2027: Decimal("87.5")}
    k.refresh_from_db()
    assert k.versjon == 2
    grunn = k.history.latest().history_change_reason
    assert "2026: 86 → –" in grunn and "2027: – → 87,5" in grunn
    assert Planmaalverdi.history.filter(aar=2026, history_type="-").exists()


def test_a_concurrent_change_of_targets_is_a_conflict_and_a_double_submit_is_not(
    planar, indikatorar, client_as
):
    k = indikatorar["kopling"]
    url = reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk])
    mitt = {"versjon": 1, "aar_2025": "85,5", "aar_2026": "90,0"}
    assert client_as("kommunalsjef").post(url, mitt).status_code == 302
    assert client_as("kommunalsjef").post(url, mitt).status_code == 302  # the same again: no conflict
    k.refresh_from_db()
    assert k.versjon == 2
    svar = client_as("administrator").post(url, {"versjon": 1, "aar_2025": "80,0", "aar_2026": "90,0"})
    assert svar.status_code == 200 and svar.context["form"].konflikt
    assert 'name="versjon" value="2"' in svar.content.decode()  # saving again is a deliberate choice
    assert _verdiar(k) == {2025: Decimal("85.5"), 2026: Decimal("90")}


def test_a_wrong_target_when_changing_saves_nothing(engelsk, planar, indikatorar, client_as):
    k = indikatorar["kopling"]
    url = reverse("plans:maal_indikator_endre", args=[k.maal_id, k.pk])
    svar = client_as("kommunalsjef").post(url, {"versjon": 1, "aar_2025": "99,0", "aar_2026": "86,25"})
    assert svar.context["form"].errors["aar_2026"] == [
        "This indicator takes at most 1 decimal; you entered 86,25."
    ]
    assert _verdiar(k) == {2025: Decimal("85.5"), 2026: Decimal("86")}


def test_detaching_removes_the_targets_and_a_second_click_is_harmless(planar, indikatorar, client_as):
    k = indikatorar["kopling"]
    url = reverse("plans:maal_indikator_fjern", args=[k.maal_id, k.pk])
    c = client_as("kommunalsjef")
    assert c.post(url).status_code == 302
    assert (
        not MaalIndikator.objects.filter(pk=k.pk).exists()
        and not Planmaalverdi.objects.filter(kopling_id=k.pk).exists()
    )
    assert Planmaalverdi.history.filter(kopling_id=k.pk, history_type="-").count() == 2
    svar = c.post(url, follow=True)
    assert svar.status_code == 200 and svar.redirect_chain[-1][0].startswith(planar["m11"].get_absolute_url())
    assert indikatorar["trivsel"].pk  # the indicator stays in the register


def test_a_top_level_goal_works_like_a_delmaal(planar, indikatorar, client_as):
    svar = client_as("kommunalsjef").post(
        reverse("plans:maal_indikator_ny", args=[planar["m1"].pk]),
        {"indikator": indikatorar["trivsel"].pk, "aar_2030": "90"},
    )
    assert svar.status_code == 302
    side = client_as("medarbeidar").get(indikatorar["trivsel"].get_absolute_url()).content.decode()
    assert "1 Trygg oppvekst" in side and "1.1 Meistring i skulen" in side and "2030: 90,0" in side


def test_the_goal_page_keeps_its_query_count_whatever_the_indicators_and_targets(
    planar, indikatorar, client_as
):
    c = client_as("medarbeidar")
    maal = planar["m11"]
    liten = tal_sporjingar(c, maal.get_absolute_url())
    for i in range(15):
        ind = lag_indikator(f"Indikator {i}", eigar=planar["vedteken"].ansvarleg_eining)
        services.kople_indikator(maal, ind, {aar: Decimal(i) for aar in range(2024, 2036)})
    assert tal_sporjingar(c, maal.get_absolute_url()) == liten
    assert tal_sporjingar(client_as("kommunalsjef"), maal.get_absolute_url()) == tal_sporjingar(
        client_as("kommunalsjef"), maal.get_absolute_url()
    )


def test_the_indicator_page_keeps_its_query_count_within_a_plan(planar, indikatorar, client_as):
    c = client_as("medarbeidar")
    url = indikatorar["trivsel"].get_absolute_url()
    liten = tal_sporjingar(c, url)
    for i in range(10):
        m = lag_maal(planar["vedteken"], f"Mål {i}", rekkjefolgje=10 + i)
        services.kople_indikator(m, indikatorar["trivsel"], {2025: Decimal(i), 2026: Decimal(i + 1)})
    assert tal_sporjingar(c, url) == liten


def test_a_draft_plans_goal_takes_indicators_too(planar, indikatorar, client_as):
    assert planar["utkast"].status == Plan.Status.UNDER_ARBEID
    svar = client_as("kommunedirektor").post(
        reverse("plans:maal_indikator_ny", args=[planar["utkast_maal"].pk]),
        {"indikator": indikatorar["laus"].pk},
    )
    assert svar.status_code == 302  # an indicator may be attached before targets are known
    assert _verdiar(MaalIndikator.objects.get(indikator=indikatorar["laus"])) == {}
