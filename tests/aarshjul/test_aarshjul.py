"""The årshjul: its entries from each source, for each reader; the fixed dates kept by the
sekretariat; the wheel's query count."""

import datetime
import re

import pytest
from django.urls import reverse

from aarshjul import kjelder
from aarshjul.models import Hending
from alver.lib import klokke
from budget.models import Mote, Okonomiplan, Organ
from checklists.models import Sjekkliste
from reporting.models import Periode
from tests.hjelp import alle_les, berre, tal_sporjingar
from tests.verksemdsplan.conftest import oppdrag  # noqa: F401
from verksemdsplan.models import Milepael, Oppdrag


@pytest.fixture
def kjelder_2027(org, oppdrag):  # noqa: F811
    """One entry of every source in 2027."""
    u = org["brukarar"]
    kst = Organ.objects.get(type=Organ.Type.KOMMUNESTYRE)
    mote = Mote.objects.create(
        organ=kst, dato=datetime.date(2027, 3, 4), nummer="2/2027", created_by=u["sekretariat"]
    )
    plan = Okonomiplan.objects.create(
        forste_aar=2028,
        ettersyn_fra=datetime.date(2027, 11, 20),
        kommunestyre_dato=datetime.date(2027, 12, 9),
    )
    periode = Periode.objects.create(
        aar=2027, type="tertial", nummer=1, fra=datetime.date(2027, 1, 1), til=datetime.date(2027, 4, 30),
        frist=datetime.date(2027, 5, 10),
    )  # fmt: skip
    sjekkliste = Sjekkliste.objects.create(aar=2027, frist=datetime.date(2027, 1, 31))
    oppdrag.frist = datetime.date(2027, 6, 1)
    oppdrag.save()
    milepael = Milepael.objects.create(
        oppdrag=oppdrag, tittel="Forprosjekt ferdig", dato=datetime.date(2027, 2, 15)
    )
    return {"mote": mote, "plan": plan, "periode": periode, "sjekkliste": sjekkliste, "oppdrag": oppdrag,
            "milepael": milepael}  # fmt: skip


def _etter_kjelde(oppforingar):
    ut = {}
    for o in oppforingar:
        ut.setdefault(o.kjelde, []).append(o)
    return ut


def test_the_year_gathers_every_source_with_links_where_the_work_is_done(org, kjelder_2027):
    k = kjelder_2027
    eigar = org["brukarar"]["kommunalsjef"]  # owns the oppdrag
    rader = _etter_kjelde(kjelder.aaret(eigar, 2027))
    # the statutory date, with its legal reference, linking to next year's plan
    vedtak = next(
        o
        for o in rader["fast"]
        if o.uid.startswith(f"fast-{Hending.objects.get(kode='okonomiplan_vedtak').pk}-")
    )
    assert (vedtak.dato, vedtak.ring, vedtak.heimel) == (
        datetime.date(2027, 12, 31),
        "politisk",
        "kommunelova § 14-3 andre ledd",
    )
    assert vedtak.url == "/okonomiplan/2028/"
    # the local process from the seed: ready by 31 January
    assert any(o.dato == datetime.date(2027, 1, 31) and o.ring == "administrativ" for o in rader["fast"])
    (mote,) = rader["mote"]
    assert (mote.dato, mote.ring, mote.url) == (
        datetime.date(2027, 3, 4),
        "politisk",
        k["mote"].get_absolute_url(),
    )
    assert "Kommunestyret" in mote.tittel and "2/2027" in mote.tittel
    assert sorted(o.dato for o in rader["okonomiplan"]) == [
        datetime.date(2027, 11, 20),
        datetime.date(2027, 12, 9),
    ]
    (periode,) = rader["periode"]
    assert (periode.dato, periode.url) == (datetime.date(2027, 5, 10), k["periode"].get_absolute_url())
    (sjekk,) = rader["sjekkliste"]
    assert sjekk.dato == datetime.date(2027, 1, 31) and sjekk.ring == "administrativ"
    (frist,) = rader["oppdrag"]
    assert (frist.dato, frist.ring, frist.url) == (
        datetime.date(2027, 6, 1),
        "eige",
        k["oppdrag"].get_absolute_url(),
    )
    (milepael,) = rader["milepael"]
    assert milepael.dato == datetime.date(2027, 2, 15) and "Forprosjekt ferdig" in milepael.tittel
    # in date order
    datoar = [o.dato for o in kjelder.aaret(eigar, 2027)]
    assert datoar == sorted(datoar)


def test_each_reader_sees_only_what_they_may_open(org, kjelder_2027):
    politikar = _etter_kjelde(kjelder.aaret(org["brukarar"]["politikar"], 2027))
    # the political round is theirs; the administration's lists are not
    assert "mote" in politikar and "okonomiplan" in politikar
    assert "periode" not in politikar and "oppdrag" not in politikar and "milepael" not in politikar
    brev = [o for o in politikar["fast"] if "oppdragsbrev" in o.url]
    assert brev == []  # the letters' overview is the employees' page: the date shows, unlinked
    # someone else's oppdrag is not in my own ring
    annan = _etter_kjelde(kjelder.aaret(org["brukarar"]["medarbeidar"], 2027))
    assert "oppdrag" not in annan and "milepael" not in annan


def test_rings_and_a_units_deadlines(org, kjelder_2027, client_as):
    c = client_as("kommunedirektor")
    html = c.get("/aarshjul/2027/?ring=politisk").content.decode()
    assert "Kommunestyret" in html and "1. tertial 2027" not in html
    # a unit's oppdrag in the own ring, in place of the reader's own
    html = c.get("/aarshjul/2027/?ring=eige&eining=2000").content.decode()
    assert "Betre skulevegar" in html and "Forprosjekt ferdig" in html
    # the kommunedirektør, who leads only the kommune, is offered each sector to look at
    val = re.search(r'<select[^>]*name="eining"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert {"2000", "3000"} <= set(re.findall(r'value="(\d+)"', val))
    assert "Kommunestyret" not in html
    # the wheel: one dot per date, drawn with classes, not inline styles
    assert html.count('class="prikk prikk-eige"') == 2
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_fixed_date_every_fourth_year_and_past_the_end_of_the_month(db):
    strategi = Hending.objects.get(kode="planstrategi")
    assert [a for a in range(2024, 2033) if strategi.gjeld(a)] == [2024, 2028, 2032]
    h = Hending(tittel="Frist", maanad=2, dag=31)
    assert h.dato(2027) == datetime.date(2027, 2, 28)
    assert h.dato(2028) == datetime.date(2028, 2, 29)


def test_the_built_in_titles_follow_the_readers_language(org, client_as, settings):
    html = client_as("medarbeidar").get("/aarshjul/faste/", HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert (
        "kommunelova § 14-6" in html
        and "kommunelova § 14-7" in html
        and "plan- og bygningslova § 10-1" in html
    )


def test_the_sekretariat_corrects_a_fixed_date_and_a_stale_form_is_a_conflict(org, client_as):
    h = Hending.objects.get(kode="oppdragsmote")
    c = client_as("sekretariat")
    data = {"tittel": "", "ring": "administrativ", "maanad": 1, "dag": 14, "heimel": "", "skildring": "Knarvik",
            "kvart": 1, "fra_aar": 2020, "aktiv": "on", "versjon": h.versjon}  # fmt: skip
    assert c.post(h.get_absolute_url(), data).status_code == 302
    h.refresh_from_db()
    assert (h.dag, h.versjon, h.skildring) == (14, 2, "Knarvik")
    assert h.history.first().history_change_reason
    # the same form again (version 1) is refused, nothing overwritten
    data["dag"] = 20
    svar = c.post(h.get_absolute_url(), data)
    assert svar.status_code == 409
    h.refresh_from_db()
    assert h.dag == 14
    # a bad day is refused by its field
    data |= {"dag": 32, "versjon": h.versjon}
    svar = c.post(h.get_absolute_url(), data)
    assert svar.status_code == 400 and 'id="id_dag_error"' in svar.content.decode()


def test_a_new_date_needs_a_title(org, client_as):
    c = client_as("sekretariat")
    svar = c.post(
        "/aarshjul/faste/ny/",
        {"tittel": "", "ring": "politisk", "maanad": 5, "dag": 17, "kvart": 1, "fra_aar": 2026},
    )
    assert svar.status_code == 400
    assert not Hending.objects.filter(kode__isnull=True).exists()
    svar = c.post("/aarshjul/faste/ny/", {"tittel": "Eldrerådet: budsjettsamråd", "ring": "politisk", "maanad": 9,
                                          "dag": 15, "kvart": 1, "fra_aar": 2026, "aktiv": "on"})  # fmt: skip
    assert svar.status_code == 302
    assert any(
        o.tittel == "Eldrerådet: budsjettsamråd" for o in kjelder.aaret(org["brukarar"]["politikar"], 2027)
    )


MATRIX = (
    alle_les("/aarshjul/")
    + alle_les("/aarshjul/2027/")
    + alle_les("/aarshjul/faste/")
    + alle_les("/aarshjul/kalender/")
    + berre("/aarshjul/faste/ny/", {"sekretariat": 200, "administrator": 200})
    + berre("fast", {"sekretariat": 200, "administrator": 200})
)


@pytest.mark.parametrize("url,rolle,status", MATRIX)
def test_access(url, rolle, status, org, client_as):
    if url == "fast":
        url = Hending.objects.get(kode="oppdragsmote").get_absolute_url()
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/aarshjul/kalender/lag/",
        "/aarshjul/kalender/forny/",
        "/aarshjul/kalender/kommune/",
        "/aarshjul/faste/ny/",
    ],
)
def test_changes_are_post_only_and_the_kommune_feed_is_the_sekretariats(url, org, client_as):
    if url != "/aarshjul/faste/ny/":
        assert client_as("medarbeidar").get(url).status_code == 405
    assert client_as("medarbeidar").post("/aarshjul/kalender/kommune/").status_code == 403
    assert client_as("anonymous").post(url).status_code == 302


def test_what_the_pages_show_each_reader(org, client_as):
    assert "/aarshjul/faste/ny/" not in client_as("medarbeidar").get("/aarshjul/faste/").content.decode()
    assert "/aarshjul/faste/ny/" in client_as("sekretariat").get("/aarshjul/faste/").content.decode()
    assert (
        "/aarshjul/kalender/kommune/"
        not in client_as("medarbeidar").get("/aarshjul/kalender/").content.decode()
    )
    # a politician's wheel links to no page of the administration
    html = client_as("politikar").get("/aarshjul/").content.decode()
    assert "/oppdragsbrev/" not in html and "/rapportering/20" not in html and 'name="eining"' not in html
    # the menu has it for everyone
    assert 'href="/aarshjul/"' in client_as("politikar").get("/mi-side/").content.decode()


def test_the_unit_page_links_to_its_deadlines(org, client_as):
    html = client_as("kommunalsjef").get("/organisasjon/2000/").content.decode()
    assert "/aarshjul/?eining=2000" in html
    assert "/aarshjul/?eining=" not in client_as("politikar").get("/organisasjon/2000/").content.decode()


def test_the_wheel_keeps_its_query_count_as_the_year_fills(org, kjelder_2027, client_as):
    c = client_as("kommunalsjef")
    url = "/aarshjul/2027/"
    smaa = tal_sporjingar(c, url)
    u = org["brukarar"]
    kst = Organ.objects.order_by("pk")
    for i in range(15):
        Mote.objects.create(
            organ=kst[i % 3], dato=datetime.date(2027, 1 + i % 12, 2 + i), created_by=u["sekretariat"]
        )
        o = Oppdrag.objects.create(
            verksemdsplan=kjelder_2027["oppdrag"].verksemdsplan, aar=2027, tittel=f"Oppdrag {i}",
            kategori=kjelder_2027["oppdrag"].kategori, eining=kjelder_2027["oppdrag"].eining, owner=u["kommunalsjef"],
            frist=datetime.date(2027, 1 + i % 12, 10),
        )  # fmt: skip
        Milepael.objects.create(oppdrag=o, tittel=f"Steg {i}", dato=datetime.date(2027, 1 + i % 12, 5))
    store = tal_sporjingar(c, url)
    assert store == smaa
    assert c.get(url).content.decode().count('class="prikk prikk-eige"') == 2 + 30


def test_today_is_marked_only_in_this_year(org, client_as):
    klokke.sett(datetime.date(2027, 3, 1))
    c = client_as("medarbeidar")
    assert 'class="i-dag"' in c.get("/aarshjul/").content.decode()
    assert 'class="i-dag"' not in c.get("/aarshjul/2026/").content.decode()
    assert reverse("aarshjul:aar", args=[2028]) in c.get("/aarshjul/").content.decode()


def _komande(c):
    html = c.get("/mi-side/").content.decode()
    start = html.index('id="komande-tittel"')
    return html[start : html.index("</section>", start)]


def test_the_coming_dates_are_shared_by_readers_alike_and_new_at_the_next_change(org, oppdrag, client_as):  # noqa: F811
    from alver.lib import mellomlager

    Periode.objects.create(
        aar=2026, type="tertial", nummer=3, fra=datetime.date(2026, 9, 1), til=datetime.date(2026, 12, 31),
        frist=datetime.date(2027, 1, 10),
    )  # fmt: skip
    kommunalsjef, tenesteleiar = client_as("kommunalsjef"), client_as("tenesteleiar")
    blokk = _komande(kommunalsjef)
    assert "3. tertial 2026" in blokk and "Betre skulevegar" in blokk  # the owner's own deadline
    # another leader with the same access is given the shared dates kept, and his own (none)
    mellomlager.ny_generasjon()
    assert _les_kjeldene(tenesteleiar) and _les_kjeldene(kommunalsjef) == set()
    blokk = _komande(tenesteleiar)
    assert "3. tertial 2026" in blokk and "Betre skulevegar" not in blokk
    # a politician is not given the leaders' kept dates: no reporting deadline
    assert "3. tertial 2026" not in _komande(client_as("politikar"))
    # a meeting entered is on the next view
    Mote.objects.create(
        organ=Organ.objects.get(type=Organ.Type.KOMMUNESTYRE), dato=datetime.date(2026, 12, 3),
        nummer="9/2026", created_by=org["brukarar"]["sekretariat"],
    )  # fmt: skip
    assert "9/2026" in _komande(tenesteleiar)


def _les_kjeldene(c):
    """Which of the årshjul's shared sources one view of Mi side reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/mi-side/").status_code == 200
    kjelder = (
        "aarshjul_hending",
        "budget_mote",
        "budget_okonomiplan",
    )  # the periods and lists: other blocks too
    return {k for q in ctx.captured_queries for k in kjelder if f'FROM "{k}"' in q["sql"]}


def test_with_the_cache_down_the_coming_dates_are_made_for_each_view(org, oppdrag, client_as, settings):  # noqa: F811
    settings.CACHES = {
        "default": {
            "BACKEND": "alver.lib.redis_mellomlager.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    c = client_as("kommunalsjef")
    assert "Betre skulevegar" in _komande(c)
    Mote.objects.create(
        organ=Organ.objects.get(type=Organ.Type.KOMMUNESTYRE), dato=datetime.date(2026, 12, 3),
        nummer="9/2026", created_by=org["brukarar"]["sekretariat"],
    )  # fmt: skip
    assert "9/2026" in _komande(c)


def test_mi_side_gives_the_owners_own_open_deadlines_of_the_next_45_days(org, oppdrag, client_as):  # noqa: F811
    """The årshjul's own deadlines on Mi side come from the open oppdrag the page's lists read:
    within the 45 days, open and not withdrawn, the owner's only; milestones not yet done."""
    from verksemdsplan import services

    eigar = org["brukarar"]["kommunalsjef"]
    i_dag = klokke.i_dag()

    def lag(tittel, dagar, **felt):
        o = services.lag_oppdrag(
            eining=org["einingar"]["oppvekst"], aar=i_dag.year, user=eigar, tittel=tittel,
            kategori=oppdrag.kategori, frist=i_dag + datetime.timedelta(days=dagar),
        )  # fmt: skip
        Oppdrag.objects.filter(pk=o.pk).update(**felt)
        return o

    lag("Snart ferdig", 10)
    lag("Alt fullført", 11, status=Oppdrag.Status.FULLFORT)
    lag("Trekt attende", 12, trekt_at=klokke.no())
    lag("Langt fram", 50)
    lag("Forbi fristen", -3)
    open_ = lag("Med milepælar", 40)
    Milepael.objects.create(oppdrag=open_, tittel="Milepæl open", dato=i_dag + datetime.timedelta(days=2))
    Milepael.objects.create(
        oppdrag=open_, tittel="Milepæl ferdig", dato=i_dag + datetime.timedelta(days=3), ferdig_dato=i_dag
    )
    blokk = _komande(client_as("kommunalsjef"))
    assert "Milepæl open" in blokk and "Milepæl ferdig" not in blokk  # a milestone done is not coming
    # the year's calendar keeps it (what was planned, and done)
    assert "Milepæl ferdig" in client_as("kommunalsjef").get("/aarshjul/").content.decode()
    assert "Snart ferdig" in blokk
    for ikkje in ("Alt fullført", "Trekt attende", "Langt fram", "Forbi fristen"):
        assert ikkje not in blokk, ikkje
    assert "Snart ferdig" not in _komande(client_as("tenesteleiar"))
