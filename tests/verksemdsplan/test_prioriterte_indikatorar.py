"""«Prioriterte indikatorar»: a unit takes on indicators from the register for the year, with its
own target (exact, validated against the indicator), delegates the follow-up to a unit below or
a person in the unit, changes and removes them; readers see them on the verksemdsplan page."""

from decimal import Decimal

import pytest

from plans.models import Indikator, Maal, MaalIndikator, Plan, Plantype
from tests.hjelp import berre, tal_sporjingar
from verksemdsplan import indikatorar, services
from verksemdsplan.models import PrioritertIndikator

SIDE = "/verksemdsplan/2026/2000/"
NY = "/verksemdsplan/2026/2000/indikatorar/ny/"
# who changes Oppvekst's indicators: its leader and those above (as for oppdrag); readers 403
ENDRAR = {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "politikar": 404}


def feilkodar(svar, felt):
    """The codes of a re-shown form's errors on one field (messages are translated later)."""
    return [e.code for e in svar.context["form"].errors.as_data().get(felt, [])]


@pytest.fixture
def register(org, oppdrag):
    """Two indicators, the first on a goal Oppvekst follows up through an oppdrag."""
    plan = Plan.objects.create(
        tittel="Samfunnsdelen",
        type=Plantype.objects.get(kode="samfunnsdel"),
        periode_fra=2024,
        periode_til=2035,
        status=Plan.Status.VEDTATT,
        vedtatt_dato="2024-01-01",
        ansvarleg_eining=org["einingar"]["kommune"],
    )
    maal = Maal.objects.create(plan=plan, tittel="Trygg oppvekst og god læring")
    trivsel = Indikator.objects.create(
        namn="Elevar som trivst på skulen",
        maaleeining=Indikator.Maaleeining.PROSENT,
        desimalar=1,
        minimum=Decimal("0"),
        maksimum=Decimal("100"),
    )
    fraavaer = Indikator.objects.create(
        namn="Sjukefråvær", maaleeining=Indikator.Maaleeining.PROSENT, desimalar=1, retning="laagare"
    )
    MaalIndikator.objects.create(maal=maal, indikator=trivsel)
    oppdrag.maal.add(maal)
    return {"maal": maal, "trivsel": trivsel, "fraavaer": fraavaer}


@pytest.fixture
def teke(org, register):
    """Oppvekst has taken on «trivsel» for 2026, target 85,5, not delegated."""
    pi, _ny = services.ta_paa_indikator(
        eining=org["einingar"]["oppvekst"],
        aar=2026,
        indikator=register["trivsel"],
        user=org["brukarar"]["kommunalsjef"],
        maal=Decimal("85.5"),
    )
    return pi


def _url(pi, kva=""):
    return f"/verksemdsplan/2026/{pi.verksemdsplan.eining.kode}/indikatorar/{pi.pk}/{kva}"


@pytest.mark.parametrize(
    "url,rolle,status",
    berre(NY, ENDRAR)
    + berre("ENDRE", ENDRAR)
    # the tenesteleiar leads Skule and the unit below it, not Oppvekst
    + berre("/verksemdsplan/2026/2100/indikatorar/ny/", ENDRAR | {"tenesteleiar": 200}),
)
def test_access(url, rolle, status, teke, client_as):
    url = _url(teke) if url == "ENDRE" else url
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize(
    "rolle,status", [("medarbeidar", 403), ("tenesteleiar", 403), ("politikar", 404), ("anonymous", 302)]
)
def test_only_those_who_change_may_remove(rolle, status, teke, client_as):
    assert client_as(rolle).post(_url(teke, "fjern/"), {"versjon": teke.versjon}).status_code == status
    assert PrioritertIndikator.objects.filter(pk=teke.pk).exists()


def test_writes_are_post_only_and_unknown_rows_404(teke, client_as):
    c = client_as("kommunalsjef")
    assert c.get(_url(teke, "fjern/")).status_code == 405
    assert c.get(f"/verksemdsplan/2026/2100/indikatorar/{teke.pk}/").status_code == 404  # not that unit's
    assert c.get(f"/verksemdsplan/2027/2000/indikatorar/{teke.pk}/").status_code == 404  # not that year
    assert c.get("/verksemdsplan/2026/9999/indikatorar/ny/").status_code == 404


def test_the_kommunalsjef_takes_on_an_indicator_with_a_target_and_delegates_it(org, register, client_as):
    c = client_as("kommunalsjef")
    skjema = c.get(NY).content.decode()
    # the indicators on the goals the unit works towards come first (it has an oppdrag on the goal)
    trivsel = skjema.index(f'value="{register["trivsel"].pk}"')
    fraavaer = skjema.index(f'value="{register["fraavaer"].pk}"')
    assert skjema.index("<optgroup") < trivsel < skjema.rindex("<optgroup") < fraavaer
    svar = c.post(
        NY,
        {
            "indikator": register["trivsel"].pk,
            "maal": "87,5",
            "ansvarleg_eining": org["einingar"]["skule"].pk,
            "kommentar": "Følgjast opp i kvar skule.",
        },
    )
    assert svar.status_code == 302 and svar["Location"] == SIDE + "#indikatorar"
    pi = PrioritertIndikator.objects.get()
    assert (pi.maal, pi.ansvarleg_eining, pi.ansvarleg, pi.verksemdsplan.eining, pi.verksemdsplan.aar) == (
        Decimal("87.5"),
        org["einingar"]["skule"],
        None,
        org["einingar"]["oppvekst"],
        2026,
    )
    logg = pi.history.get()
    assert logg.history_type == "+" and logg.history_user == org["brukarar"]["kommunalsjef"]
    # the unit's page lists it with its goal, the target written the Norwegian way, who follows it up
    html = client_as("medarbeidar").get(SIDE).content.decode()
    assert (
        "Elevar som trivst på skulen" in html
        and f'href="/planar/indikatorar/{register["trivsel"].pk}/"' in html
    )
    assert "Trygg oppvekst og god læring" in html and "87,5" in html and "Følgjast opp i kvar skule." in html
    assert 'href="/verksemdsplan/2026/2100/"' in html
    # once taken on, it is not offered again
    assert f'value="{register["trivsel"].pk}"' not in c.get(NY).content.decode()


def test_the_delegated_units_leader_sees_it_on_their_own_plan_and_in_their_list(org, teke, client_as):
    services.endre_indikator(
        teke,
        teke.versjon,
        user=org["brukarar"]["kommunalsjef"],
        maal=teke.maal,
        ansvarleg_eining=org["einingar"]["skule"],
    )
    html = client_as("tenesteleiar").get("/verksemdsplan/2026/2100/").content.decode()
    delegerte = html[html.index('id="delegerte-indikatorar"') :]
    assert "Elevar som trivst på skulen" in delegerte and "85,5" in delegerte
    assert 'href="/verksemdsplan/2026/2000/#indikator-' in delegerte  # where it was taken on
    # it is changed where it was taken on: no change link on the delegate's page
    assert _url(teke) not in html
    assert list(indikatorar.mine(org["brukarar"]["tenesteleiar"], 2026)) == [teke]
    # the kommunalsjef no longer follows it up herself; another year has nothing
    assert list(indikatorar.mine(org["brukarar"]["kommunalsjef"], 2026)) == []
    assert list(indikatorar.mine(org["brukarar"]["tenesteleiar"], 2027)) == []


def test_a_leader_delegates_to_a_person_in_the_unit(org, register, client_as):
    """Per Skule leads Skule and Knarvik skule below it (no leader of its own): he takes on an
    indicator for Knarvik skule and gives the follow-up to Silje, who works there."""
    svar = client_as("tenesteleiar").post(
        "/verksemdsplan/2026/2101/indikatorar/ny/",
        {"indikator": register["fraavaer"].pk, "maal": "5", "ansvarleg": org["brukarar"]["medarbeidar"].pk},
    )
    assert svar.status_code == 302
    pi = PrioritertIndikator.objects.get()
    assert pi.ansvarleg == org["brukarar"]["medarbeidar"] and pi.maal == Decimal("5")
    assert list(indikatorar.mine(org["brukarar"]["medarbeidar"], 2026)) == [pi]
    assert "Silje Lærar" in client_as("medarbeidar").get("/verksemdsplan/2026/2101/").content.decode()
    # someone outside the unit is not a choice (nor through the service)
    with pytest.raises(services.Oppdragsfeil):
        services.endre_indikator(
            pi,
            pi.versjon,
            user=org["brukarar"]["tenesteleiar"],
            maal=None,
            ansvarleg=org["brukarar"]["utanfor"],
        )


@pytest.mark.parametrize(
    "maal,kode",
    [
        ("87,55", "desimalar"),  # one decimal allowed: refused, not rounded to 87,6
        ("100,1", "maksimum"),
        ("-1", "minimum"),
        ("\u22120,5", "minimum"),  # the minus sign our pages print
        ("åtti", "invalid"),
        ("1.234,5", "maksimum"),  # read as 1234,5, not misread as 1,2345
        ("12,5,1", "invalid"),
    ],
)
def test_the_target_is_checked_against_the_indicator_and_never_rounded(maal, kode, org, register, client_as):
    svar = client_as("kommunalsjef").post(NY, {"indikator": register["trivsel"].pk, "maal": maal})
    assert svar.status_code == 200
    assert feilkodar(svar, "maal") == [kode]
    assert 'name="maal" value="' + maal + '"' in svar.content.decode()  # what was typed stays
    assert not PrioritertIndikator.objects.exists()


@pytest.mark.parametrize(
    "maal,verdi", [("87,50", "87.5"), ("0,5", "0.5"), ("100", "100"), ("  42.5 ", "42.5")]
)
def test_a_valid_target_is_kept_exactly(maal, verdi, org, register, client_as):
    svar = client_as("kommunalsjef").post(NY, {"indikator": register["trivsel"].pk, "maal": maal})
    assert svar.status_code == 302
    assert PrioritertIndikator.objects.get().maal == Decimal(verdi)


def test_a_unit_or_a_person_not_both(org, register, client_as):
    svar = client_as("kommunalsjef").post(
        NY,
        {
            "indikator": register["trivsel"].pk,
            "ansvarleg_eining": org["einingar"]["skule"].pk,
            "ansvarleg": org["brukarar"]["kommunalsjef"].pk,
        },
    )
    assert svar.status_code == 200 and "ansvarleg" in svar.context["form"].errors
    assert not PrioritertIndikator.objects.exists()


def test_a_double_submit_stores_once(org, register, client_as):
    c = client_as("kommunalsjef")
    data = {"indikator": register["trivsel"].pk, "maal": "80"}
    assert c.post(NY, data).status_code == 302
    assert c.post(NY, data).status_code == 302
    pi = PrioritertIndikator.objects.get()
    assert pi.history.count() == 1
    # other values for an indicator already taken on are refused by the field, not stored
    svar = c.post(NY, data | {"maal": "90"})
    assert svar.status_code == 200 and "indikator" in svar.context["form"].errors
    pi.refresh_from_db()
    assert pi.maal == Decimal("80")


def test_a_change_is_saved_with_history_and_a_concurrent_one_is_refused(org, teke, client_as):
    c = client_as("kommunalsjef")
    html = c.get(_url(teke)).content.decode()
    assert 'value="85,5"' in html and 'name="versjon" value="1"' in html
    data = {"maal": "86", "kommentar": "Nytt mål etter dialog.", "versjon": "1"}
    # someone else saves first
    services.endre_indikator(
        teke, 1, user=org["brukarar"]["kommunedirektor"], maal=Decimal("90"), kommentar="Direktøren sitt mål."
    )
    svar = c.post(_url(teke), data)
    assert svar.status_code == 200 and "Nokon andre lagra" in svar.content.decode()
    teke.refresh_from_db()
    assert teke.maal == Decimal("90") and teke.versjon == 2
    # saving again, knowingly, keeps theirs out: the form now carries the new version
    svar = c.post(_url(teke), data | {"versjon": "2"})
    assert svar.status_code == 302
    teke.refresh_from_db()
    assert (teke.maal, teke.kommentar, teke.versjon) == (Decimal("86"), "Nytt mål etter dialog.", 3)
    # the same form sent twice: the second finds exactly this saved, and changes nothing
    assert c.post(_url(teke), data | {"versjon": "2"}).status_code == 302
    teke.refresh_from_db()
    assert teke.versjon == 3
    assert "Ola Oppvekst" in teke.history.first().history_change_reason
    assert teke.history.first().history_user == org["brukarar"]["kommunalsjef"]
    assert "Ola Oppvekst" in c.get(_url(teke)).content.decode()  # the change log on the page


def test_remove_with_history_once_and_not_over_a_newer_change(org, teke, client_as):
    c = client_as("kommunalsjef")
    # a change made after the page was shown stops the removal
    services.endre_indikator(teke, 1, user=org["brukarar"]["kommunedirektor"], maal=Decimal("90"))
    svar = c.post(_url(teke, "fjern/"), {"versjon": "1"})
    assert svar.status_code == 302 and svar["Location"] == _url(teke)
    assert PrioritertIndikator.objects.filter(pk=teke.pk).exists()
    svar = c.post(_url(teke, "fjern/"), {"versjon": "2"})
    assert svar.status_code == 302 and svar["Location"] == SIDE + "#indikatorar"
    assert not PrioritertIndikator.objects.exists()
    assert PrioritertIndikator.history.filter(id=teke.pk, history_type="-").count() == 1
    # a second submit lands on the page like the first
    assert c.post(_url(teke, "fjern/"), {"versjon": "2"})["Location"] == SIDE + "#indikatorar"


def test_readers_see_the_section_without_change_links(teke, client_as):
    html = client_as("medarbeidar").get(SIDE).content.decode()
    assert 'id="indikatorar"' in html and f'id="indikator-{teke.pk}"' in html
    assert NY not in html and _url(teke) not in html
    leiar = client_as("kommunalsjef").get(SIDE).content.decode()
    assert NY in leiar and _url(teke) in leiar


def test_the_page_keeps_its_query_count_whatever_the_number_of_indicators(org, register, teke, client_as):
    from tests.factories import UserFactory

    radgjevar = UserFactory(namn="Rådgjevar Oppvekst", eining=org["einingar"]["oppvekst"])

    def fleire(n, start):
        for i in range(start, start + n):
            ind = Indikator.objects.create(namn=f"Indikator {i}", maaleeining=Indikator.Maaleeining.TAL)
            MaalIndikator.objects.create(maal=register["maal"], indikator=ind)
            services.ta_paa_indikator(
                eining=org["einingar"]["oppvekst"],
                aar=2026,
                indikator=ind,
                user=org["brukarar"]["kommunalsjef"],
                maal=Decimal(i),
                **({"ansvarleg_eining": org["einingar"]["skule"]} if i % 2 else {"ansvarleg": radgjevar}),
            )

    c = client_as("kommunalsjef")
    fleire(2, 0)
    for url in (SIDE, "/verksemdsplan/2026/2100/"):
        lite = tal_sporjingar(c, url)
        fleire(20, 100 + len(url))
        assert tal_sporjingar(c, url) == lite, url


def test_the_demo_takes_on_about_half_mostly_under_oppvekst_and_helse_and_a_rerun_changes_nothing(
    org, register
):
    from tests.factories import UserFactory
    from verksemdsplan.demo import bygg_indikatorar

    UserFactory(namn="Berit Skulerådgjevar", eining=org["einingar"]["skule"])  # someone to delegate to
    for namn, retning in [
        ("Del born i barnehage", "hoegare"),
        ("Grunnskulepoeng", "hoegare"),
        ("Del brukarar på sjukeheim med einerom", "hoegare"),
        ("Ventetid heimeteneste", "laagare"),
        ("Del hushaldsavfall til attvinning", "hoegare"),
        ("Svartid byggesaker", "laagare"),
    ]:
        ind = Indikator.objects.create(
            namn=namn, maaleeining="tal", desimalar=1, retning=retning, maksimum=Decimal("100")
        )
        k = MaalIndikator.objects.create(maal=register["maal"], indikator=ind)
        k.maalverdiar.create(aar=2026, verdi=Decimal("100") if namn == "Grunnskulepoeng" else Decimal("40"))
    bygg_indikatorar()
    rader = list(PrioritertIndikator.objects.select_related("verksemdsplan__eining", "indikator"))
    assert len(rader) == 4  # half of eight
    under = {org["einingar"][k].path for k in ("oppvekst", "helse")}
    assert all(any(pi.verksemdsplan.eining.path.startswith(p) for p in under) for pi in rader)
    assert any(pi.er_delegert for pi in rader)
    for pi in rader:
        assert pi.verksemdsplan.aar == 2026
        if pi.maal is not None:
            pi.indikator.valider(pi.maal)  # a valid own target, never past the indicator's bounds
    # a step more ambitious than the plan's 40, where the bounds allow it (not above 100)
    assert {pi.indikator.namn: pi.maal for pi in rader}.get("Grunnskulepoeng", Decimal("100")) == Decimal(
        "100"
    )
    teljing = (PrioritertIndikator.objects.count(), PrioritertIndikator.history.count())
    bygg_indikatorar()
    assert (PrioritertIndikator.objects.count(), PrioritertIndikator.history.count()) == teljing


def test_the_demo_does_nothing_without_indicators(org):
    from verksemdsplan.demo import bygg_indikatorar

    bygg_indikatorar()
    assert not PrioritertIndikator.objects.exists()
