"""Adopting the økonomiplan makes the oppdrag (propagation: docs/ARCHITECTURE.md), exactly once."""

import datetime
import math

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from alver.lib import klokke
from budget import services
from budget.models import BudsjettTiltak, Okonomiplan, Vedtaking
from budget.signals import okonomiplan_vedteken
from plans.models import Tiltak
from tests.budget.conftest import i_balanse
from verksemdsplan.models import Oppdrag

from .conftest import laga, tiltak, vedta


def test_adoption_makes_one_oppdrag_per_prioritised_tiltak_and_verbalpunkt(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    plan, e, u = okonomiplan["plan"], org["einingar"], org["brukarar"]
    with django_capture_on_commit_callbacks(execute=True):
        v = vedta(org, plan)
    v.refresh_from_db()
    plan.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG and laga(org, v) == 6
    assert (plan.status, plan.saksnummer, str(plan.vedtatt_dato)) == ("vedtatt", "PS 118/2025", "2025-12-11")
    # prioritised tiltak starting in 2026 (not «Ny barnehage», 2027; not the rejected) and both verbalpunkt
    fra_tiltak = Oppdrag.objects.filter(kjelde_tiltak__isnull=False)
    assert {o.tittel for o in fra_tiltak} == {
        "Leksehjelp",
        "Fleire lærarar",
        "Sparetiltak skuleskyss",
        "Nattpatrulje",
    }
    assert {(o.tittel, o.owner, o.eining, o.aar) for o in fra_tiltak if o.tittel != "Nattpatrulje"} == {
        ("Leksehjelp", u["tenesteleiar"], e["skule"], 2026),
        ("Fleire lærarar", u["kommunalsjef"], e["oppvekst"], 2026),
        ("Sparetiltak skuleskyss", u["tenesteleiar"], e["skule"], 2026),
    }
    o = fra_tiltak.get(tittel="Fleire lærarar")
    assert o.kategori.kode == "plantiltak" and list(o.maal.all()) == [okonomiplan["maal"]]
    assert Oppdrag.objects.get(kjelde_tiltak=o.kjelde_tiltak) == o  # traceable both ways
    vp = Oppdrag.objects.get(kjelde_verbalpunkt__nummer=1)
    assert (
        vp.kategori.kode == "verbalpunkt"
        and vp.owner == u["kommunalsjef"]
        and vp.tittel.endswith("1: Greie ut kortare skuleveg.")
    )
    assert list(vp.maal.all()) == [okonomiplan["maal"]]
    # each has its history row, copied by the database from the stored row: made, when, why
    h = o.history.get()
    assert (h.history_type, h.tittel, h.owner_id, h.versjon) == ("+", o.tittel, o.owner_id, o.versjon)
    assert timezone.localdate(h.history_date) == klokke.i_dag()
    assert h.history_change_reason.endswith("PS 118/2025")
    assert o.history.count() == vp.history.count() == 1
    # the handlingsplan learns the decision
    assert dict(Tiltak.objects.values_list("tittel", "status")) == {
        "Leksehjelp": "prioritert",
        "Ny gymsal": "ikkje_prioritert",
    }
    # one e-mail per new owner
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [u["tenesteleiar"].email, u["kommunalsjef"].email, org["einingar"]["helse"].leiar.email]
    )


def test_a_second_adoption_and_a_retried_task_are_no_ops(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        v = vedta(org, plan)
    teljing = (Oppdrag.objects.count(), Oppdrag.history.count(), Tiltak.history.count())
    with django_capture_on_commit_callbacks(execute=True):
        assert vedta(org, plan) == v
    services.gjennomfoer_vedtaking(v.pk)  # a retried task
    from verksemdsplan.services import lag_oppdrag_fra_okonomiplan

    assert lag_oppdrag_fra_okonomiplan(plan, grunn="again") == 0  # the receiver itself, run again
    assert (Oppdrag.objects.count(), Oppdrag.history.count(), Tiltak.history.count()) == teljing
    assert Vedtaking.objects.count() == 1


def test_a_failure_midway_leaves_nothing_behind(org, okonomiplan, django_capture_on_commit_callbacks):
    plan = okonomiplan["plan"]

    def feil(sender, **kwargs):
        raise RuntimeError("disk full")

    okonomiplan_vedteken.connect(feil)  # after verksemdsplan's receiver, which has made the oppdrag by then
    try:
        with django_capture_on_commit_callbacks(execute=True):
            v = vedta(org, plan)
    finally:
        okonomiplan_vedteken.disconnect(feil)
    v.refresh_from_db()
    plan.refresh_from_db()
    assert v.status == Vedtaking.Status.FEILA and "disk full" in v.feil
    assert Oppdrag.objects.count() == 0 and plan.status == Okonomiplan.Status.UNDER_ARBEID
    assert set(Tiltak.objects.values_list("status", flat=True)) == {"forslag"}
    # tried again once the fault is gone, it completes
    with django_capture_on_commit_callbacks(execute=True):
        services.prov_igjen(v)
    v.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG and Oppdrag.objects.count() == 6


def test_the_database_refuses_a_second_oppdrag_for_the_same_tiltak(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    from django.db import IntegrityError, transaction

    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, okonomiplan["plan"])
    o = Oppdrag.objects.filter(kjelde_tiltak__isnull=False).first()
    o.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        o.save()


def test_a_budget_change_propagates_only_the_difference(org, okonomiplan, django_capture_on_commit_callbacks):
    plan, e = okonomiplan["plan"], org["einingar"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    plan.refresh_from_db()
    from verksemdsplan import services as oppdrag_tenester

    natt_oppdrag = Oppdrag.objects.get(tittel="Nattpatrulje")
    barn = oppdrag_tenester.deleger(
        natt_oppdrag,
        til=org["brukarar"]["utanfor"],
        frist=None,
        notat="",
        user=natt_oppdrag.owner or org["brukarar"]["administrator"],
    )
    urørte = {o.pk: o.history.count() for o in Oppdrag.objects.exclude(tittel="Nattpatrulje")}
    avvist = plan.tiltak.get(tittel="Avvist tiltak")
    natt = plan.tiltak.get(tittel="Nattpatrulje")
    with django_capture_on_commit_callbacks(execute=True):
        v = services.registrer_budsjettendring(
            plan,
            dato="2026-06-18",
            saksnummer="PS 55/2026",
            skildring="Omprioritering i helse",
            nye_tiltak=[
                {
                    "tittel": "Ekstra sommarvikarar",
                    "skildring": "",
                    "ansvarleg_eining": e["sjukeheim"],
                    "fra_aar": 2026,
                    "prioritet": None,
                    "vedtak": "prioritert",
                    "effektar": {2026: 300_000},
                    "maal": [okonomiplan["maal"]],
                    "strategiar": [],
                }
            ],
            prioriter=[avvist],
            avprioriter=[natt],
            user=org["brukarar"]["okonomi"],
        )
    v.refresh_from_db()
    assert v.status == Vedtaking.Status.FERDIG and laga(org, v) == 2
    assert set(
        Oppdrag.objects.filter(kjelde_tiltak__endring=v.endring)
        .exclude(status="avbrote")
        .values_list("tittel", flat=True)
    ) == {
        "Ekstra sommarvikarar",
        "Avvist tiltak",
    }
    natt_o = Oppdrag.objects.get(kjelde_tiltak=natt, parent=None)
    assert natt_o.status == "avbrote" and "PS 55/2026" in natt_o.status_kommentar
    barn.refresh_from_db()
    assert barn.status == "avbrote"  # what was delegated from it stops too
    # nothing else was touched
    assert {o.pk: o.history.count() for o in Oppdrag.objects.filter(pk__in=urørte)} == urørte
    plan.refresh_from_db()
    assert plan.er_vedtatt


def test_an_adopted_plan_is_changed_only_through_a_budget_change(
    org, okonomiplan, client_as, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    plan.refresh_from_db()
    t = plan.tiltak.first()
    c = client_as("okonomi")
    assert c.get(f"/okonomiplan/2026/tiltak/{t.pk}/endre/").status_code == 403
    assert c.get("/okonomiplan/2026/rammer/").status_code == 403
    assert c.get("/okonomiplan/2026/verbalpunkt/ny/").status_code == 403
    assert c.get("/okonomiplan/2026/vedta/")["Location"].startswith("/okonomiplan/2026/vedtaking/")
    with pytest.raises(services.Budsjettfeil):
        services.hent_forslag(plan)


def test_later_years_tiltak_become_oppdrag_when_that_years_plan_is_adopted_never_twice(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    plan.refresh_from_db()
    neste = services.lag_okonomiplan(2027, user=org["brukarar"]["okonomi"], fra=plan)
    # rammer for the shared years came along, and the last year was started from 2029
    assert neste.forrige == plan
    assert set(neste.rammer.values_list("aar", flat=True)) <= set(neste.periode)
    barnehage = neste.tiltak.get(tittel="Ny barnehage")
    assert barnehage.forrige.okonomiplan == plan and barnehage.vedtak == "prioritert"
    assert not neste.tiltak.filter(tittel="Avvist tiltak").exists()
    assert set(barnehage.effektar.values_list("aar", flat=True)) == {2027, 2028, 2029, 2030}
    with django_capture_on_commit_callbacks(execute=True):
        i_balanse(neste)
        v = services.vedta(
            neste, dato="2026-12-10", saksnummer="PS 130/2026", user=org["brukarar"]["okonomi"]
        )
    v.refresh_from_db()
    # only «Ny barnehage» is new: the tiltak already made into 2026 oppdrag are not made again
    assert laga(org, v) == 1
    o = Oppdrag.objects.get(kjelde_tiltak=barnehage)
    assert o.aar == 2027
    assert Oppdrag.objects.filter(tittel="Fleire lærarar").count() == 1


def test_the_balance_sets_frames_against_prioritised_tiltak(org, okonomiplan):
    plan = okonomiplan["plan"]
    rader = {r["sektor"].namn: r["celler"] for r in services.balanse(plan)["rader"]}
    oppvekst_2026 = rader["Oppvekst"][0]
    # frame: sector 1 000 000 + Skule 500 000; tiltak: Leksehjelp 200 000 + lærarar 900 000 − skyss 150 000
    # the net frame is the frame with the tiltak: what the main overview counts
    assert (oppvekst_2026["ramme"], oppvekst_2026["tiltak"], oppvekst_2026["netto"]) == (
        1_500_000,
        950_000,
        2_450_000,
    )
    # 2027: no frame, «Ny barnehage» starts
    assert rader["Oppvekst"][1]["netto"] == 900_000 - 150_000 + 2_000_000
    helse = rader["Helse og omsorg"][0]
    assert (helse["ramme"], helse["tiltak"], helse["alle"]) == (300_000, 400_000, 5_400_000)
    assert services.balanse(plan)["sum"][0]["ramme"] == 1_800_000


def test_fetching_proposals_is_idempotent_and_needs_a_goal_link(org, okonomiplan):
    plan, hp = okonomiplan["plan"], okonomiplan["hp"]
    Tiltak.objects.create(
        handlingsplan=hp, tittel="Laust forslag utan mål", ansvarleg_eining=org["einingar"]["skule"]
    )
    assert services.hent_forslag(plan) == 0
    assert plan.tiltak.exclude(tiltak=None).count() == 2
    leksehjelp = plan.tiltak.get(tittel="Leksehjelp")
    assert dict(leksehjelp.effektar.values_list("aar", "belop")) == {2026: 200_000}


def test_adopting_a_large_plan_uses_a_bounded_number_of_queries(
    org, okonomiplan, django_assert_max_num_queries
):
    plan, e = okonomiplan["plan"], org["einingar"]
    BudsjettTiltak.objects.bulk_create(
        BudsjettTiltak(
            okonomiplan=plan, tittel=f"T{i}", ansvarleg_eining=e["knarvik"], vedtak="prioritert", fra_aar=2026
        )
        for i in range(400)
    )
    tiltak(plan, "Med mål", e["skule"], maal=[okonomiplan["maal"]])
    v = vedta(org, plan)
    # a fixed number, plus the batches the database takes the 407 new rows in (one on
    # PostgreSQL; SQLite allows 999 parameters a query, so about 30 rows a batch) and one
    # statement per 5,000 rows that copies them into the history
    nye = 400 + 6 + 1
    batchar = math.ceil(
        nye / connection.ops.bulk_batch_size(list(Oppdrag._meta.concrete_fields), [None] * nye)
    ) + math.ceil(nye / 5000)
    with django_assert_max_num_queries(41 + batchar):
        services.gjennomfoer_vedtaking(v.pk)
    assert Oppdrag.objects.count() == nye


def _endring(org, plan, nr, *, prioriter=(), avprioriter=(), nye=()):
    return services.registrer_budsjettendring(
        plan,
        dato="2026-06-18",
        saksnummer=nr,
        skildring="Endring",
        nye_tiltak=list(nye),
        prioriter=list(prioriter),
        avprioriter=list(avprioriter),
        user=org["brukarar"]["okonomi"],
    )


def test_a_tiltak_prioritised_again_gets_its_oppdrag_back_and_a_resent_change_is_a_no_op(
    org, okonomiplan, django_capture_on_commit_callbacks
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        vedta(org, plan)
    plan.refresh_from_db()
    natt = plan.tiltak.get(tittel="Nattpatrulje")
    with django_capture_on_commit_callbacks(execute=True):
        _endring(org, plan, "PS 60/2026", avprioriter=[natt])
    assert Oppdrag.objects.get(kjelde_tiltak=natt).status == "avbrote"
    with django_capture_on_commit_callbacks(execute=True):
        v = _endring(org, plan, "PS 61/2026", prioriter=[natt])
    v.refresh_from_db()
    o = Oppdrag.objects.get(kjelde_tiltak=natt)
    assert o.status == "ikkje_starta" and laga(org, v) == 1
    # the same change sent again finds the first and makes nothing
    teljing = (Oppdrag.objects.count(), BudsjettTiltak.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        assert _endring(org, plan, "PS 61/2026", prioriter=[natt]) == v
    assert (Oppdrag.objects.count(), BudsjettTiltak.objects.count()) == teljing


def test_a_queued_adoption_locks_the_plan(org, okonomiplan, client_as):
    plan = okonomiplan["plan"]
    vedta(org, plan)  # queued on commit; not run (no callbacks executed)
    t = plan.tiltak.get(tittel="Fleire lærarar")
    assert client_as("okonomi").get(f"/okonomiplan/2026/tiltak/{t.pk}/endre/").status_code == 403
    assert client_as("okonomi").get("/okonomiplan/2026/rammer/").status_code == 403


def test_the_balance_keeps_what_lies_outside_the_sectors(org, okonomiplan):
    plan = okonomiplan["plan"]
    tiltak(plan, "Felles for kommunen", org["einingar"]["kommune"], effekt=777_000)
    b = services.balanse(plan)
    utanfor = next(r for r in b["rader"] if r["sektor"] is None)
    assert utanfor["celler"][0]["tiltak"] == 777_000
    assert b["sum"][0]["tiltak"] == 950_000 + 400_000 + 777_000


def test_a_broker_that_is_down_leaves_the_adoption_waiting_to_be_tried_again(
    org, okonomiplan, brokar_nede, django_capture_on_commit_callbacks, klokke
):
    plan = okonomiplan["plan"]
    with django_capture_on_commit_callbacks(execute=True):
        v = vedta(org, plan)  # saved, though the work could not be queued: no error
    v.refresh_from_db()
    assert v.status == Vedtaking.Status.VENTAR and not services.kan_provast_igjen(v)
    klokke.sett(klokke.i_dag() + datetime.timedelta(days=1))
    assert services.kan_provast_igjen(v)
