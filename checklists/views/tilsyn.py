"""The register of statlege tilsyn: the list, registering and editing an inspection, its page
with its findings and their follow-up oppdrag, and adding a finding (which makes the oppdrag).
Kept by the kommunedirektør, HR and administrators; read by the leaders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib import tal
from alver.lib.historikk import Loggpost, endringslogg, vis_grunn
from alver.lib.samtidig import Konflikt, vis_konflikt

from .. import aarsrapport, services
from .. import permissions as tilgang
from ..models import Funn, Tilsyn
from ..tilsyn_forms import FunnForm, TilsynForm

SIDE = 50


def _smular():
    return [(reverse("checklists:tilsyn_liste"), _("Inspections"))]


@login_required
def liste(request):
    tilgang.krev_tilsynslesing(request.user)
    aar = tal.aar(request.GET.get("aar"))
    qs = aarsrapport.med_tal(Tilsyn.objects.select_related("eining")).order_by("-dato", "-pk")
    if aar:
        qs = qs.filter(dato__year=aar)
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    aar_med_tilsyn = [d.year for d in Tilsyn.objects.dates("dato", "year", order="DESC")]
    return render(
        request,
        "checklists/tilsyn_liste.html",
        {
            "side": side,
            "aar": aar,
            "aar_med_tilsyn": aar_med_tilsyn,
            "kan_registrere": tilgang.kan_registrere_tilsyn(request.user),
        },
    )


def _skjema(request, form, *, tittel, avbryt, smular):
    return render(
        request,
        "skjema.html",
        {"form": form, "tittel": tittel, "avbryt": avbryt, "smular": smular},
    )


def _felt(form):
    return {k: form.cleaned_data[k] for k in services.TILSYNSFELT}


@login_required
def ny(request):
    tilgang.krev_tilsynsregistrering(request.user)
    form = TilsynForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        t = services.registrer_tilsyn(user=request.user, **_felt(form))
        if t.fanst:
            messages.info(
                request,
                _("This inspection (the same authority, date and theme) was registered already."),
            )
        else:
            messages.success(request, _("The inspection is registered. Add its findings below."))
        return redirect(t)
    return _skjema(
        request,
        form,
        tittel=_("Register an inspection"),
        avbryt=reverse("checklists:tilsyn_liste"),
        smular=_smular(),
    )


@login_required
def endre(request, pk):
    t = tilgang.tilsyn_for(request.user, pk)
    tilgang.krev_tilsynsregistrering(request.user)
    form = TilsynForm(request.POST if request.method == "POST" else None, instance=t)
    if form.is_bound and form.is_valid():
        try:
            services.endre_tilsyn(t, form.cleaned_data.get("versjon") or 0, user=request.user, **_felt(form))
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Ugyldig as feil:
            for felt, melding in feil.feil.items():
                form.add_error(felt if felt in form.fields else None, melding)
            if not feil.feil:
                form.add_error(None, feil.melding)
        else:
            messages.success(request, _("The inspection is saved."))
            return redirect(t)
    return _skjema(
        request,
        form,
        tittel=_("Edit inspection"),
        avbryt=t.get_absolute_url(),
        smular=[*_smular(), (t.get_absolute_url(), t.tema)],
    )


def _logg(t):
    """The inspection's change log, with the findings registered on it (two queries)."""
    logg = endringslogg(t.history)
    for h in (
        Funn.history.filter(tilsyn_id=t.pk, history_type="+")
        .select_related("history_user")
        .order_by("-history_date")[:20]
    ):
        logg.append(Loggpost(h.history_date, h.history_user, "+", vis_grunn(h.history_change_reason)))
    return sorted(logg, key=lambda p: p.tid, reverse=True)


def _tilsyn_side(request, t, funn_form=None, status=200):
    kan_registrere = tilgang.kan_registrere_tilsyn(request.user)
    funn = list(t.funn.select_related("oppdrag__owner", "oppdrag__eining"))
    for f in funn:
        f.er_ope = aarsrapport.er_ope(f, t)
    if kan_registrere and funn_form is None:
        funn_form = FunnForm(tilsyn=t)
    return render(
        request,
        "checklists/tilsyn.html",
        {
            "t": t,
            "funn": funn,
            "tal_opne": sum(1 for f in funn if f.er_ope),
            "kan_registrere": kan_registrere,
            "funn_form": funn_form if kan_registrere else None,
            "logg": _logg(t),
            "smular": _smular(),
        },
        status=status,
    )


@login_required
def tilsyn(request, pk):
    t = tilgang.tilsyn_for(request.user, pk)
    return _tilsyn_side(request, t)


@require_POST
@login_required
def funn_ny(request, pk):
    t = tilgang.tilsyn_for(request.user, pk)
    tilgang.krev_tilsynsregistrering(request.user)
    form = FunnForm(request.POST, tilsyn=t)
    if not form.is_valid():
        return _tilsyn_side(request, t, funn_form=form)
    data = dict(form.cleaned_data)
    eining = data.pop("eining")
    f = services.legg_til_funn(t, user=request.user, eining=eining, **data)
    if f.fanst:
        messages.info(request, _("This finding was registered already."))
    elif f.oppdrag and f.oppdrag.owner is None:
        messages.warning(
            request,
            _("The finding is registered. Its follow-up assignment has no owner: %(eining)s has no leader.")
            % {"eining": eining},
        )
    else:
        messages.success(
            request,
            _("The finding is registered, and %(namn)s owns its follow-up assignment.")
            % {"namn": f.oppdrag.owner.namn},
        )
    return redirect(f"{t.get_absolute_url()}#funn-{f.pk}")
