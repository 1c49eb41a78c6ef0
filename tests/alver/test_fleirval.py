"""Goals and strategies are chosen in a list of checkboxes (alver/lib/fleirval.py), never in a
<select multiple> where one stray click or arrow key silently drops the other choices."""

import re

import pytest

from plans.models import Maal, Plan, Strategi
from tests.budget.conftest import okonomiplan  # noqa: F401 (fixture)
from tests.hjelp import tal_sporjingar
from tests.plans.conftest import lag_maal, lag_plan, planar  # noqa: F401 (fixture)
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401 (fixture)
from verksemdsplan.models import Kategori, Oppdrag


@pytest.fixture
def maal(org):
    """Two adopted plans with goals and strategies, and a draft whose goals are not offered."""
    e = org["einingar"]
    kommuneplan = lag_plan(e["kommune"], tittel="Kommuneplanen")
    temaplan = lag_plan(e["oppvekst"], tittel="Temaplan for skule", kode="temaplan")
    utkast = lag_plan(e["helse"], status=Plan.Status.UNDER_ARBEID, tittel="Utkast til plan", kode="temaplan")
    m = {
        "trygg": lag_maal(kommuneplan, "Trygg oppvekst", rekkjefolgje=1),
        "helse": lag_maal(kommuneplan, "God folkehelse", rekkjefolgje=2),
        "lesing": lag_maal(temaplan, "Alle les godt", rekkjefolgje=1),
        "utkast": lag_maal(utkast, "Ikkje vedteke mål", rekkjefolgje=1),
    }
    m["tidleg"] = Strategi.objects.create(maal=m["trygg"], tittel="Tidleg innsats")
    m["bibliotek"] = Strategi.objects.create(maal=m["lesing"], tittel="Skulebibliotek")
    return m


def _nytt(org, **meir):
    return {
        "tittel": "Betre lesing",
        "kategori": Kategori.objects.manuelle().first().pk,
        "eining": org["einingar"]["skule"].pk,
        "aar": 2026,
    } | meir


def _boks(html, namn, pk):
    """The checkbox for one option, or None."""
    funne = re.search(rf'<input type="checkbox" name="{namn}" value="{pk}"[^>]*>', html)
    return funne and funne.group(0)


def test_goals_are_checkboxes_with_labels_grouped_by_plan(org, maal, client_as):
    html = client_as("kommunalsjef").get("/oppdrag/ny/").content.decode()
    assert not re.search(r"<select[^>]*multiple", html)
    fieldset = re.search(r'<fieldset class="ds-fieldset fleirval" id="id_maal".*?</legend>', html, re.S)
    assert fieldset and "Mål" in fieldset.group(0)
    boks = _boks(html, "maal", maal["lesing"].pk)
    assert boks and "checked" not in boks
    boks_id = re.search(r'id="([^"]+)"', boks).group(1)
    assert f'<label for="{boks_id}">Alle les godt</label>' in html
    assert "<legend>Temaplan for skule</legend>" in html
    assert "<legend>Kommuneplanen: Trygg oppvekst</legend>" in html  # a strategy under its plan and goal
    assert _boks(html, "maal", maal["utkast"].pk) is None  # only adopted plans' goals are offered
    # the filter box, its announcement and the count, in Nynorsk, ready for the script
    assert '<label class="ds-label" data-weight="regular" for="id_maal_filter">Filtrer mål</label>' in html
    assert 'role="status" data-fleirval-treff data-ein="%(n)s treff"' in html
    assert "Valt: 0" in html


def test_a_returned_form_keeps_the_chosen_goals_and_shows_them_first(org, maal, client_as):
    svar = client_as("kommunalsjef").post(
        "/oppdrag/ny/",
        _nytt(org, tittel="", maal=[maal["lesing"].pk, maal["helse"].pk], strategiar=[maal["tidleg"].pk]),
    )
    assert svar.status_code == 200 and "tittel" in svar.context["form"].errors
    html = svar.content.decode()
    for namn, pk in (
        ("maal", maal["lesing"].pk),
        ("maal", maal["helse"].pk),
        ("strategiar", maal["tidleg"].pk),
    ):
        assert "checked" in _boks(html, namn, pk)
    assert "checked" not in _boks(html, "maal", maal["trygg"].pk)
    assert "Valt: 2" in html and "Valt: 1" in html
    # chosen first: in its plan's group God folkehelse now comes before Trygg oppvekst
    assert html.index(f'value="{maal["helse"].pk}"') < html.index(f'value="{maal["trygg"].pk}"')
    assert Oppdrag.objects.filter(tittel="").count() == 0


def test_an_error_on_the_goals_sits_by_their_fieldset_and_the_summary_links_there(org, maal, client_as):
    svar = client_as("kommunalsjef").post("/oppdrag/ny/", _nytt(org, maal=[maal["utkast"].pk]))
    html = svar.content.decode()
    assert svar.status_code == 200 and "maal" in svar.context["form"].errors
    assert 'id="id_maal" data-fleirval aria-describedby=" id_maal_error"' in html
    assert re.search(r'<div id="id_maal_error"><p class="ds-validation-message"', html)
    assert '<a class="ds-link" href="#id_maal">Mål:' in html


def test_a_number_no_database_holds_is_an_invalid_choice_not_a_500(org, maal, client_as):
    """Issue 18: on SQLite the lookup raised OverflowError; on PostgreSQL it found nothing."""
    for tal in ("9" * 30, "-" + "9" * 30, str(2**63)):
        svar = client_as("kommunalsjef").post("/oppdrag/ny/", _nytt(org, maal=[tal, maal["trygg"].pk]))
        assert svar.status_code == 200 and "maal" in svar.context["form"].errors
    assert not Oppdrag.objects.filter(tittel="Betre lesing").exists()


def test_two_goals_and_a_strategy_are_stored(org, maal, client_as):
    svar = client_as("kommunalsjef").post(
        "/oppdrag/ny/",
        _nytt(org, maal=[maal["lesing"].pk, maal["trygg"].pk], strategiar=[maal["bibliotek"].pk]),
    )
    assert svar.status_code == 302
    o = Oppdrag.objects.get(tittel="Betre lesing")
    assert set(o.maal.all()) == {maal["lesing"], maal["trygg"]}
    assert list(o.strategiar.all()) == [maal["bibliotek"]]


def test_unchecking_one_goal_on_an_oppdrag_keeps_the_other(org, maal, oppdrag, client_as):  # noqa: F811
    oppdrag.maal.set([maal["lesing"], maal["trygg"]])
    url = f"/oppdrag/{oppdrag.pk}/endre/"
    c = client_as("kommunalsjef")
    html = c.get(url).content.decode()
    assert "checked" in _boks(html, "maal", maal["lesing"].pk) and "Valt: 2" in html
    svar = c.post(
        url,
        {"frist": "2026-12-01", "status": "i_gang", "versjon": oppdrag.versjon, "maal": [maal["trygg"].pk]},
    )
    assert svar.status_code == 302
    assert list(Oppdrag.objects.get(pk=oppdrag.pk).maal.all()) == [maal["trygg"]]


def test_the_form_pages_cost_the_same_queries_for_few_and_many_goals(org, maal, oppdrag, client_as):  # noqa: F811
    c = client_as("kommunalsjef")
    sider = ["/oppdrag/ny/", f"/oppdrag/{oppdrag.pk}/endre/"]
    oppdrag.maal.set([maal["lesing"]])
    faa = [tal_sporjingar(c, url) for url in sider]
    for p in range(4):
        plan = lag_plan(org["einingar"]["kommune"], tittel=f"Plan {p}")
        for i in range(10):
            Strategi.objects.create(maal=lag_maal(plan, f"Mål {p}.{i}", rekkjefolgje=i), tittel=f"S {p}.{i}")
    assert Maal.objects.count() > 40
    assert [tal_sporjingar(c, url) for url in sider] == faa
    # both read the session, the user, the roles' groups and the units the user leads (once per request,
    # shared by the roles and the access rules) and the header's unread count; the edit page also
    # reads the oppdrag and the decision it came from (a query of its own: joined in, PostgreSQL
    # spent longer planning than reading), its linked goals and strategies, and the
    # prosjektdirektiv's people and political bodies
    assert faa == [11, 14]


@pytest.mark.parametrize(
    "rolle,url,felt",
    [
        ("kommunalsjef", "oppdrag_endre", ["maal", "strategiar"]),
        ("sekretariat", "vedtak_endre", ["maal", "strategiar"]),
        ("okonomi", "/okonomiplan/2026/tiltak/ny/", ["maal", "strategiar"]),
        ("okonomi", "/okonomiplan/2026/verbalpunkt/ny/", ["maal"]),
        ("okonomi", "/okonomiplan/2026/sektor/2000/", ["maal", "strategiar"]),
        ("kommunalsjef", "plans_tiltak_ny", ["maal", "strategiar"]),
    ],
)
def test_every_form_with_goal_links_uses_the_checkbox_list(rolle, url, felt, maal, request, client_as):
    if url == "oppdrag_endre":
        url = f"/oppdrag/{request.getfixturevalue('oppdrag').pk}/endre/"
    elif url == "vedtak_endre":
        url = f"/vedtak/{request.getfixturevalue('oppdrag').kjelde_vedtak_id}/endre/"
    elif url == "plans_tiltak_ny":
        url = f"/planar/handlingsplan/{request.getfixturevalue('planar')['hp'].pk}/tiltak/ny/"
    else:
        request.getfixturevalue("okonomiplan")
    svar = client_as(rolle).get(url)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert not re.search(r"<select[^>]*multiple", html)
    for namn in felt:
        assert re.search(rf'<fieldset class="ds-fieldset fleirval" id="id_{namn}" data-fleirval', html), namn
        assert re.search(rf'<input type="checkbox" name="{namn}" value="\d+"', html), namn
