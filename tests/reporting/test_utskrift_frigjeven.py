"""A released tertial report is rendered once per language, at release, and every reader gets
that file: many readers ordering it make no new PDF and no new job."""

from alver.models import Jobb
from reporting.models import Rapportutskrift

from .test_rapportar import pdf_tekst, tertial  # noqa: F401 (the fixture)

OPPGAVE = "reporting.tasks.lag_utskrift"


def test_the_release_renders_each_language_once_and_every_reader_gets_that_file(
    tertial,  # noqa: F811
    client_as,
    media,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    kd = client_as("kommunedirektor")
    with django_capture_on_commit_callbacks(execute=True):
        assert kd.post(f"/rapportering/{tertial.kode}/frigje/").status_code == 302
    frigjevne = {u.spraak: u for u in Rapportutskrift.objects.filter(frigjeven=True)}
    assert set(frigjevne) == {k for k, _n in settings.LANGUAGES}
    assert all(u.status == "ferdig" and u.sider > 0 for u in frigjevne.values())
    jobbar = Jobb.objects.filter(oppgave=OPPGAVE).count()
    assert jobbar == len(settings.LANGUAGES)

    # politicians and employees ordering it, twice each, all land on the one file
    nn = frigjevne["nn"]
    for rolle in ("politikar", "medarbeidar", "kommunalsjef", "kommunedirektor", "politikar"):
        c = client_as(rolle)
        with django_capture_on_commit_callbacks(execute=True):
            svar = c.post(f"/rapportering/{tertial.kode}/utskrift/", {"type": "tertial"})
        assert svar.url == nn.get_absolute_url(), rolle
    assert Rapportutskrift.objects.count() == len(settings.LANGUAGES)
    assert Jobb.objects.filter(oppgave=OPPGAVE).count() == jobbar

    # the report page links the file and offers no «Make PDF» of its own
    p = client_as("politikar")
    side = p.get(f"/rapportering/{tertial.kode}/tertialrapport/").content.decode()
    fil = f"/rapportering/{tertial.kode}/utskrift/{nn.pk}/fil/"
    assert fil in side and "Lag PDF" not in side
    svar = p.get(fil)
    assert svar.status_code == 200 and "no-store" in svar["Cache-Control"]
    assert "Rapport til politikarane" in pdf_tekst(b"".join(svar.streaming_content), tmp_path)


def test_a_released_pdf_that_failed_is_made_again_by_the_next_reader(
    tertial,  # noqa: F811
    client_as,
    media,
    django_capture_on_commit_callbacks,
):
    client_as("kommunedirektor").post(f"/rapportering/{tertial.kode}/frigje/")  # jobs recorded, not run
    u = Rapportutskrift.objects.get(frigjeven=True, spraak="nn")
    Rapportutskrift.objects.filter(pk=u.pk).update(status="feila", feil="disk full")
    Jobb.objects.filter(oppgave=OPPGAVE, argument=[u.pk]).update(status=Jobb.Status.FEILA)
    p = client_as("politikar")
    side = p.get(u.get_absolute_url()).content.decode()
    assert f"/utskrift/{u.pk}/prov-igjen/" in side  # the shared file: any reader may try again
    with django_capture_on_commit_callbacks(execute=True):
        svar = p.post(f"/rapportering/{tertial.kode}/utskrift/", {"type": "tertial"})
    assert svar.url == u.get_absolute_url()
    u.refresh_from_db()
    assert u.status == "ferdig" and u.fil
    assert Rapportutskrift.objects.filter(frigjeven=True, spraak="nn").count() == 1


def test_before_release_each_reader_of_everything_orders_their_own(
    tertial,  # noqa: F811
    client_as,
    media,
    django_capture_on_commit_callbacks,
):
    for rolle in ("kommunedirektor", "okonomi"):
        with django_capture_on_commit_callbacks(execute=True):
            client_as(rolle).post(f"/rapportering/{tertial.kode}/utskrift/", {"type": "tertial"})
    assert Rapportutskrift.objects.filter(frigjeven=False).count() == 2
    assert not Rapportutskrift.objects.filter(frigjeven=True).exists()
