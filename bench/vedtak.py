"""Benchmark: the politisk sekretariat's decisions as they grow — saving a 40-case meeting
against a 2-case one, and the decision list (/vedtak/, plain and searched) and the political
follow-up report from ~50 decisions to ~5,000.

Run with `make bench` (or `python bench/vedtak.py`). Builds the demo kommune on its own SQLite
file unless DATABASE_URL is set (on a freshly loaded PostgreSQL, run VACUUM ANALYZE first).
Each page is measured against a floor view (/mi-side/ of the same user) and printed as a ratio,
with its query count. Asserts nothing: timings belong here, not in tests.
"""

import datetime
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from alver.models import Eining, User  # noqa: E402
from budget import services  # noqa: E402
from budget.models import Organ, Sakstype, Vedtak  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
GOLV = "/mi-side/"
SIDER = [
    "/vedtak/",
    "/vedtak/?q=PS+12%2F26",
    "/vedtak/?gir_oppdrag=ja&fra=2026-01-01",
    "/politisk-oppfolging/",
]


def tid(c, url, n=3):
    c.get(url)
    best, sporjingar = None, 0
    for _ in range(n):
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            svar = c.get(url)
        assert svar.status_code == 200, (url, svar.status_code)
        t = time.perf_counter() - start
        best, sporjingar = min(best or t, t), len(q)
    return best, sporjingar


def maal(c):
    golv = tid(c, GOLV)[0]
    return {url: (t / golv, q) for url in SIDER for t, q in [tid(c, url)]}


def mote(sekretar, sektorar, typar, dato, n, start):
    saker = [
        {
            "saksnummer": f"{'PS' if i % 4 else 'RS'} {start + i}/{dato:%y}",
            "tittel": f"Sak {start + i} om tenestene",
            "sakstype": typar["PS" if i % 4 else "RS"],
            "gir_oppdrag": bool(i % 4),
            "ansvarleg_sektor": sektorar[i % len(sektorar)],
            "frist": dato + datetime.timedelta(days=90),
        }
        for i in range(n)
    ]
    organ = Organ.objects.get(namn="Kommunestyret")
    reset_queries()  # the log holds 9,000 queries at most; the demo build filled it
    start_t = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        services.registrer_mote(organ=organ, dato=dato, saker=saker, user=sekretar)
    return time.perf_counter() - start_t, len(q)


def main():
    call_command("migrate", verbosity=0)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
        sekretar = User.objects.get(email="sekretariat@alver.example")
        sektorar = list(Eining.objects.filter(type=Eining.Type.SEKTOR))
        typar = {t.prefiks: t for t in Sakstype.objects.all()}
        t2, q2 = mote(sekretar, sektorar, typar, datetime.date(2026, 11, 2), 2, 90000)
        t40, q40 = mote(sekretar, sektorar, typar, datetime.date(2026, 11, 3), 40, 90100)
        print(f"Saving a meeting: 2 cases {t2:.3f} s / {q2} queries; 40 cases {t40:.3f} s / {q40} queries")
        c = Client()
        c.force_login(User.objects.get(email="politikar@alver.example"))
        foer_n = Vedtak.objects.count()
        foer = maal(c)
        dag = datetime.date(2026, 1, 5)
        while Vedtak.objects.count() < 5000:
            mote(sekretar, sektorar, typar, dag, 40, 1000 + (dag - datetime.date(2026, 1, 5)).days * 50)
            dag += datetime.timedelta(days=2)
        etter_n = Vedtak.objects.count()
        etter = maal(c)
    print(f"Decisions: {foer_n} → {etter_n}; each page as a multiple of the floor view {GOLV}")
    for url in SIDER:
        (r0, q0), (r1, q1) = foer[url], etter[url]
        print(f"{url:45} ×{r0:5.1f} → ×{r1:5.1f}   queries {q0} → {q1}")


if __name__ == "__main__":
    main()
