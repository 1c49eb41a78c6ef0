"""The open read API, `/api/v1/`: the plans with their goals and strategies, the political
decisions, the oppdrag with their latest status report, and the reports released to the
politicians, as JSON (and the lists as CSV). It lives here, in the last app, since it reads the
whole chain, as /innsyn/ does.

Who reads what is decided in `permissions` (the `api_*` functions): without a key, the public
content exactly as /innsyn/ shows it (`reporting.innsyn`: never a draft, never an exempt item);
with a user's key, or a logged-in browser, what that user may read on the pages. The API only
reads: it has no parser, and every endpoint answers GET alone."""

import csv
import io

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from alver.lib import eksport, periodar, tal
from budget import saksnummer
from budget.permissions import skjerma_sjekk
from plans.models import Maal
from plans.services import maaltre
from verksemdsplan.views import filtrer

from . import innsyn, rapportar
from . import permissions as tilgang
from .models import Statusrapport
from .services import med_siste_rapport, siste_rapport_pk

# a public answer may be kept this long by a browser or a shared cache (seconds), as /innsyn/
MAKS_ALDER = 300


class Sider(PageNumberPagination):
    page_size = 100
    page_query_param = "side"
    page_size_query_param = "per_side"
    max_page_size = 1000

    def get_paginated_response(self, data):
        svar = super().get_paginated_response(data)
        # CSV has no place for the links to the next page, so they go in the header (RFC 8288)
        lenkjer = [
            f'<{u}>; rel="{r}"'
            for u, r in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if u
        ]
        if lenkjer:
            svar["Link"] = ", ".join(lenkjer)
        return svar


class CSVRenderer(BaseRenderer):
    """A list's page as CSV: one row per item, nested objects as `a.b` columns, lists joined
    by «;». A detail or an error is rendered as one row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rader = data.get("results", [data]) if isinstance(data, dict) else data or []
        flate = [dict(_flat(r)) for r in rader]
        kolonnar = list(dict.fromkeys(k for r in flate for k in r))
        # an object that is absent in one row («siste_rapport»: null) and present in another
        # gives its fields' columns there, not an empty column of its own beside them
        kolonnar = [k for k in kolonnar if not any(j.startswith(f"{k}.") for j in kolonnar)]
        ut = io.StringIO()
        skrivar = csv.DictWriter(ut, fieldnames=kolonnar, lineterminator="\r\n", extrasaction="ignore")
        skrivar.writeheader()
        # a value a spreadsheet would run as a formula is written as text (alver.lib.eksport)
        skrivar.writerows(
            {k: eksport.csv_tekst(v) if isinstance(v, str) else v for k, v in r.items()} for r in flate
        )
        return ut.getvalue().encode("utf-8")


def _flat(verdi, prefiks=""):
    if isinstance(verdi, dict):
        for k, v in verdi.items():
            yield from _flat(v, f"{prefiks}{k}.") if isinstance(v, dict) else _flat(v, f"{prefiks}{k}")
    elif isinstance(verdi, list):
        yield prefiks, ";".join(str(x) for x in verdi)
    else:
        yield prefiks.rstrip("."), "" if verdi is None else verdi


class Lesar:
    """What every endpoint shares: JSON (and CSV for the lists), and public answers cacheable."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = Sider

    def finalize_response(self, request, response, *args, **kwargs):
        svar = super().finalize_response(request, response, *args, **kwargs)
        if not request.user.is_authenticated and svar.status_code == 200:
            patch_cache_control(svar, public=True, max_age=MAKS_ALDER)
        return svar


# --- Serializers ---------------------------------------------------------------------------------


class EiningSerializer(serializers.Serializer):
    kode = serializers.CharField()
    namn = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    namn = serializers.CharField()


class KodeSerializer(serializers.Serializer):
    kode = serializers.CharField()
    namn = serializers.CharField(source="__str__")


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tittel = serializers.CharField()
    type = KodeSerializer()
    status = serializers.CharField()
    periode_fra = serializers.IntegerField(allow_null=True)
    periode_til = serializers.IntegerField(allow_null=True)
    vedtatt_dato = serializers.DateField(allow_null=True)
    saksnummer = serializers.CharField()
    ansvarleg_eining = EiningSerializer(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, plan) -> str:
        return self.context["request"].build_absolute_uri(reverse("reporting:api_plan", args=[plan.pk]))


class MaalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField(help_text="As readers see it: the plan's own number, or its place (1.2).")
    tittel = serializers.CharField()
    skildring = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    nivaa = serializers.IntegerField(help_text="Depth in the plan's goal tree, from 1.")


class StrategiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField(source="eige_nummer")
    tittel = serializers.CharField()
    maal = serializers.IntegerField(source="maal_id", allow_null=True)


class PlanDetaljSerializer(PlanSerializer):
    skildring = serializers.CharField()
    maal = MaalSerializer(many=True, source="maaltre")
    strategiar = StrategiSerializer(many=True, source="alle_strategiar")


class VedtakSerializer(serializers.Serializer):
    """An exempt or closed case the reader may not see in full is given by its public title,
    case number and archive case, as on the pages."""

    id = serializers.IntegerField()
    saksnummer = serializers.CharField()
    arkivsak = serializers.CharField()
    tittel = serializers.SerializerMethodField()
    tekst = serializers.SerializerMethodField()
    type = serializers.CharField()
    dato = serializers.DateField(source="mote.dato")
    organ = serializers.CharField(source="organ.namn")
    frist = serializers.DateField(allow_null=True)
    ansvarleg_sektor = EiningSerializer(allow_null=True)
    skjerming = serializers.CharField(help_text="Empty when open; else why the case is not public.")
    heimel = serializers.CharField(help_text="The legal basis of an exemption (offentleglova).")
    trekt = serializers.SerializerMethodField()
    oppdrag = serializers.SerializerMethodField(help_text="The oppdrag list filtered to this decision.")

    def _full(self, v):
        return self.context["ser_skjerma"](v)

    def get_tittel(self, v) -> str:
        return v.tittel if self._full(v) else (v.offentleg_tittel or "")

    def get_tekst(self, v) -> str:
        return v.tekst if self._full(v) else ""

    def get_trekt(self, v) -> bool:
        return v.trekt_at is not None

    def get_oppdrag(self, v) -> str:
        return self.context["request"].build_absolute_uri(f"{reverse('reporting:api_oppdrag')}?vedtak={v.pk}")


class RapportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = serializers.CharField(source="periode.kode")
    dato = serializers.DateField(source="periode.til")
    status = serializers.CharField()
    lys = serializers.CharField()
    framdrift = serializers.IntegerField(allow_null=True)
    kommentar = serializers.CharField()


class OppdragSerializer(serializers.Serializer):
    """The public fields, and for employees the working state: `status`, `status_kommentar` and
    `owner` (null in public answers, where the status is the one last reported to the
    politicians, `siste_rapport`)."""

    id = serializers.IntegerField()
    tittel = serializers.CharField()
    skildring = serializers.CharField()
    aar = serializers.IntegerField()
    frist = serializers.DateField(allow_null=True)
    kategori = KodeSerializer()
    eining = EiningSerializer()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    vedtak = serializers.IntegerField(source="kjelde_vedtak_id", allow_null=True)
    saksnummer = serializers.SerializerMethodField()
    maal = serializers.SerializerMethodField()
    strategiar = serializers.SerializerMethodField()
    siste_rapport = RapportSerializer(source="siste", allow_null=True)
    status = serializers.SerializerMethodField()
    status_kommentar = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()

    def _internt(self):
        return self.context["internt"]

    def get_saksnummer(self, o) -> str:
        return o.kjelde_vedtak.saksnummer if o.kjelde_vedtak_id else ""

    def get_maal(self, o) -> list[int]:
        return [m.pk for m in o.maal.all()]

    def get_strategiar(self, o) -> list[int]:
        return [s.pk for s in o.strategiar.all()]

    def get_status(self, o) -> str | None:
        return o.status if self._internt() else None

    def get_status_kommentar(self, o) -> str | None:
        return o.status_kommentar if self._internt() else None

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_owner(self, o) -> dict | None:
        if not self._internt() or o.owner is None:
            return None
        return {"id": o.owner.pk, "namn": o.owner.namn}


class PeriodeSerializer(serializers.Serializer):
    kode = serializers.CharField()
    namn = serializers.CharField(source="__str__")
    aar = serializers.IntegerField()
    type = serializers.CharField()
    fra = serializers.DateField()
    til = serializers.DateField()
    frigitt_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, p) -> str:
        return self.context["request"].build_absolute_uri(reverse("reporting:api_rapport", args=[p.kode]))


class RapportOppdragSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tittel = serializers.CharField()
    eining = EiningSerializer()
    saksnummer = serializers.SerializerMethodField()
    avbrote = serializers.SerializerMethodField()
    siste_rapport = RapportSerializer(source="siste", allow_null=True)

    def get_saksnummer(self, o) -> str:
        return o.kjelde_vedtak.saksnummer if o.kjelde_vedtak_id else ""

    def get_avbrote(self, o) -> bool:
        return o.status == o.Status.AVBROTE


class TalSerializer(serializers.Serializer):
    gron = serializers.IntegerField()
    gul = serializers.IntegerField()
    raud = serializers.IntegerField()
    manglar = serializers.IntegerField(help_text="Not reported.")


class RapportGruppeSerializer(serializers.Serializer):
    kategori = serializers.CharField()
    tal = TalSerializer()
    oppdrag = RapportOppdragSerializer(many=True)


class PeriodeDetaljSerializer(PeriodeSerializer):
    tal = TalSerializer()
    grupper = RapportGruppeSerializer(many=True)


# --- Endpoints -------------------------------------------------------------------------------


def _aar(request):
    return tal.aar(request.query_params.get("aar"))


AAR = OpenApiParameter("aar", OpenApiTypes.INT, description="Only this year.")


class Rot(Lesar, generics.GenericAPIView):
    """The endpoints."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(
            {
                namn: request.build_absolute_uri(reverse(f"reporting:{url}"))
                for namn, url in (
                    ("planar", "api_planar"),
                    ("vedtak", "api_vedtak"),
                    ("oppdrag", "api_oppdrag"),
                    ("rapportar", "api_rapportar"),
                    ("schema", "api_schema"),
                )
            }
        )


@extend_schema(
    parameters=[
        OpenApiParameter("aar", OpenApiTypes.INT, description="Plans in force this year."),
        OpenApiParameter("status", OpenApiTypes.STR),
        OpenApiParameter("type", OpenApiTypes.STR, description="The plan type's code."),
    ]
)
class PlanListe(Lesar, generics.ListAPIView):
    """The plans: without a key, the adopted ones (and repealed ones, which stay public)."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        qs = tilgang.api_planar(self.request.user).select_related("type", "ansvarleg_eining")
        p = self.request.query_params
        if aar := _aar(self.request):
            qs = qs.filter(Q(periode_fra__isnull=True) | Q(periode_fra__lte=aar)).filter(
                Q(periode_til__isnull=True) | Q(periode_til__gte=aar)
            )
        if status := p.get("status"):
            qs = qs.filter(status=status)
        if kode := p.get("type"):
            qs = qs.filter(type__kode=kode)
        return qs.order_by("type__rekkjefolgje", "tittel", "pk")


class PlanDetalj(Lesar, generics.RetrieveAPIView):
    """A plan with its goal tree and its strategies."""

    serializer_class = PlanDetaljSerializer

    def get_object(self):
        plan = get_object_or_404(
            tilgang.api_planar(self.request.user).select_related("type", "ansvarleg_eining"),
            pk=self.kwargs["pk"],
        )
        maal, strategiar = tilgang.api_maal(self.request.user)
        synlege = set(maal.filter(plan=plan).values_list("pk", flat=True))
        # numbered over the whole tree, so a goal keeps its number when one before it is exempt
        plan.maaltre = [m for m in maaltre(plan, list(Maal.objects.filter(plan=plan))) if m.pk in synlege]
        plan.alle_strategiar = list(strategiar.filter(plan=plan).order_by("maal_id", "rekkjefolgje", "pk"))
        return plan


class VedtakMixin:
    serializer_class = VedtakSerializer

    def get_queryset(self):
        return tilgang.api_vedtak(self.request.user).select_related("mote", "organ", "ansvarleg_sektor")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "ser_skjerma": skjerma_sjekk(self.request.user)}


@extend_schema(
    parameters=[
        AAR,
        OpenApiParameter(
            "sak", OpenApiTypes.STR, description="A case number as written («PS 24/20»), or part of one."
        ),
    ]
)
class VedtakListe(VedtakMixin, Lesar, generics.ListAPIView):
    """The political decisions, newest meeting first; their follow-up is the oppdrag list
    filtered by `vedtak`."""

    def get_queryset(self):
        qs = super().get_queryset()
        if aar := _aar(self.request):
            qs = qs.filter(mote__dato__year=aar)
        if sak := self.request.query_params.get("sak", "").strip():
            vilkaar = Q(saksnummer__icontains=sak) | Q(arkivsak__icontains=sak)
            if (nokkel := saksnummer.vilkaar(sak)) is not None:
                vilkaar |= nokkel
            qs = qs.filter(vilkaar)
        return qs.order_by("-mote__dato", "rekkjefolgje", "pk")


class VedtakDetalj(VedtakMixin, Lesar, generics.RetrieveAPIView):
    pass


# the filters a citizen may use on the public oppdrag (those about owners are for employees)
OFFENTLEGE_FILTER = ("aar", "eining", "kategori", "maal", "q")


class OppdragMixin:
    serializer_class = OppdragSerializer

    def internt(self):
        return tilgang.api_les_oppdrag_internt(self.request.user)

    def get_queryset(self):
        if self.internt():
            rapportar = Statusrapport.objects.all()
        elif frigjeven := innsyn.siste_frigjevne():
            rapportar = Statusrapport.objects.filter(periode__til__lte=frigjeven.til)
        else:
            rapportar = Statusrapport.objects.none()
        maal, strategiar = tilgang.api_maal(self.request.user)
        return (
            tilgang.api_oppdrag(self.request.user)
            .select_related("kategori", "eining", "owner", "kjelde_vedtak")
            .prefetch_related(
                Prefetch("maal", maal.only("pk")), Prefetch("strategiar", strategiar.only("pk"))
            )
            .annotate(siste_pk=siste_rapport_pk(rapportar))
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "internt": self.internt()}


@extend_schema(
    parameters=[
        AAR,
        OpenApiParameter(
            "eining", OpenApiTypes.STR, description="A unit's code: its oppdrag and its units'."
        ),
        OpenApiParameter("kategori", OpenApiTypes.STR, description="The category's code."),
        OpenApiParameter("maal", OpenApiTypes.INT, description="Linked to this goal."),
        OpenApiParameter("vedtak", OpenApiTypes.INT, description="From this political decision."),
        OpenApiParameter("q", OpenApiTypes.STR, description="A word in the title, or a case number."),
        OpenApiParameter("status", OpenApiTypes.STR, description="With a key only: the working status."),
    ]
)
class OppdragListe(OppdragMixin, Lesar, generics.ListAPIView):
    """The oppdrag: without a key, the public ones with the status last reported to the
    politicians; with a key, those its user reads, with their working status."""

    def get_queryset(self):
        p = self.request.query_params
        if not self.internt():
            p = {k: p[k] for k in OFFENTLEGE_FILTER if k in p}
        qs = filtrer(super().get_queryset(), p, self.request.user)
        if vedtak := tal.heiltal(self.request.query_params.get("vedtak"), *tal.ID):
            qs = qs.filter(kjelde_vedtak_id=vedtak)
        return qs.order_by("pk")

    def list(self, request, *args, **kwargs):
        side = med_siste_rapport(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(side, many=True).data)


class OppdragDetalj(OppdragMixin, Lesar, generics.RetrieveAPIView):
    def get_object(self):
        return med_siste_rapport([get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])])[0]


@extend_schema(parameters=[AAR])
class RapportListe(Lesar, generics.ListAPIView):
    """The tertial reports and årsmeldingar released to the politicians, newest first."""

    serializer_class = PeriodeSerializer

    def get_queryset(self):
        qs = innsyn.frigjevne_rapportar()
        return qs.filter(aar=aar) if (aar := _aar(self.request)) else qs


class RapportDetalj(Lesar, generics.RetrieveAPIView):
    """A released report: the political oppdrag by category, each with its latest status up to
    the report. Without a key, the oppdrag exempt from public access are left out."""

    serializer_class = PeriodeDetaljSerializer

    def get_object(self):
        k = periodar.les(self.kwargs["kode"], ("tertial", "aar"))
        if k is None:
            raise Http404
        p = get_object_or_404(innsyn.frigjevne_rapportar(), aar=k.aar, type=k.type, nummer=k.nummer)
        full = tilgang.api_rapport_full(self.request.user, p)
        ctx = rapportar.tertialrapport(p) if full else innsyn.tertialrapport(p)
        p.grupper, p.tal = ctx["grupper"], ctx["tal"]
        return p
