"""Every list page downloads as CSV and Excel (`?eksport=csv|xlsx`), with its filters applied and
every row, not one page: the oppdrag, oppdrag without an owner, plans, indicators, political
decisions, the økonomiplan's measures and verbal resolutions (alver.lib.eksport.tabell)."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from budget.models import BudsjettTiltak, Okonomiplan, Vedtak, Verbalpunkt
from plans.models import Indikator, Plan
from verksemdsplan.models import Oppdrag


@pytest.fixture
def client_as():
    """Logged in as the demo kommune's user of a role (anonymous: not logged in)."""
    from alver.models import User

    def _klient(rolle):
        c = Client()
        if rolle != "anonymous":
            c.force_login(User.objects.get(email=f"{rolle}@alver.example"))
        return c

    return _klient


def _csv(svar):
    assert svar.status_code == 200 and svar["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in svar["Content-Disposition"]
    tekst = b"".join(svar.streaming_content).decode("utf-8")
    assert tekst.startswith("\ufeff")  # Excel reads æøå only with the byte order mark
    return list(csv.reader(io.StringIO(tekst[1:])))


def _xlsx(svar):
    assert svar.status_code == 200 and svar["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(r) for r in load_workbook(io.BytesIO(svar.content)).active.iter_rows(values_only=True)]


def _lister():
    plan = Okonomiplan.objects.order_by("-forste_aar").first()
    return [
        (
            "kommunedirektor",
            "/oppdrag/?aar=2026&status=i_gang",
            lambda: Oppdrag.objects.aktive().i_aar(2026).filter(status="i_gang").count(),
        ),
        (
            "kommunedirektor",
            "/oppdrag/utan-eigar/",
            lambda: Oppdrag.objects.aktive().opne().filter(owner__isnull=True).count(),
        ),
        ("medarbeidar", "/planar/?status=vedtatt", lambda: Plan.objects.filter(status="vedtatt").count()),
        ("medarbeidar", "/planar/indikatorar/", lambda: Indikator.objects.count()),
        ("medarbeidar", "/vedtak/", lambda: Vedtak.objects.count()),
        (
            "medarbeidar",
            f"/okonomiplan/{plan.forste_aar}/tiltak/",
            lambda: BudsjettTiltak.objects.filter(okonomiplan=plan).count(),
        ),
        (
            "medarbeidar",
            f"/okonomiplan/{plan.forste_aar}/verbalpunkt/",
            lambda: Verbalpunkt.objects.filter(okonomiplan=plan).count(),
        ),
    ]


@pytest.mark.parametrize("i", range(7))
def test_a_list_downloads_whole_with_its_filters_as_csv_and_excel(demo, client_as, i):
    rolle, url, tal = _lister()[i]
    # the demo's units all have leaders: two oppdrag lose their owner, as when a leader leaves
    ope = Oppdrag.objects.aktive().opne().order_by("pk").values_list("pk", flat=True)[:2]
    Oppdrag.objects.filter(pk__in=list(ope)).update(owner=None)
    c = client_as(rolle)
    side = c.get(url).content.decode()
    assert "eksport=csv" in side and "eksport=xlsx" in side  # the page offers both
    n = tal()
    assert n > 0
    teikn = "&" if "?" in url else "?"
    csv_rader = _csv(c.get(f"{url}{teikn}eksport=csv&side=2"))
    xlsx_rader = _xlsx(c.get(f"{url}{teikn}eksport=xlsx"))
    assert len(csv_rader) == len(xlsx_rader) == n + 1  # a header, then every row (not a page)
    assert csv_rader[0] == [str(x) for x in xlsx_rader[0]]


def test_the_export_names_columns_in_the_readers_language_and_keeps_amounts_whole(demo, client_as):
    plan = Okonomiplan.objects.order_by("-forste_aar").first()
    c = client_as("medarbeidar")
    c.post("/spraak/", {"spraak": "nb", "neste": "/"})
    rader = _xlsx(c.get(f"/okonomiplan/{plan.forste_aar}/tiltak/?eksport=xlsx"))
    assert rader[0][:2] == ["Prioritet", "Tittel"]
    t = BudsjettTiltak.objects.filter(okonomiplan=plan, effektar__isnull=False).first()
    rad = next(r for r in rader if r[1] == t.tittel)
    e = t.effektar.order_by("aar").first()
    assert rad[5 + plan.periode.index(e.aar)] == e.belop  # kroner as stored, not rounded


def test_an_exempt_decision_is_exported_by_its_public_title(demo, client_as):
    v = Vedtak.objects.exclude(skjerming="").first()
    medarbeidar = _csv(client_as("medarbeidar").get("/vedtak/?eksport=csv"))
    assert not any(v.tittel in r for r in medarbeidar)
    assert any(v.offentleg_tittel in r and v.saksnummer in r for r in medarbeidar)
    sekretariat = _csv(client_as("sekretariat").get("/vedtak/?eksport=csv"))
    assert any(v.tittel in r for r in sekretariat)


def test_a_formula_in_a_csv_field_is_written_as_text(demo, client_as):
    oppdrag = Oppdrag.objects.i_aar(2026).first()
    oppdrag.tittel = '=HYPERLINK("https://example.org/","Klikk")'
    oppdrag.save()
    rader = _csv(client_as("medarbeidar").get("/oppdrag/?aar=2026&eksport=csv"))
    assert ["'" + oppdrag.tittel] == [r[0] for r in rader[1:] if "HYPERLINK" in r[0]]


def test_the_export_costs_the_same_queries_for_more_rows(demo, client_as):
    c = client_as("kommunedirektor")
    tal = []
    for aar in (2025, 2026):
        with CaptureQueriesContext(connection) as q:
            rader = _csv(c.get(f"/oppdrag/?aar={aar}&eksport=csv"))
        tal.append((len(q), len(rader)))
    assert tal[0][1] != tal[1][1] and tal[0][0] == tal[1][0]


def test_outsiders_get_no_export(demo, client_as):
    assert client_as("politikar").get("/oppdrag/?eksport=csv").status_code == 404
    assert client_as("anonymous").get("/vedtak/?eksport=csv").status_code == 302  # to the login
