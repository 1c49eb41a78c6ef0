"""What became of a goal, decision, tiltak or verbalpunkt: verksemdsplan renders its oppdrag on
the upstream pages (alver.lib.panel), under its own access rules. Readers who may not see
oppdrag (politicians) get nothing here; reporting gives them the political follow-up instead."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alver.lib.panel import Kolonne, kolonne, panel
from alver.lib.sortering import norsk

from . import permissions, services
from .models import Oppdrag

MAAL_GRENSE = 20


def _toppnivaa(user):
    return permissions.synlege_oppdrag(user).filter(parent__isnull=True)


def _liste(request, **ctx):
    return render_to_string("verksemdsplan/panelar/oppdrag.html", ctx, request=request)


@panel("plans.maal")
def oppdrag_for_maal(request, maal):
    if not permissions.kan_lese(request.user):
        return ""
    qs = _toppnivaa(request.user).filter(maal=maal, trekt_at__isnull=True)
    # newest first: what the last adoption or decision made is what a reader looks for
    oppdrag = list(qs.select_related("owner").order_by("-aar", "-pk")[:MAAL_GRENSE])
    tal = qs.count() if len(oppdrag) == MAAL_GRENSE else len(oppdrag)
    return _liste(
        request,
        id="oppdrag-tittel",
        tittel=_("Assignments"),
        oppdrag=oppdrag,
        tal=tal,
        alle_url=f"{reverse('verksemdsplan:oppdrag_liste')}?maal={maal.pk}" if tal > len(oppdrag) else "",
        tom=_("No assignment is linked to this goal yet."),
    )


# how many later plans a rolled tiltak's oppdrag is followed through (a four-year plan's span)
RULLERINGAR = 4


def _fra_kjelde(felt, kjelde):
    """Made from the object, or (for a tiltak) from a later version of it: a rolled tiltak's
    oppdrag moves to the newest version, and the earlier plans' pages still show it."""
    q = Q(**{felt: kjelde})
    if felt == "kjelde_tiltak":
        for n in range(1, RULLERINGAR + 1):
            q |= Q(**{felt + "__forrige" * n: kjelde})
    return q


def _kjeldepanel(stad, felt, tom):
    """The panel on a budget tiltak's or verbalpunkt's page: the oppdrag made from it."""

    @panel(stad)
    def vis(request, kjelde):
        if not permissions.kan_lese(request.user):
            return ""
        return _liste(
            request,
            id="oppdrag",
            tittel=_("Assignment made from it"),
            oppdrag=_toppnivaa(request.user)
            .filter(_fra_kjelde(felt, kjelde))
            .select_related("owner", "eining"),
            vis_eining=True,
            tom=tom,
        )

    return vis


oppdrag_for_tiltak = _kjeldepanel(
    "budget.tiltak",
    "kjelde_tiltak",
    gettext_lazy(
        "None yet: a prioritised measure becomes an assignment when the plan for its starting year is adopted."
    ),
)
oppdrag_for_verbalpunkt = _kjeldepanel(
    "budget.verbalpunkt",
    "kjelde_verbalpunkt",
    gettext_lazy("None yet: the verbal resolution becomes an assignment when the plan is adopted."),
)


@panel("budget.vedtak")
def oppdrag_for_vedtak(request, v):
    if not permissions.kan_lese(request.user):
        return ""
    return _liste(
        request,
        id="oppdrag-tittel",
        tittel=_("Assignments made from this decision"),
        oppdrag=permissions.synlege_oppdrag(request.user)
        .filter(kjelde_vedtak=v)
        .select_related("owner", "eining"),
        tom=_("None."),
    )


def _statuskolonne(request, oppdrag, felt, objekt_liste, vis_eigar):
    """The status of each row's oppdrag, fetched for the whole page in one query."""
    if not permissions.kan_lese(request.user):
        return None
    per_kjelde = {}
    for o in oppdrag.filter(**{f"{felt}__in": objekt_liste}).select_related("owner").order_by("pk"):
        per_kjelde.setdefault(getattr(o, f"{felt}_id"), []).append(o)
    celler = {
        k: render_to_string(
            "verksemdsplan/panelar/status_celle.html",
            {"oppdrag": liste, "vis_eigar": vis_eigar},
            request=request,
        )
        for k, liste in per_kjelde.items()
    }
    return Kolonne(tittel=_("Assignment"), celler={o.pk: celler.get(o.pk, "–") for o in objekt_liste})


@kolonne("budget.vedtak_liste")
def status_for_vedtak(request, vedtak):
    return _statuskolonne(request, _toppnivaa(request.user), "kjelde_vedtak", vedtak, vis_eigar=True)


@kolonne("budget.verbalpunkt_liste")
def status_for_verbalpunkt(request, verbalpunkt):
    return _statuskolonne(
        request, _toppnivaa(request.user), "kjelde_verbalpunkt", verbalpunkt, vis_eigar=False
    )


@panel("budget.vedta")
def kva_vedtaket_lagar(request, plan):
    """On the adoption's confirmation page: exactly the oppdrag adoption will make."""
    if not permissions.kan_lese(request.user):
        return ""
    tiltak, verbalpunkt = (list(qs) for qs in services.kva_blir_laga(plan))
    return render_to_string(
        "verksemdsplan/panelar/vedta.html",
        {
            "plan": plan,
            "tiltak": tiltak,
            "verbalpunkt": verbalpunkt,
            "tal": len(tiltak) + len(verbalpunkt),
            "utan_eigar": sum(1 for t in tiltak if not t.ansvarleg_eining.leiar_id),
        },
        request=request,
    )


@panel("budget.vedtaking")
def kva_vedtaket_laga(request, v):
    """On a finished adoption or budget change: the oppdrag it made (and, for a change, cancelled)."""
    if not permissions.kan_lese(request.user):
        return ""
    plan = v.okonomiplan
    oppdrag = Oppdrag.objects.filter(parent__isnull=True).select_related("owner", "eining")
    fra_tiltak = oppdrag.filter(kjelde_tiltak__okonomiplan=plan)
    fra_vp = oppdrag.filter(kjelde_verbalpunkt__okonomiplan=plan)
    if v.endring_id:
        # a budget change shows what it touched; the adoption shows all the plan made
        fra_tiltak = fra_tiltak.filter(kjelde_tiltak__endring=v.endring_id)
        fra_vp = fra_vp.filter(kjelde_verbalpunkt__endring=v.endring_id)
    # a rolled tiltak's oppdrag moved to this plan but was made by an earlier one
    nye = fra_tiltak.exclude(status=Oppdrag.Status.AVBROTE).filter(aar=plan.forste_aar)
    return render_to_string(
        "verksemdsplan/panelar/vedtaking.html",
        {
            "v": v,
            "tal": nye.count() + fra_vp.count(),
            "nye_vp": fra_vp.order_by("kjelde_verbalpunkt__sortering"),
            "avbrotne": fra_tiltak.filter(status=Oppdrag.Status.AVBROTE) if v.endring_id else [],
            "nye": nye.order_by(norsk("eining__namn"), norsk("tittel"))[:200],
        },
        request=request,
    )


def ventande_skifte(request, **filter):
    """The takeovers waiting for this reader, each with how many oppdrag it holds."""
    skifte = list(
        permissions.ventande_leiarskifte(request.user)
        .filter(**filter)
        .select_related("eining", "gammal_leiar")[:10]
    )
    for s in skifte:
        s.tal = s.oppdrag().count()
    return [s for s in skifte if s.tal]


def leiarskifte_blokk(request, **filter):
    skifte = ventande_skifte(request, **filter)
    if not skifte:
        return ""
    return render_to_string("verksemdsplan/panelar/leiarskifte.html", {"skifte": skifte}, request=request)


@panel("alver.eining")
def leiarskifte_paa_eining(request, eining):
    """On the unit's page, its new leader is offered what the old leader still owns there."""
    return leiarskifte_blokk(request, eining=eining)
