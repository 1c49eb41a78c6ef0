"""Freshness: each oppdrag shows when it was last reported, and what has gone two periods
without a report is flagged for its owner and the owner's leader."""

import datetime

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import Periode
from verksemdsplan.models import Oppdrag

DAG = datetime.date(2026, 11, 15)  # September's and October's deadlines have passed


@pytest.fixture
def haust(org, periode, oppdrag, fleire):
    e, u = org["einingar"], org["brukarar"]
    gloymt = fleire(e["skule"], u["tenesteleiar"], "Gløymt")
    september = fleire(e["skule"], u["tenesteleiar"], "Rapportert i september")
    ny = fleire(e["skule"], u["tenesteleiar"], "Ny i november")
    Oppdrag.objects.exclude(pk=ny.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 1, 15)))
    sep, okt = (Periode.objects.get(aar=2026, type="maanad", nummer=n) for n in (9, 10))
    services.rapporter(
        september, sep, status="i_rute", lys="gron", kommentar="", framdrift=None, user=u["tenesteleiar"]
    )
    services.rapporter(
        oppdrag, okt, status="i_rute", lys="gron", kommentar="", framdrift=None, user=u["kommunalsjef"]
    )
    return {"gloymt": gloymt, "september": september, "ny": ny}


def test_only_what_missed_both_of_the_last_two_periods_is_flagged(haust, oppdrag):
    flagga = services.utan_rapport_to_periodar(Oppdrag.objects.all(), DAG)
    # «Ny i november» did not exist in September, so it is not flagged
    assert list(flagga) == [haust["gloymt"]]


def test_owner_and_leader_see_the_flag_on_mi_side_and_the_period_page(haust, periode, client_as, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: DAG)
    html = client_as("tenesteleiar").get("/mi-side/").content.decode()
    assert "Ikkje rapportert to periodar" in html and "Gløymt" in html
    html = client_as("kommunalsjef").get("/mi-side/").content.decode()
    assert "Ikkje rapportert to periodar i einingane dine" in html and "Gløymt" in html
    svar = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/")
    rader = {o.tittel: o for o in svar.context["side"]}
    assert rader["Gløymt"].flagga and not rader["Rapportert i september"].flagga
    assert (
        rader["Rapportert i september"].sist_rapportert is not None
        and rader["Gløymt"].sist_rapportert is None
    )


def test_the_oppdrag_page_shows_when_it_was_last_reported(haust, client_as):
    html = client_as("tenesteleiar").get(haust["september"].get_absolute_url()).content.decode()
    assert "Sist rapportert" in html and "september 2026" in html
    html = client_as("tenesteleiar").get(haust["gloymt"].get_absolute_url()).content.decode()
    assert "aldri" in html
