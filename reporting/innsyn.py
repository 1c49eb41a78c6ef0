"""Public innsyn (no login, `/innsyn/`): what a citizen may read of the red thread — the adopted
plans with their goals and strategies, what is done about each goal, and the reports released to
the politicians. It lives here, in the last app, since it follows the thread through all of them.

What is never public, wherever it would show:
- drafts: plans under work or out for consultation, reports not yet released, letters not
  published (the published public letters have their own pages, `verksemdsplan:innsyn`);
- oppdrag exempt from public access (`Oppdrag.unnateke`, or under one that is), and oppdrag from
  an exempt or closed decision (`Vedtak.skjerming`) or point;
- what was reported after the last released report: a citizen sees the status the
  politicians were given, not the administration's working state.
"""

from django.core.paginator import Paginator
from django.db.models import Q

from budget import hovudoversikt
from budget import services as budsjett
from budget.models import BudsjettTiltak, TiltakEffekt, Verbalpunkt
from verksemdsplan.models import Oppdrag

from . import oppfolging as politisk
from . import rapportar, services
from .models import Periode, Statusrapport

# the public scope is an access rule, so it lives in permissions; here under its innsyn names
from .permissions import (  # noqa: F401
    offentlege_maal,
    offentlege_okonomiplanar,
    offentlege_oppdrag,
    offentlege_planar,
    offentlege_strategiar,
    unnatekne,
)


def frigjevne_rapportar():
    """The tertial reports and årsmeldingar released to the politicians, newest first."""
    return Periode.objects.filter(type__in=["tertial", "aar"], frigitt_at__isnull=False).order_by(
        "-til", "-pk"
    )


def siste_frigjevne():
    return frigjevne_rapportar().first()


MAAL_SIDE = 50


def maal_oppdrag(maal, side=None):
    """A page (`MAAL_SIDE` rows, `side` its number) of the public oppdrag linked to a goal
    (directly, or through a strategy under it; the assignment as given, not each unit's delegated
    part of it), by unit, each with its latest report up to the last released report (`siste`,
    or None); and that report. A goal of the whole kommune has thousands of oppdrag at Oslo's
    scale: the page reads and renders its own rows only."""
    frigjeven = siste_frigjevne()
    qs = (
        offentlege_oppdrag(toppnivaa=True)
        # two key lookups rather than an OR over joins and a DISTINCT over every linked oppdrag
        .filter(
            Q(pk__in=Oppdrag.maal.through.objects.filter(maal=maal).values("oppdrag_id"))
            | Q(pk__in=Oppdrag.strategiar.through.objects.filter(strategi__maal=maal).values("oppdrag_id"))
        )
        .select_related("eining")
        .order_by("eining__path", "pk")
    )
    sida = Paginator(qs, MAAL_SIDE).get_page(side)
    oppdrag = list(sida.object_list)
    siste = {}
    if frigjeven is not None and oppdrag:
        i_perioden = Statusrapport.objects.filter(periode__til__lte=frigjeven.til)
        siste = dict(
            Oppdrag.objects.filter(pk__in=[o.pk for o in oppdrag])
            .annotate(siste_pk=services.siste_rapport_pk(i_perioden))
            .values_list("pk", "siste_pk")
        )
    for o in oppdrag:
        o.siste_pk = siste.get(o.pk)
    sida.object_list = services.med_siste_rapport(oppdrag)
    return sida, frigjeven


def tertialrapport(periode):
    """A released report's content for the public: as the politicians read it, less what is not
    public (`unnatekne`)."""
    ctx = rapportar.tertialrapport(periode)
    ikkje = set(
        Oppdrag.objects.filter(pk__in=[o.pk for g in ctx["grupper"] for o in g["oppdrag"]])
        .filter(unnatekne())
        .values_list("pk", flat=True)
    )
    grupper = []
    for g in ctx["grupper"]:
        oppdrag = [o for o in g["oppdrag"] if o.pk not in ikkje]
        if not oppdrag:
            continue
        grupper.append({**g, "oppdrag": oppdrag, "tal": services.tel_lys(oppdrag)})
    tal = {k: sum(g["tal"][k] for g in grupper) for k in ("gron", "gul", "raud", "manglar")}
    return {**ctx, "grupper": grupper, "tal": tal, "totalt": sum(tal.values())}


def oppdrag_side(pk):
    """A public oppdrag with what a citizen may know of it: its goals in public plans, and its
    latest report up to the last released one (`siste`, or None) with that report's period."""
    o = (
        offentlege_oppdrag()
        .select_related("eining", "kategori", "kjelde_vedtak__mote__organ", "parent__eining")
        .filter(pk=pk)
        .first()
    )
    if o is None:
        return None
    frigjeven = siste_frigjevne()
    o.siste = None
    if frigjeven is not None:
        o.siste = (
            Statusrapport.objects.filter(oppdrag=o, periode__til__lte=frigjeven.til)
            .select_related("periode")
            .order_by("-periode__til", "-pk")
            .first()
        )
    # the oppdrag it is a part of is named only if that one is public too
    o.ope_parent = o.parent if o.parent_id and offentlege_oppdrag().filter(pk=o.parent_id).exists() else None
    ope = offentlege_maal()
    maal = {m.pk: m for m in o.maal.filter(pk__in=ope).select_related("plan")}
    for s in o.strategiar.filter(maal__in=ope).select_related("maal__plan"):
        maal.setdefault(s.maal_id, s.maal)
    return o, sorted(maal.values(), key=lambda m: (m.plan.tittel, m.pk)), frigjeven


def oppfolging(aar, organ_pk=None):
    """The political follow-up for the public: the year's political decisions and verbal
    resolutions that are public, each with its latest report up to the last released one (the
    working status stays inside). Returns (queryset annotated with `siste_pk`, that last day)."""
    til = politisk.siste_frigitte_dag(aar)
    qs = politisk.politiske_oppdrag(aar, til=til).exclude(unnatekne())
    if organ_pk:
        qs = qs.filter(kjelde_vedtak__organ_id=organ_pk)
    return qs, til


def okonomiplan(plan):
    """An adopted økonomiplan for the public: the main overview, frames against prioritised
    measures per sector, the prioritised measures with their effect per year, and the adopted
    verbal resolutions. A fixed number of queries, whatever the plan holds."""
    tiltak = list(
        plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT, unnateke=False)
        .select_related("ansvarleg_eining")
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )
    effekt = {
        (t, a): b
        for t, a, b in TiltakEffekt.objects.filter(budsjetttiltak__in=tiltak).values_list(
            "budsjetttiltak_id", "aar", "belop"
        )
    }
    for t in tiltak:
        t.per_aar = [effekt.get((t.pk, a), 0) for a in plan.periode]
    return {
        "plan": plan,
        "oversikt": hovudoversikt.for_plan(plan),
        "balanse": budsjett.balanse(plan),
        "tiltak": tiltak,
        "verbalpunkt": plan.verbalpunkt.filter(status=Verbalpunkt.Status.VEDTEKE)
        .select_related("ansvarleg_sektor")
        .order_by("sortering", "pk"),
    }
