"""Benchmark: one chart (alver.lib.diagram) with five years of history and this year's twelve
months — own values, the target, the kommunegruppe and landet, a few gaps — built and rendered
through its partial (figure, SVG and table), against the issue's budget of 20 ms a chart.

Run with `make bench` (or `python bench/diagram.py [N]`, default 200 rounds). Needs no
database. Prints the median and the slowest tenth, and the median as a share of the budget.
Asserts nothing: timings belong here, not in tests.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alver.settings")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402

from alver.lib.diagram import Serie, linjediagram  # noqa: E402

BUDSJETT_MS = 20
MAANADER = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]


def data():
    periodar = [str(a) for a in range(2021, 2026)] + [f"{m} 2026" for m in MAANADER]
    n = len(periodar)

    def rekkje(start, steg, hol=()):
        return [None if i in hol else Decimal(start) + Decimal(steg) * i for i in range(n)]

    return periodar, [
        Serie("Alver", rekkje("91.2", "0.3", hol={2, 15, 16}), "eiga"),
        Serie("Mål", [None] * 3 + rekkje("93.0", "0.1")[3:], "maal"),
        Serie("Kommunegruppe 13", rekkje("88.0", "0.4")[:5] + [None] * 12, "samanlikning"),
        Serie("Landet", rekkje("90.0", "0.35")[:5] + [None] * 12, "landet"),
    ]


def main():
    rundar = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    periodar, seriar = data()
    translation.activate("nn")
    render_to_string("partials/diagram.html", {"diagram": linjediagram("x", "", periodar, seriar)})  # warm up
    byggje, heile = [], []
    for i in range(rundar):
        t0 = time.perf_counter()
        d = linjediagram(
            f"Del born 1–5 år med barnehageplass {i}",
            "Alver mot kommunegruppa og landet",
            periodar,
            seriar,
            "prosent",
            1,
        )
        t1 = time.perf_counter()
        render_to_string("partials/diagram.html", {"diagram": d})
        t2 = time.perf_counter()
        byggje.append((t1 - t0) * 1000)
        heile.append((t2 - t0) * 1000)
    for namn, tider in (("linjediagram()", byggje), ("linjediagram() + partial", heile)):
        median = statistics.median(tider)
        treg = sorted(tider)[int(len(tider) * 0.9)]
        print(
            f"{namn:26} median {median:6.2f} ms, slowest tenth from {treg:6.2f} ms "
            f"= {median / BUDSJETT_MS:5.1%} of the {BUDSJETT_MS} ms budget"
        )
    print(
        f"({len(periodar)} periods, {len(seriar)} series, {len(str(d.svg)):,} bytes of SVG, {rundar} rounds)"
    )


if __name__ == "__main__":
    main()
