"""Answering a month's checklist on the unit's page, the follow-up by the leader above, and the
checklist's facts on Mi side, the verksemdsplan and the oppdrag page."""

import pytest

from checklists import services
from checklists.models import Oppfolging, Svar
from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan.models import Oppdrag

SKULE = "/sjekklister/svar/2100/"
NOV = SKULE + "?maanad=2026-m11"

MATRISE = (
    alle_les("/sjekklister/")
    + berre(
        SKULE,
        {"tenesteleiar": 200, "kommunalsjef": 200, "kommunedirektor": 200, "hr": 200, "administrator": 200},
        andre=404,
    )
    + berre("/sjekklister/svar/3000/", {"kommunedirektor": 200, "hr": 200, "administrator": 200}, andre=404)
)


@pytest.mark.parametrize(("url", "rolle", "status"), MATRISE)
def test_who_reaches_the_pages(url, rolle, status, client_as, sjekkliste):
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize(
    ("rolle", "status"),
    [
        ("tenesteleiar", 302),
        ("kommunalsjef", 403),
        ("hr", 403),
        ("kommunedirektor", 403),
        ("medarbeidar", 404),
        ("politikar", 404),
    ],
)
def test_only_the_units_leader_saves_answers(rolle, status, client_as, sjekkliste):
    p = sjekkliste["punkt"]["samtale"]
    svar = client_as(rolle).post(NOV, {f"p{p.pk}-verdi": "ja", f"p{p.pk}-versjon": "0"})
    assert svar.status_code == status
    assert Svar.objects.filter(punkt=p).exists() == (status == 302)


@pytest.mark.parametrize(
    ("rolle", "status"),
    [
        ("kommunalsjef", 302),
        ("kommunedirektor", 302),
        ("tenesteleiar", 403),
        ("hr", 403),
        ("medarbeidar", 404),
    ],
)
def test_the_leaders_above_follow_up(rolle, status, client_as, sjekkliste):
    url = f"{SKULE}2026-m11/oppfolging/"
    assert client_as(rolle).get(url).status_code in (405, 404)
    svar = client_as(rolle).post(url, {"kommentar": "Gått gjennom", "droefta": "on", "versjon": "0"})
    assert svar.status_code == status
    assert Oppfolging.objects.filter(kommentar="Gått gjennom", droefta_at__isnull=False).exists() == (
        status == 302
    )


def test_the_leader_sees_the_months_points_grouped_and_answers_several_at_once(client_as, sjekkliste):
    c = client_as("tenesteleiar")
    side = c.get(NOV).content.decode()
    p = sjekkliste["punkt"]
    for punkt in p.values():
        assert punkt.sporsmaal in side  # the sector point applies to Skule (under Oppvekst)
    assert "Leiardialog" in side and "Kommunelova § 25-1" in side and "10.12.2026" in side
    svar = c.post(
        NOV,
        {
            f"p{p['samtale'].pk}-verdi": "ja",
            f"p{p['samtale'].pk}-versjon": "0",
            f"p{p['vernerunde'].pk}-verdi": "nei",
            f"p{p['vernerunde'].pk}-kommentar": "Verneombodet var sjukmeld",
            f"p{p['vernerunde'].pk}-oppdrag": "on",
            f"p{p['vernerunde'].pk}-versjon": "0",
        },
        follow=True,
    )
    assert "2 svar lagra" in svar.content.decode() or "2 answers saved" in svar.content.decode()
    nei = Svar.objects.get(punkt=p["vernerunde"])
    assert nei.periode == "2026-aar" and nei.oppdrag is not None
    assert nei.oppdrag.tittel in svar.content.decode()  # the improvement oppdrag is linked from the answer


def test_a_nei_without_a_comment_saves_nothing_and_says_why(client_as, sjekkliste):
    p = sjekkliste["punkt"]
    svar = client_as("tenesteleiar").post(
        NOV,
        {
            f"p{p['samtale'].pk}-verdi": "ja",
            f"p{p['samtale'].pk}-versjon": "0",
            f"p{p['grunnopplaering'].pk}-verdi": "nei",
            f"p{p['grunnopplaering'].pk}-versjon": "0",
        },
    )
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "feilsamandrag" in tekst and ("kommentar" in tekst.lower() or "comment" in tekst.lower())
    assert not Svar.objects.exists()


def test_a_closed_month_is_read_only(client_as, sjekkliste, org):
    p = sjekkliste["punkt"]["samtale"]
    aar = sjekkliste["punkt"]["grunnopplaering"]
    c = client_as("tenesteleiar")
    side = c.get(SKULE + "?maanad=2026-m10").content.decode()
    # October's own point is closed (due 10 November); the year's point is still open there
    assert f'name="p{p.pk}-verdi"' not in side and f'name="p{aar.pk}-verdi"' in side
    c.post(SKULE + "?maanad=2026-m10", {f"p{p.pk}-verdi": "ja", f"p{p.pk}-versjon": "0"})
    assert not Svar.objects.exists()


def test_a_stale_form_shows_the_other_answer_and_keeps_it(client_as, sjekkliste, org):
    p = sjekkliste["punkt"]["samtale"]
    services.lagre_svar(
        org["einingar"]["skule"],
        [{"punkt": p, "periode": "2026-m11", "verdi": "nei", "kommentar": "Ikkje tid", "versjon": 0}],
        user=org["brukarar"]["tenesteleiar"],
    )
    svar = client_as("tenesteleiar").post(NOV, {f"p{p.pk}-verdi": "ja", f"p{p.pk}-versjon": "0"})
    assert svar.status_code == 200 and "Ikkje tid" in svar.content.decode()
    assert Svar.objects.get().verdi == "nei"


def test_a_reader_above_sees_no_form(client_as, sjekkliste):
    side = client_as("kommunalsjef").get(NOV).content.decode()
    assert 'type="radio"' not in side and "Save follow-up" in side or "Lagre oppfølging" in side


def test_the_answer_page_keeps_its_query_count(client_as, sjekkliste, org):
    from checklists import services as s

    c = client_as("tenesteleiar")
    fa = tal_sporjingar(c, NOV)
    hr = org["brukarar"]["hr"]
    t = sjekkliste["punkt"]["samtale"].sjekktype
    for i in range(6):
        s.lag_punkt(t, user=hr, sporsmaal=f"Ekstra punkt {i}?", frekvens="maanad", gjeld="alle")
    assert tal_sporjingar(c, NOV) == fa


def test_mi_side_and_the_verksemdsplan_show_what_to_answer(client_as, sjekkliste, org):
    c = client_as("tenesteleiar")
    mi = c.get("/mi-side/").content.decode()
    assert "/sjekklister/svar/2100/?maanad=2026-m11" in mi
    plan = c.get("/verksemdsplan/2026/2100/").content.decode()
    assert 'id="sjekkliste"' in plan and "/sjekklister/svar/2100/?maanad=2026-m11" in plan
    # a medarbeidar reads the plan but not the unit's answers: no checklist block, no link
    assert 'id="sjekkliste"' not in client_as("medarbeidar").get("/verksemdsplan/2026/2100/").content.decode()


def test_the_improvement_oppdrag_says_where_it_came_from(client_as, sjekkliste, org):
    p = sjekkliste["punkt"]["samtale"]
    services.lagre_svar(
        org["einingar"]["skule"],
        [
            {
                "punkt": p,
                "periode": "2026-m11",
                "verdi": "nei",
                "kommentar": "Ikkje tid",
                "versjon": 0,
                "oppdrag": True,
            }
        ],
        user=org["brukarar"]["tenesteleiar"],
    )
    o = Oppdrag.objects.get(kategori__kode="internkontroll")
    side = client_as("tenesteleiar").get(o.get_absolute_url()).content.decode()
    assert p.sporsmaal in side and "/sjekklister/svar/2100/?maanad=2026-m11" in side
    assert "/sjekklister/svar/" not in client_as("medarbeidar").get(o.get_absolute_url()).content.decode()


def test_a_politician_finds_the_yearly_report_and_nothing_of_the_working_lists(client_as, sjekkliste):
    side = client_as("politikar").get("/sjekklister/").content.decode()
    assert "/sjekklister/2026/rapport/" in side
    assert 'href="/sjekklister/2026/"' not in side and "/oversikt/" not in side and "/tilsyn/" not in side


def test_the_answer_page_shows_who_answered_and_changed_what(client_as, sjekkliste, org):
    """History everywhere (issue 22): each answer's changes under its check point."""
    p = sjekkliste["punkt"]
    c = client_as("tenesteleiar")
    c.post(NOV, {f"p{p['samtale'].pk}-verdi": "ja", f"p{p['samtale'].pk}-versjon": "0"})
    c.post(
        NOV,
        {
            f"p{p['samtale'].pk}-verdi": "nei",
            f"p{p['samtale'].pk}-kommentar": "Tre samtalar står att",
            f"p{p['samtale'].pk}-versjon": "1",
        },
    )
    logg = c.get(NOV).content.decode().split('id="endringslogg"', 1)[1]
    assert f"<strong>{p['samtale'].sporsmaal}</strong>" in logg
    assert "lagt til: </span>Tre samtalar står att</ins>" in logg and "<del>ja</del> → <ins>nei</ins>" in logg
