"""The kommune-wide report PDF's page tells the truth from its job's record (`alver.models.Jobb`):
waiting, running, stuck; it stops polling once stuck and offers «Try again» to the one who
ordered it; the sweep finishes a PDF whose worker died on the way."""

import datetime

from django.core.management import call_command

from alver.lib import klokke
from alver.models import Jobb
from reporting.models import Rapportutskrift

from .test_rapportar import maanad  # noqa: F401 (the fixture)

OPPGAVE = "reporting.tasks.lag_utskrift"


def _side(c, u):
    tekst = c.get(u.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    return tekst.split('data-tilstand="', 1)[1].split('"', 1)[0], tekst


def _daud_arbeidar(u):
    """What a worker killed while gathering the figures leaves behind: the PDF «in progress»,
    its job running with a heartbeat long gone."""
    Rapportutskrift.objects.filter(pk=u.pk).update(status=Rapportutskrift.Status.HENTAR)
    gammal = klokke.verkeleg() - datetime.timedelta(minutes=5)
    Jobb.objects.filter(oppgave=OPPGAVE, argument=[u.pk]).update(
        status=Jobb.Status.KOYRER, forsok=1, hjarteslag=gammal, updated_at=gammal
    )


def test_the_page_follows_the_job_and_offers_try_again_once_stuck(
    maanad,  # noqa: F811
    client_as,
    media,
    django_capture_on_commit_callbacks,
):
    c = client_as("kommunedirektor")
    c.post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})  # recorded, not yet run
    u = Rapportutskrift.objects.get()
    jobb = Jobb.objects.get(oppgave=OPPGAVE, argument=[u.pk])
    tilstand, tekst = _side(c, u)
    assert tilstand == "ventar" and "hx-get" in tekst and "prov-igjen" not in tekst
    _daud_arbeidar(u)
    tilstand, tekst = _side(c, u)
    assert tilstand == "fast" and "hx-get" not in tekst  # polling stops
    assert f"/utskrift/{u.pk}/prov-igjen/" in tekst
    # only for those allowed: another user may not try it again
    assert client_as("tenesteleiar").post(
        f"/rapportering/{maanad.kode}/utskrift/{u.pk}/prov-igjen/"
    ).status_code in (
        403,
        404,
    )
    assert c.get(f"/rapportering/{maanad.kode}/utskrift/{u.pk}/prov-igjen/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(f"/rapportering/{maanad.kode}/utskrift/{u.pk}/prov-igjen/")
    assert svar.url == u.get_absolute_url()
    u.refresh_from_db()
    jobb.refresh_from_db()
    assert u.status == Rapportutskrift.Status.FERDIG and u.sider >= 2
    assert jobb.status == Jobb.Status.FERDIG
    assert _side(c, u)[0] == "ferdig"


def test_the_sweep_finishes_a_pdf_whose_worker_died(maanad, client_as, media):  # noqa: F811
    c = client_as("kommunedirektor")
    c.post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})
    u = Rapportutskrift.objects.get()
    _daud_arbeidar(u)
    call_command("jobbar", "--sveip")  # without a broker, as cron runs it
    u.refresh_from_db()
    jobb = Jobb.objects.get(oppgave=OPPGAVE, argument=[u.pk])
    assert u.status == Rapportutskrift.Status.FERDIG and u.fil
    assert (jobb.status, jobb.forsok) == (Jobb.Status.FERDIG, 2)
