"""The overview of where internal control slips: who sees which part, the counts along the
organisation, the months and the points, the leaders who have not answered, drill-down and
pagination, and a query count that does not grow with the kommune. Also the month's summary
reporting renders (`oppsummering`)."""

import datetime

import pytest

from alver.models import Eining
from checklists import oversikt, services
from checklists.models import Svar
from tests.factories import EiningFactory
from tests.hjelp import berre, tal_sporjingar

URL = "/sjekklister/2026/oversikt/"


def _rad(punkt, periode, verdi, kommentar=""):
    return {"punkt": punkt, "periode": periode, "verdi": verdi, "kommentar": kommentar, "versjon": 0}


@pytest.fixture
def svara(org, sjekkliste, klokke):
    """Skule answers February and March while they are open (a «no» in March, the first tertial
    «partly»), and November and the year now. Nobody else has answered."""
    skule, leiar, p = org["einingar"]["skule"], org["brukarar"]["tenesteleiar"], sjekkliste["punkt"]
    klokke.sett(datetime.date(2026, 3, 5))
    services.lagre_svar(
        skule,
        [
            _rad(p["samtale"], "2026-m02", "ja"),
            _rad(p["samtale"], "2026-m03", "nei", "Ingen samtale"),
            _rad(p["vernerunde"], "2026-t1", "delvis", "Berre eitt bygg"),
        ],
        user=leiar,
    )
    klokke.sett(klokke.REFERANSEDATO)
    services.lagre_svar(
        skule,
        [_rad(p["samtale"], "2026-m11", "ja"), _rad(p["grunnopplaering"], "2026-aar", "ja")],
        user=leiar,
    )
    return sjekkliste


def _rad_for(rader, namn):
    return next(r for r in rader if r.eining.namn == namn)


@pytest.mark.parametrize(
    "url,rolle,status",
    berre(
        URL,
        {"kommunedirektor": 200, "hr": 200, "administrator": 200, "kommunalsjef": 200, "tenesteleiar": 200},
        andre=404,
    )
    + [
        (URL + "?eining=3000", "kommunalsjef", 404),  # the other sector
        (URL + "?eining=2000", "kommunalsjef", 200),
        (URL + "?eining=2000", "tenesteleiar", 404),  # above the unit they lead
        (URL + "?eining=2101", "tenesteleiar", 200),
        (URL + "?eining=3000", "hr", 200),
        (URL + "?eining=9999", "kommunedirektor", 404),
        (URL + "?punkt=999999", "kommunedirektor", 404),
        (URL + "?punkt=x", "kommunedirektor", 404),
        ("/sjekklister/2025/oversikt/", "kommunedirektor", 404),  # no checklist that year
    ],
)
def test_who_sees_the_overview(sjekkliste, client_as, url, rolle, status):
    assert client_as(rolle).get(url).status_code == status


def test_a_draft_checklist_has_no_overview(org, client_as):
    services.lag_sjekkliste(2026, user=org["brukarar"]["hr"])
    assert client_as("kommunedirektor").get(URL).status_code == 404


def test_each_reader_starts_where_they_see(svara, client_as):
    rader = lambda rolle: [(r.eining.namn, r.eigen) for r in client_as(rolle).get(URL).context["o"].rader]  # noqa: E731
    assert rader("kommunedirektor") == [("Oppvekst", False), ("Helse og omsorg", False)]
    assert rader("hr") == rader("kommunedirektor")
    assert rader("kommunalsjef") == [("Oppvekst", True), ("Skule", False)]
    assert rader("tenesteleiar") == [("Skule", True), ("Knarvik skule", False)]


def test_the_months_count_each_sectors_answers(svara, client_as):
    svar = client_as("kommunedirektor").get(URL)
    o = svar.context["o"]
    assert [m.kode for m in o.maanader] == [f"2026-m{n:02}" for n in range(1, 12)]  # up to November
    oppvekst, helse = _rad_for(o.rader, "Oppvekst"), _rad_for(o.rader, "Helse og omsorg")
    # three units answer four points in Oppvekst, three points in Helse (one is Oppvekst's own)
    feb, mar, nov = oppvekst.maanader[1], oppvekst.maanader[2], oppvekst.maanader[10]
    # February: the month, the tertial («partly») and the year count; 7 missing are past their deadline
    assert (feb.forfalne, feb.svart, feb.nei, feb.delvis, feb.manglar, feb.for_seint) == (12, 3, 0, 1, 9, 7)
    assert feb.tekst == "3/12 · 1 delvis · 9 manglar, 7 for seint" and feb.farge == "danger"
    assert (mar.svart, mar.nei, mar.delvis) == (3, 1, 1)
    assert (nov.forfalne, nov.svart, nov.for_seint) == (12, 2, 0)  # November is still open
    assert nov.farge == "warning"
    assert [(m.forfalne, m.svart) for m in helse.maanader] == [(9, 0)] * 11
    # the year so far counts each period once
    assert (oppvekst.aaret.forfalne, oppvekst.aaret.svart, oppvekst.aaret.nei, oppvekst.aaret.delvis) == (
        78,
        5,
        1,
        1,
    )
    assert oppvekst.aaret.for_seint == 63
    assert (helse.aaret.forfalne, helse.aaret.svart) == (45, 0)
    assert (o.totalt.forfalne, o.totalt.svart, o.totalt.prosent) == (123, 5, 4)
    html = svar.content.decode()
    assert "3/12 · 1 delvis · 9 manglar, 7 for seint" in html
    assert 'href="?eining=2000"' in html  # a sector drills down


def test_the_points_the_no_answers_and_the_leaders_behind(svara, client_as):
    o = client_as("kommunedirektor").get(URL).context["o"]
    samtale = next(pr for pr in o.punktrader if pr.punkt == svara["punkt"]["samtale"])
    mar = samtale.maanader[2]
    assert (mar.forfalne, mar.svart, mar.nei) == (6, 1, 1)
    assert [pr.punkt for pr in o.meist_nei] == [svara["punkt"]["samtale"], svara["punkt"]["vernerunde"]]
    assert [(m.eining.namn, m.manglar, m.for_seint) for m in o.manglande] == [
        ("Oppvekst", 26, 22),
        ("Knarvik skule", 26, 22),
        ("Skule", 21, 19),
        ("Helse og omsorg", 15, 12),
        ("Sjukeheimar", 15, 12),
        ("Lindås sjukeheim", 15, 12),
    ]
    html = client_as("kommunedirektor").get(URL).content.decode()
    assert "Ola Oppvekst" in html and "Ingen leiar" in html
    assert f'href="/sjekklister/2026/punkt/{svara["punkt"]["samtale"].pk}/"' in html


def test_one_point_narrows_every_count(svara, client_as):
    p = svara["punkt"]["oppvekst"]
    o = client_as("kommunedirektor").get(f"{URL}?punkt={p.pk}").context["o"]
    assert o.valt == p and [pr.punkt for pr in o.punktrader] == [p]
    assert [(r.eining.namn, r.aaret.forfalne, r.aaret.svart) for r in o.rader] == [
        ("Oppvekst", 33, 0),
        ("Helse og omsorg", 0, 0),
    ]


def test_drilling_down_reaches_a_units_answers(svara, client_as):
    c = client_as("kommunedirektor")
    svar = c.get(f"{URL}?eining=2100")
    o = svar.context["o"]
    assert [(r.eining.namn, r.eigen, r.har_under) for r in o.rader] == [
        ("Skule", True, False),
        ("Knarvik skule", False, False),
    ]
    assert [e.namn for e in svar.context["over"]] == ["Testvik kommune", "Oppvekst"]
    html = svar.content.decode()
    assert 'href="/sjekklister/svar/2100/?maanad=2026-m03"' in html  # the unit's own answers that month
    assert 'href="/sjekklister/svar/2101/?maanad=2026-m03"' in html
    # a leader sees no way up past the unit they lead
    assert client_as("tenesteleiar").get(URL).context["over"] == []


def test_many_rows_are_paginated(svara, org, client_as):
    sjukeheim = org["einingar"]["sjukeheim"]
    for n in range(55):
        EiningFactory(parent=sjukeheim, namn=f"Avdeling {n:02}", kode=f"31{n:02}x")
    c = client_as("kommunedirektor")
    side1 = c.get(f"{URL}?eining=3100")
    assert side1.context["side"].paginator.count == 57  # its own row, Lindås and 55 more
    assert len(side1.context["side"]) == 50
    html = side1.content.decode()
    assert 'href="?eining=3100&amp;side=2"' in html and "Side 1 av 2" in html
    side2 = c.get(f"{URL}?eining=3100&side=2")
    assert [r.eining.namn for r in side2.context["side"]][-1] == "Avdeling 54"
    # the bounded lists stay bounded
    o = side1.context["o"]
    assert len(o.manglande) == oversikt.LISTE and o.tal_manglande == 57
    assert len(o.lagast) == oversikt.LISTE


def test_the_query_count_does_not_grow_with_the_kommune(svara, org, client_as):
    c = client_as("kommunedirektor")
    foer = tal_sporjingar(c, URL)
    foer_ned = tal_sporjingar(c, f"{URL}?eining=3000")
    helse, leiar, p = org["einingar"]["helse"], org["brukarar"]["tenesteleiar"], svara["punkt"]
    for n in range(30):
        e = EiningFactory(parent=helse, namn=f"Eining {n}", kode=f"32{n:02}", leiar=leiar if n % 2 else None)
        services.lagre_svar(
            e,
            [
                _rad(p["samtale"], "2026-m11", "nei" if n % 3 else "ja", "Nei"),
                _rad(p["vernerunde"], "2026-aar", "ja"),
            ],
            user=leiar,
        )
    assert Svar.objects.count() == 65
    assert tal_sporjingar(c, URL) == foer
    assert tal_sporjingar(c, f"{URL}?eining=3000") == foer_ned


def test_the_months_summary_for_the_report(svara, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        s = oversikt.oppsummering(2026, "2026-m03")
    assert (s["forfalne"], s["svart"], s["nei"], s["delvis"], s["manglar"]) == (21, 3, 1, 1, 18)
    assert [
        (r["eining"].namn, r["forfalne"], r["svart"], r["nei"], r["manglar"]) for r in s["per_eining"]
    ] == [
        ("Oppvekst", 12, 3, 1, 9),
        ("Helse og omsorg", 9, 0, 0, 9),
    ]
    s = oversikt.oppsummering(2026, "2026-m03", eining=org["einingar"]["oppvekst"])
    assert s["forfalne"] == 12  # the sector's own answers count in the whole
    assert [(r["eining"].namn, r["forfalne"], r["svart"]) for r in s["per_eining"]] == [("Skule", 8, 3)]
    assert oversikt.oppsummering(2025, "2025-m03")["sjekkliste"] is None
    with pytest.raises(ValueError):
        oversikt.oppsummering(2026, "2026-t1")


def test_a_large_subtree_is_counted_the_same_and_closed_units_are_left_out(
    svara, org, client_as, monkeypatch
):
    """Up to `MED_ID` units the answers are asked for by unit id, beyond by the path prefix: the
    same counts either way, and a unit closed today leaves with its answers."""
    e, p = org["einingar"], svara["punkt"]
    services.lagre_svar(
        e["knarvik"], [_rad(p["samtale"], "2026-m11", "nei", "Nei")], user=org["brukarar"]["tenesteleiar"]
    )
    Eining.objects.filter(pk=e["knarvik"].pk).update(gyldig_til=datetime.date(2026, 11, 29))
    c = client_as("kommunedirektor")
    med_id = c.get(URL).context["o"]
    ned_id = c.get(f"{URL}?eining=2000").context["o"]
    summar = oversikt.oppsummering(2026, "2026-m11")
    monkeypatch.setattr(oversikt, "MED_ID", 0)
    med_sti = c.get(URL).context["o"]
    assert med_sti.rader == med_id.rader and med_sti.punktrader == med_id.punktrader
    assert med_sti.manglande == med_id.manglande and med_sti.totalt == med_id.totalt
    assert c.get(f"{URL}?eining=2000").context["o"].rader == ned_id.rader
    assert oversikt.oppsummering(2026, "2026-m11") == summar
    oppvekst = _rad_for(med_sti.rader, "Oppvekst")
    assert (oppvekst.aaret.forfalne, oppvekst.aaret.svart, oppvekst.aaret.nei) == (52, 5, 1)  # two units now
    assert "Knarvik skule" not in [m.eining.namn for m in med_sti.manglande]
