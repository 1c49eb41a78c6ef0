"""Political follow-up: every political decision and verbalpunkt of a year with what became of
it (status, deadline, the latest report's light and comment). The politicians' view of the
thread; it shows the latest report they may read (released periods only, unless the reader
reads everything). The page and its PDF (for the next meeting's agenda) show the same rows."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Q
from django.utils.translation import gettext as _

from alver.lib import klokke, tal
from budget.models import Organ
from verksemdsplan.models import Oppdrag

from . import permissions as tilgang
from .models import Periode, Statusrapport
from .services import med_siste_rapport, politiske_kategoriar, siste_rapport_pk


def siste_frigitte_dag(aar):
    """The end of the last period of `aar` released to the politicians, or None."""
    p = Periode.objects.filter(aar=aar, frigitt_at__isnull=False).order_by("-til").first()
    return p.til if p else None


def politiske_oppdrag(aar, *, til=None, alle_rapportar=False):
    """The top-level oppdrag of the political categories in `aar` (decisions first, by meeting
    and case, then verbalpunkt by number), as a queryset annotated with `siste_pk`: the latest
    report up to `til` (any report if `alle_rapportar`; none if `til` is None and not).
    Only decisions that give work (`gir_oppdrag`) and were not entered by mistake."""
    rapportar = Statusrapport.objects.all()
    if not alle_rapportar:
        rapportar = rapportar.filter(periode__til__lte=til) if til else rapportar.none()
    # Joined are those the order needs; the rest comes for the rows shown (thirteen tables in
    # one query took PostgreSQL 35 ms to plan at Oslo scale).
    return (
        Oppdrag.objects.i_aar(aar)
        .filter(parent__isnull=True, kategori_id__in=politiske_kategoriar())
        .filter(
            Q(kjelde_vedtak__isnull=True)
            | Q(kjelde_vedtak__gir_oppdrag=True, kjelde_vedtak__feilregistrert_at__isnull=True)
        )
        .select_related(
            "kategori",
            "kjelde_vedtak__mote",
            "kjelde_vedtakspunkt__ansvarleg_sektor",
            "kjelde_verbalpunkt__okonomiplan",
        )
        .prefetch_related("eining", "owner", "kjelde_vedtak__organ", "kjelde_vedtak__ansvarleg_sektor")
        .annotate(siste_pk=siste_rapport_pk(rapportar))
        .order_by(
            F("kjelde_vedtak__mote__dato").asc(nulls_last=True),
            "kjelde_vedtak__rekkjefolgje",
            "kjelde_vedtak__pk",
            F("kjelde_vedtakspunkt__rekkjefolgje").asc(nulls_first=True),
            F("kjelde_verbalpunkt__sortering").asc(nulls_last=True),
            "kategori__rekkjefolgje",
            "pk",
        )
    )


@dataclass
class Utval:
    """What the reader chose (from the query string) and what it gives."""

    aar: int
    organ: Organ | None
    periode: Periode | None
    opne: bool
    vedtak: int | None
    verbalpunkt: int | None
    til: object  # the last day whose reports are shown (None: all, or none released)
    alle_rapportar: bool
    qs: object
    organar: list
    periodar: list

    @property
    def eitt(self):
        return bool(self.vedtak or self.verbalpunkt)

    def query(self, **endra):
        """The query string of this choice (for the PDF link and the page links)."""
        verdiar = {
            "aar": self.aar,
            "organ": self.organ.pk if self.organ else "",
            "periode": self.periode.kode if self.periode else "",
            "opne": "1" if self.opne else "",
            "vedtak": self.vedtak or "",
            "verbalpunkt": self.verbalpunkt or "",
        }
        verdiar.update(endra)
        return urlencode({k: v for k, v in verdiar.items() if v not in ("", None)})


def utval(user, params):
    """The follow-up for this reader and query string: `?aar=`, `?organ=<pk>` (one body's
    decisions), `?periode=<code>` (a tertial or the annual report of the year: reports up to its
    end; a reader who does not read everything gets only released ones), `?opne=1` (not done or
    cancelled), `?vedtak=` / `?verbalpunkt=` (one source)."""
    aar = tal.aar(params.get("aar"), klokke.i_dag().year)
    alle = tilgang.les_alt(user)
    # the year's tertials and annual report this reader may open
    valbare = list(tilgang.tertialperiodar(user).filter(aar=aar).order_by("til"))
    kode = params.get("periode")
    periode = next((v for v in valbare if v.kode == kode), None) if kode else None
    if periode is not None:
        til, alle_rapportar = periode.til, False
    else:
        til, alle_rapportar = (None, True) if alle else (siste_frigitte_dag(aar), False)
    qs = politiske_oppdrag(aar, til=til, alle_rapportar=alle_rapportar)
    organar = list(Organ.objects.all())
    organ = None
    if organ_pk := tal.heiltal(params.get("organ"), *tal.ID):
        organ = next((o for o in organar if o.pk == organ_pk), None)
        qs = qs.filter(kjelde_vedtak__organ_id=organ_pk)
    opne = params.get("opne") == "1"
    if opne:
        qs = qs.opne()
    # one decision or verbal resolution, from its row on the decision lists
    if vedtak := tal.heiltal(params.get("vedtak"), *tal.ID):
        qs = qs.filter(kjelde_vedtak=vedtak)
    if verbalpunkt := tal.heiltal(params.get("verbalpunkt"), *tal.ID):
        qs = qs.filter(kjelde_verbalpunkt=verbalpunkt)
    return Utval(
        aar=aar,
        organ=organ,
        periode=periode,
        opne=opne,
        vedtak=vedtak,
        verbalpunkt=verbalpunkt,
        til=til,
        alle_rapportar=alle_rapportar,
        qs=qs,
        organar=organar,
        periodar=valbare,
    )


def rader(user, oppdrag):
    """The oppdrag (annotated with `siste_pk`) as rows: each with its latest report (`o.siste`),
    and for an exempt or closed decision the reader may not see in full, `o.skjult` set and
    `o.vist_tittel` its public title. One query for the reports, at most one for the test."""
    oppdrag = med_siste_rapport(oppdrag)
    ser = tilgang.skjerma_test(user)
    for o in oppdrag:
        v = o.kjelde_vedtak
        o.skjult = bool(v and v.skjerming) and not ser(o)
        if o.skjult:
            o.vist_tittel = v.offentleg_tittel or _("Exempt from public access")
        else:
            o.vist_tittel = (
                v.tittel if v else (o.kjelde_verbalpunkt.tittel if o.kjelde_verbalpunkt else o.tittel)
            )
        o.vist_frist = o.frist or (o.kjelde_vedtakspunkt and o.kjelde_vedtakspunkt.frist) or (v and v.frist)
    return oppdrag
