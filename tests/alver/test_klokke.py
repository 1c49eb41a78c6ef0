"""The one clock: what it reads when set, and that rows and their history are stamped by it."""

import datetime

from django.utils import timezone

from alver.lib import klokke as klokka
from alver.lib.historikk import bulk_create_with_history
from budget.models import Organ

DAG = datetime.date(2027, 3, 1)


def test_a_set_clock_reads_the_day_and_keeps_running(klokke):
    klokke.sett(DAG)
    foer = klokke.no()
    assert klokke.i_dag() == DAG and timezone.localtime(foer).hour == 12
    assert klokke.no() >= foer
    with klokka.stilt(datetime.date(2025, 12, 31)):
        assert klokke.i_dag() == datetime.date(2025, 12, 31)
    assert klokke.i_dag() == DAG  # back to what it was


def test_history_is_stamped_by_the_clock_one_row_and_in_bulk(db, klokke):
    """A change log tells the day the app lives on (the demo's, a test's), not the machine's."""
    klokke.sett(DAG)
    eitt = Organ.objects.create(namn="Eldrerådet")
    assert timezone.localdate(eitt.history.get().history_date) == DAG
    fleire = bulk_create_with_history(
        [Organ(namn="Ungdomsrådet"), Organ(namn="Rådet for funksjonshemma")], Organ
    )
    assert {timezone.localdate(h.history_date) for o in fleire for h in o.history.all()} == {DAG}
