"""The roll-up along the organisation and the goals: counts per light and status, the rule
shown, and drill-down to the items behind a red or yellow."""

import pytest

from reporting import services
from reporting.models import Frekvens, Regel
from tests.hjelp import tal_sporjingar
from tests.plans.conftest import lag_maal, lag_plan
from verksemdsplan.models import Kategori


@pytest.fixture
def rapportert(org, periode, oppdrag, fleire):
    e, u = org["einingar"], org["brukarar"]
    # the red one sits deeper than the yellow, so only the light can put it first
    raud = fleire(e["knarvik"], u["tenesteleiar"], "Skuleskyss")
    gul = fleire(e["skule"], u["tenesteleiar"], "Nytt tak")
    fleire(e["skule"], u["tenesteleiar"], "Leksehjelp")  # not reported
    helse = fleire(e["helse"], e["helse"].leiar, "Velferdsteknologi")
    plan = lag_plan(e["kommune"])
    trygg = lag_maal(plan, "Trygge barn")
    raud.maal.add(trygg)
    oppdrag.maal.add(trygg)

    def rapporter(o, lys, status="i_rute", kommentar=""):
        services.rapporter(
            o, periode, status=status, lys=lys, kommentar=kommentar, framdrift=None, user=u["kommunedirektor"]
        )

    rapporter(oppdrag, "gron")
    rapporter(raud, "raud", "forseinka", "Manglar sjåførar")
    rapporter(gul, "gul", "forseinka", "Seint levert")
    rapporter(helse, "gron", "fullfort")
    return {"raud": raud, "gul": gul, "maal": trygg}


def _rad(rader, namn):
    return next(r for r in rader if r["eining"].namn == namn)


def test_the_kommune_sees_each_sector_with_its_subtree_counted(rapportert, periode, client_as):
    svar = client_as("kommunedirektor").get(f"/rapportering/{periode.kode}/oversikt/")
    rader = svar.context["organisasjon"]
    oppvekst, helse = _rad(rader, "Oppvekst"), _rad(rader, "Helse og omsorg")
    assert (oppvekst["alle"], oppvekst["gron"], oppvekst["gul"], oppvekst["raud"], oppvekst["manglar"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert dict(oppvekst["statusar"])["forseinka"] == 2 and dict(oppvekst["statusar"])["i_rute"] == 1
    assert (helse["alle"], helse["gron"], dict(helse["statusar"])["fullfort"]) == (1, 1, 1)
    totalt = svar.context["totalt"]
    assert (totalt["alle"], totalt["rapportert"], totalt["manglar"]) == (5, 4, 1)


def test_drilling_down_the_organisation_reaches_the_red_item(rapportert, periode, client_as):
    c = client_as("kommunalsjef")
    svar = c.get(f"/rapportering/{periode.kode}/oversikt/")
    assert svar.context["rot"].namn == "Oppvekst"  # a leader starts at the unit they lead
    rader = svar.context["organisasjon"]
    eigen, skule = rader[0], _rad(rader, "Skule")
    assert eigen.get("eigen") and (eigen["alle"], eigen["gron"]) == (1, 1)
    assert (skule["alle"], skule["raud"], skule["gul"], skule["manglar"]) == (3, 1, 1, 1)
    html = svar.content.decode()
    lenkje = f"/rapportering/{periode.kode}/?eining=2100&amp;vis=raud"
    assert lenkje in html
    svar = c.get(lenkje.replace("&amp;", "&"))
    assert [o.tittel for o in svar.context["side"]] == ["Skuleskyss"]
    assert "Manglar sjåførar" in svar.content.decode()


def test_deviations_list_red_before_yellow(rapportert, periode, client_as):
    svar = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/?vis=avvik")
    assert [o.tittel for o in svar.context["side"]] == ["Skuleskyss", "Nytt tak"]


def test_the_goal_roll_up_counts_the_oppdrag_under_each_goal(rapportert, periode, client_as):
    c = client_as("kommunedirektor")
    svar = c.get(f"/rapportering/{periode.kode}/oversikt/")
    (trygg,) = svar.context["maal"]
    assert (trygg["maal__tittel"], trygg["alle"], trygg["gron"], trygg["raud"]) == ("Trygge barn", 2, 1, 1)
    utan = svar.context["utan_maal"]
    assert (utan["alle"], utan["gul"], utan["manglar"]) == (3, 1, 1)
    svar = c.get(f"/rapportering/{periode.kode}/?eining=1000&maal={rapportert['maal'].pk}&vis=raud")
    assert [o.tittel for o in svar.context["side"]] == ["Skuleskyss"]


def test_the_page_shows_the_rule_it_counts_by(rapportert, periode, oppdrag, client_as):
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.MAANAD, politisk=True)
    html = client_as("kommunedirektor").get(f"/rapportering/{periode.kode}/oversikt/").content.decode()
    assert f"{oppdrag.kategori} – månadleg, rapportert til politikarane" in html


def test_a_leader_cannot_roll_up_another_sector(rapportert, periode, client_as):
    # kommunalsjefar read everything; a tenesteleiar reads their own service area only
    assert (
        client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/oversikt/?eining=3000").status_code
        == 200
    )
    c = client_as("tenesteleiar")
    assert c.get(f"/rapportering/{periode.kode}/oversikt/?eining=3000").status_code == 403
    assert c.get(f"/rapportering/{periode.kode}/oversikt/?eining=9999").status_code == 404
    assert c.get(f"/rapportering/{periode.kode}/oversikt/").context["rot"].namn == "Skule"


def test_an_employee_sees_only_their_own_counts(rapportert, periode, client_as):
    svar = client_as("medarbeidar").get(f"/rapportering/{periode.kode}/oversikt/")
    assert svar.status_code == 200 and svar.context["rot"] is None and svar.context["totalt"]["alle"] == 0


def test_the_roll_up_keeps_its_query_count(rapportert, periode, org, fleire, client_as):
    c = client_as("kommunedirektor")
    urls = [f"/rapportering/{periode.kode}/oversikt/", f"/rapportering/{periode.kode}/oversikt/?eining=2000"]
    smaa = [tal_sporjingar(c, u) for u in urls]
    e = org["einingar"]
    plan = rapportert["maal"].plan
    kategoriar = list(Kategori.objects.all()[:4])
    for i in range(60):
        eining = [e["lindaas"], e["sjukeheim"], e["knarvik"], e["skule"]][i % 4]
        o = fleire(
            eining, eining.leiar or e["helse"].leiar, f"O{i}", kategori=kategoriar[i % len(kategoriar)]
        )
        o.maal.add(rapportert["maal"] if i % 3 else lag_maal(plan, f"Mål {i}"))
        if i % 2:
            services.rapporter(
                o,
                periode,
                status="forseinka",
                lys="raud",
                kommentar="x",
                framdrift=None,
                user=org["brukarar"]["kommunedirektor"],
            )
    Regel.objects.bulk_create(Regel(kategori=k, frekvens="maanad") for k in kategoriar)
    assert [tal_sporjingar(c, u) for u in urls] == smaa


def test_the_own_row_links_to_the_units_own_oppdrag_only(rapportert, periode, client_as):
    c = client_as("kommunalsjef")
    eigen = c.get(f"/rapportering/{periode.kode}/oversikt/").context["organisasjon"][0]
    assert eigen.get("eigen") and eigen["q"] == "eining=2000&berre=1&"
    svar = c.get(f"/rapportering/{periode.kode}/?eining=2000&berre=1")
    assert [o.tittel for o in svar.context["side"]] == ["Betre skulevegar"] and svar.context[
        "totalt"
    ] == eigen["alle"]
