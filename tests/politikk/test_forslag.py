"""A group builds a budget proposal on the draft until it balances, submits it, and the
kommunestyre's adoption carries it into the plan and the oppdrag.

The draft (tests/budget/conftest.py, 2026–2029) has no income lines: 2026 costs 1 800 000 in
frames and 1 350 000 in prioritised operating tiltak (Leksehjelp 200 000, Fleire lærarar
900 000, skuleskyss −150 000, Nattpatrulje 400 000); 2027–2029 cost 3 150 000 each (Ny barnehage
2 000 000 from 2027, no frames)."""

import subprocess

import pytest
from django.urls import reverse

from alver.lib.historikk import vis_grunn
from budget import hovudoversikt
from budget.models import BudsjettTiltak, Verbalpunkt
from politikk import services
from politikk.models import Budsjettforslag, Forslagsendring, Forslagstiltak, Forslagsverbalpunkt
from tests.budget.conftest import tiltak
from tests.hjelp import tal_sporjingar
from verksemdsplan.models import Oppdrag

NBSP = "\u00a0"


def _kr(n):
    return f"{n:,}".replace(",", NBSP)


def _grid(f, plan, **felt):
    """What the proposal page posts: the version, the unit, and the cells given."""
    return {"versjon": f.versjon, "eining": felt.pop("eining", "kr"), **felt}


@pytest.fixture
def endringar(org, forslag):
    """The changes «Raudt og grønt» types: Fleire lærarar out, the rejected tiltak in, a new youth
    club (0,5 mill. in 2026), 100 000 less for Helse in 2026; all in mill. kr."""
    plan = forslag["plan"]
    t = {x.tittel: x for x in plan.tiltak.all()}
    helse = org["einingar"]["helse"]
    return {
        "eining": "mill",
        f"t_{t['Fleire lærarar'].pk}": "ikkje_prioritert",
        f"t_{t['Avvist tiltak'].pk}": "prioritert",
        "n_0_tittel": "Ungdomsklubb i Knarvik",
        "n_0_eining": org["einingar"]["oppvekst"].pk,
        "n_0_type": "drift",
        "n_0_2026": "0,5",
        f"r_{helse.pk}_2026": "-0,1",
    }


def test_the_balance_follows_the_form_before_anything_is_saved(org, forslag, endringar, som):
    f = forslag["utkast"]
    svar = som("politikar").post(f.get_absolute_url() + "rekn/", _grid(f, forslag["plan"], **endringar))
    html = svar.content.decode()
    # 3 150 000 − 900 000 + 5 000 000 + 500 000 − 100 000 in 2026; 3 150 000 − 900 000 + 5 000 000 later
    assert f"2026: {_kr(7_650_000)} kr manglar i driftsbudsjettet" in html
    assert f"2027: {_kr(7_250_000)} kr manglar i driftsbudsjettet" in html
    assert not Forslagstiltak.objects.exists() and not Forslagsendring.objects.exists()
    # an amount that does not come to whole kroner: no balance, and a message
    svar = som("politikar").post(
        f.get_absolute_url() + "rekn/", _grid(f, forslag["plan"], **endringar | {"n_0_2026": "0,1234567"})
    )
    assert "før beløpa som er merkte nedanfor, er retta" in svar.content.decode()


def test_a_group_builds_a_proposal_until_it_balances_and_submits_it(org, forslag, endringar, som):
    f, plan = forslag["utkast"], forslag["plan"]
    c = som("politikar")
    # saved out of balance: kept as the group's draft, and submitting is refused with the amount
    assert c.post(f.get_absolute_url(), _grid(f, plan, **endringar)).status_code == 302
    svar = c.post(f.get_absolute_url() + "lever/", follow=True)
    assert f"2026: {_kr(7_650_000)} kr manglar" in svar.content.decode()
    f.refresh_from_db()
    assert f.status == Budsjettforslag.Status.UTKAST
    # more tax closes it
    skatt = {
        "l_skatt_2026": "7,65",
        "l_skatt_2027": "7,25",
        "l_skatt_2028": "7,25",
        "l_skatt_2029": "7,25",
        "l_laan_2026": "0,25",
    }
    assert c.post(f.get_absolute_url(), _grid(f, plan, **endringar, **skatt)).status_code == 302
    # stored as exact kroner, and only what differs from the draft
    rader = {
        (ft.budsjetttiltak.tittel if ft.budsjetttiltak else ft.tittel): ft
        for ft in f.tiltak.select_related("budsjetttiltak")
    }
    assert set(rader) == {"Fleire lærarar", "Avvist tiltak", "Ungdomsklubb i Knarvik"}
    assert rader["Ungdomsklubb i Knarvik"].effektar == {"2026": 500_000}
    assert rader["Avvist tiltak"].effektar == {}  # the draft's amounts
    assert {(e.sektor_id, e.art, e.aar, e.belop) for e in f.endringar.all()} == {
        (org["einingar"]["helse"].pk, "", 2026, -100_000),
        (None, "skatt", 2026, 7_650_000),
        (None, "skatt", 2027, 7_250_000),
        (None, "skatt", 2028, 7_250_000),
        (None, "skatt", 2029, 7_250_000),
        (None, "laan", 2026, 250_000),  # Skule's investment frame, financed
    }
    assert services.oversikt(f)["i_balanse"]
    assert "I balanse" in c.get(f.get_absolute_url()).content.decode()
    assert c.post(f.get_absolute_url() + "lever/").status_code == 302
    f.refresh_from_db()
    assert f.status == Budsjettforslag.Status.LEVERT and f.levert_at is not None
    # now every politician reads it; the draft plan itself is untouched
    assert som("blaa").get(f.get_absolute_url()).status_code == 200
    assert plan.tiltak.get(tittel="Fleire lærarar").vedtak == "prioritert"


def test_a_proposal_saved_from_a_stale_page_is_a_conflict(org, forslag, endringar, som):
    f, plan = forslag["utkast"], forslag["plan"]
    c = som("politikar")
    gamal = _grid(f, plan, **endringar)
    assert c.post(f.get_absolute_url(), gamal).status_code == 302
    # the same page sent again (a double submit, or a second member on an old page): not stored twice
    svar = c.post(f.get_absolute_url(), gamal)
    assert svar.status_code == 200 and "Nokon andre lagra dette" in svar.content.decode()
    assert f.tiltak.count() == 3


def test_worded_orders_in_a_proposal(org, forslag, som):
    f = forslag["utkast"]
    c = som("politikar")
    data = {
        "nummer": "1a",
        "overskrift": "Kortare skuleveg",
        "tekst": "Greie ut skuleveg.",
        "ansvarleg_sektor": org["einingar"]["oppvekst"].pk,
    }
    assert c.post(f.get_absolute_url() + "verbalpunkt/", data).status_code == 302
    svar = c.post(f.get_absolute_url() + "verbalpunkt/", data)
    assert "Verbalpunkt 1a er alt i forslaget." in svar.content.decode()
    vp = f.verbalpunkt.get()
    assert c.post(f.get_absolute_url() + f"verbalpunkt/{vp.pk}/fjern/").status_code == 302
    assert not f.verbalpunkt.exists()


def _lever(org, forslag, endringar, som):
    f, plan = forslag["utkast"], forslag["plan"]
    skatt = {
        "l_skatt_2026": "7,65",
        "l_skatt_2027": "7,25",
        "l_skatt_2028": "7,25",
        "l_skatt_2029": "7,25",
        "l_laan_2026": "0,25",
    }
    c = som("politikar")
    c.post(f.get_absolute_url(), _grid(f, plan, **endringar, **skatt))
    c.post(
        f.get_absolute_url() + "verbalpunkt/",
        {
            "nummer": "1",
            "tekst": "Ungdomsklubben skal vere open i helgane.",
            "ansvarleg_sektor": org["einingar"]["oppvekst"].pk,
        },
    )
    services.lever(f, user=org["brukarar"]["politikar"])
    f.refresh_from_db()
    return f


def test_adopted_as_the_budget_the_plan_makes_exactly_the_proposals_oppdrag(
    org, forslag, endringar, som, django_capture_on_commit_callbacks
):
    f = _lever(org, forslag, endringar, som)
    plan = forslag["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        svar = som("sekretariat").post(
            f.get_absolute_url() + "vedta/",
            {"saksnummer": "PS 118/2025", "dato": "2025-12-11", "som": "heile"},
        )
    assert svar.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "vedtatt" and plan.saksnummer == "PS 118/2025"
    titlar = sorted(Oppdrag.objects.values_list("tittel", flat=True))
    # the draft's prioritised 2026 tiltak less Fleire lærarar, plus the rejected one and the new club;
    # the draft's two verbal resolutions and the proposal's (its number taken: «1 (Raudt og grønt)»)
    assert len(titlar) == 8
    for t in [
        "Leksehjelp",
        "Sparetiltak skuleskyss",
        "Nattpatrulje",
        "Avvist tiltak",
        "Ungdomsklubb i Knarvik",
    ]:
        assert t in titlar
    assert "Fleire lærarar" not in titlar
    vp = plan.verbalpunkt.get(nummer="1 (Raudt og grønt)")
    assert vp.parti == "Raudt og grønt" and vp.status == Verbalpunkt.Status.VEDTEKE
    # the record stays readable: who proposed what, adopted how
    f.refresh_from_db()
    assert (f.vedteke_som, f.vedteke_saksnummer) == ("heile", "PS 118/2025")
    ny = plan.tiltak.get(tittel="Ungdomsklubb i Knarvik")
    assert "Vedteke frå Raudt og grønt: Raudt budsjett, PS 118/2025" in [
        vis_grunn(h.history_change_reason) for h in ny.history.all()
    ]


def test_an_amendment_goes_into_the_draft_and_only_once(org, forslag, endringar, som):
    f = _lever(org, forslag, endringar, som)
    plan = forslag["plan"]
    c = som("sekretariat")
    assert (
        c.post(
            f.get_absolute_url() + "vedta/",
            {"saksnummer": "PS 118/2025 pkt 2", "dato": "2025-12-11", "som": "endring"},
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status != "vedtatt" and not Oppdrag.objects.exists()
    assert plan.tiltak.get(tittel="Fleire lærarar").vedtak == "ikkje_prioritert"
    assert plan.linjer.get(art="skatt").belop.get(aar=2026).belop == 7_650_000
    # a second time: refused, nothing applied twice
    svar = c.post(
        f.get_absolute_url() + "vedta/",
        {"saksnummer": "PS 118/2025 pkt 2", "dato": "2025-12-11", "som": "endring"},
    )
    assert svar.status_code == 403
    assert plan.linjer.get(art="skatt").belop.get(aar=2026).belop == 7_650_000


def test_the_comparison_sets_each_proposal_beside_the_draft_with_sums(org, forslag, endringar, som):
    f = _lever(org, forslag, endringar, som)
    svar = som("medarbeidar").get("/okonomiplan/2026/forslag/samanlikn/")
    tabell = svar.context["tabell"]
    kolonnar = [k["namn"] for k in svar.context["kolonnar"]]
    assert kolonnar == ["Utkastet", "Blått: Blått budsjett", "Raudt og grønt: Raudt budsjett"]
    summar = {s["aar"]: s["verdiar"] for s in tabell["summar"]}
    # net frames: the draft's, Blått's (no changes), Raudt og grønt's (− 900 000 + 5 000 000
    # + 500 000 − 100 000 in 2026)
    assert summar[2026] == [3_150_000, 3_150_000, 7_650_000]
    assert summar[2027] == [3_150_000, 3_150_000, 7_250_000]
    oppvekst = {(r["sektor"].namn, r["aar"]): r["verdiar"] for r in tabell["sektorrader"]}
    assert oppvekst[("Oppvekst", 2026)] == [2_450_000, 2_450_000, 2_050_000]
    tiltak_rader = {r["tittel"]: r for r in tabell["tiltak"]}
    assert tiltak_rader["Avvist tiltak"]["utkast"] == ("ikkje prioritert", 20_000_000)
    assert tiltak_rader["Avvist tiltak"]["forslag"] == [None, ("prioritert", 20_000_000)]
    # the private draft of a group is not among another reader's columns, even when asked for
    utkast = services.lag_forslag(forslag["plan"], f.gruppe, "Anna utkast", user=org["brukarar"]["politikar"])
    svar = som("blaa").get(f"/okonomiplan/2026/forslag/samanlikn/?forslag={utkast.pk}&forslag={f.pk}")
    assert [k["namn"] for k in svar.context["kolonnar"]] == ["Utkastet", "Raudt og grønt: Raudt budsjett"]
    # and as PDF
    pdf = som("medarbeidar").get("/okonomiplan/2026/forslag/samanlikn.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    tekst = (
        subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True)
        .stdout.decode()
        .replace(NBSP, " ")
    )
    assert "Budsjettforslag samanlikna" in tekst and "Raudt og grønt" in tekst and "Ungdomsklubb" in tekst
    assert "7 650 000" in tekst


def test_the_proposal_page_keeps_its_query_count_with_more_tiltak(org, forslag, som):
    f, plan = forslag["utkast"], forslag["plan"]
    c = som("politikar")
    for i in range(3):
        tiltak(plan, f"Ekstra {i}", org["einingar"]["knarvik"])
    fa = tal_sporjingar(c, f.get_absolute_url())
    for i in range(3, 40):
        tiltak(plan, f"Ekstra {i}", org["einingar"]["knarvik"], vedtak="ikkje_prioritert")
    f.refresh_from_db()
    assert plan.tiltak.count() > 40
    assert tal_sporjingar(c, f.get_absolute_url()) == fa


def test_adoption_from_a_proposal_out_of_balance_is_refused_and_nothing_is_kept(org, forslag, som):
    f = forslag["levert"]  # submitted in the fixture without balancing (as a test shortcut)
    plan = forslag["plan"]
    ft = Forslagstiltak.objects.create(
        forslag=f,
        budsjetttiltak=plan.tiltak.get(tittel="Fleire lærarar"),
        type="drift",
        vedtak="ikkje_prioritert",
    )
    svar = som("sekretariat").post(
        f.get_absolute_url() + "vedta/", {"saksnummer": "PS 1/2025", "dato": "2025-12-11", "som": "heile"}
    )
    assert svar.status_code == 200 and "ikkje i balanse" in svar.content.decode()
    # the proposal's change was rolled back with the refused adoption
    assert plan.tiltak.get(tittel="Fleire lærarar").vedtak == BudsjettTiltak.Vedtak.PRIORITERT
    f.refresh_from_db()
    assert f.vedteke_som == "" and ft.pk


def test_groups_are_kept_by_the_sekretariat(org, grupper, okonomiplan, som):
    c = som("sekretariat")
    politikar = org["brukarar"]["politikar"]
    svar = c.post(
        "/politikk/grupper/ny/", {"namn": "Kristeleg Folkeparti", "medlemmer": [politikar.pk], "aktiv": "on"}
    )
    assert svar.status_code == 302
    # a name taken in another case, and a member who is no politician, are refused
    svar = c.post(
        "/politikk/grupper/ny/",
        {"namn": "kristeleg folkeparti", "medlemmer": [org["brukarar"]["okonomi"].pk]},
    )
    html = svar.content.decode()
    assert "Det finst alt ei gruppe som heiter kristeleg folkeparti." in html
    assert "er ikkje eit av dei tilgjengelege valga" in html
    # the politician now writes for the new group too
    assert "Kristeleg Folkeparti" in som("politikar").get("/okonomiplan/2026/forslag/ny/").content.decode()


def test_changing_only_the_amounts_keeps_the_drafts_decision_and_numbers_never_clash(org, forslag):
    plan, f = forslag["plan"], forslag["utkast"]
    politikar = org["brukarar"]["politikar"]
    t = tiltak(plan, "Ikkje vurdert enno", org["einingar"]["skule"], vedtak="ikkje_vurdert", effekt=10_000)
    services.lagre_endringar(
        f,
        f.versjon,
        {"tiltak": {t.pk: ("", {2026: 20_000})}, "nye": [], "rammer": {}, "linjer": {}},
        user=politikar,
    )
    ft = f.tiltak.get()
    assert (ft.vedtak, ft.effektar) == ("", {"2026": 20_000})
    # not prioritised in the draft: its amounts count for nothing, changed or not
    assert services.oversikt(f)["udisponert"] == hovudoversikt.for_plan(plan)["udisponert"]
    # a long group name and a number the plan has: a number that fits and is free
    f.gruppe.namn = "Arbeidarpartiet og Senterpartiet"
    f.gruppe.save()
    services.legg_til_verbalpunkt(
        f, Forslagsverbalpunkt(nummer="1", tekst="Eit punkt.", ansvarleg_sektor=org["einingar"]["oppvekst"])
    )
    f.status = "levert"
    f.save()
    services.bruk_i_utkastet(f, saksnummer="PS 118/2025 pkt. 3", user=org["brukarar"]["sekretariat"])
    t.refresh_from_db()
    assert t.vedtak == "ikkje_vurdert" and dict(t.effektar.values_list("aar", "belop")) == {2026: 20_000}
    assert plan.verbalpunkt.filter(nummer="1-2", parti="Arbeidarpartiet og Senterpartiet").exists()


def test_a_submitted_proposal_tells_okonomi_and_the_sekretariat_who_can_open_it(
    org, forslag, endringar, som, django_capture_on_commit_callbacks
):
    from alver.models import Varsel

    Varsel.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        f = _lever(org, forslag, endringar, som)
    varsel = Varsel.objects.filter(kind="forslag_levert").order_by("mottakar_id")
    u = org["brukarar"]
    assert [v.mottakar for v in varsel] == sorted([u["okonomi"], u["sekretariat"]], key=lambda x: x.pk)
    for v in varsel:
        assert v.url == f.get_absolute_url() and "Raudt budsjett" in v.tekst
        rolle = "okonomi" if v.mottakar == u["okonomi"] else "sekretariat"
        assert som(rolle).get(v.url).status_code == 200
    # the group that submitted it is not told of its own act
    assert not Varsel.objects.filter(mottakar=u["politikar"]).exists()


def test_the_lists_of_proposals_keep_their_query_count_with_more_proposals(org, forslag, grupper, som):
    """The økonomiplan page's panel and the list link each proposal to its page, whose address
    names the plan's year: the plan is not read again per proposal. The comparison sets at most
    six beside the draft, so more proposals than that cost it nothing more."""
    plan = forslag["plan"]
    c = som("okonomi")
    sider = [
        reverse("budget:okonomiplan", args=[plan.forste_aar]),
        reverse("politikk:forslag_liste", args=[plan.forste_aar]),
    ]
    samanlikn = reverse("politikk:samanlikn", args=[plan.forste_aar])
    Budsjettforslag.objects.filter(okonomiplan=plan).update(status="levert")
    fa = [tal_sporjingar(c, url) for url in sider]

    def fleire(fra, til):
        for i in range(fra, til):
            services.lag_forslag(plan, grupper["blaa"], f"Blått nr. {i}", user=org["brukarar"]["blaa"])
        Budsjettforslag.objects.filter(okonomiplan=plan).update(status="levert")

    fleire(0, 4)
    html = c.get(sider[1]).content.decode()
    assert all(f"Blått nr. {i}" in html for i in range(4))
    assert [tal_sporjingar(c, url) for url in sider] == fa
    seks = tal_sporjingar(c, samanlikn)
    fleire(4, 7)
    assert tal_sporjingar(c, samanlikn) == seks
