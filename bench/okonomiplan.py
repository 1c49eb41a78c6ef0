"""Benchmark: adopting an økonomiplan with many tiltak and verbalpunkt.

Run with `make bench` (or `python bench/okonomiplan.py [TILTAK] [VERBALPUNKT]`, default
5,000 and 500). Builds the demo kommune on its own SQLite file unless DATABASE_URL is set,
adds a plan of that size, adopts it and prints seconds, queries and the ratio to a plan a
tenth the size. Asserts nothing: timings belong here, not in tests.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from alver.lib.tekst import naturleg_nokkel  # noqa: E402
from alver.models import Eining, User  # noqa: E402
from budget import services  # noqa: E402
from budget.models import BudsjettTiltak, TiltakEffekt, Verbalpunkt  # noqa: E402
from plans.models import Maal  # noqa: E402
from verksemdsplan.models import Oppdrag  # noqa: E402


def lag_plan(aar, n_tiltak, n_verbal):
    okonomi = User.objects.get(email="okonomi@alver.example")
    einingar = list(Eining.objects.filter(depth__gte=2).order_by("path"))
    sektorar = list(Eining.objects.filter(type=Eining.Type.SEKTOR))
    maal = list(Maal.objects.til_kopling()[:10])
    plan = services.lag_okonomiplan(aar, user=okonomi)
    tiltak = BudsjettTiltak.objects.bulk_create(
        (
            BudsjettTiltak(
                okonomiplan=plan,
                tittel=f"Tiltak {i}",
                ansvarleg_eining=einingar[i % len(einingar)],
                vedtak="prioritert",
                fra_aar=aar,
                prioritet=i % 100,
            )
            for i in range(n_tiltak)
        ),
        batch_size=1000,
    )
    BudsjettTiltak.maal.through.objects.bulk_create(
        (
            BudsjettTiltak.maal.through(budsjetttiltak_id=t.pk, maal_id=maal[i % len(maal)].pk)
            for i, t in enumerate(tiltak)
        ),
        batch_size=2000,
    )
    TiltakEffekt.objects.bulk_create(
        (TiltakEffekt(budsjetttiltak=t, aar=a, belop=100_000) for t in tiltak for a in plan.periode),
        batch_size=2000,
    )
    Verbalpunkt.objects.bulk_create(
        Verbalpunkt(
            okonomiplan=plan,
            nummer=str(i + 1),
            sortering=naturleg_nokkel(str(i + 1)),
            tekst=f"Verbalpunkt {i + 1}",
            ansvarleg_sektor=sektorar[i % len(sektorar)],
        )
        for i in range(n_verbal)
    )
    # the main overview balanced as økonomi does it before the meeting (adoption refuses a plan
    # out of balance): the kommune's own lines, the remainder to the disposal reserve
    from budget.demo import _balanser, _demo_linjer

    _demo_linjer(plan, okonomi)
    plan.refresh_from_db()
    _balanser(plan, okonomi)
    plan.refresh_from_db()
    return plan, okonomi


def mal(aar, n_tiltak, n_verbal):
    plan, okonomi = lag_plan(aar, n_tiltak, n_verbal)
    for_ = Oppdrag.objects.count()
    # without a broker the task runs inline on commit, so this times the whole adoption
    teljar = []

    def tel(execute, sql, params, many, context):
        teljar.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(tel):
        start = time.perf_counter()
        v = services.vedta(plan, dato=datetime.date(aar - 1, 12, 10), saksnummer=f"PS {aar}", user=okonomi)
        tid = time.perf_counter() - start
    v.refresh_from_db()
    assert v.status == "ferdig", v.feil
    return tid, len(teljar), Oppdrag.objects.count() - for_


def main():
    n_tiltak = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    n_verbal = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    call_command("migrate", verbosity=0)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
        if connection.vendor == "postgresql":
            # a fresh database has no statistics (autovacuum may be off here), and its plans
            # for the adoption's lookups would be a stranger's, not a running kommune's
            with connection.cursor() as c:
                c.execute("VACUUM ANALYZE")
        smaa = mal(2040, n_tiltak // 10, n_verbal // 10)
        store = mal(2041, n_tiltak, n_verbal)
    print(f"Database: {connection.vendor}")
    print(f"{'tiltak + verbalpunkt':>22} {'oppdrag':>8} {'seconds':>8} {'queries':>8}")
    for (t, q, n), (nt, nv) in ((smaa, (n_tiltak // 10, n_verbal // 10)), (store, (n_tiltak, n_verbal))):
        print(f"{f'{nt} + {nv}':>22} {n:>8} {t:>8.2f} {q:>8}")
    print(
        f"ratio: ×{(n_tiltak + n_verbal) / (n_tiltak // 10 + n_verbal // 10):.0f} rows → ×{store[0] / smaa[0]:.1f} time, "
        f"×{store[1] / smaa[1]:.2f} queries"
    )


if __name__ == "__main__":
    main()
