"""Reporting periods, rules, status reports with deviation mode, and who has reported."""

import datetime

import pytest

from reporting import services
from reporting.models import Frekvens, Periode, Regel, Statusrapport
from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan.models import Kategori, Oppdrag


def test_periods_are_generated_with_deadlines_and_only_once(db):
    assert services.generer_periodar(2026) == 15
    assert services.generer_periodar(2026) == 0
    feb = Periode.objects.get(aar=2026, type="maanad", nummer=2)
    assert (feb.til, feb.frist, str(feb)) == (
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 10),
        "februar 2026",
    )
    assert Periode.objects.get(aar=2026, type="aar").frist == datetime.date(2027, 1, 31)
    assert Periode.objects.filter(aar=2026, type="tertial").count() == 2
    # each opens by itself on its first day (the clock stands at 30 November 2026)
    assert list(Periode.objects.filter(aar=2026).exclude(pk__in=Periode.objects.opne())) == [
        Periode.objects.get(aar=2026, type="maanad", nummer=12)
    ]


def test_the_rule_decides_which_period_an_oppdrag_is_reported_in(org, periode, oppdrag):
    tertial = Periode.objects.get(aar=2026, type="tertial", nummer=2)
    assert list(services.oppdrag_i_perioden(periode)) == [oppdrag]  # no rule: monthly
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.TERTIAL, politisk=True)
    assert not services.oppdrag_i_perioden(periode).exists()
    assert list(services.oppdrag_i_perioden(tertial)) == [oppdrag]
    assert list(services.oppdrag_i_perioden(Periode.objects.get(aar=2026, type="aar"))) == [oppdrag]


def test_yellow_and_red_need_a_comment_and_a_closed_period_takes_nothing(org, periode, oppdrag, client_as):
    c = client_as("kommunalsjef")
    url = f"/rapportering/{periode.kode}/{oppdrag.pk}/"
    svar = c.post(url, {"status": "forseinka", "lys": "gul", "kommentar": ""})
    assert "kommentar" in svar.context["form"].errors and not Statusrapport.objects.exists()
    assert (
        c.post(
            url, {"status": "forseinka", "lys": "gul", "kommentar": "Ventar på fylket", "framdrift": 40}
        ).status_code
        == 302
    )
    r = Statusrapport.objects.get()
    assert (r.lys, r.framdrift, r.rapportert_av) == ("gul", 40, org["brukarar"]["kommunalsjef"])
    periode.stengd = True
    periode.save()
    svar = c.post(url, {"status": "i_rute", "lys": "gron"})
    assert svar.status_code == 200 and Statusrapport.objects.get().lys == "gul"
    assert "stengd" in svar.content.decode()


def test_deviation_mode_confirms_only_the_unreported_in_ones_own_scope(org, periode, oppdrag, client_as):
    e, u = org["einingar"], org["brukarar"]
    annan = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan, aar=2026, tittel="Sjukeheim", kategori=oppdrag.kategori,
        eining=e["helse"], owner=e["helse"].leiar,
    )  # fmt: skip
    tredje = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan, aar=2026, tittel="Skulebibliotek", kategori=oppdrag.kategori,
        eining=e["skule"], owner=u["tenesteleiar"],
    )  # fmt: skip
    services.rapporter(
        tredje,
        periode,
        status="forseinka",
        lys="raud",
        kommentar="Manglar folk",
        framdrift=None,
        user=u["tenesteleiar"],
    )
    assert client_as("kommunalsjef").post(f"/rapportering/{periode.kode}/alt-i-rute/").status_code == 302
    assert Statusrapport.objects.get(oppdrag=oppdrag).lys == "gron"
    assert Statusrapport.objects.get(oppdrag=tredje).lys == "raud"  # the deviation stays as written
    assert not Statusrapport.objects.filter(oppdrag=annan).exists()  # another sector's is not his
    rader = {
        r["owner__namn"]: (r["alle"], r["rapportert"])
        for r in client_as("kommunedirektor")
        .get(f"/rapportering/{periode.kode}/innlevering/")
        .context["side"]
    }
    assert (
        rader["Ola Oppvekst"] == (1, 1) and rader["Per Skule"] == (1, 1) and rader["Ingrid Helse"] == (1, 0)
    )


def test_mi_side_says_what_i_must_report(org, periode, client_as):
    html = client_as("kommunalsjef").get("/mi-side/").content.decode()
    assert "Du har 1 oppdrag å rapportere for november 2026" in html


def test_what_i_must_report_is_kept_until_i_report(org, periode, oppdrag, client_as):
    c = client_as("kommunalsjef")
    assert "Du har 1 oppdrag å rapportere for november 2026" in c.get("/mi-side/").content.decode()
    services.rapporter(
        oppdrag, periode, status="i_gang", lys="gron", kommentar="", framdrift=None, user=oppdrag.owner
    )
    assert "oppdrag å rapportere for november 2026" not in c.get("/mi-side/").content.decode()


MATRIX = (
    alle_les("/rapportering/")  # politicians: the reports released to them
    + alle_les("periode", politikar=404)
    + alle_les("innlevering", politikar=404)
    + alle_les("oversikt", politikar=404)
    + berre(
        "rapporter",
        {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "okonomi": 403},
        andre=404,
    )
    # a unit's monthly report: its leaders and those who read everything
    + berre(
        "maanadsrapport_skule",
        {
            "administrator": 200,
            "kommunedirektor": 200,
            "kommunalsjef": 200,
            "okonomi": 200,
            "tenesteleiar": 200,
            "politikar": 404,
        },
        andre=403,
    )
    + berre(
        "maanadsrapport_pdf",
        {
            "administrator": 200,
            "kommunedirektor": 200,
            "kommunalsjef": 200,
            "okonomi": 200,
            "tenesteleiar": 200,
            "politikar": 404,
        },
        andre=403,
    )
    # the tertial report before release: only those who read everything (politicians 404)
    + berre(
        "tertialrapport",
        {"administrator": 200, "kommunedirektor": 200, "kommunalsjef": 200, "okonomi": 200, "politikar": 404},
        andre=403,
    )
    + [("/rapportering/2026-m13/", "medarbeidar", 404), ("/rapportering/tull/", "medarbeidar", 404)]
    + [("/rapportering/2026-m11/tertialrapport/", "kommunedirektor", 404)]
    + [("/rapportering/2026-t1/maanadsrapport/", "kommunedirektor", 404)]
)


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_access(url, rolle, status, periode, oppdrag, client_as):
    u = {
        "periode": f"/rapportering/{periode.kode}/",
        "innlevering": f"/rapportering/{periode.kode}/innlevering/",
        "oversikt": f"/rapportering/{periode.kode}/oversikt/",
        "rapporter": f"/rapportering/{periode.kode}/{oppdrag.pk}/",
        "maanadsrapport_skule": f"/rapportering/{periode.kode}/maanadsrapport/?eining=2100",
        "maanadsrapport_pdf": f"/rapportering/{periode.kode}/maanadsrapport.pdf?eining=2100",
        "tertialrapport": "/rapportering/2026-t1/tertialrapport/",
    }.get(url, url)
    assert client_as(rolle).get(u).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/rapportering/generer/",
        "/rapportering/2026-m11/opne-lukk/",
        "/rapportering/2026-m11/alt-i-rute/",
        "/rapportering/2026-t1/frigje/",
        "/rapportering/2026-m11/utskrift/",
    ],
)
def test_changing_views_are_post_only(url, periode, client_as):
    assert client_as("kommunedirektor").get(url).status_code == 405


def test_only_okonomi_closes_and_reopens_periods(periode, client_as):
    oktober = Periode.objects.get(aar=2026, type="maanad", nummer=10)  # deadline 10.11. passed
    url = f"/rapportering/{oktober.kode}/opne-lukk/"
    assert client_as("kommunalsjef").post(url, {"stengd": "1"}).status_code == 403
    c = client_as("okonomi")
    assert c.post(url, {"stengd": "1"}).status_code == 302
    assert c.post(url, {"stengd": "1"}).status_code == 302  # a double submit closes it once
    oktober.refresh_from_db()
    assert oktober.stengd and not oktober.open
    assert oktober.history.filter(stengd=True).count() == 1
    assert c.post(url, {"stengd": "0"}).status_code == 302
    oktober.refresh_from_db()
    assert oktober.open


def test_the_period_page_keeps_its_query_count(org, periode, oppdrag, client_as):
    c = client_as("kommunalsjef")

    def fleire(n):
        Oppdrag.objects.bulk_create(
            Oppdrag(verksemdsplan=oppdrag.verksemdsplan, aar=2026, tittel=f"O{i}", kategori=oppdrag.kategori,
                    eining=oppdrag.eining, owner=oppdrag.owner)
            for i in range(n)
        )  # fmt: skip

    fleire(20)
    smaa = tal_sporjingar(c, f"/rapportering/{periode.kode}/")
    fleire(1000)
    assert tal_sporjingar(c, f"/rapportering/{periode.kode}/") == smaa


def test_demo_reporting(demo, klokke):
    i_dag = klokke.i_dag()  # the demo's day: the last two months reported, this one open
    aar = i_dag.year
    assert Periode.objects.filter(aar=aar).count() == 15
    assert Regel.objects.get(kategori__kode="verbalpunkt").politisk
    forrige = Periode.objects.get(aar=aar, type="maanad", nummer=i_dag.month - 1)
    assert forrige.statusrapportar.exclude(lys="gron").exists() and not forrige.open
    assert Periode.objects.get(aar=aar, type="maanad", nummer=i_dag.month).open
    assert Kategori.objects.count() == Regel.objects.count()
    t1, t2 = Periode.objects.filter(aar=aar, type="tertial").order_by("nummer")
    assert t1.frigitt_at and not t2.frigitt_at and t2.statusrapportar.exists()
    # the economy: each sector's figures are the sum of its service areas'
    from reporting.models import Okonomirapport

    rader = list(Okonomirapport.objects.filter(periode=forrige).select_related("eining"))
    sektorar = [r for r in rader if r.eining.type == "sektor"]
    assert len(sektorar) == 5
    for s in sektorar:
        under = [r for r in rader if r.eining.path.startswith(s.eining.path) and r is not s]
        assert under and s.prognose == sum(r.prognose for r in under)
    assert any(r.avvik < 0 for r in rader)  # someone is heading for overspending
    assert services.utan_rapport_to_periodar(
        Oppdrag.objects.all(), i_dag - datetime.timedelta(days=3)
    ).exists()


def test_a_report_saved_meanwhile_by_someone_else_is_not_overwritten(org, periode, oppdrag, client_as):
    url = f"/rapportering/{periode.kode}/{oppdrag.pk}/"
    services.rapporter(
        oppdrag,
        periode,
        status="i_rute",
        lys="gron",
        kommentar="",
        framdrift=10,
        user=org["brukarar"]["kommunalsjef"],
    )
    sjef, direktor = client_as("kommunalsjef"), client_as("kommunedirektor")
    versjon = sjef.get(url).context["form"]["versjon"].value()
    assert direktor.get(url).context["form"]["versjon"].value() == versjon == 1
    assert (
        sjef.post(
            url, {"status": "forseinka", "lys": "raud", "kommentar": "Brann i bygget", "versjon": versjon}
        ).status_code
        == 302
    )
    svar = direktor.post(url, {"status": "i_rute", "lys": "gron", "kommentar": "", "versjon": versjon})
    assert svar.status_code == 200 and "Nokon andre lagra" in svar.content.decode()
    r = Statusrapport.objects.get()
    assert (r.lys, r.kommentar, r.versjon) == ("raud", "Brann i bygget", 2)
    # saving again, having seen the other change, is a deliberate choice and goes through
    assert (
        direktor.post(url, {"status": "i_rute", "lys": "gron", "kommentar": "", "versjon": 2}).status_code
        == 302
    )
    assert Statusrapport.objects.get().lys == "gron" and Statusrapport.objects.get().history.count() == 3


def test_a_first_report_made_meanwhile_is_a_conflict_too(org, periode, oppdrag, client_as):
    url = f"/rapportering/{periode.kode}/{oppdrag.pk}/"
    versjon = client_as("kommunedirektor").get(url).context["form"]["versjon"].value()
    assert versjon == 0
    services.rapporter(
        oppdrag,
        periode,
        status="forseinka",
        lys="gul",
        kommentar="Seint",
        framdrift=None,
        user=org["brukarar"]["kommunalsjef"],
    )
    svar = client_as("kommunedirektor").post(
        url, {"status": "i_rute", "lys": "gron", "kommentar": "", "versjon": versjon}
    )
    assert svar.status_code == 200 and Statusrapport.objects.get().lys == "gul"
    assert "Nokon andre lagra" in svar.content.decode()


def test_a_post_without_a_version_does_not_overwrite_a_report(org, periode, oppdrag, client_as):
    services.rapporter(
        oppdrag,
        periode,
        status="forseinka",
        lys="raud",
        kommentar="Brann",
        framdrift=None,
        user=org["brukarar"]["kommunalsjef"],
    )
    svar = client_as("kommunedirektor").post(
        f"/rapportering/{periode.kode}/{oppdrag.pk}/", {"status": "i_rute", "lys": "gron"}
    )
    assert svar.status_code == 200 and Statusrapport.objects.get().lys == "raud"


def test_deviation_mode_for_the_kommunedirektor_covers_own_and_led_units_and_says_how_many(
    org, periode, oppdrag, fleire, client_as
):
    e, _u = org["einingar"], org["brukarar"]
    fleire(e["helse"], e["helse"].leiar, "Velferdsteknologi")
    # the administrator leads nothing and owns nothing: nothing to confirm, so no button
    svar = client_as("administrator").get(f"/rapportering/{periode.kode}/")
    assert svar.context["til_stadfesting"] == 0 and "alt-i-rute" not in svar.content.decode()
    client_as("administrator").post(f"/rapportering/{periode.kode}/alt-i-rute/")
    assert not Statusrapport.objects.exists()
    svar = client_as("kommunedirektor").get(f"/rapportering/{periode.kode}/")
    assert svar.context["til_stadfesting"] == 2 and "Dette stadfestar 2 oppdrag." in svar.content.decode()


def test_okonomi_sets_the_rules_and_the_oppdrag_moves_to_the_tertial(org, periode, oppdrag, client_as):
    k = oppdrag.kategori
    assert client_as("kommunalsjef").get("/rapportering/reglar/").status_code == 200  # reads them
    assert client_as("kommunalsjef").post("/rapportering/reglar/", {}).status_code == 403
    assert client_as("politikar").get("/rapportering/reglar/").status_code == 404
    data = {f"frekvens_{kk.pk}": "maanad" for kk in Kategori.objects.all()}
    data |= {f"frekvens_{k.pk}": "tertial", f"politisk_{k.pk}": "on"}
    svar = client_as("okonomi").post("/rapportering/reglar/", data)
    assert svar.status_code == 302
    regel = Regel.objects.get(kategori=k)
    assert (regel.frekvens, regel.politisk) == ("tertial", True) and regel.history.count() == 1
    assert not services.oppdrag_i_perioden(periode).exists()
    assert (
        client_as("okonomi")
        .post("/rapportering/reglar/", {**data, f"frekvens_{k.pk}": "kvart_aar"})
        .status_code
        == 200
    )
    assert Regel.objects.get(kategori=k).frekvens == "tertial"  # a bad value saves nothing


def test_readers_see_other_units_rows_without_a_report_link(org, periode, oppdrag, fleire, client_as):
    e = org["einingar"]
    helse = fleire(e["helse"], e["helse"].leiar, "Velferdsteknologi")
    svar = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/")
    rader = {o.tittel: o for o in svar.context["side"]}
    assert rader["Velferdsteknologi"].kan_rapportere is False and rader[oppdrag.tittel].kan_rapportere
    html = svar.content.decode()
    assert f"/rapportering/{periode.kode}/{oppdrag.pk}/" in html
    assert f"/rapportering/{periode.kode}/{helse.pk}/" not in html


def test_a_rule_changed_later_leaves_what_was_reported_in_its_period(org, periode, oppdrag, client_as):
    services.rapporter(
        oppdrag,
        periode,
        status="i_rute",
        lys="gron",
        kommentar="",
        framdrift=None,
        user=org["brukarar"]["kommunalsjef"],
    )
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.TERTIAL)
    assert list(services.oppdrag_i_perioden(periode)) == [oppdrag]  # reported: stays
    desember = Periode.objects.get(aar=2026, type="maanad", nummer=12)
    assert not services.oppdrag_i_perioden(desember).exists()  # not reported there: the new rule


def test_deviation_mode_leaves_the_delayed_and_overdue_and_marks_the_done_done(
    org, periode, oppdrag, fleire, client_as
):
    e, u = org["einingar"], org["brukarar"]
    seint = fleire(e["skule"], u["tenesteleiar"], "Forseinka", status="forseinka")
    forfalle = fleire(
        e["skule"], u["tenesteleiar"], "Forfalle", status="i_gang", frist=datetime.date(2026, 10, 1)
    )
    ferdig = fleire(
        e["skule"], u["tenesteleiar"], "Ferdig", status="fullfort", frist=datetime.date(2026, 10, 1)
    )
    i_gang = fleire(
        e["skule"], u["tenesteleiar"], "I gang", status="i_gang", frist=datetime.date(2026, 12, 20)
    )
    c = client_as("tenesteleiar")
    assert c.get(f"/rapportering/{periode.kode}/").context["til_stadfesting"] == 2
    svar = c.post(f"/rapportering/{periode.kode}/alt-i-rute/", follow=True)
    assert "2 oppdrag, forseinka eller over fristen, vart ståande att" in svar.content.decode()
    rapportar = {r.oppdrag: r for r in Statusrapport.objects.filter(periode=periode)}
    assert set(rapportar) == {ferdig, i_gang}
    assert (rapportar[ferdig].status, rapportar[ferdig].framdrift) == ("fullfort", 100)
    assert rapportar[i_gang].status == "i_rute" and seint not in rapportar and forfalle not in rapportar


def test_a_closed_period_shows_the_report_read_only(org, periode, oppdrag, client_as):
    services.rapporter(
        oppdrag,
        periode,
        status="forseinka",
        lys="gul",
        kommentar="Seint",
        framdrift=None,
        user=org["brukarar"]["kommunalsjef"],
    )
    periode.stengd = True
    periode.save()
    svar = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/{oppdrag.pk}/")
    html = svar.content.decode()
    assert (
        "Perioden er stengd" in html and "Seint" in html and '<form method="post" class="skjema"' not in html
    )


def test_a_report_can_be_released_only_after_its_reporting_deadline(periode, client_as, monkeypatch):
    from django.utils import timezone

    t2 = Periode.objects.get(aar=2026, type="tertial", nummer=2)  # to 31.8, deadline 30.9
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 9, 15))
    svar = client_as("kommunedirektor").post(f"/rapportering/{t2.kode}/frigje/", follow=True)
    t2.refresh_from_db()
    assert t2.frigitt_at is None and "fristen for rapporteringa" in svar.content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 1))
    client_as("kommunedirektor").post(f"/rapportering/{t2.kode}/frigje/")
    t2.refresh_from_db()
    assert t2.frigitt_at is not None


def test_mi_side_links_to_my_own_unreported_only(org, periode, oppdrag, fleire, client_as):
    e, u = org["einingar"], org["brukarar"]
    fleire(e["skule"], u["tenesteleiar"], "Skuleskyss")
    c = client_as("kommunalsjef")
    assert f"/rapportering/{periode.kode}/?vis=manglar&amp;eigar=meg" in c.get("/mi-side/").content.decode()
    svar = c.get(f"/rapportering/{periode.kode}/?vis=manglar&eigar=meg")
    assert [o.tittel for o in svar.context["side"]] == [oppdrag.tittel]


@pytest.fixture
def grunndata(transactional_db):
    """What the migrations load (roles, categories): an earlier transactional test may have
    flushed it."""
    from alver.management.commands.demo import last_grunndata

    last_grunndata()


def test_the_rules_are_saved_in_their_own_transaction(grunndata, client_as):
    """As in production, not inside a test's transaction: the rules lock their rows
    (PostgreSQL refuses such a lock outside a transaction)."""
    data = {f"frekvens_{k.pk}": "tertial" for k in Kategori.objects.all()}
    assert client_as("okonomi").post("/rapportering/reglar/", data).status_code == 302
    assert set(Regel.objects.values_list("frekvens", flat=True)) == {"tertial"}


def test_the_report_page_shows_who_reported_what_and_the_changes(org, periode, oppdrag, client_as):
    """History everywhere (issue 22): a report changed later shows the change in words, also
    once the period is closed and the page only shows what was reported."""
    c = client_as("kommunalsjef")
    url = f"/rapportering/{periode.kode}/{oppdrag.pk}/"
    c.post(url, {"status": "forseinka", "lys": "gul", "kommentar": "Ventar på fylket", "framdrift": 40})
    r = Statusrapport.objects.get()
    c.post(
        url,
        {
            "status": "i_rute",
            "lys": "gron",
            "kommentar": "Fylket har svart",
            "framdrift": 60,
            "versjon": r.versjon,
        },
    )
    logg = c.get(url).content.decode().split('id="endringslogg"', 1)[1]
    # a text's change reads as its words removed and added
    assert (
        "fjerna: </span>Ventar på fylket</del>" in logg and "lagt til: </span>Fylket har svart</ins>" in logg
    )
    assert "<del>40</del>" in logg and "<ins>60</ins>" in logg
    periode.stengd = True
    periode.save()
    assert "lagt til: </span>Fylket har svart</ins>" in c.get(url).content.decode()
