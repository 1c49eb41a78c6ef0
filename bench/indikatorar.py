"""Benchmark: the indicator pages as the values grow — a demo goal page with its indicators and
charts, an indicator's page, the Analyse page for Oppvekst and the year's tertialrapport — and
one chart render, against the issue's «keep their query count whatever the number of values; a
chart renders in under 20 ms».

Run with `make bench` (or `python bench/indikatorar.py [YEARS]`, default 20). Builds the demo
kommune on its own SQLite file unless DATABASE_URL is set, logs in as the kommunedirektør and
measures each page three times: on the demo; with last year and this year filled; with the last
YEARS years filled. Filling means 12 monthly values and the year's value per year (the periods
the demo has are left as they are) for every indicator on the goal, for the kommune and every
unit, and SSB cells for those years for every mapped variable in the kommune, its KOSTRA group,
the county, the country and 350 other kommunar, plus as many unmapped variables (bulk inserts).
Each page is printed as a multiple of the floor view (/mi-side/ of the same user) with its
charts and query count, the sizes side by side; when a page's count changes, the tables read
more often are named. Then one chart is timed (bench/diagram.py's data, and one of YEARS × 12
periods). Asserts nothing: timings belong here, not in tests.
"""

import io
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
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
from django.db.models import Count  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from alver.lib import klokke  # noqa: E402
from alver.lib.diagram import linjediagram  # noqa: E402
from alver.models import Eining, User  # noqa: E402
from budget import ssb  # noqa: E402
from budget.models import Statistikkimport, Statistikkkopling, Statistikkverdi  # noqa: E402
from plans.models import MaalIndikator  # noqa: E402
from reporting.models import Indikatorverdi  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diagram as diagrambench  # noqa: E402  (bench/diagram.py: the same chart, the same data)

settings.ALLOWED_HOSTS = ["testserver"]
GOLV = "/mi-side/"
ANDRE_KOMMUNAR = 350


def tid(c, url, n=3):
    c.get(url)
    best, sporjingar, diagram = None, 0, 0
    for _ in range(n):
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            svar = c.get(url)
        assert svar.status_code == 200, (url, svar.status_code)
        t = time.perf_counter() - start
        best, sporjingar, diagram = min(best or t, t), q.captured_queries, svar.content.count(b"<svg")
    return best, sporjingar, diagram


def maal(c, sider):
    golv = tid(c, GOLV)[0]
    return golv, {namn: (t, t / golv, q, d) for namn, url in sider for t, q, d in [tid(c, url)]}


def tabellar(sporjingar):
    """How many queries read each table (the first one after FROM)."""
    return Counter(m.group(1) for q in sporjingar if (m := re.search(r'FROM "?(\w+)"?', q["sql"])))


def fleire_indikatorverdiar(indikatorar, einingar, aar, user):
    """12 months and the year's value for the last `aar` years and this year's months that are
    over, per indicator, for the kommune (no unit) and every unit — the periods the demo already
    has left as they are (bulk: `aar` and `til` set as `save` would)."""
    i_dag = klokke.i_dag()
    koder = [f"{a}-m{m:02}" for a in range(i_dag.year - aar, i_dag.year + 1) for m in range(1, 13)]
    koder += [f"{a}-aar" for a in range(i_dag.year - aar, i_dag.year)]
    aar_til = {k: Indikatorverdi.aar_og_til(k) for k in koder}
    koder = [k for k in koder if aar_til[k][1] < i_dag]
    finst = set(Indikatorverdi.objects.values_list("indikator_id", "eining_id", "periode"))
    rader = []
    for n, ind in enumerate(indikatorar):
        for e in [None, *einingar]:
            for i, k in enumerate(koder):
                if (ind.pk, e.pk if e else None, k) in finst:
                    continue
                a, til = aar_til[k]
                rader.append(
                    Indikatorverdi(
                        indikator=ind, eining=e, periode=k, aar=a, til=til,
                        verdi=Decimal(40 + (i + n) % 50), registrert_av=user,
                    )
                )  # fmt: skip
    Indikatorverdi.objects.bulk_create(rader, batch_size=5000)
    return len(rader)


def fleire_statistikkverdiar(aar, user):
    """SSB cells for the last `aar` years, those imported left as they are: every mapped variable
    in the kommune's own four regions and `ANDRE_KOMMUNAR` other kommunar, and as many unmapped
    variables in the same tables."""
    imp = Statistikkimport.objects.create(
        filnamn="bench.json", format=Statistikkimport.Format.JSONSTAT,
        status=Statistikkimport.Status.LAGRA, created_by=user, lagra_at=klokke.no(),
    )  # fmt: skip
    i_aar = klokke.i_dag().year
    finst = set(Statistikkverdi.objects.values_list("tabell", "variabel", "region", "aar"))
    eigne = list(ssb.regionar().items())
    andre = [(Statistikkverdi.Regiontype.KOMMUNE, f"{9000 + i}") for i in range(ANDRE_KOMMUNAR)]
    regionar = [(rt, kode) for rt, kode in eigne] + andre
    variablar = list(Statistikkkopling.objects.values_list("tabell", "variabel", "variabel_namn"))
    variablar += [(t, f"{v}X", f"{n} (unmapped)") for t, v, n in variablar]
    rader = [
        Statistikkverdi(
            tabell=t, variabel=v, variabel_namn=vn or v, regiontype=rt, region=kode, region_namn=kode,
            aar=a, verdi=Decimal(50 + (a + j) % 40) + Decimal("0.5"), statistikkimport=imp,
        )
        for j, (t, v, vn) in enumerate(variablar)
        for rt, kode in regionar
        for a in range(i_aar - aar, i_aar)
        if (t, v, kode, a) not in finst
    ]  # fmt: skip
    Statistikkverdi.objects.bulk_create(rader, batch_size=5000)
    return len(rader)


def diagram_ms(periodar, seriar, rundar=50):
    """Median ms to build a chart and render its partial (figure, SVG, table)."""
    render_to_string("partials/diagram.html", {"diagram": linjediagram("x", "", periodar, seriar)})
    tider = []
    for i in range(rundar):
        t0 = time.perf_counter()
        d = linjediagram(
            f"Indikator {i}", "Alver mot kommunegruppa og landet", periodar, seriar, "prosent", 1
        )
        render_to_string("partials/diagram.html", {"diagram": d})
        tider.append((time.perf_counter() - t0) * 1000)
    return statistics.median(tider)


def main():
    aar = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    # the demo goal with the most indicators, and its first indicator
    maal_pk = (
        MaalIndikator.objects.values("maal").annotate(n=Count("pk")).order_by("-n", "maal").first()["maal"]
    )
    koplingar = list(MaalIndikator.objects.filter(maal_id=maal_pk).select_related("indikator", "maal"))
    indikatorar = [k.indikator for k in koplingar]
    oppvekst = Eining.objects.get(type=Eining.Type.SEKTOR, namn__icontains="Oppvekst")
    i_aar = klokke.i_dag().year
    sider = [
        (
            f"goal «{str(koplingar[0].maal)[:30]}» ({len(indikatorar)} indicators)",
            reverse("plans:maal", args=[maal_pk]),
        ),
        (f"indicator «{str(indikatorar[0])[:38]}»", reverse("plans:indikator", args=[indikatorar[0].pk])),
        (f"Analyse, sector {oppvekst.namn}", reverse("budget:analyse_sektor", args=[oppvekst.kode])),
        (f"tertialrapport {i_aar}-aar", f"/rapportering/{i_aar}-aar/tertialrapport/"),
    ]
    c = Client()
    c.force_login(direktor)
    storleik, resultat = [], []
    einingar = list(Eining.objects.aktive().exclude(type=Eining.Type.KOMMUNE))
    for steg in (0, 1, aar):  # the demo; a year more; `aar` years more
        if steg:
            fleire_indikatorverdiar(indikatorar, einingar, steg, direktor)
            fleire_statistikkverdiar(steg, direktor)
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("VACUUM ANALYZE")
        storleik.append((steg, Indikatorverdi.objects.count(), Statistikkverdi.objects.count()))
        resultat.append(maal(c, sider))

    translation.activate("nn")
    periodar, seriar = diagrambench.data()
    lite = diagram_ms(periodar, seriar)
    n = len(periodar) + aar * 12
    stor = diagram_ms(
        [f"p{i}" for i in range(n)],
        [type(s)(s.namn, [Decimal(40 + i % 50) for i in range(n)], s.rolle) for s in seriar],
    )

    print(
        f"Indicators: the demo goal's {len(indikatorar)} indicators; values for the kommune and {len(einingar)} units"
    )
    for (steg, verdiar, ssb_n), (golv, _r) in zip(storleik, resultat, strict=True):
        print(
            f"  {'the demo' if not steg else f'{steg} yr filled':12} {verdiar:>7} indicator values, "
            f"{ssb_n:>7} SSB cells: floor view {GOLV} {golv * 1000:.0f} ms"
        )
    print(f"Each page in seconds and as a multiple of the floor view {GOLV}, its charts (<svg>) and queries:")
    for namn, _url in sider:
        rader = [r[namn] for _g, r in resultat]
        tider = " → ".join(f"{t:6.3f} s (×{r:4.1f})" for t, r, _q, _d in rader)
        svg = " → ".join(f"{d}" for _t, _r, _q, d in rader)
        tal = [len(q) for _t, _r, q, _d in rader]
        print(f"  {namn:52} {tider}   svg {svg}   queries {' → '.join(map(str, tal))}")
        if len(set(tal)) > 1:
            for a in range(len(rader) - 1):
                qa, qb = rader[a][2], rader[a + 1][2]
                if len(qa) != len(qb):
                    meir = tabellar(qb) - tabellar(qa)
                    print(
                        f"    {len(qb) - len(qa):+d} queries from size {a} to size {a + 1}; more reads of: "
                        + (", ".join(f"{t} ×{k}" for t, k in sorted(meir.items())) or "-")
                    )
    print(
        f"One chart (linjediagram() + partial, median of 50): {len(periodar)} periods (bench/diagram.py) "
        f"{lite:.2f} ms, {n} periods {stor:.2f} ms (budget {diagrambench.BUDSJETT_MS} ms)"
    )


if __name__ == "__main__":
    main()
