"""The reminder log any app uses: recorded and sent at most once per person, subject and day;
a mail that fails is not recorded (tried again next time) and does not stop the others."""

import datetime
import smtplib

from alver.lib.paaminning import send_ein_gong
from alver.models import Paaminning

DAG = datetime.date(2026, 11, 27)


def test_sent_once_per_person_subject_and_day(org):
    u = org["brukarar"]["medarbeidar"]
    sendt = []
    assert send_ein_gong(u, "rapportering:2026-m11", DAG, lambda: sendt.append(1), tal=2)
    assert not send_ein_gong(u, "rapportering:2026-m11", DAG, lambda: sendt.append(2))
    assert sendt == [1]
    # another subject, another day or another person is another reminder
    assert send_ein_gong(u, "sjekkliste:7", DAG, lambda: sendt.append(3))
    assert send_ein_gong(
        u, "rapportering:2026-m11", DAG + datetime.timedelta(days=1), lambda: sendt.append(4)
    )
    assert send_ein_gong(org["brukarar"]["hr"], "rapportering:2026-m11", DAG, lambda: sendt.append(5))
    assert sendt == [1, 3, 4, 5]
    assert Paaminning.objects.get(user=u, kva="rapportering:2026-m11", dato=DAG).tal == 2


def test_a_failing_mail_is_not_recorded_and_goes_next_time(org, caplog):
    u = org["brukarar"]["medarbeidar"]

    def feil():
        raise smtplib.SMTPServerDisconnected("borte")

    assert not send_ein_gong(u, "rapportering:2026-m11", DAG, feil)
    assert not Paaminning.objects.exists() and "Reminder to user" in caplog.text
    assert send_ein_gong(u, "rapportering:2026-m11", DAG, lambda: None)
    assert Paaminning.objects.count() == 1
