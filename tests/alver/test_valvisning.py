"""An oppdrag's and a report's shown choice (`get_status_display`, `get_lys_display`) is the
label in the reader's language, read from a table made once per field; a value that is no
longer a choice is shown as stored, as Django does."""

from django.utils import translation

from reporting.models import Statusrapport
from verksemdsplan.models import Oppdrag


def test_the_label_follows_the_readers_language():
    o = Oppdrag(status=Oppdrag.Status.IKKJE_STARTA)
    r = Statusrapport(lys=Statusrapport.Lys.RAUD)
    with translation.override("nn"):
        assert o.get_status_display() == "ikkje starta" and r.get_lys_display() == "raud"
    with translation.override("nb"):
        assert o.get_status_display() == "ikke startet"
    with translation.override("en"):
        assert o.get_status_display() == "not started" and r.get_lys_display() == "red"
    with translation.override("nn"):  # the table keeps the labels, not one language's text
        assert o.get_status_display() == "ikkje starta"


def test_a_value_that_is_not_a_choice_is_shown_as_stored():
    assert Oppdrag(status="gamal_status").get_status_display() == "gamal_status"
    assert Statusrapport(lys="").get_lys_display() == ""
