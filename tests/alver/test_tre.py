"""The tree helpers every app uses to go up and down the organisation."""

import pytest

from alver.lib import tre
from alver.models import Eining
from tests.factories import EiningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tre_einingar():
    kommune = EiningFactory(namn="Kommune")
    sektor = EiningFactory(namn="Sektor", parent=kommune)
    skule = EiningFactory(namn="Skule", parent=sektor)
    EiningFactory(namn="Sidegrein", parent=kommune)
    return kommune, sektor, Eining.objects.get(pk=skule.pk)


def test_over_names_the_units_above_from_the_top_down(tre_einingar):
    kommune, sektor, skule = tre_einingar
    over = Eining.objects.filter(path__in=tre.over(skule)).order_by("depth")
    assert [e.namn for e in over] == ["Kommune", "Sektor"]


def test_over_with_itself_ends_with_the_unit(tre_einingar):
    _kommune, _sektor, skule = tre_einingar
    assert tre.over(skule, med_seg=True)[-1] == skule.path
    assert tre.over(skule.path, med_seg=True) == tre.over(skule, med_seg=True)


def test_the_top_has_nothing_above_it(tre_einingar):
    kommune, _sektor, _skule = tre_einingar
    assert tre.over(kommune) == []
    assert tre.over(kommune, med_seg=True) == [kommune.path]


def test_the_subtree_holds_the_unit_and_those_below(tre_einingar):
    _kommune, sektor, _skule = tre_einingar
    namn = set(Eining.objects.filter(tre.i_subtre(sektor)).values_list("namn", flat=True))
    assert namn == {"Sektor", "Skule"}
