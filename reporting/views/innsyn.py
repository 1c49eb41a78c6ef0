"""Public innsyn (`/innsyn/`, no login): the adopted plans, their goals and what is done about
them, and the reports released to the politicians. What is never public is left out in
`reporting.innsyn`; these views only choose and render."""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from alver.lib import klokke, mellomlager, periodar, tal
from alver.lib import sok as soklib
from budget.models import Organ
from plans.services import maaltre
from verksemdsplan.models import Brevversjon, Oppdragsbrev

from .. import innsyn
from .. import sok as soking
from ..services import med_siste_rapport

# a browser or shared cache may keep a public page this long (seconds)
MAKS_ALDER = 300


def _svar(request, mal, ctx):
    svar = render(request, mal, ctx)
    if not request.user.is_authenticated:
        patch_cache_control(svar, public=True, max_age=MAKS_ALDER)
    return svar


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def index(request):
    brev = (
        Oppdragsbrev.objects.filter(offentleg=True)
        .annotate(ope=Subquery(Brevversjon.objects.filter(brev=OuterRef("pk")).values("offentleg")[:1]))
        .filter(ope=True)
        .select_related("eining")
        .order_by("-aar", "eining__path")[:200]
    )
    return _svar(
        request,
        "reporting/innsyn/index.html",
        {
            "planar": innsyn.offentlege_planar()
            .select_related("type")
            .order_by("type__rekkjefolgje", "tittel"),
            "rapportar": innsyn.frigjevne_rapportar(),
            "okonomiplanar": innsyn.offentlege_okonomiplanar().order_by("-forste_aar"),
            "brev": brev,
            "er_innsyn_index": True,
        },
    )


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def plan(request, pk):
    p = get_object_or_404(innsyn.offentlege_planar().select_related("type", "ansvarleg_eining"), pk=pk)
    ope = set(innsyn.offentlege_maal().filter(plan=p).values_list("pk", flat=True))
    return _svar(
        request,
        "reporting/innsyn/plan.html",
        {
            "plan": p,
            "maal": [m for m in maaltre(p) if m.pk in ope],
            "strategiar": list(
                innsyn.offentlege_strategiar()
                .filter(plan=p, maal__isnull=True)
                .order_by("rekkjefolgje", "pk")
            ),
        },
    )


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def maal(request, pk):
    m = get_object_or_404(innsyn.offentlege_maal().select_related("plan", "parent"), pk=pk)
    nummer = {x.pk: x.nummer for x in maaltre(m.plan)}
    oppdrag, frigjeven = innsyn.maal_oppdrag(m, request.GET.get("side"))
    return _svar(
        request,
        "reporting/innsyn/maal.html",
        {
            "m": m,
            "nummer": nummer.get(m.pk, ""),
            "strategiar": list(m.strategiar.order_by("rekkjefolgje", "pk")),
            "tiltak": list(
                m.tiltak.filter(unnateke=False)
                .select_related("handlingsplan", "ansvarleg_eining")
                .order_by("pk")
            ),
            "oppdrag": oppdrag,
            "frigjeven": frigjeven,
        },
    )


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def rapport(request, kode):
    """A released tertial report or årsmelding; one not released is not found."""
    k = periodar.les(kode, ("tertial", "aar"))
    if k is None:
        raise Http404
    p = get_object_or_404(innsyn.frigjevne_rapportar(), aar=k.aar, type=k.type, nummer=k.nummer)
    return _svar(request, "reporting/innsyn/rapport.html", innsyn.tertialrapport(p))


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def oppdrag(request, pk):
    """A public oppdrag: what it is, whose, the goals it serves and its status as last reported
    to the politicians. An exempt or inactive one is not found."""
    funne = innsyn.oppdrag_side(pk)
    if funne is None:
        raise Http404
    o, maal, frigjeven = funne
    return _svar(request, "reporting/innsyn/oppdrag.html", {"o": o, "maal": maal, "frigjeven": frigjeven})


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def sok(request):
    """The search over public content only (`reporting.sok.sok_offentleg`)."""
    q = request.GET.get("q", "").strip()
    kutta = len(q) > soklib.MAKS_LENGD
    q = q[: soklib.MAKS_LENGD]
    for_kort = bool(q) and len(q) < soklib.MIN_LENGD
    grupper = soking.sok_offentleg(q) if q and not for_kort else []
    return _svar(
        request,
        "reporting/innsyn/sok.html",
        {
            "q": q,
            "kutta": kutta,
            "for_kort": for_kort,
            "grupper": grupper,
            "alle": sum(g.tal for g in grupper),
            "grense": soking.GRENSE,
        },
    )


OPPFOLGING_SIDE = 50


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def oppfolging(request):
    """What became of the political decisions of a year, as far as reported to the politicians."""
    aar = tal.aar(request.GET.get("aar"), klokke.i_dag().year)
    organar = list(Organ.objects.all())
    organ_pk = tal.heiltal(request.GET.get("organ"), *tal.ID)
    organ = next((o for o in organar if o.pk == organ_pk), None)
    qs, til = innsyn.oppfolging(aar, organ.pk if organ else None)
    side = Paginator(qs, OPPFOLGING_SIDE).get_page(request.GET.get("side"))
    side.object_list = med_siste_rapport(side.object_list)
    return _svar(
        request,
        "reporting/innsyn/oppfolging.html",
        {"aar": aar, "organ": organ, "organar": organar, "side": side, "til": til},
    )


@require_safe
@mellomlager.offentleg_side(MAKS_ALDER)
def okonomiplan(request, aar):
    """An adopted handlings- og økonomiplan (drafts and proposals 404)."""
    plan = get_object_or_404(innsyn.offentlege_okonomiplanar(), forste_aar=aar)
    return _svar(request, "reporting/innsyn/okonomiplan.html", innsyn.okonomiplan(plan))
