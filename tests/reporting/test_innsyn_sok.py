"""The public search (/innsyn/sok/) and a public oppdrag's page (/innsyn/oppdrag/<pk>/): what a
citizen finds is public, each hit opens without a login, and the oppdrag's status is the one
last reported to the politicians."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alver.lib import klokke
from alver.models import User
from budget.models import Vedtak
from plans.models import Maal, Plan
from reporting import innsyn
from reporting.models import Statusrapport
from verksemdsplan.models import Oppdrag


def _sok(q):
    svar = Client().get("/innsyn/sok/", {"q": q})
    assert svar.status_code == 200 and "public" in svar["Cache-Control"]
    return svar.content.decode()


def _lenkjer(html):
    return re.findall(r'<a class="ds-link" href="(/innsyn/(?:plan|maal|oppdrag)/\d+/)">', html)


def test_a_citizen_finds_a_goal_and_a_public_oppdrag_and_every_hit_opens(demo):
    maal = Maal.objects.filter(plan__in=innsyn.offentlege_planar()).order_by("pk").first()
    html = _sok(maal.tittel)
    assert f"/innsyn/maal/{maal.pk}/" in html
    o = innsyn.offentlege_oppdrag().order_by("pk").first()
    html = _sok(o.tittel)
    assert f"/innsyn/oppdrag/{o.pk}/" in html
    lenkjer = _lenkjer(html)
    assert lenkjer
    for url in lenkjer:
        assert Client().get(url).status_code == 200, url


def test_the_public_search_finds_nothing_that_is_not_public(demo):
    unnateke = (
        Oppdrag.objects.aktive()
        .filter(innsyn.unnatekne())
        .exclude(tittel__in=innsyn.offentlege_oppdrag().values("tittel"))
        .first()
    )
    utkast = Plan.objects.filter(status__in=Plan.UTKAST).first()
    skjerma = Vedtak.objects.exclude(skjerming="").first()
    for ord_ in (unnateke.tittel, utkast.tittel, skjerma.tittel):
        html = _sok(ord_)
        svar = html.split("</h1>", 1)[1].replace(f'value="{ord_}"', "").replace(f"«{ord_}»", "")
        assert "Ingenting ope passar" in svar and ord_ not in svar  # the search is echoed, nothing else
        assert f"/innsyn/oppdrag/{unnateke.pk}/" not in html
        assert f"/innsyn/plan/{utkast.pk}/" not in html


def test_the_public_search_does_not_read_the_working_status_comment(demo):
    o = innsyn.offentlege_oppdrag().order_by("pk").first()
    o.status_kommentar = "Internmerknadxyz om framdrifta"
    o.save()
    assert f"/innsyn/oppdrag/{o.pk}/" not in _sok("Internmerknadxyz")
    assert f"/oppdrag/{o.pk}/" in _logga_inn_sok("Internmerknadxyz")


def _logga_inn_sok(q):
    from alver.models import User

    c = Client()
    c.force_login(User.objects.get(email="kommunedirektor@alver.example"))
    return c.get("/sok/", {"q": q}).content.decode()


def test_the_public_search_costs_the_same_queries_for_any_word(demo):
    _sok("planar")  # the first request of a process reads what is cached after
    tal = []
    for q in ("skule", "barnehage og skule", "zzzingenting"):
        with CaptureQueriesContext(connection) as fanga:
            _sok(q)
        tal.append(len(fanga))
    assert len(set(tal)) == 1


def test_a_public_oppdrag_shows_its_status_as_released_and_its_goals(demo):
    frigjeven = innsyn.siste_frigjevne()
    o = next(
        o
        for o in innsyn.offentlege_oppdrag()
        .filter(parent__isnull=True, maal__plan__in=innsyn.offentlege_planar())
        .distinct()
        .order_by("pk")
        if Statusrapport.objects.filter(oppdrag=o, periode__til__gt=frigjeven.til).exists()
        and Statusrapport.objects.filter(oppdrag=o, periode__til__lte=frigjeven.til).exists()
    )
    sist_frigjeven = (
        Statusrapport.objects.filter(oppdrag=o, periode__til__lte=frigjeven.til)
        .order_by("-periode__til", "-pk")
        .first()
    )
    html = Client().get(f"/innsyn/oppdrag/{o.pk}/").content.decode()
    assert f"({sist_frigjeven.periode})" in html
    etter = Statusrapport.objects.filter(oppdrag=o, periode__til__gt=frigjeven.til).first()
    assert f"({etter.periode})" not in html
    m = o.maal.filter(plan__in=innsyn.offentlege_planar()).first()
    assert f"/innsyn/maal/{m.pk}/" in html
    # and the goal's page links to it
    assert f"/innsyn/oppdrag/{o.pk}/" in Client().get(f"/innsyn/maal/{m.pk}/").content.decode()


@pytest.mark.parametrize("kva", ["unnateke", "inaktiv", "finst_ikkje"])
def test_an_oppdrag_that_is_not_public_is_not_found(demo, kva):
    if kva == "unnateke":
        pk = Oppdrag.objects.aktive().filter(innsyn.unnatekne()).first().pk
    elif kva == "inaktiv":
        o = innsyn.offentlege_oppdrag().first()
        pk = o.pk
        Oppdrag.objects.filter(pk=pk).update(trekt_at=klokke.no())  # a withdrawn delegation
    else:
        pk = 10**9
    assert Client().get(f"/innsyn/oppdrag/{pk}/").status_code == 404


def test_an_exempt_goal_plan_or_measure_is_not_found_publicly_but_by_employees(demo):
    from tests.reporting.test_innsyn import unnata_i_planane

    for tittel in unnata_i_planane():
        ord_ = tittel.split()[0:3]
        html = _sok(" ".join(ord_))
        assert tittel not in html, tittel
    over = Maal.objects.filter(unnateke=True).first()
    c = Client()
    c.force_login(User.objects.get(email="medarbeidar@alver.example"))
    assert over.tittel in c.get("/sok/", {"q": over.tittel}).content.decode()


def test_a_public_letters_text_is_found_publicly_and_a_letter_not_public_is_not(demo):
    from verksemdsplan.models import Brevseksjon, Oppdragsbrev

    offentleg = Oppdragsbrev.objects.get(eining__kode="1000", aar=klokke.i_dag().year)
    assert offentleg.offentleg and offentleg.status == "publisert"
    ikkje = Oppdragsbrev.objects.filter(status="publisert", offentleg=False).select_related("eining").first()
    for b, ord_ in ((offentleg, "Fjordlandsplanxyz"), (ikkje, "Internbrevxyz")):
        s = b.seksjonar.order_by("pk").first()
        Brevseksjon.objects.filter(pk=s.pk).update(tekst=f"{s.tekst} {ord_}")
    html = _sok("fjordlandsplanxyz")
    lenkje = f"/innsyn/oppdragsbrev/{offentleg.aar}/1000/"
    assert lenkje in html and "<mark>Fjordlandsplanxyz</mark>" in html
    assert Client().get(lenkje).status_code == 200
    assert "/innsyn/oppdragsbrev/" not in _sok("internbrevxyz")
    assert ikkje.get_absolute_url() in _logga_inn_sok("internbrevxyz")  # employees find it
    # a letter sent back to draft is not public, whatever it says
    offentleg.status = "utkast"
    offentleg.save()
    assert lenkje not in _sok("fjordlandsplanxyz")
