"""The light and the target it is measured against (unit → adopted økonomiplan → plan)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import Indikatormaal, Okonomiplan
from plans.models import Indikator
from reporting import indikatorar as lys
from reporting.models import Indikatorverdi

D = Decimal


@pytest.mark.parametrize(
    "retning,verdi,maal,venta",
    [
        ("hoegare", "90", "90", "gron"),  # reaching the target is green
        ("hoegare", "95", "90", "gron"),
        ("hoegare", "85.5", "90", "gul"),  # exactly 5 % below: still yellow
        ("hoegare", "85.4", "90", "raud"),
        ("laagare", "10", "10", "gron"),
        ("laagare", "9", "10", "gron"),
        ("laagare", "10.5", "10", "gul"),  # exactly 5 % above a lower-is-better target
        ("laagare", "10.6", "10", "raud"),
        ("hoegare", "-1.04", "-1", "gul"),  # negative targets: 5 % of the target's size
        ("hoegare", "-1.06", "-1", "raud"),
        ("hoegare", "-0.1", "0", "raud"),  # a target of zero has no band
    ],
)
def test_lys_etter_retning_og_5_prosent(retning, verdi, maal, venta):
    ind = Indikator(namn="x", maaleeining="tal", retning=retning)
    assert lys.lys(ind, D(verdi), D(maal)) == venta


def test_utan_maal_inga_lys():
    assert lys.lys(Indikator(retning="hoegare"), D(1), None) is None


def _verdi(ind, eining, periode, verdi, user):
    return Indikatorverdi.objects.create(
        indikator=ind, eining=eining, periode=periode, verdi=D(verdi), registrert_av=user
    )


def test_maal_eininga_sitt_foer_okonomiplanen_foer_planen(org, indikatorar):
    e, u = org["einingar"], org["brukarar"]
    t = indikatorar["trivsel"]
    verdiar = [
        _verdi(t, e["knarvik"], "2026-t1", "89", u["tenesteleiar"]),  # Knarvik's own 90: yellow
        _verdi(t, e["skule"], "2026-t1", "89", u["tenesteleiar"]),  # Oppvekst's adopted 88: green
        _verdi(t, e["lindaas"], "2026-t1", "80", u["tenesteleiar"]),  # Helse: the plan's 85: red
        _verdi(t, None, "2026-t1", "84", u["tenesteleiar"]),  # the kommune: the plan's 85: yellow
        _verdi(t, None, "2025-aar", "84", u["tenesteleiar"]),  # no target for 2025
    ]
    vurdert = {
        (v.eining_id, v.periode): v
        for v in lys.vurder(Indikatorverdi.objects.select_related("indikator", "eining"))
    }
    knarvik = vurdert[(e["knarvik"].pk, "2026-t1")]
    assert (knarvik.maal, knarvik.lys) == (lys.Maal(D(90), lys.EINING), "gul")
    skule = vurdert[(e["skule"].pk, "2026-t1")]
    assert (skule.maal, skule.lys) == (lys.Maal(D(88), lys.OKONOMIPLAN), "gron")
    lindaas = vurdert[(e["lindaas"].pk, "2026-t1")]
    assert (lindaas.maal, lindaas.lys) == (lys.Maal(D(85), lys.PLAN), "raud")
    assert vurdert[(None, "2026-t1")].maal == lys.Maal(D(85), lys.PLAN)
    assert vurdert[(None, "2026-t1")].lys == "gul"
    assert vurdert[(None, "2025-aar")].maal is None and vurdert[(None, "2025-aar")].lys is None
    assert len(verdiar) == 5


def test_okonomiplanen_tel_berre_naar_ho_er_vedteken(org, indikatorar):
    okp = indikatorar["okonomiplan"]
    okp.status = Okonomiplan.Status.POLITISK
    okp.save()
    maal = lys.maal_for({(indikatorar["trivsel"].pk, org["einingar"]["skule"], 2026)})
    assert list(maal.values()) == [lys.Maal(D(85), lys.PLAN)]


def test_nyaste_vedtekne_okonomiplan_vinn(org, indikatorar):
    ny = Okonomiplan.objects.create(forste_aar=2025, status=Okonomiplan.Status.VEDTATT)
    Indikatormaal.objects.create(
        okonomiplan=ny,
        sektor=org["einingar"]["oppvekst"],
        indikator=indikatorar["trivsel"],
        aar=2026,
        verdi=D(70),
    )
    maal = lys.maal_for({(indikatorar["trivsel"].pk, org["einingar"]["skule"], 2026)})
    assert list(maal.values()) == [lys.Maal(D(88), lys.OKONOMIPLAN)]  # the 2026 plan is newer


def test_maal_for_mange_verdiar_i_fast_tal_sporjingar(org, indikatorar):
    e, u = org["einingar"], org["brukarar"]

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            lys.vurder(list(Indikatorverdi.objects.select_related("indikator", "eining")))
        return len(ctx)

    _verdi(indikatorar["trivsel"], e["knarvik"], "2026-t1", "89", u["tenesteleiar"])
    lite = tel()
    for m in range(1, 12):
        _verdi(indikatorar["ventetid"], e["lindaas"], f"2026-m{m:02}", "9", u["tenesteleiar"])
        _verdi(indikatorar["ventetid"], None, f"2026-m{m:02}", "11", u["tenesteleiar"])
    _verdi(indikatorar["trivsel"], e["skule"], "2026-t2", "89", u["tenesteleiar"])
    assert tel() == lite <= 4
