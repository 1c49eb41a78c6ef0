"""The indicator register: list with search and filters, the indicator's page, new and edit
with the register's rules, conflicts, double submits and history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans import services
from plans.models import Indikator, MaalIndikator, Planmaalverdi
from tests.hjelp import tal_sporjingar

from .conftest import lag_indikator

GYLDIG = {
    "namn": "Del elevar som fullfører",
    "definisjon": "Frå fylkeskommunen.",
    "maaleeining": "prosent",
    "desimalar": "1",
    "retning": "hoegare",
    "minimum": "0",
    "maksimum": "100",
    "frekvens": "aar",
    "kjelde": "eiga",
}


def _post(c, data, url=None):
    return c.post(url or reverse("plans:indikator_ny"), data)


def test_a_plan_editor_adds_an_indicator_and_finds_it_in_the_register(planar, client_as):
    c = client_as("kommunalsjef")
    svar = _post(c, {**GYLDIG, "maksimum": "100,0", "eigar": planar["vedteken"].ansvarleg_eining_id})
    ind = Indikator.objects.get()
    assert svar.status_code == 302 and svar["Location"] == ind.get_absolute_url()
    assert (ind.desimalar, ind.minimum, ind.maksimum, ind.eigar_id) == (
        1,
        Decimal(0),
        Decimal(100),
        planar["vedteken"].ansvarleg_eining_id,
    )
    assert ind.history.get().history_user.namn == "Ola Oppvekst"
    side = c.get(ind.get_absolute_url()).content.decode()
    for tekst in ("Del elevar som fullfører", "Frå fylkeskommunen.", "Oppvekst", "100"):
        assert tekst in side
    assert "Del elevar som fullfører" in c.get(reverse("plans:indikator_liste")).content.decode()


@pytest.mark.parametrize(
    "endring,felt,melding",
    [
        ({"desimalar": "5"}, "desimalar", "An indicator has from 0 to 4 decimals."),
        ({"desimalar": "-1"}, "desimalar", "An indicator has from 0 to 4 decimals."),
        ({"desimalar": "1,5"}, "desimalar", "Enter a whole number from 0 to 4."),
        ({"minimum": "50", "maksimum": "10"}, "maksimum", "The maximum must not be below the minimum."),
        ({"maksimum": "99,95"}, "maksimum", "The maximum has more decimals than the indicator takes (1)."),
        ({"minimum": "tolv"}, "minimum", "Enter a number, e.g. 12,5."),
        ({"kjelde": "ssb"}, "kjelde_tabell", "An SSB indicator needs its table number in Statistikkbanken."),
        (
            {"kjelde": "ssb", "kjelde_tabell": "12362"},
            "kjelde_variabel",
            "An SSB indicator needs the table's variable (content code).",
        ),
    ],
)
def test_the_register_refuses_what_breaks_its_rules_with_a_message_by_the_field(
    endring, felt, melding, org, planar, client_as
):
    org["brukarar"]["kommunalsjef"].spraak = "en"  # the messages as written (msgids)
    org["brukarar"]["kommunalsjef"].save()
    svar = client_as("kommunalsjef").post(reverse("plans:indikator_ny"), {**GYLDIG, **endring})
    assert svar.status_code == 200
    assert melding in svar.context["form"].errors[felt]
    assert not Indikator.objects.exists()


def test_an_ssb_indicator_with_its_table_and_variable_is_saved(planar, client_as):
    svar = _post(
        client_as("tenesteleiar"),
        {
            **GYLDIG,
            "kjelde": "ssb",
            "kjelde_tabell": " 12362 ",
            "kjelde_variabel": "KOSAG310000",
            "maksimum": "",
        },
    )
    assert svar.status_code == 302
    ind = Indikator.objects.get()
    assert (ind.kjelde_tabell, ind.kjelde_variabel, ind.maksimum) == ("12362", "KOSAG310000", None)


def test_kostra_percentages_may_exceed_100_when_no_bound_is_set(planar, client_as):
    svar = _post(client_as("kommunalsjef"), {**GYLDIG, "minimum": "", "maksimum": ""})
    assert svar.status_code == 302
    Indikator.objects.get().valider(Decimal("104.3"))
    Indikator.objects.get().valider(Decimal("-2.5"))


def test_a_double_submit_stores_one_indicator_and_another_with_the_same_name_is_refused(planar, client_as):
    c = client_as("kommunalsjef")
    forste, andre = _post(c, GYLDIG), _post(c, GYLDIG)
    assert forste["Location"] == andre["Location"]
    assert Indikator.objects.count() == 1 and Indikator.history.count() == 1
    tredje = _post(c, {**GYLDIG, "namn": "del elevar som  fullfører", "desimalar": "0", "maksimum": "100"})
    assert tredje.status_code == 200 and tredje.context["form"].errors["namn"]
    assert Indikator.objects.count() == 1


def test_editing_detects_a_concurrent_change_and_a_double_submit_saves_once(planar, indikatorar, client_as):
    ind = indikatorar["trivsel"]
    url = reverse("plans:indikator_endre", args=[ind.pk])
    c = client_as("kommunalsjef")
    skjema = {**GYLDIG, "namn": ind.namn, "versjon": ind.versjon, "definisjon": "Elevundersøkinga."}
    assert c.post(url, skjema).status_code == 302
    assert c.post(url, skjema).status_code == 302  # the same form again: already says the same
    ind.refresh_from_db()
    assert (ind.versjon, ind.definisjon, ind.history.count()) == (2, "Elevundersøkinga.", 2)
    # someone else's form, built from version 1, says something else: a conflict, nothing saved
    annan = client_as("administrator").post(url, {**skjema, "definisjon": "Noko anna."})
    assert annan.status_code == 200 and annan.context["form"].konflikt
    ind.refresh_from_db()
    assert ind.definisjon == "Elevundersøkinga."


def test_a_stricter_rule_is_refused_while_targets_on_goals_break_it(planar, indikatorar, client_as):
    ind = indikatorar["trivsel"]  # targets 85,5 and 86
    url = reverse("plans:indikator_endre", args=[ind.pk])
    c = client_as("kommunalsjef")
    svar = c.post(url, {**GYLDIG, "namn": ind.namn, "versjon": ind.versjon, "desimalar": "0"})
    assert svar.status_code == 200
    feil = " ".join(svar.context["form"].non_field_errors())
    assert "2025" in feil and "Meistring i skulen" in feil and "85,5" in feil
    ind.refresh_from_db()
    assert ind.desimalar == 1


def test_the_list_searches_and_filters(planar, indikatorar, client_as):
    lag_indikator(
        "Energibruk i kommunale bygg", maaleeining="tal", desimalar=0, frekvens="maanad", kjelde="fagsystem"
    )
    c = client_as("politikar")

    def namn(**q):
        return [i.namn for i in c.get(reverse("plans:indikator_liste"), q).context["side"]]

    assert namn(q="  energi ") == ["Energibruk i kommunale bygg"]
    assert namn(frekvens="maanad") == ["Energibruk i kommunale bygg"]
    assert namn(kjelde="fagsystem", maaleeining="prosent") == []
    assert namn(maaleeining="prosent") == [
        "Del eldre som bur heime",
        "Del elevar som trivst",
        "Sjukefråvær i prosent",
    ]
    assert len(namn(kjelde="tull")) == 4  # an unknown choice filters nothing


def test_the_list_counts_only_goals_the_reader_may_see(planar, indikatorar, client_as):
    MaalIndikator.objects.create(maal=planar["utkast_maal"], indikator=indikatorar["trivsel"])
    url = reverse("plans:indikator_liste")
    rad = {i.namn: i.tal_maal for i in client_as("medarbeidar").get(url).context["side"]}
    assert rad["Del elevar som trivst"] == 1 and rad["Del eldre som bur heime"] == 0
    rad = {i.namn: i.tal_maal for i in client_as("tenesteleiar").get(url).context["side"]}
    assert rad["Del elevar som trivst"] == 2


def test_the_list_keeps_its_query_count_whatever_the_number_of_indicators(
    org, planar, indikatorar, client_as
):
    c = client_as("medarbeidar")
    liten = tal_sporjingar(c, reverse("plans:indikator_liste"))
    for i in range(60):
        ind = lag_indikator(f"Indikator {i:02d}", eigar=org["einingar"]["skule"])
        MaalIndikator.objects.create(maal=planar["m1"], indikator=ind)
    assert tal_sporjingar(c, reverse("plans:indikator_liste")) == liten
    assert tal_sporjingar(c, reverse("plans:indikator_liste") + "?side=3") == liten


def test_the_service_refuses_bad_rules_whoever_calls_it(db):
    with pytest.raises(services.Ugyldig) as feil:
        services.lagre_indikator(
            Indikator(namn="X", maaleeining="prosent", desimalar=1, kjelde="ssb", minimum=Decimal("0.25"))
        )
    assert set(feil.value.feil) == {"minimum", "kjelde_tabell", "kjelde_variabel"}
    assert not Indikator.objects.exists() and not Planmaalverdi.objects.exists()
