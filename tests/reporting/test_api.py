"""The open read API (/api/v1/): a program without a key reads exactly the public content; with a
user's key, what that user may read; the OpenAPI description is valid; the lists come as CSV
too; a user makes, renews and deletes their key on /api/."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from alver.models import User
from budget.models import Vedtak
from plans.models import Plan
from reporting import innsyn
from tests.reporting.test_innsyn import _ikkje_offentleg, unnata_i_planane
from verksemdsplan.models import Oppdrag


def _brukar(rolle):
    return User.objects.get(email=f"{rolle}@alver.example")


def _med_nokkel(rolle):
    nokkel = Token.objects.get_or_create(user=_brukar(rolle))[0].key
    return Client(HTTP_AUTHORIZATION=f"Token {nokkel}")


def _urlar(data):
    """Every address of this API in an answer: the endpoints, the items, the next page."""
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, str) and "/api/v1/" in v and k != "schema":
                yield v.split("testserver", 1)[-1]
            else:
                yield from _urlar(v)
    elif isinstance(data, list):
        for v in data:
            yield from _urlar(v)


def _gaa(c, start="/api/v1/", per_liste=3):
    """Walk the API from its root as a program would: each list, its next page, a few of its
    items by their detail address, and each list as CSV. Yields (url, text)."""
    sett, ko = set(), [start]
    while ko:
        url = ko.pop(0)
        if url in sett:
            continue
        sett.add(url)
        svar = c.get(url)
        assert svar.status_code == 200, (url, svar.status_code)
        yield url, svar.content.decode()
        if "format=csv" in url:
            continue
        data = svar.json()
        ko.extend(_urlar(data))
        if isinstance(data, dict) and "results" in data:
            base = url.split("?")[0]
            if "side=" not in url:
                ko.append(f"{base}?format=csv")
            ko.extend(f"{base}{r['id'] if 'id' in r else r['kode']}/" for r in data["results"][:per_liste])


def test_the_description_is_valid_openapi(demo):
    svar = Client().get("/api/v1/schema/?format=json")
    assert svar.status_code == 200
    skjema = json.loads(svar.content)
    validate_schema(skjema)
    assert {"/api/v1/oppdrag/", "/api/v1/planar/{id}/", "/api/v1/rapportar/{kode}/"} <= set(skjema["paths"])


def test_without_a_key_a_program_reads_nothing_that_is_not_public(demo):
    unnatekne = unnata_i_planane()
    # an exempt oppdrag may share its title with the open decision it came from: that is public
    forbodne = _ikkje_offentleg() - set(Vedtak.objects.filter(skjerming="").values_list("tittel", flat=True))
    assert unnatekne <= forbodne and len(forbodne) >= 6  # and an exempt decision, a draft plan
    sett = dict(_gaa(Client()))
    assert any(u.startswith("/api/v1/oppdrag/") and u.rstrip("/").split("/")[-1].isdigit() for u in sett)
    assert any("format=csv" in u for u in sett) and any(u.startswith("/api/v1/rapportar/20") for u in sett)
    for url, tekst in sett.items():
        for t in forbodne:
            assert json.dumps(t)[1:-1] not in tekst and t not in tekst, (t, url)


def test_every_public_oppdrag_page_holds_only_public_oppdrag(demo):
    offentlege = set(innsyn.offentlege_oppdrag().values_list("pk", flat=True))
    c, url, sett = Client(), "/api/v1/oppdrag/?per_side=1000", set()
    while url:
        data = c.get(url).json()
        sett |= {o["id"] for o in data["results"]}
        assert all(o["status"] is None and o["owner"] is None for o in data["results"])
        url = data["next"]
    assert sett == offentlege


@pytest.mark.parametrize(
    ("kva", "rolle", "status"),
    [
        ("unnateke_oppdrag", "anonymous", 404),
        ("unnateke_oppdrag", "politikar", 404),
        ("unnateke_oppdrag", "medarbeidar", 200),
        ("utkast_plan", "anonymous", 404),
        ("utkast_plan", "medarbeidar", 404),
        ("utkast_plan", "kommunedirektor", 200),
        ("skjerma_vedtak", "anonymous", 404),
        ("skjerma_vedtak", "politikar", 200),
        ("skjerma_vedtak", "sekretariat", 200),
        ("ufrigjeven_rapport", "anonymous", 404),
        ("ufrigjeven_rapport", "kommunedirektor", 404),
    ],
)
def test_permission_matrix(demo, kva, rolle, status):
    url = {
        "unnateke_oppdrag": lambda: f"/api/v1/oppdrag/{Oppdrag.objects.filter(unnateke=True).first().pk}/",
        "utkast_plan": lambda: f"/api/v1/planar/{Plan.objects.filter(status__in=Plan.UTKAST).first().pk}/",
        "skjerma_vedtak": lambda: f"/api/v1/vedtak/{Vedtak.objects.exclude(skjerming='').first().pk}/",
        "ufrigjeven_rapport": lambda: "/api/v1/rapportar/2026-t2/",
    }[kva]()
    c = Client() if rolle == "anonymous" else _med_nokkel(rolle)
    assert c.get(url).status_code == status


def test_an_exempt_decision_shows_its_public_title_unless_the_reader_registers_decisions(demo):
    v = Vedtak.objects.exclude(skjerming="").first()
    url = f"/api/v1/vedtak/{v.pk}/"
    politikar = _med_nokkel("politikar").get(url).json()
    assert politikar["tittel"] == v.offentleg_tittel and politikar["tekst"] == ""
    assert politikar["saksnummer"] == v.saksnummer and politikar["skjerming"] == v.skjerming
    assert _med_nokkel("sekretariat").get(url).json()["tittel"] == v.tittel
    # nor is it found by a word of its title among the decisions
    sok = _med_nokkel("politikar").get("/api/v1/vedtak/", {"sak": v.tittel.split()[0]}).json()
    assert v.tittel not in json.dumps(sok, ensure_ascii=False)


def test_with_a_key_an_employee_reads_the_working_status_and_owner(demo):
    o = Oppdrag.objects.filter(unnateke=True, owner__isnull=False).first()
    data = _med_nokkel("medarbeidar").get(f"/api/v1/oppdrag/{o.pk}/").json()
    assert data["status"] == o.status and data["owner"] == {"id": o.owner_id, "namn": o.owner.namn}
    assert data["tittel"] == o.tittel


def test_a_bad_key_is_refused_and_nothing_is_written(demo):
    c = Client(HTTP_AUTHORIZATION="Token feil")
    assert c.get("/api/v1/oppdrag/").status_code == 401
    for url in ("/api/v1/oppdrag/", "/api/v1/planar/"):
        assert _med_nokkel("kommunedirektor").post(url, {}).status_code == 405


def test_the_filters_narrow_the_list(demo):
    vedtak = Oppdrag.objects.filter(kjelde_vedtak__skjerming="", unnateke=False).first().kjelde_vedtak
    data = Client().get("/api/v1/oppdrag/", {"vedtak": vedtak.pk}).json()
    venta = set(innsyn.offentlege_oppdrag().filter(kjelde_vedtak=vedtak).values_list("pk", flat=True))
    assert venta and {o["id"] for o in data["results"]} == venta
    # a case number as written finds the decision («PS 24/20» finds PS 24/2020)
    serie, nr = vedtak.saksnummer.split(" ", 1)
    tal, aar = nr.split("/")
    funne = Client().get("/api/v1/vedtak/", {"sak": f"{serie} {int(tal):03d}/{aar[-2:]}"}).json()
    assert [v["id"] for v in funne["results"]] == [vedtak.pk]
    # owner filters are for employees: a citizen's «eigar=meg» is ignored, not an error
    assert Client().get("/api/v1/oppdrag/", {"eigar": "ingen"}).json()["count"] == len(
        innsyn.offentlege_oppdrag()
    )


def test_a_list_as_csv_with_the_next_page_in_the_link_header(demo):
    svar = Client().get("/api/v1/oppdrag/", {"format": "csv", "per_side": 5})
    assert svar.status_code == 200 and svar["Content-Type"].startswith("text/csv")
    rader = list(csv.DictReader(io.StringIO(svar.content.decode())))
    assert len(rader) == 5
    assert {"id", "tittel", "eining.kode", "siste_rapport.lys", "maal"} <= set(rader[0])
    assert 'rel="next"' in svar["Link"] and "side=2" in svar["Link"]
    assert rader[0]["tittel"] == Oppdrag.objects.get(pk=rader[0]["id"]).tittel


def test_a_csv_page_mixing_reported_and_unreported_oppdrag_has_one_set_of_report_columns(demo):
    svar = Client().get("/api/v1/oppdrag/", {"format": "csv", "per_side": 1000})
    data = Client().get("/api/v1/oppdrag/", {"per_side": 1000}).json()["results"]
    assert {o["siste_rapport"] is None for o in data} == {True, False}  # both kinds on the page
    rader = list(csv.DictReader(io.StringIO(svar.content.decode())))
    assert "siste_rapport" not in rader[0] and "siste_rapport.lys" in rader[0]
    utan = next(r for r, o in zip(rader, data, strict=True) if o["siste_rapport"] is None)
    assert utan["siste_rapport.lys"] == ""


def test_public_answers_may_be_cached_and_keyed_ones_not(demo):
    assert "public" in Client().get("/api/v1/planar/")["Cache-Control"]
    svar = _med_nokkel("medarbeidar").get("/api/v1/planar/")
    assert "no-store" in svar["Cache-Control"] and "public" not in svar["Cache-Control"]


@pytest.mark.parametrize("rolle", ["anonymous", "medarbeidar"])
def test_the_oppdrag_list_costs_the_same_queries_for_a_page_of_5_and_of_100(demo, rolle):
    c = Client() if rolle == "anonymous" else _med_nokkel(rolle)
    tal = []
    for n in (5, 100):
        with CaptureQueriesContext(connection) as q:
            assert len(c.get("/api/v1/oppdrag/", {"per_side": n}).json()["results"]) == n
        tal.append(len(q))
    assert tal[0] == tal[1] <= 9


def test_a_user_makes_renews_and_deletes_their_key(demo):
    c = Client()
    c.force_login(_brukar("medarbeidar"))
    assert c.get("/api/nokkel/").status_code == 405
    svar = c.post("/api/nokkel/")
    assert svar.status_code == 302
    side = c.get("/api/").content.decode()
    nokkel = Token.objects.get(user=_brukar("medarbeidar")).key
    assert nokkel in side
    assert nokkel not in c.get("/api/").content.decode()  # shown once
    program = Client(HTTP_AUTHORIZATION=f"Token {nokkel}")
    assert program.get("/api/v1/oppdrag/").json()["results"][0]["status"] is not None
    c.post("/api/nokkel/")  # a new key: the old one stops working at once
    assert program.get("/api/v1/oppdrag/").status_code == 401
    c.post("/api/nokkel/slett/")
    assert not Token.objects.filter(user=_brukar("medarbeidar")).exists()


def test_the_api_page_is_public_and_offers_a_key_only_to_those_logged_in(demo):
    side = Client().get("/api/").content.decode()
    assert "/api/v1/oppdrag/" in side and "/api/nokkel/" not in side
    assert Client().post("/api/nokkel/").status_code == 302  # to the login
    assert not Token.objects.exists()
