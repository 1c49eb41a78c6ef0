"""The adopted handlings- og økonomiplan for the public (/innsyn/okonomiplan/<år>/): the main
overview, frames against measures, the prioritised measures with their effect per year and the
adopted verbal resolutions; drafts are not found; no link leads to a page for employees only."""

import re

from django.test import Client

from alver.models import Eining
from budget.models import BudsjettTiltak, Okonomiplan, TiltakEffekt, Verbalpunkt
from tests.hjelp import tal_sporjingar


def _vedteken():
    return Okonomiplan.objects.filter(status=Okonomiplan.Status.VEDTATT).order_by("-forste_aar").first()


def test_a_citizen_reads_the_adopted_plan(demo):
    plan = _vedteken()
    html = Client().get(f"/innsyn/okonomiplan/{plan.forste_aar}/").content.decode()
    prioriterte = plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
    andre = plan.tiltak.exclude(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
    assert prioriterte.exists() and andre.exists()
    for t in prioriterte:
        assert t.tittel in html
    for t in andre.exclude(tittel__in=prioriterte.values("tittel")):
        assert t.tittel not in html
    vedtekne = plan.verbalpunkt.filter(status=Verbalpunkt.Status.VEDTEKE)
    assert vedtekne.exists()
    for v in plan.verbalpunkt.all():
        assert (v.tekst in html) == (v.status == Verbalpunkt.Status.VEDTEKE), v.nummer
    # the balance per sector, but no link into the employees' pages
    assert 'id="innsyn-balanse"' in html and 'id="innsyn-hovudoversikt"' in html
    lenkjer = re.findall(r'href="([^"]+)"', html)
    assert not [u for u in lenkjer if u.startswith("/okonomiplan/")]
    assert f"/innsyn/okonomiplan/{plan.forste_aar}/" in Client().get("/innsyn/").content.decode()


def test_a_draft_plan_is_not_found(demo):
    utkast = Okonomiplan.objects.exclude(status=Okonomiplan.Status.VEDTATT).first()
    assert utkast is not None
    assert Client().get(f"/innsyn/okonomiplan/{utkast.forste_aar}/").status_code == 404
    assert f"/innsyn/okonomiplan/{utkast.forste_aar}/" not in Client().get("/innsyn/").content.decode()
    assert Client().get("/innsyn/okonomiplan/1999/").status_code == 404


def test_the_page_reads_a_fixed_number_of_queries_however_many_measures(demo):
    plan = _vedteken()
    url = f"/innsyn/okonomiplan/{plan.forste_aar}/"
    foer = tal_sporjingar(Client(), url)
    eining = Eining.objects.get(kode="2100")
    for n in range(5):
        t = BudsjettTiltak.objects.create(
            okonomiplan=plan,
            tittel=f"Ekstra tiltak {n}",
            ansvarleg_eining=eining,
            vedtak=BudsjettTiltak.Vedtak.PRIORITERT,
            fra_aar=plan.forste_aar,
        )
        TiltakEffekt.objects.create(budsjetttiltak=t, aar=plan.forste_aar, belop=-100_000)
    assert tal_sporjingar(Client(), url) == foer
    assert "Ekstra tiltak 4" in Client().get(url).content.decode()
