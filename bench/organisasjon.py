"""Benchmark: building the demo kommune at scale, and the organisation tree page.

Run with `make bench` (or `python bench/organisasjon.py [SCALE]`). Uses its own SQLite
file unless DATABASE_URL is set. Prints seconds and the ratio to the base kommune; it
asserts nothing, since timings belong here and not in tests.
"""

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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from alver.models import Eining, User  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]


def mal_side(client, url, rundar=5):
    client.get(url)  # warm the template cache
    start = time.perf_counter()
    for _ in range(rundar):
        client.get(url)
    tid = (time.perf_counter() - start) / rundar
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return tid, len(ctx)


def main():
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    call_command("migrate", verbosity=0)
    rad = []
    for s in (1, scale):
        start = time.perf_counter()
        call_command("demo", "--scale", str(s), stdout=open(os.devnull, "w"))  # noqa: SIM115
        bygg = time.perf_counter() - start
        client = Client()
        client.force_login(User.objects.get(email="kommunedirektor@alver.example"))
        tre, q_tre = mal_side(client, "/organisasjon/")
        sok, q_sok = mal_side(client, "/organisasjon/?q=skule")
        rad.append((s, Eining.objects.count(), User.objects.count(), bygg, tre, q_tre, sok, q_sok))
    print(
        f"{'scale':>5} {'units':>6} {'people':>7} {'demo s':>7} {'tree s':>7} {'q':>3} {'search s':>8} {'q':>3}"
    )
    for s, e, p, b, t, qt, so, qs in rad:
        print(f"{s:>5} {e:>6} {p:>7} {b:>7.2f} {t:>7.3f} {qt:>3} {so:>8.3f} {qs:>3}")
    (_, e1, _, _, t1, q1, s1, _), (_, e2, _, _, t2, q2, s2, _) = rad
    print(f"units ×{e2 / e1:.1f}: tree page time ×{t2 / t1:.1f}, search ×{s2 / s1:.1f}, queries {q1} → {q2}")


if __name__ == "__main__":
    main()
