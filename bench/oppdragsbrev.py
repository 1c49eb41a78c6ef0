"""Benchmark: rendering a long overordna oppdragsbrev as PDF.

Run with `make bench` (or `python bench/oppdragsbrev.py [OPPDRAG]`, default 440: about 30
pages). Builds the demo kommune on its own SQLite file unless DATABASE_URL is set, gives the
kommune's letter text in every section and that many oppdrag across the themes, renders the
draft PDF three times and prints pages and seconds (the bar: a 30-page letter within 3
seconds), then publishes it and times serving the stored PDF. Asserts nothing: timings
belong here, not in tests.
"""

import datetime
import io
import os
import subprocess
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
from django.test.utils import override_settings  # noqa: E402

from alver.models import Eining, User  # noqa: E402
from verksemdsplan import brev  # noqa: E402
from verksemdsplan.models import Kategori, Oppdrag, Tema  # noqa: E402
from verksemdsplan.services import verksemdsplan_for  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
AVSNITT = (
    "Alver kommune skal levere gode og likeverdige tenester innanfor rammene. Vi prioriterer tidleg "
    "innsats, nærvær, heiltidskultur og digitalisering, og vi følgjer opp måla i kommuneplanen.\n\n"
    "- Oppdraga under er kopla til mål\n- Kvar leiar eig sine oppdrag\n- Status blir rapportert kvart tertial\n\n"
)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 440  # about 30 pages
    call_command("migrate", verbosity=0)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("demo", "--force", verbosity=0, stdout=io.StringIO())
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    kommune = Eining.objects.get(kode="1000")
    aar = 2031
    b = brev.lag_brev(kommune, aar, user=direktor)
    for s in b.seksjonar.all():
        s.tekst = f"## {s.tema}\n\n" + AVSNITT * 3
        s.html, s.med_underordna = brev.til_html(s.tekst), True
        s.save()
    sektorar = list(Eining.objects.filter(type=Eining.Type.SEKTOR).select_related("leiar"))
    tema, kategori = list(Tema.objects.all()), Kategori.objects.get(kode="administrativt")
    Oppdrag.objects.bulk_create(
        Oppdrag(
            verksemdsplan=verksemdsplan_for(sektorar[i % len(sektorar)], aar),
            aar=aar,
            tittel=f"Oppdrag {i}: følgje opp tiltak i handlingsplanen for æøå-sektoren",
            kategori=kategori,
            eining=sektorar[i % len(sektorar)],
            owner=sektorar[i % len(sektorar)].leiar,
            tema=tema[i % len(tema)],
            frist=datetime.date(aar, 1 + i % 12, 15),
        )
        for i in range(n)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # autovacuum may be off: plan on fresh statistics
    c = Client()
    c.force_login(direktor)
    tider = []
    for _ in range(3):
        start = time.perf_counter()
        svar = c.get(f"/oppdragsbrev/{aar}/1000.pdf")
        tider.append(time.perf_counter() - start)
    sider = _sider(svar.content)
    print(
        f"draft letter, laid out on each request: oppdrag {n}, pages {sider}, "
        f"seconds (best of 3) {min(tider):.2f}, per page {min(tider) / sider:.3f}"
    )
    # published: laid out once (here timed by itself), then served from storage
    helse = User.objects.get(email="kommunalsjef.helse@alver.example")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        brev.steg(b, "send", user=direktor, godkjennar=helse)
        brev.steg(b, "godkjenn", user=helse)
        start = time.perf_counter()
        brev.steg(b, "publiser", user=direktor)  # lays out the PDF ahead of the first reader
        publisering = time.perf_counter() - start
    tider = []
    for _ in range(20):
        start = time.perf_counter()
        svar = c.get(f"/oppdragsbrev/{aar}/1000.pdf")
        innhald = b"".join(svar.streaming_content)
        tider.append(time.perf_counter() - start)
    print(
        f"published letter: publishing with layout {publisering:.2f} s, pages {_sider(innhald)}, "
        f"then served from storage in {sorted(tider)[len(tider) // 2] * 1000:.1f} ms (median of 20)"
    )


def _sider(innhald):
    pdf = Path(tmp) / "brev.pdf"
    pdf.write_bytes(innhald)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


if __name__ == "__main__":
    main()
