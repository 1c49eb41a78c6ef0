"""The reminder log moved from reporting to alver: the migration copies the rows (and back)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FOER = [
    ("reporting", "0004_eivegs"),
    ("alver", "0003_klokke"),
]
ETTER = [("reporting", "0005_paaminning_til_alver")]


def _migrer(maal):
    executor = MigrationExecutor(connection)
    executor.migrate(maal)
    executor.loader.build_graph()
    return executor.loader.project_state(maal).apps


@pytest.mark.django_db(transaction=True)
def test_the_reminders_sent_are_copied_to_alver_and_back():
    apps = _migrer(FOER)
    try:
        User = apps.get_model("alver", "User")
        Periode = apps.get_model("reporting", "Periode")
        Gamal = apps.get_model("reporting", "Paaminning")
        u = User.objects.create(email="a@testvik.no", namn="A")
        dag = datetime.date(2026, 11, 27)
        nov = Periode.objects.create(aar=2026, type="maanad", nummer=11, fra=dag, til=dag, frist=dag)
        t2 = Periode.objects.create(aar=2026, type="tertial", nummer=2, fra=dag, til=dag, frist=dag)
        Gamal.objects.create(periode=nov, user=u, dato=dag, tal_oppdrag=3)
        Gamal.objects.create(periode=t2, user=u, dato=dag, tal_oppdrag=1)

        apps = _migrer(ETTER)
        ny = apps.get_model("alver", "Paaminning")
        assert sorted(ny.objects.values_list("user_id", "kva", "dato", "tal")) == [
            (u.pk, "rapportering:2026-m11", dag, 3),
            (u.pk, "rapportering:2026-t2", dag, 1),
        ]

        apps = _migrer(FOER[:1])  # back: the rows return to reporting
        Gamal = apps.get_model("reporting", "Paaminning")
        assert sorted(Gamal.objects.values_list("periode__nummer", "dato", "tal_oppdrag")) == [
            (2, dag, 1),
            (11, dag, 3),
        ]
    finally:
        _migrer(MigrationExecutor(connection).loader.graph.leaf_nodes())
