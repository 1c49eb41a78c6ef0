"""The demo's KOSTRA statistics: the sample files in `ssb_data/` imported as økonomi would, and
the eight demo indicators mapped by their SSB table and variable (when the plans demo has made
them; else the statistics stay unmapped). A second run changes nothing."""

from pathlib import Path

from alver.models import User
from plans.models import Indikator

from . import services
from .models import Statistikkimport

MAPPE = Path(__file__).resolve().parent / "ssb_data"


def prover():
    """The sample files, in name order: (name, bytes)."""
    return [(p.name, p.read_bytes()) for p in sorted(MAPPE.iterdir()) if p.suffix in (".json", ".csv")]


def bygg(stdout=None):
    okonomi = (
        User.objects.filter(email="okonomi@alver.example").first() or User.objects.order_by("pk").first()
    )
    if okonomi is None:
        return
    lagra = set(
        Statistikkimport.objects.filter(status=Statistikkimport.Status.LAGRA).values_list(
            "filnamn", flat=True
        )
    )
    indikatorar = {
        (i.kjelde_tabell.strip(), i.kjelde_variabel.strip()): i
        for i in Indikator.objects.exclude(kjelde_tabell="").exclude(kjelde_variabel="")
    }
    n = 0
    for namn, innhald in prover():
        if namn in lagra:
            continue
        imp = services.forhandsvis_statistikk(namn, innhald, user=okonomi)
        koplingar = {(r[0], r[1]): indikatorar.get((r[0], r[1])) for r in imp.rader}
        services.lagre_statistikk(imp, koplingar=koplingar, user=okonomi)
        n += 1
    if stdout and n:
        stdout.write(f"  KOSTRA: {n} filer importerte")
