"""The økonomiplan's indicator targets on a sector page: who enters them, validation with
Norwegian decimals, conflicts, double submit, the lock once adopted, and history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Indikatormaal, Sektorindikator
from plans.models import Indikator, MaalIndikator, Planmaalverdi
from tests.hjelp import berre, tal_sporjingar

from .conftest import vedta


def indikator(namn, eigar, **kw):
    return Indikator.objects.create(namn=namn, maaleeining="prosent", desimalar=1, eigar=eigar, **kw)


@pytest.fixture
def maal_ind(org, okonomiplan):
    e = org["einingar"]
    ind = indikator("Del elevar som trivst", e["knarvik"], minimum=Decimal(0), maksimum=Decimal(100))
    k = MaalIndikator.objects.create(maal=okonomiplan["maal"], indikator=ind)
    Planmaalverdi.objects.create(kopling=k, aar=2027, verdi=Decimal("85.5"))
    anna = indikator("Ventetid sjukeheim", e["lindaas"])  # Helse's: not on Oppvekst's page
    MaalIndikator.objects.create(maal=okonomiplan["maal"], indikator=anna)
    return ind


def url(namn, plan, kode="2000"):
    return reverse(f"budget:{namn}", args=[plan.forste_aar, kode])


def post(client, plan, ind, verdiar, versjonar=None, kode="2000"):
    data = {}
    for aar in plan.periode:
        data[f"m_{ind.pk}_{aar}"] = verdiar.get(aar, "")
        data[f"v_m_{ind.pk}_{aar}"] = (versjonar or {}).get(aar, 0)
    return client.post(url("indikatormaal", plan, kode), data)


def test_the_sector_page_lists_its_own_indicators_with_the_plan_target(client_as, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    tekst = client_as("politikar").get(url("sektor", plan)).content.decode()
    assert "Del elevar som trivst" in tekst
    assert "85,5" in tekst  # the plan's target, for reference
    assert "Ventetid sjukeheim" not in tekst
    assert f'name="m_{maal_ind.pk}_2026"' not in tekst  # a politician reads, enters nothing


def test_okonomi_enters_targets_in_norwegian_format_with_history(client_as, org, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    r = post(client_as("okonomi"), plan, maal_ind, {2026: "80,5", 2027: "82"})
    assert r.status_code == 302
    maal = {m.aar: m.verdi for m in Indikatormaal.objects.filter(okonomiplan=plan, indikator=maal_ind)}
    assert maal == {2026: Decimal("80.5"), 2027: Decimal("82")}
    h = Indikatormaal.objects.get(aar=2026).history.first()
    assert h.history_user == org["brukarar"]["okonomi"] and h.history_change_reason


def test_the_sectors_head_enters_targets_but_not_another_sectors(client_as, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    assert post(client_as("kommunalsjef"), plan, maal_ind, {2026: "70"}).status_code == 302
    assert post(client_as("kommunalsjef"), plan, maal_ind, {2026: "70"}, kode="3000").status_code == 403


@pytest.mark.parametrize(
    "tekst",
    ["80,55", "101", "-1", "åtti", "1.234"],  # too many decimals, above max, below min, no number, ambiguous
)
def test_a_bad_value_saves_nothing_and_says_so_by_the_cell(client_as, okonomiplan, maal_ind, tekst):
    plan = okonomiplan["plan"]
    r = post(client_as("okonomi"), plan, maal_ind, {2026: "80", 2027: tekst})
    assert r.status_code == 400
    assert 'class="ds-validation-message"' in r.content.decode()
    assert not Indikatormaal.objects.exists()  # not even the good cell


def test_a_conflict_is_refused_and_a_double_submit_stores_once(client_as, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    assert post(c, plan, maal_ind, {2026: "80"}).status_code == 302
    # the same form sent again (double submit): same value, old version → no change, no error
    assert post(c, plan, maal_ind, {2026: "80"}).status_code == 302
    rad = Indikatormaal.objects.get()
    assert rad.versjon == 1 and rad.history.count() == 1
    # someone else's form from before the first save, with another value → conflict, nothing saved
    r = post(client_as("kommunalsjef"), plan, maal_ind, {2026: "75", 2027: "76"})
    assert r.status_code == 400
    assert Indikatormaal.objects.count() == 1 and Indikatormaal.objects.get().verdi == 80
    # saving again from the conflict page (it carries the new version) is deliberate and goes through
    assert post(client_as("kommunalsjef"), plan, maal_ind, {2026: "75"}, {2026: 1}).status_code == 302
    assert Indikatormaal.objects.get().verdi == 75


def test_emptying_a_cell_removes_the_target(client_as, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    c = client_as("okonomi")
    post(c, plan, maal_ind, {2026: "80"})
    post(c, plan, maal_ind, {}, {2026: 1})
    assert not Indikatormaal.objects.exists()


def test_a_sector_adds_an_indicator_from_the_register(client_as, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    fritt = Indikator.objects.create(namn="Brukartilfreds", maaleeining="skaar", desimalar=1)
    r = client_as("kommunalsjef").post(url("legg_til_indikator", plan), {"indikator": fritt.pk})
    assert r.status_code == 302
    assert Sektorindikator.objects.filter(okonomiplan=plan, indikator=fritt).exists()
    assert post(client_as("kommunalsjef"), plan, fritt, {2028: "4,5"}).status_code == 302


def test_adopted_plan_locks_the_targets(client_as, org, okonomiplan, maal_ind):
    plan = okonomiplan["plan"]
    post(client_as("okonomi"), plan, maal_ind, {2026: "80"})
    vedta(org, plan)
    assert post(client_as("okonomi"), plan, maal_ind, {2026: "90"}, {2026: 1}).status_code == 403
    tekst = client_as("okonomi").get(url("sektor", plan)).content.decode()
    assert 'data-color="info"' in tekst and f'name="m_{maal_ind.pk}_2026"' not in tekst
    assert Indikatormaal.objects.get().verdi == 80


MATRIX = (
    berre("indikatormaal", {"okonomi": 302, "administrator": 302, "kommunalsjef": 302, "kommunedirektor": 302})
    + berre("legg_til_indikator", {"okonomi": 400, "administrator": 400, "kommunalsjef": 400, "kommunedirektor": 400})
    + berre("nokkeltalplan", {"okonomi": 302, "administrator": 302, "kommunalsjef": 302, "kommunedirektor": 302})
)


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_permission_matrix_for_posts(client_as, okonomiplan, maal_ind, namn, rolle, status):
    """An empty POST: the editors get the form back (400) or an empty save (302); readers 403."""
    r = client_as(rolle).post(url(namn, okonomiplan["plan"]))
    assert r.status_code == status


@pytest.mark.parametrize("namn", ["indikatormaal", "legg_til_indikator", "nokkeltalplan"])
def test_writes_are_post_only(client_as, okonomiplan, namn):
    assert client_as("okonomi").get(url(namn, okonomiplan["plan"])).status_code == 405


def test_the_sector_page_keeps_its_query_count(client_as, org, okonomiplan, maal_ind):
    plan, c = okonomiplan["plan"], client_as("okonomi")
    lite = tal_sporjingar(c, url("sektor", plan))
    for i in range(8):
        ind = indikator(f"Indikator {i}", org["einingar"]["skule"])
        k = MaalIndikator.objects.create(maal=okonomiplan["maal"], indikator=ind)
        for aar in plan.periode:
            Planmaalverdi.objects.create(kopling=k, aar=aar, verdi=Decimal(i))
            Indikatormaal.objects.create(okonomiplan=plan, sektor=org["einingar"]["oppvekst"], indikator=ind, aar=aar, verdi=1)
    assert tal_sporjingar(c, url("sektor", plan)) == lite
