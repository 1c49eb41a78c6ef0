"""A tiltak rolled into the next økonomiplan keeps its oppdrag: adopting the new plan moves the
oppdrag to the new version (never a second one), records what changed, and flags the open
oppdrag of tiltak the new plan dropped for their owners."""

import pytest

from alver.lib.historikk import vis_grunn
from budget import services
from tests.budget.conftest import i_balanse
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Oppdrag

from .conftest import laga, vedta


@pytest.fixture
def rullert(org, okonomiplan, django_capture_on_commit_callbacks):
    """The 2026 plan adopted, 2027–2030 rolled from it: «Fleire lærarar» costs more in 2027,
    «Nattpatrulje» is no longer prioritised, and «Leksehjelp» (a cost in 2026 only) was not
    rolled at all."""
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    neste = services.lag_okonomiplan(2027, user=org["brukarar"]["okonomi"], fra=plan)
    laerarar = neste.tiltak.get(tittel="Fleire lærarar")
    services.lagre_tiltak(
        laerarar, {2027: 1_200_000, 2028: 900_000, 2029: 900_000, 2030: 900_000}, versjon=laerarar.versjon
    )
    patrulje = neste.tiltak.get(tittel="Nattpatrulje")
    patrulje.vedtak = "ikkje_prioritert"
    services.lagre_tiltak(patrulje, {2027: 400_000}, versjon=patrulje.versjon)
    assert not neste.tiltak.filter(tittel="Leksehjelp").exists()
    with django_capture_on_commit_callbacks(execute=True):
        i_balanse(neste)
        v = services.vedta(
            neste, dato="2026-12-10", saksnummer="PS 130/2026", user=org["brukarar"]["okonomi"]
        )
    return {"plan": plan, "neste": neste, "vedtaking": v}


def test_a_rolled_tiltak_keeps_its_oppdrag_with_the_change_in_its_history(org, rullert, client_as):
    neste = rullert["neste"]
    laerarar = neste.tiltak.get(tittel="Fleire lærarar")
    o = Oppdrag.objects.get(tittel="Fleire lærarar")  # still one
    assert o.kjelde_tiltak == laerarar and o.aar == 2026
    # the year-end deadline adoption gave runs on with the tiltak
    assert str(o.frist) == "2027-12-31"
    grunn = vis_grunn(o.history.first().history_change_reason)
    assert (
        grunn.startswith("Tiltaket vart rullert inn i")
        and "2027: 900\u00a0000 → 1\u00a0200\u00a0000 kr" in grunn
    )
    # the new version's page shows the oppdrag it already has, not «none yet»
    side = client_as("kommunedirektor").get(laerarar.get_absolute_url()).content.decode()
    assert o.get_absolute_url() in side and "Ikkje enno" not in side
    # the adoption's result counts only what it made: «Ny barnehage»
    rullert["vedtaking"].refresh_from_db()
    assert laga(org, rullert["vedtaking"]) == 1
    assert Oppdrag.objects.filter(kjelde_tiltak__okonomiplan=neste, aar=2027).count() == 1


def test_the_oppdrag_of_a_dropped_tiltak_is_flagged_for_its_owner_not_cancelled(org, rullert, client_as):
    for tittel in ("Nattpatrulje", "Leksehjelp"):
        o = Oppdrag.objects.get(tittel=tittel)
        assert o.status == "ikkje_starta"
        assert vis_grunn(o.kjelde_merknad) == f"Tiltaket er ikkje prioritert i {rullert['neste']}"
    o = Oppdrag.objects.get(tittel="Leksehjelp")
    side = client_as("tenesteleiar").get(o.get_absolute_url()).content.decode()
    assert "Avgjer om oppdraget skal fullførast eller avbrytast." in side


def test_following_the_rolled_tiltak_again_changes_nothing(org, rullert):
    neste = rullert["neste"]
    before = {o.pk: (o.kjelde_tiltak_id, o.kjelde_merknad, o.history.count()) for o in Oppdrag.objects.all()}
    oppdragstenester.lag_oppdrag_fra_okonomiplan(neste, grunn="retry")
    after = {o.pk: (o.kjelde_tiltak_id, o.kjelde_merknad, o.history.count()) for o in Oppdrag.objects.all()}
    assert after == before
