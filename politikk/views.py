"""Pages of the Politikarmodul: the groups, the proposals, the comparison and the adoption."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib.belop import Eining as BelopEining
from alver.lib.belop import eining_fraa
from alver.lib.historikk import endringslogg
from alver.lib.pdf import lag_pdf
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.lib.sortering import norsk
from alver.lib.tal import ID, heiltal
from budget import hovudoversikt
from budget import permissions as budget_permissions
from budget import services as budget_services
from budget.models import TiltakEffekt

from . import permissions, services
from .forms import ForslagForm, ForslagVerbalpunktForm, GruppeForm, NyttForslagForm, VedtaForslagForm
from .models import Budsjettforslag, Gruppe


def _smular(plan, *meir):
    return [
        (reverse("budget:index"), _("Economic plans")),
        (plan.get_absolute_url(), str(plan)),
        (reverse("politikk:forslag_liste", args=[plan.forste_aar]), _("Budget proposals")),
        *meir,
    ]


def _utkast_tiltak(plan):
    return list(
        plan.tiltak.select_related("ansvarleg_eining")
        .prefetch_related(Prefetch("effektar", queryset=TiltakEffekt.objects.order_by("aar")))
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )


@login_required
def forslag_liste(request, aar):
    plan = budget_permissions.okonomiplan_for_lesing(request.user, aar)
    forslag = list(
        permissions.synlege_forslag(request.user, plan)
        .select_related("gruppe")
        .order_by("gruppe__namn", "pk")
    )
    for f in forslag:
        f.okonomiplan = plan  # each link names the plan's year: not read again per proposal
    return render(
        request,
        "politikk/forslag_liste.html",
        {
            "plan": plan,
            "forslag": forslag,
            "levert": [f for f in forslag if f.status == Budsjettforslag.Status.LEVERT],
            "kan_lage": permissions.kan_lage_forslag(request.user, plan),
            "smular": _smular(plan)[:-1],
        },
    )


@login_required
def forslag_ny(request, aar):
    plan = budget_permissions.okonomiplan_for_lesing(request.user, aar)
    if not permissions.kan_lage_forslag(request.user, plan):
        raise PermissionDenied
    form = NyttForslagForm(request.POST or None, grupper=permissions.mine_grupper(request.user), plan=plan)
    if form.is_bound and form.is_valid():
        try:
            f = services.lag_forslag(
                plan, form.cleaned_data["gruppe"], form.cleaned_data["tittel"].strip(), user=request.user
            )
        except services.Forslagsfeil as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("New budget proposal"),
            "avbryt": reverse("politikk:forslag_liste", args=[aar]),
            "smular": _smular(plan),
        },
    )


def _sektorar():
    return list(budget_services.sektorar())


@login_required
def forslag(request, aar, pk):
    """A proposal: its balance first, then what it changes. Its group edits it here until it is
    submitted; the balance follows every change (htmx) before anything is saved."""
    f = permissions.forslag_for_lesing(request.user, aar, pk)
    plan = f.okonomiplan
    kan_endre = permissions.kan_endre_forslag(request.user, f)
    eining = _eining(request)
    tiltak = _utkast_tiltak(plan)
    form = None
    if kan_endre:
        form = ForslagForm(
            request.POST or None, forslag=f, tiltak=tiltak, sektorar=_sektorar(), eining=eining
        )
        if form.is_bound and form.is_valid():
            try:
                services.lagre_endringar(f, form.cleaned_data["versjon"], form.endringar(), user=request.user)
            except Konflikt as k:
                vis_konflikt(form, k)
            except services.Forslagsfeil as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The proposal is saved."))
                return redirect(f.get_absolute_url() + (f"?eining={eining}" if eining != "kr" else ""))
    elif request.method == "POST":
        raise PermissionDenied
    endringar = services.endringar_fraa(f)
    return render(
        request,
        "politikk/forslag.html",
        {
            "plan": plan,
            "f": f,
            "form": form,
            "oversikt": services.rekn(
                plan,
                form.endringar() if form is not None and form.is_bound and form.is_valid() else endringar,
            ),
            "utkast": hovudoversikt.for_plan(plan),
            "endra_tiltak": _endra_tiltak(f, tiltak),
            "endringar": f.endringar.select_related("sektor"),
            "verbalpunkt": f.verbalpunkt.select_related("ansvarleg_sektor"),
            "vp_form": ForslagVerbalpunktForm(forslag=f, initial={"nummer": f.verbalpunkt.count() + 1})
            if kan_endre
            else None,
            "kan_endre": kan_endre,
            "er_medlem": permissions.er_medlem(request.user, f),
            "kan_vedta": permissions.kan_vedta_forslag(request.user, f),
            "eining": eining,
            "eining_namn": BelopEining(eining).label,
            "einingar": BelopEining.choices,
            "logg": endringslogg(f.history, grense=10),
            "smular": _smular(plan),
        },
    )


def _endra_tiltak(f, tiltak):
    """The proposal's changes to tiltak, for reading: each with the draft's decision and amounts
    beside the proposal's."""
    per_pk = {t.pk: t for t in tiltak}
    rader = []
    for ft in f.tiltak.select_related("ansvarleg_eining"):
        t = per_pk.get(ft.budsjetttiltak_id)
        utkast = {e.aar: e.belop for e in t.effektar.all()} if t else {}
        eigne = {int(a): kr for a, kr in ft.effektar.items()} or utkast
        rader.append(
            {
                "tittel": t.tittel if t else ft.tittel,
                "eining": (t.ansvarleg_eining if t else ft.ansvarleg_eining),
                "ny": t is None,
                "utkast_vedtak": t.get_vedtak_display() if t else "–",
                "vedtak": ft.get_vedtak_display() or (t.get_vedtak_display() if t else ""),
                "belop": [eigne.get(a) for a in f.okonomiplan.periode],
            }
        )
    return rader


def _eining(request):
    return eining_fraa(request.GET.get("eining") or request.POST.get("eining"))


@require_POST
@login_required
def forslag_rekn(request, aar, pk):
    """The balance of the form as it stands, not saved (htmx, while the group works)."""
    f = permissions.forslag_for_endring(request.user, aar, pk)
    form = ForslagForm(
        request.POST,
        forslag=f,
        tiltak=_utkast_tiltak(f.okonomiplan),
        sektorar=_sektorar(),
        eining=_eining(request),
    )
    if not form.is_valid():
        return render(request, "politikk/partials/rekn_feil.html", {"form": form})
    return render(
        request,
        "budget/partials/hovudoversikt.html",
        {"oversikt": services.rekn(f.okonomiplan, form.endringar())},
    )


@require_POST
@login_required
def forslag_lever(request, aar, pk):
    f = permissions.forslag_for_endring(request.user, aar, pk)
    try:
        services.lever(f, user=request.user)
    except services.Forslagsfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The proposal is submitted. Every politician and the administration can now read it.")
        )
    return redirect(f)


@require_POST
@login_required
def forslag_del(request, aar, pk):
    f = permissions.forslag_for_lesing(request.user, aar, pk)
    if not permissions.er_medlem(request.user, f) or f.status != Budsjettforslag.Status.UTKAST:
        raise PermissionDenied
    delt = request.POST.get("delt") == "ja"
    services.del_med_okonomi(f, delt, user=request.user)
    messages.success(
        request,
        _("Finance can now see the proposal.") if delt else _("Finance can no longer see the proposal."),
    )
    return redirect(f)


@require_POST
@login_required
def forslag_verbalpunkt(request, aar, pk):
    f = permissions.forslag_for_endring(request.user, aar, pk)
    form = ForslagVerbalpunktForm(request.POST, forslag=f)
    if form.is_valid():
        services.legg_til_verbalpunkt(f, form.instance)
        messages.success(request, _("The verbal resolution is added."))
        return redirect(f.get_absolute_url() + "#verbalpunkt")
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("New verbal resolution"),
            "avbryt": f.get_absolute_url(),
            "smular": _smular(f.okonomiplan),
        },
    )


@require_POST
@login_required
def forslag_verbalpunkt_fjern(request, aar, pk, vp):
    f = permissions.forslag_for_endring(request.user, aar, pk)
    services.fjern_verbalpunkt(f, get_object_or_404(f.verbalpunkt, pk=vp))
    messages.success(request, _("The verbal resolution is removed."))
    return redirect(f.get_absolute_url() + "#verbalpunkt")


@login_required
def forslag_vedta(request, aar, pk):
    """The sekretariat records that the kommunestyre adopted this proposal, as the budget or as an
    amendment; the draft takes its changes, and as the budget the plan is adopted from it."""
    f = permissions.forslag_for_lesing(request.user, aar, pk)
    if not permissions.kan_vedta_forslag(request.user, f):
        raise PermissionDenied
    form = VedtaForslagForm(request.POST or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            vedtaking = services.vedta(
                f, saksnummer=d["saksnummer"], dato=d["dato"], heile=d["som"] == "heile", user=request.user
            )
        except (services.Forslagsfeil, budget_services.Budsjettfeil) as exc:
            form.add_error(None, str(exc))
        else:
            if vedtaking is not None:  # the plan is being adopted: its progress and result
                return redirect(vedtaking)
            messages.success(request, _("The amendment is in the draft."))
            return redirect(f.okonomiplan)
    return render(
        request,
        "politikk/vedta.html",
        {
            "plan": f.okonomiplan,
            "f": f,
            "form": form,
            "oversikt": services.oversikt(f),
            "smular": _smular(f.okonomiplan, (f.get_absolute_url(), str(f))),
        },
    )


def _samanlikning(request, aar):
    plan = budget_permissions.okonomiplan_for_lesing(request.user, aar)
    synlege = permissions.synlege_forslag(request.user, plan).select_related("gruppe")
    valde = request.GET.getlist("forslag")
    if valde:
        synlege = synlege.filter(pk__in=[pk for v in valde if (pk := heiltal(v, *ID)) is not None])
    forslag = list(synlege.order_by("gruppe__namn", "pk")[:6])
    for f in forslag:
        f.okonomiplan = plan
    grunnlag = hovudoversikt.grunnlag(plan)
    utkast = hovudoversikt.for_plan(plan, grunnlag)
    kolonnar = [{"namn": _("The draft"), "oversikt": utkast, "forslag": None}]
    for f in forslag:
        kolonnar.append(
            {
                "namn": str(f),
                "oversikt": services.rekn(plan, services.endringar_fraa(f), grunnlag),
                "forslag": f,
            }
        )
    return plan, forslag, kolonnar, services.samanlikn(plan, forslag, kolonnar)


@login_required
def samanlikn(request, aar):
    plan, forslag, kolonnar, tabell = _samanlikning(request, aar)
    return render(
        request,
        "politikk/samanlikn.html",
        {
            "plan": plan,
            "alle": permissions.synlege_forslag(request.user, plan)
            .select_related("gruppe")
            .order_by("gruppe__namn", "pk"),
            "valde": {f.pk for f in forslag},
            "kolonnar": kolonnar,
            "tabell": tabell,
            "pdf_url": reverse("politikk:samanlikn_pdf", args=[aar])
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "smular": _smular(plan),
        },
    )


@login_required
def samanlikn_pdf(request, aar):
    plan, forslag, kolonnar, tabell = _samanlikning(request, aar)
    innhald = lag_pdf(
        request,
        "politikk/samanlikn_pdf.html",
        {"plan": plan, "kolonnar": kolonnar, "tabell": tabell},
        tittel=_("Budget proposals compared – %(plan)s") % {"plan": plan},
    )
    svar = HttpResponse(innhald, content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="budsjettforslag-{plan.forste_aar}.pdf"'
    return svar


# --- groups -------------------------------------------------------------------------------------


@login_required
def grupper(request):
    if not permissions.kan_sjaa_grupper(request.user):
        raise Http404
    return render(
        request,
        "politikk/grupper.html",
        {
            "grupper": Gruppe.objects.prefetch_related("medlemmer").order_by("-aktiv", norsk("namn")),
            "kan_stelle": permissions.kan_stelle_grupper(request.user),
        },
    )


@login_required
def gruppe_skjema(request, pk=None):
    permissions.krev_gruppestell(request.user)
    g = get_object_or_404(Gruppe, pk=pk) if pk else None
    form = GruppeForm(request.POST or None, instance=g)
    if form.is_bound and form.is_valid():
        try:
            services.lagre_gruppe(
                form.instance,
                versjon=form.cleaned_data.get("versjon"),
                medlemmer=form.cleaned_data["medlemmer"],
                user=request.user,
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("politikk:grupper")
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit group") if g else _("New political group"),
            "avbryt": reverse("politikk:grupper"),
            "smular": [(reverse("politikk:grupper"), _("Political groups"))],
        },
    )
