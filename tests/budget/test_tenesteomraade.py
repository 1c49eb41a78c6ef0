"""The økonomiplan gives goals to a service area, not only to a sector: its page answers, its
goals are chosen there, and they reach the verksemdsplan of the units below it."""

from budget import services
from budget.models import Maaloppfolging
from verksemdsplan import indikatorar

from .conftest import vedta


def test_a_service_area_gets_its_own_goals_which_reach_the_units_below(org, okonomiplan, client_as):
    plan, maal = okonomiplan["plan"], okonomiplan["maal"]
    skule, knarvik = org["einingar"]["skule"], org["einingar"]["knarvik"]
    assert client_as("medarbeidar").get("/okonomiplan/2026/sektor/2100/").status_code == 200
    # a unit (not a sector or service area) still has no page here
    assert client_as("medarbeidar").get("/okonomiplan/2026/sektor/2101/").status_code == 404
    # the sector page links its service area
    assert (
        'href="/okonomiplan/2026/sektor/2100/"'
        in client_as("medarbeidar").get("/okonomiplan/2026/sektor/2000/").content.decode()
    )
    assert client_as("okonomi").post("/okonomiplan/2026/sektor/2100/", {"maal": [maal.pk]}).status_code == 302
    assert list(Maaloppfolging.objects.filter(okonomiplan=plan).values_list("eining", "maal")) == [
        (skule.pk, maal.pk)
    ]
    assert maal.pk not in indikatorar.maal_for_eining(knarvik, 2026)  # not before adoption
    vedta(org, plan)
    services.gjennomfoer_vedtaking(plan.vedtakingar.get().pk)
    assert maal.pk in indikatorar.maal_for_eining(knarvik, 2026)
    # and not in the other sector's units
    assert maal.pk not in indikatorar.maal_for_eining(org["einingar"]["lindaas"], 2026)
