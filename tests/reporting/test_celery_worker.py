"""The kommune-wide report PDF is made by a real Celery worker (Redis in CI) while the page
polls; the file it writes is the one the user downloads."""

import subprocess

from reporting.models import Rapportutskrift


def test_the_kommune_pdf_through_a_real_worker(media, celery_arbeidar, org, periode, client_as, tmp_path):
    c = client_as("kommunedirektor")
    svar = c.post(f"/rapportering/{periode.kode}/utskrift/", {"type": "maanad"})
    u = Rapportutskrift.objects.get()
    assert svar.url == u.get_absolute_url()
    celery_arbeidar.vent(lambda: Rapportutskrift.objects.get(pk=u.pk).status in ("ferdig", "feila"))
    u.refresh_from_db()
    assert u.status == "ferdig", u.feil + celery_arbeidar.logg()
    assert "Last ned PDF-en" in c.get(u.get_absolute_url()).content.decode()
    fil = tmp_path / "k.pdf"
    fil.write_bytes(b"".join(c.get(f"/rapportering/{periode.kode}/utskrift/{u.pk}/fil/").streaming_content))
    tekst = subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout
    assert "Testvik kommune" in tekst and "november 2026" in tekst
