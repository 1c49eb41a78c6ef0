"""Political follow-up: every political decision and verbalpunkt of a year with what became of
it (status, deadline, the latest report's light and comment). The politicians' view of the
thread; it shows the latest report they may read (released periods only, unless the reader
reads everything)."""

from django.db.models import F

from verksemdsplan.models import Oppdrag

from .models import Periode, Statusrapport
from .services import siste_rapport_pk


def siste_frigitte_dag(aar):
    """The end of the last period of `aar` released to the politicians, or None."""
    p = Periode.objects.filter(aar=aar, frigitt_at__isnull=False).order_by("-til").first()
    return p.til if p else None


def politiske_oppdrag(aar, *, til=None, alle_rapportar=False):
    """The top-level oppdrag of the political categories in `aar` (decisions first, by meeting
    and case, then verbalpunkt by number), as a queryset annotated with `siste_pk`: the latest
    report up to `til` (any report if `alle_rapportar`; none if `til` is None and not)."""
    rapportar = Statusrapport.objects.all()
    if not alle_rapportar:
        rapportar = rapportar.filter(periode__til__lte=til) if til else rapportar.none()
    return (
        Oppdrag.objects.filter(aar=aar, parent__isnull=True, kategori__regel__politisk=True)
        .select_related(
            "kategori",
            "eining",
            "owner",
            "kjelde_vedtak__mote__organ",
            "kjelde_verbalpunkt__okonomiplan",
        )
        .annotate(siste_pk=siste_rapport_pk(rapportar))
        .order_by(
            F("kjelde_vedtak__mote__dato").asc(nulls_last=True),
            "kjelde_vedtak__pk",
            F("kjelde_verbalpunkt__nummer").asc(nulls_last=True),
            "kategori__rekkjefolgje",
            "pk",
        )
    )
