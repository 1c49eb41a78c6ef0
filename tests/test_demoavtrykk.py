"""The demo laid back for a test (tests/demoavtrykk.py) is the demo as built: every table's
rows, and the ids new rows get after it."""

from alver.demo import DEMO_BRUKARAR, DOMENE
from alver.models import Eining, User
from tests.demoavtrykk import Avtrykk
from verksemdsplan.models import Oppdrag


def test_the_database_is_as_it_was_until_a_test_asks_for_the_demo(db, demoavtrykk):
    assert len(demoavtrykk) > 50  # tables the demo fills
    assert not Eining.objects.exists() and not Oppdrag.objects.exists()


def test_the_demo_laid_back_is_the_demo_as_built(db, demoavtrykk):
    demoavtrykk.legg_tilbake()
    att = Avtrykk()
    assert att.rader.keys() == demoavtrykk.rader.keys()
    ulike = [t for t in att.rader if att.rader[t] != demoavtrykk.rader[t]]
    assert not ulike, f"tables that differ after laying the demo back: {ulike}"
    # the demo logs in, and new rows take ids after the demo's
    kd = User.objects.get(email=f"kommunedirektor@{DOMENE}")
    assert kd.check_password("demo") and kd.namn == DEMO_BRUKARAR["kommunedirektor"][0]
    storst = User.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert User.objects.create(email="ny@testvik.no", namn="Ny").pk > storst
