from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt, vis_konflikt

from . import permissions, services
from .forms import MoteForm, TrekkForm, VedtakEndreForm, VedtakFormSet
from .models import Mote, Vedtak


@login_required
def vedtak_liste(request):
    if not permissions.kan_lese_vedtak(request.user):
        raise Http404
    side = Paginator(Mote.objects.select_related("organ").order_by("-dato", "pk"), 20).get_page(
        request.GET.get("side")
    )
    vedtak = {}
    for v in (
        Vedtak.objects.filter(mote__in=list(side))
        .select_related("ansvarleg_sektor")
        .order_by("pk")  # the order they were entered (PS 8 before PS 10; text order would not)
    ):
        vedtak.setdefault(v.mote_id, []).append(v)
    for m in side:
        m.vedtak_liste = vedtak.get(m.pk, [])
    return render(
        request,
        "budget/vedtak_liste.html",
        {
            "side": side,
            "vedtak": [v for liste in vedtak.values() for v in liste],
            "kan_registrere": permissions.kan_registrere_vedtak(request.user),
        },
    )


@login_required
def mote_ny(request):
    permissions.krev_registrering(request.user)
    post = request.method == "POST"
    form = MoteForm(request.POST if post else None)
    saker = VedtakFormSet(request.POST if post else None, queryset=Vedtak.objects.none(), prefix="sak")
    if post and form.is_valid() and saker.is_valid():
        try:
            mote = services.registrer_mote(
                organ=form.cleaned_data["organ"],
                dato=form.cleaned_data["dato"],
                user=request.user,
                saker=[f.cleaned_data | {} for f in saker.forms if f.has_changed()],
            )
        except IntegrityError:
            saker._non_form_errors = saker.error_class(
                [_("A case number is already registered for this meeting.")]
            )
        else:
            n = mote.vedtak.count()
            messages.success(
                request,
                _(
                    "The meeting is registered with %(n)s cases; each has become an assignment "
                    "for the responsible sector."
                )
                % {"n": n},
            )
            return redirect("budget:vedtak_liste")
    return render(request, "budget/mote_ny.html", {"form": form, "saker": saker})


def _vedtak(user, pk):
    if not permissions.kan_lese_vedtak(user):
        raise Http404
    return get_object_or_404(Vedtak.objects.select_related("mote__organ", "ansvarleg_sektor"), pk=pk)


@login_required
def vedtak(request, pk):
    v = _vedtak(request.user, pk)
    return render(
        request,
        "budget/vedtak.html",
        {
            "v": v,
            "maal": v.maal.select_related("plan"),
            "kan_registrere": permissions.kan_registrere_vedtak(request.user),
            "trekk_form": TrekkForm(),
            "logg": endringslogg(v.history),
        },
    )


@login_required
def vedtak_endre(request, pk):
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    form = VedtakEndreForm(request.POST if request.method == "POST" else None, instance=v)
    if form.is_bound and form.is_valid():
        try:
            services.endre_vedtak(
                form.instance, form.cleaned_data["versjon"], user=request.user, maal=form.cleaned_data["maal"]
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The decision is saved, and its assignment updated."))
            return redirect(v)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit decision"),
            "avbryt": v.get_absolute_url(),
            "smular": [
                (reverse("budget:vedtak_liste"), _("Political decisions")),
                (v.get_absolute_url(), v.saksnummer),
            ],
        },
    )


@require_POST
@login_required
def vedtak_trekk(request, pk):
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    form = TrekkForm(request.POST)
    if form.is_valid():
        services.trekk_vedtak(v, user=request.user, grunn=form.cleaned_data["grunn"])
        messages.success(request, _("The decision is withdrawn; its open assignments are cancelled."))
    else:
        messages.error(request, _("Give the reason for withdrawing the decision."))
    return redirect(v)
