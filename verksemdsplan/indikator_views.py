"""A unit's prioritised indicators («prioriterte indikatorar»): take one on, change its target
and follow-up, remove it. Listed on the unit's verksemdsplan page (views.side)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib import tal
from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt, vis_konflikt

from . import indikatorar, permissions, services
from .forms import PrioritertIndikatorForm
from .models import PrioritertIndikator


def _side(aar, eining):
    return reverse("verksemdsplan:side", args=[aar, eining.kode]) + "#indikatorar"


def _smular(aar, eining):
    return [
        (reverse("verksemdsplan:index"), _("Operational plans")),
        (reverse("verksemdsplan:side", args=[aar, eining.kode]), f"{eining.namn} {aar}"),
    ]


def _feil(form, exc):
    form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))


@login_required
def indikator_ny(request, aar, kode):
    eining = permissions.krev_indikatorendring(request.user, aar, kode)
    einingar, folk = services.indikatormottakarar(eining)
    valt = tal.heiltal(request.POST.get("indikator") if request.method == "POST" else None, *tal.ID)
    form = PrioritertIndikatorForm(
        request.POST if request.method == "POST" else None,
        eining=eining,
        einingar=einingar,
        folk=folk,
        # the indicator a second submit names is still offered, so it lands on the saved row
        tilbod=indikatorar.tilbod(eining, aar, med=valt),
        initial={"indikator": tal.heiltal(request.GET.get("indikator"), *tal.ID)},
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            pi, ny = services.ta_paa_indikator(
                eining=eining,
                aar=aar,
                indikator=d["indikator"],
                user=request.user,
                maal=d["maal"],
                ansvarleg_eining=d["ansvarleg_eining"],
                ansvarleg=d["ansvarleg"],
                kommentar=d["kommentar"],
            )
        except services.Oppdragsfeil as exc:
            _feil(form, exc)
        else:
            if ny:
                messages.success(
                    request,
                    _("%(eining)s follows up «%(ind)s».") % {"eining": eining.namn, "ind": pi.indikator},
                )
            return redirect(_side(aar, eining))
    return render(
        request,
        "verksemdsplan/prioritert_indikator.html",
        {
            "form": form,
            "eining": eining,
            "aar": aar,
            "tittel": _("Take on an indicator"),
            "avbryt": _side(aar, eining),
            "smular": _smular(aar, eining),
            "tomt_register": not form.fields["indikator"].choices[1:],
        },
    )


@login_required
def indikator_endre(request, aar, kode, pk):
    eining, pi = permissions.prioritert_indikator_for_endring(request.user, aar, kode, pk)
    einingar, folk = services.indikatormottakarar(eining)
    form = PrioritertIndikatorForm(
        request.POST if request.method == "POST" else None, eining=eining, einingar=einingar, folk=folk, pi=pi
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            services.endre_indikator(
                pi,
                d["versjon"] or 0,
                user=request.user,
                maal=d["maal"],
                ansvarleg_eining=d["ansvarleg_eining"],
                ansvarleg=d["ansvarleg"],
                kommentar=d["kommentar"],
            )
        except services.Oppdragsfeil as exc:
            _feil(form, exc)
        except Konflikt as k:
            if all(getattr(k.fersk, f) == getattr(pi, f) for f in services.INDIKATOR_FELT):
                # the same form sent twice: the first one saved exactly this
                return redirect(_side(aar, eining))
            vis_konflikt(form, k)
        else:
            messages.success(request, _("«%(ind)s» is saved.") % {"ind": pi.indikator})
            return redirect(_side(aar, eining))
    return _endreside(request, form, eining, aar, pi)


def _endreside(request, form, eining, aar, pi):
    return render(
        request,
        "verksemdsplan/prioritert_indikator.html",
        {
            "form": form,
            "eining": eining,
            "aar": aar,
            "pi": pi,
            "tittel": _("Prioritised indicator: %(ind)s") % {"ind": pi.indikator},
            "avbryt": _side(aar, eining),
            "smular": _smular(aar, eining),
            "logg": endringslogg(pi.history),
        },
    )


@require_POST
@login_required
def indikator_fjern(request, aar, kode, pk):
    eining = permissions.krev_indikatorendring(request.user, aar, kode)
    pi = (
        PrioritertIndikator.objects.select_related("indikator")
        .filter(pk=pk, verksemdsplan__eining=eining, verksemdsplan__aar=aar)
        .first()
    )
    if pi is None:
        # a second submit finds nothing left to remove and lands on the page like the first
        return redirect(_side(aar, eining))
    try:
        services.fjern_indikator(
            pi, tal.heiltal(request.POST.get("versjon"), 0, 2**31 - 1, -1), user=request.user
        )
    except Konflikt:
        messages.error(
            request,
            _(
                "Someone else changed this indicator while you were looking at it. Check their change, then remove it again."
            ),
        )
        return redirect("verksemdsplan:indikator_endre", aar=aar, kode=eining.kode, pk=pi.pk)
    messages.success(
        request,
        _("%(eining)s no longer follows up «%(ind)s».") % {"eining": eining.namn, "ind": pi.indikator},
    )
    return redirect(_side(aar, eining))
