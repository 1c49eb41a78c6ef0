"""Benchmark: the internal-control overview (/sjekklister/<år>/oversikt/) as the kommune grows,
from the demo kommune to about 1,500 units in about 200 sectors and service areas, with a
checklist of 20 points answered for twelve months.

Run with `make bench` (or `python bench/sjekklister.py [UNITS]`, default 1500). Builds the demo
kommune on its own SQLite file unless DATABASE_URL is set, adds a published checklist for last
year (all twelve months due) with its answers for every unit (bulk inserts, nine in ten
answered, some «no» and «partly»), measures the overview (the kommune, a sector drilled down,
one point), then adds sectors, service areas and units up to UNITS with their answers and
measures again. Each page is printed as a multiple of the floor view (/mi-side/ of the same
user) with its query count, and the month's summary for the report is timed. Asserts nothing:
timings belong here, not in tests.
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

from alver.lib import klokke  # noqa: E402
from alver.models import Eining, User  # noqa: E402
from checklists import demo as checklists_demo  # noqa: E402
from checklists import oversikt, plikt  # noqa: E402
from checklists.models import Foremaal, Frekvens, Gjeld, Sjekkliste, Sjekkpunkt, Sjekktype, Svar  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
GOLV = "/mi-side/"
FREKVENSAR = [Frekvens.MAANAD] * 14 + [Frekvens.TERTIAL] * 3 + [Frekvens.AAR] * 2  # and one for a sector


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


def maal(c, sider):
    golv = tid(c, GOLV)[0]
    return golv, {namn: (t, t / golv, q) for namn, url in sider for t, q in [tid(c, url)]}


def lag_sjekkliste(aar, sektor, user):
    """A published checklist of 20 points: 14 monthly, 3 each tertial, 2 yearly and a monthly one
    for one sector (built directly: the services are not what is measured)."""
    liste = Sjekkliste.objects.create(
        aar=aar, status=Sjekkliste.Status.PUBLISERT, frist=datetime.date(aar, 1, 31), publisert_av=user
    )
    f = Foremaal.objects.create(sjekkliste=liste, namn="Leiardialog")
    typar = [
        Sjekktype.objects.create(foremaal=f, namn=n, rekkjefolgje=i) for i, n in enumerate(["Styring", "HMS"])
    ]
    punkt = [
        Sjekkpunkt(
            sjekktype=typar[i % 2],
            sporsmaal=f"Sjekkpunkt {i + 1}: er rutinen følgd?",
            frekvens=fr,
            rekkjefolgje=i,
        )
        for i, fr in enumerate(FREKVENSAR)
    ]
    punkt.append(
        Sjekkpunkt(
            sjekktype=typar[1], sporsmaal="Er beredskapsplanen øvd?", frekvens=Frekvens.MAANAD,
            gjeld=Gjeld.SEKTOR, sektor=sektor, rekkjefolgje=len(punkt),
        )
    )  # fmt: skip
    Sjekkpunkt.objects.bulk_create(punkt)
    return liste, list(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste).select_related("sektor")
    )


def svar_for(einingar, punkt, aar, user):
    """Nine in ten answers given; one in twenty a «no», one in thirty-three «partly»."""
    rader, i = [], 0
    for e in einingar:
        for p in punkt:
            if not plikt.gjeld(p, e, set()):
                continue
            for kode in plikt.periodar_for(p, aar):
                i += 1
                if i % 10 == 0:
                    continue
                verdi = "nei" if i % 20 == 1 else ("delvis" if i % 33 == 0 else "ja")
                rader.append(
                    Svar(punkt=p, eining=e, periode=kode, verdi=verdi, kommentar="" if verdi == "ja" else "Avvik",
                         svart_av=user)
                )  # fmt: skip
    Svar.objects.bulk_create(rader, batch_size=5000)
    return len(rader)


def veks(kommune, mal):
    """Sectors of 19 service areas each, units under those, until the kommune has `mal` units
    (paths computed in bulk, as the HR import does)."""
    steg = Eining.steplen
    n = Eining.objects.count()
    sektorar = max(1, round((mal - n) / 150))
    omraade = sektorar * 19
    einingar_att = max(0, mal - n - sektorar * 20)
    siste = Eining.objects.filter(depth=2).order_by("-path").values_list("path", flat=True).first()
    neste = Eining._str2int(siste[-steg:]) + 1 if siste else 1
    nye = []
    for s in range(sektorar):
        sp = Eining._get_path(kommune.path, 2, neste + s)
        nye.append(
            Eining(path=sp, depth=2, numchild=19, namn=f"Sektor {s + 1}", kode=f"B{s:02}", type="sektor")
        )
        for t in range(19):
            j = s * 19 + t
            per_omraade = einingar_att // omraade + (1 if j < einingar_att % omraade else 0)
            tp = Eining._get_path(sp, 3, t + 1)
            nye.append(
                Eining(path=tp, depth=3, numchild=per_omraade, namn=f"Tenesteområde {s + 1}.{t + 1}",
                       kode=f"B{s:02}{t:02}", type="tenesteomraade")
            )  # fmt: skip
            for u in range(per_omraade):
                nye.append(
                    Eining(path=Eining._get_path(tp, 4, u + 1), depth=4, numchild=0,
                           namn=f"Eining {s + 1}.{t + 1}.{u + 1}", kode=f"B{s:02}{t:02}{u:03}", type="eining")
                )  # fmt: skip
    Eining.objects.bulk_create(nye, batch_size=2000)
    Eining.objects.filter(pk=kommune.pk).update(numchild=kommune.numchild + sektorar)
    return list(Eining.objects.filter(kode__startswith="B", type__in=["sektor", "tenesteomraade", "eining"]))


def main():
    mal = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    call_command("migrate", verbosity=0)
    if not hasattr(checklists_demo, "bygg"):  # while the checklists' own demo is being built
        checklists_demo.bygg = lambda **_: None
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    kommune = Eining.objects.filter(depth=1).order_by("path").first()
    aar = klokke.i_dag().year - 1
    while Sjekkliste.objects.filter(aar=aar).exists():
        aar -= 1
    sektor = Eining.objects.filter(type="sektor").order_by("path").first()
    _liste, punkt = lag_sjekkliste(aar, sektor, direktor)
    einingar = list(Eining.objects.aktive().exclude(type="kommune"))
    n_svar = svar_for(einingar, punkt, aar, direktor)
    url = f"/sjekklister/{aar}/oversikt/"
    sider = [
        ("the kommune", url),
        (f"a sector drilled down ({sektor.namn})", f"{url}?eining={sektor.kode}"),
        ("the kommune, one point", f"{url}?punkt={punkt[0].pk}"),
    ]
    c = Client()
    c.force_login(direktor)
    storleik = [(Eining.objects.count(), n_svar)]
    resultat = [maal(c, sider)]
    oppsummering = [_oppsummering(aar)]
    nye = veks(kommune, mal)
    n_svar += svar_for(nye, punkt, aar, direktor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    storsektor = next(e for e in nye if e.type == "sektor")
    sider.append((f"a big sector drilled down ({storsektor.namn})", f"{url}?eining={storsektor.kode}"))
    storleik.append((Eining.objects.count(), n_svar))
    resultat.append(maal(c, sider))
    oppsummering.append(_oppsummering(aar))
    print(f"Internal-control overview {aar}: 20 check points, twelve months")
    for (einingar_n, svar_n), (golv, _r), (t_o, q_o) in zip(storleik, resultat, oppsummering, strict=True):
        print(
            f"  {einingar_n:>5} units, {svar_n:>7} answers: floor view {GOLV} {golv * 1000:.0f} ms; "
            f"the month's summary for the report {t_o * 1000:.0f} ms, {q_o} queries"
        )
    print(f"Each page in seconds and as a multiple of the floor view {GOLV}, with its queries:")
    (_g0, foer), (_g1, etter) = resultat
    for namn, _url in sider:
        if namn not in foer:
            t1, r1, q1 = etter[namn]
            print(f"  {namn:45} {'':>22} → {t1:6.3f} s (×{r1:5.1f})   queries {q1}")
            continue
        (t0, r0, q0), (t1, r1, q1) = foer[namn], etter[namn]
        print(f"  {namn:45} {t0:6.3f} s (×{r0:5.1f}) → {t1:6.3f} s (×{r1:5.1f})   queries {q0} → {q1}")


def _oppsummering(aar):
    oversikt.oppsummering(aar, f"{aar}-m10")
    reset_queries()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        oversikt.oppsummering(aar, f"{aar}-m10")
    return time.perf_counter() - start, len(q)


if __name__ == "__main__":
    main()
