"""Public innsyn (/innsyn/, no login): a citizen follows the thread from a plan's goal to what
is done about it and the released report; drafts and what is exempt from public access never
appear on any of its pages (a crawl walks them all)."""

import re

import pytest
from django.db.models import Q
from django.test import Client

from budget.models import BudsjettTiltak, Vedtak
from plans.models import Maal, Plan, Tiltak
from reporting import innsyn
from reporting.models import Periode, Statusrapport
from tests.kryp import Krypar, _url_namn
from verksemdsplan.models import Oppdrag, Oppdragsbrev


def unnata_i_planane():
    """What a kommune exempts from public access besides oppdrag and decisions: a whole adopted
    plan, a goal with its sub-goals, a handlingsplan's measure and a prioritised measure in the
    adopted økonomiplan. Returns their titles (and the sub-goals')."""
    heimel = "offentleglova § 13"
    planar = innsyn.offentlege_planar().order_by("pk")
    plan = planar.filter(maal__isnull=False).last()
    over = (
        Maal.objects.filter(plan__in=planar.exclude(pk=plan.pk), delmaal__isnull=False).order_by("pk").first()
    )
    tiltak = (
        Tiltak.objects.filter(maal__in=innsyn.offentlege_maal().exclude(pk=over.pk)).order_by("pk").first()
    )
    # one whose title no handlingsplan's measure shares (that one would stay public)
    budsjett = (
        BudsjettTiltak.objects.filter(
            okonomiplan__in=innsyn.offentlege_okonomiplanar(), vedtak=BudsjettTiltak.Vedtak.PRIORITERT
        )
        .exclude(tittel__in=Tiltak.objects.values("tittel"))
        .order_by("pk")
        .first()
    )
    for obj in (plan, over, tiltak, budsjett):
        obj.unnateke, obj.heimel = True, heimel
        obj.full_clean()
        obj.save()
    return {plan.tittel, over.tittel, tiltak.tittel, budsjett.tittel} | set(
        Maal.objects.filter(parent=over).values_list("tittel", flat=True)
    )


def _ikkje_offentleg():
    """Titles that must not be shown publicly and that no public row shares."""
    offentlege = set(innsyn.offentlege_oppdrag().values_list("tittel", flat=True))
    offentlege |= set(innsyn.offentlege_maal().values_list("tittel", flat=True))
    offentlege |= set(Tiltak.objects.filter(unnateke=False).values_list("tittel", flat=True))
    offentlege |= set(
        BudsjettTiltak.objects.filter(
            okonomiplan__in=innsyn.offentlege_okonomiplanar(),
            vedtak=BudsjettTiltak.Vedtak.PRIORITERT,
            unnateke=False,
        ).values_list("tittel", flat=True)
    )
    titlar = set(Oppdrag.objects.filter(innsyn.unnatekne()).values_list("tittel", flat=True))
    titlar |= set(Vedtak.objects.exclude(skjerming="").values_list("tittel", flat=True))
    titlar |= set(
        Plan.objects.filter(Q(status__in=Plan.UTKAST) | Q(unnateke=True)).values_list("tittel", flat=True)
    )
    titlar |= set(Maal.objects.exclude(pk__in=innsyn.offentlege_maal()).values_list("tittel", flat=True))
    titlar |= set(Tiltak.objects.filter(unnateke=True).values_list("tittel", flat=True))
    titlar |= set(BudsjettTiltak.objects.filter(unnateke=True).values_list("tittel", flat=True))
    return titlar - offentlege


def test_a_citizen_walks_every_public_page_and_meets_nothing_that_is_not_public(demo):
    unnatekne = unnata_i_planane()
    forbodne = _ikkje_offentleg()
    assert unnatekne <= forbodne
    assert len(forbodne) >= 8  # and the demo's exempt oppdrag, an exempt decision and a draft plan
    sider = [s for s in Krypar(Client(), per_namn=10_000).kryp("/innsyn/") if s.url.startswith("/innsyn/")]
    namn = {s.url_namn for s in sider}
    assert {
        "reporting:innsyn",
        "reporting:innsyn_plan",
        "reporting:innsyn_maal",
        "reporting:innsyn_rapport",
        "reporting:innsyn_oppdrag",
        "reporting:innsyn_oppfolging",
        "reporting:innsyn_verksemdsplan",
        "reporting:innsyn_okonomiplan",
    } <= namn
    for s in sider:
        assert s.status == 200, (s.url, s.fraa)
        for t in forbodne:
            assert t not in s.innhald, (t, s.url)
    # and every link they show opens for a reader with no login, without asking them to log in
    # (one of each kind; the crawl above opened the public ones)
    lenkjer = {}
    for s in sider:
        for u in s.lenkjer:
            lenkjer.setdefault(_url_namn(u), (u, s.url))
    for u, fraa in lenkjer.values():
        assert Client().get(u).status_code == 200, (u, fraa)


def test_a_goal_shows_what_is_done_about_it_as_last_reported_to_the_politicians(demo):
    maal = Maal.objects.filter(plan__in=innsyn.offentlege_planar()).order_by("pk")
    oppdrag, frigjeven = next((innsyn.maal_oppdrag(m) for m in maal if innsyn.maal_oppdrag(m)[0]), ([], None))
    assert oppdrag and frigjeven.kode == "2026-t1"
    # each status is the latest report up to the released tertial, never one after it
    for o in oppdrag:
        assert o.siste is None or o.siste.periode.til <= frigjeven.til
    assert not any(o.unnateke for o in oppdrag)


def test_a_cancelled_oppdrag_says_so_on_its_goal_and_its_page_as_the_report_does(demo):
    o = innsyn.offentlege_oppdrag().filter(status=Oppdrag.Status.AVBROTE, maal__isnull=False).first()
    assert o is not None and not Statusrapport.objects.filter(oppdrag=o).exists()
    maal = o.maal.filter(pk__in=innsyn.offentlege_maal()).first()
    c = Client()
    for url in (f"/innsyn/oppdrag/{o.pk}/", f"/innsyn/maal/{maal.pk}/"):
        html = c.get(url).content.decode()
        rad = html.split(o.tittel, 1)[1].split("</tr>", 1)[0] if "/maal/" in url else html
        assert ">avbrote</span>" in rad and "ikkje rapportert enno" not in rad, url


def test_drafts_and_unreleased_reports_are_not_found(demo):
    c = Client()
    utkast = Plan.objects.filter(status__in=Plan.UTKAST).first()
    assert c.get(f"/innsyn/plan/{utkast.pk}/").status_code == 404
    maal = utkast.maal.first()
    if maal is not None:
        assert c.get(f"/innsyn/maal/{maal.pk}/").status_code == 404
    ikkje_frigjeven = Periode.objects.filter(type="tertial", frigitt_at__isnull=True).first()
    assert c.get(f"/innsyn/rapport/{ikkje_frigjeven.kode}/").status_code == 404
    assert c.get("/innsyn/rapport/2026-m11/").status_code == 404  # a month is no public report
    assert c.get("/innsyn/rapport/tull/").status_code == 404


def test_public_pages_may_be_cached(demo):
    svar = Client().get("/innsyn/")
    assert (
        svar.status_code == 200
        and "public" in svar["Cache-Control"]
        and "max-age=300" in svar["Cache-Control"]
    )


def _offentlege_adresser():
    p = innsyn.offentlege_planar().first()
    brev = (
        Oppdragsbrev.objects.filter(offentleg=True, versjonar__offentleg=True)
        .select_related("eining")
        .first()
    )
    return [
        "/innsyn/",
        f"/innsyn/plan/{p.pk}/",
        f"/innsyn/maal/{Maal.objects.filter(plan=p).first().pk}/",
        f"/innsyn/oppdrag/{innsyn.offentlege_oppdrag().first().pk}/",
        f"/innsyn/rapport/{innsyn.siste_frigjevne().kode}/",
        "/innsyn/sok/?q=skule",
        "/innsyn/oppfolging/",
        f"/innsyn/verksemdsplan/{brev.aar}/{brev.eining.kode}/",
        f"/innsyn/okonomiplan/{innsyn.offentlege_okonomiplanar().first().forste_aar}/",
    ]


@pytest.mark.parametrize("rolle", ["anonymous", "medarbeidar", "politikar", "admin"])
def test_every_reader_sees_the_same_public_pages_and_none_may_post(demo, rolle):
    """The permission matrix of the public pages: 200 for everyone, POST 405 for everyone."""
    from alver.models import User

    c = Client()
    if rolle != "anonymous":
        c.force_login(User.objects.get(email=f"{rolle}@alver.example"))
    for url in _offentlege_adresser():
        assert c.get(url).status_code == 200, url
        assert c.post(url).status_code == 405, url


def test_the_public_follow_up_shows_public_decisions_as_released_in_a_fixed_number_of_queries(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alver.lib import klokke
    from reporting import oppfolging

    aar = klokke.i_dag().year
    til = oppfolging.siste_frigitte_dag(aar)
    alle = oppfolging.politiske_oppdrag(aar, til=til)
    offentlege = list(alle.exclude(innsyn.unnatekne()).values_list("pk", flat=True))
    skjulte = set(alle.filter(innsyn.unnatekne()).values_list("pk", flat=True))
    assert offentlege and skjulte  # the demo has both
    sider = [
        Client().get(f"/innsyn/oppfolging/?aar={aar}&side={n}").content.decode()
        for n in range(1, len(offentlege) // 50 + 2)
    ]
    # every public one, in the list's order, page after page; none of the others
    vist = [int(pk) for html in sider for pk in re.findall(r'href="/innsyn/oppdrag/(\d+)/"', html)]
    assert vist == offentlege and not skjulte & set(vist)
    html = sider[0]
    # no report after the released one is shown
    seinare = Periode.objects.filter(aar=aar, til__gt=til).values_list("pk", flat=True)
    for p in Periode.objects.filter(pk__in=seinare, type="maanad"):
        assert f"({p})" not in html
    tal = []
    eitt_organ = alle.filter(pk__in=offentlege, kjelde_vedtak__isnull=False).values_list(
        "kjelde_vedtak__organ_id", flat=True
    )[0]
    for organ in ("", eitt_organ):
        with CaptureQueriesContext(connection) as q:
            assert Client().get(f"/innsyn/oppfolging/?aar={aar}&organ={organ}").status_code == 200
        tal.append(len(q))
    assert tal[0] == tal[1]


def test_a_goals_oppdrag_come_a_page_at_a_time(demo, monkeypatch):
    """A goal of the whole kommune has thousands of oppdrag at Oslo's scale: the public page shows
    how many, one page of them and the way on, and reads the same whatever the count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    maal = next(m for m in innsyn.offentlege_maal().order_by("pk") if len(innsyn.maal_oppdrag(m)[0]) > 2)
    alle = innsyn.maal_oppdrag(maal)[0].paginator.count
    monkeypatch.setattr(innsyn, "MAAL_SIDE", 2)
    c = Client()
    with CaptureQueriesContext(connection) as forste:
        html = c.get(f"/innsyn/maal/{maal.pk}/").content.decode()
    assert f"{alle} oppdrag kopla til målet" in html
    rader = re.findall(r'href="/innsyn/oppdrag/(\d+)/"', html)
    assert len(rader) == 2 and "?side=2" in html
    neste = re.findall(
        r'href="/innsyn/oppdrag/(\d+)/"', c.get(f"/innsyn/maal/{maal.pk}/?side=2").content.decode()
    )
    assert neste and not set(neste) & set(rader)
    monkeypatch.setattr(innsyn, "MAAL_SIDE", alle)
    with CaptureQueriesContext(connection) as heile:
        c.get(f"/innsyn/maal/{maal.pk}/?alle=1")  # another address: not the kept page
    assert len(heile) == len(forste)


def test_the_public_oppdrag_given_and_not_delegated_are_read_without_the_chain_above(demo):
    """A goal's public page lists the oppdrag as given (no parent) through a shorter test, with
    no delegation chain to look up: it must keep out exactly what the full test keeps out."""
    unnata_i_planane()
    gjeve = Oppdrag.objects.filter(parent__isnull=True, born__isnull=False).order_by("pk").first()
    Oppdrag.objects.filter(pk=gjeve.pk).update(unnateke=True, heimel="offentleglova § 13")
    fullt = set(innsyn.offentlege_oppdrag().filter(parent__isnull=True).values_list("pk", flat=True))
    stutt = set(innsyn.offentlege_oppdrag(toppnivaa=True).values_list("pk", flat=True))
    assert stutt == fullt
    assert gjeve.pk not in stutt
    # the demo's exemptions reach oppdrag as given too: from measures and from closed decisions
    assert Oppdrag.objects.aktive().filter(parent__isnull=True).exclude(pk__in=stutt).count() > 1
