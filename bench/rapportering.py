"""Benchmark: the reporting roll-up, the kommune's månadsrapport page and the tertialrapport
PDF as the number of oppdrag grows.

Run with `make bench` (or `python bench/rapportering.py [FACTOR]`, default 10). Builds the demo
kommune on its own SQLite file unless DATABASE_URL is set, measures each page, then adds
FACTOR−1 times as many oppdrag (every other one reported, some red) and measures again.
Prints time, queries and the ratios. Asserts nothing: timings belong here, not in tests.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alver.settings")
tmp = tempfile.mkdtemp(prefix="alver-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from alver.models import User  # noqa: E402
from reporting import rapportar, services  # noqa: E402
from reporting.models import Periode, Statusrapport  # noqa: E402
from verksemdsplan.models import Oppdrag  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
SIDER = [
    "/rapportering/2026-m10/oversikt/",
    "/rapportering/2026-m10/maanadsrapport/",
    "/rapportering/2026-t2/tertialrapport/",
]


def maal(c):
    ut = {}
    for url in SIDER:
        c.get(url)
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            svar = c.get(url)
        assert svar.status_code == 200, (url, svar.status_code)
        ut[url] = (time.perf_counter() - start, len(q))
    tertial = Periode.objects.get(aar=2026, type="tertial", nummer=2)
    rapportar.pdf("tertial", tertial, rapportar.tertialrapport(tertial))  # WeasyPrint loads its fonts once
    start = time.perf_counter()
    rapportar.pdf("tertial", tertial, rapportar.tertialrapport(tertial))
    ut["tertialrapport PDF"] = (time.perf_counter() - start, 0)
    return ut


def main():
    faktor = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    call_command("migrate", verbosity=0)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
    c = Client()
    c.force_login(User.objects.get(email="kommunedirektor@alver.example"))
    oktober = Periode.objects.get(aar=2026, type="maanad", nummer=10)
    foer_n = services.oppdrag_i_perioden(oktober).count()
    foer = maal(c)
    mal = list(services.oppdrag_i_perioden(oktober).filter(owner__isnull=False))
    nye = Oppdrag.objects.bulk_create(
        Oppdrag(
            verksemdsplan_id=o.verksemdsplan_id, aar=2026, tittel=f"{o.tittel} ({i})", kategori_id=o.kategori_id,
            eining_id=o.eining_id, owner_id=o.owner_id,
        )
        for i in range(faktor - 1)
        for o in mal
    )  # fmt: skip
    Statusrapport.objects.bulk_create(
        Statusrapport(
            oppdrag=o, periode=oktober, status="forseinka" if i % 10 == 0 else "i_rute",
            lys="raud" if i % 10 == 0 else "gron", kommentar="Avvik" if i % 10 == 0 else "",
            rapportert_av_id=o.owner_id,
        )
        for i, o in enumerate(nye)
        if i % 2 == 0
    )  # fmt: skip
    etter_n = services.oppdrag_i_perioden(oktober).count()
    etter = maal(c)
    print(f"Oppdrag in October: {foer_n} → {etter_n} (×{etter_n / foer_n:.1f})")
    for namn in foer:
        (t0, q0), (t1, q1) = foer[namn], etter[namn]
        print(f"{namn:45} {t0:6.3f} s → {t1:6.3f} s (×{t1 / t0:4.1f})   queries {q0} → {q1}")


if __name__ == "__main__":
    main()
