"""Pages of the årshjul: the wheel and the list by month, the fixed dates, the calendar feeds."""

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver import permissions as alver_tilgang
from alver.lib import klokke
from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining

from . import hjul, ical, kjelder, permissions, services
from .forms import FeedForm, FilterForm, HendingForm
from .models import Hending, Kalenderfeed, Ring


def _eining(request, kode):
    """The unit a filter names, among the active ones; an unknown code is ignored, not a 404."""
    if not kode:
        return None
    return Eining.objects.aktive().filter(kode=kode).first()


@login_required
def oversikt(request, aar=None):
    user = request.user
    if not permissions.kan_lese(user):
        raise Http404
    aar = aar or klokke.i_dag().year
    if not 2000 <= aar <= 2100:
        raise Http404
    filter_form = FilterForm(request.GET or None)
    ringar, eining = list(Ring.values), None
    if filter_form.is_valid():
        ringar = filter_form.cleaned_data["ring"] or ringar
        eining = _eining(request, filter_form.cleaned_data["eining"])
    oppforingar = kjelder.aaret(user, aar, ringar=ringar, eining=eining)
    per_maanad = [(m, list(rader)) for m, rader in itertools.groupby(oppforingar, key=lambda o: o.maanad)]
    # the units one leads, and the kommune's sectors: a short list whatever the organisation's
    # size, from which a kommunedirektør looks at one sector's deadlines on the wheel
    einingar = list(
        (alver_tilgang.leia_einingar(user) | Eining.objects.aktive().filter(depth=2))
        .distinct()
        .order_by("path")[:50]
    )
    if user.eining_id and all(e.pk != user.eining_id for e in einingar):
        einingar.insert(0, user.eining)
    if eining is not None and all(e.pk != eining.pk for e in einingar):
        einingar.append(eining)
    return render(
        request,
        "aarshjul/oversikt.html",
        {
            "aar": aar,
            "oppforingar": oppforingar,
            "per_maanad": per_maanad,
            "hjul": hjul.teikn(aar, oppforingar, ringar, klokke.i_dag()),
            "filter_form": filter_form,
            "ringar": ringar,
            "ringval": Ring.choices,
            "eining": eining,
            "einingar": einingar if kjelder.Lesar(user).oppdrag else [],
            "kan_halde": permissions.kan_halde(user),
        },
    )


@login_required
def faste(request):
    if not permissions.kan_lese(request.user):
        raise Http404
    return render(
        request,
        "aarshjul/faste.html",
        {"hendingar": Hending.objects.all(), "kan_halde": permissions.kan_halde(request.user)},
    )


def _hending_side(request, form, hending=None):
    return render(
        request,
        "aarshjul/hending.html",
        {
            "form": form,
            "hending": hending,
            "logg": endringslogg(hending.history, grense=10) if hending else None,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def hending_ny(request):
    permissions.krev_halding(request.user)
    form = HendingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.lagre_hending(form.save(commit=False))
        messages.success(request, _("The date is added to the annual cycle."))
        return redirect("aarshjul:faste")
    return _hending_side(request, form)


@login_required
def hending(request, pk):
    h = permissions.hending_for_endring(request.user, pk)
    form = HendingForm(request.POST or None, instance=h)
    if request.method == "POST" and form.is_valid():
        try:
            services.lagre_hending(form.save(commit=False), form.cleaned_data["versjon"])
        except Konflikt as konflikt:
            vis_konflikt(form, konflikt)
            return render(request, "aarshjul/hending.html", {"form": form, "hending": h}, status=409)
        messages.success(request, _("The date is saved."))
        return redirect("aarshjul:faste")
    return _hending_side(request, form, h)


@login_required
def kalender(request):
    """My calendar feed: its address, the bodies I follow, renew; and the kommune's feed."""
    user = request.user
    if not permissions.kan_lese(user):
        raise Http404
    feed = Kalenderfeed.objects.filter(user=user).first()
    form = FeedForm(request.POST or None, instance=feed) if feed else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.lagre_organ(feed, form.cleaned_data["versjon"], form.cleaned_data["organ"])
            except Konflikt as konflikt:
                vis_konflikt(form, konflikt)
            else:
                messages.success(request, _("Your calendar is saved."))
                return redirect("aarshjul:kalender")
    kommune = Kalenderfeed.objects.filter(kommune=True).first()
    return render(
        request,
        "aarshjul/kalender.html",
        {
            "feed": feed,
            "form": form,
            "adresse": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
            "kommune": kommune,
            "kommune_adresse": request.build_absolute_uri(kommune.get_absolute_url()) if kommune else "",
            "kan_halde": permissions.kan_halde(user),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_POST
@login_required
def kalender_lag(request):
    if not permissions.kan_lese(request.user):
        raise Http404
    services.feed_for(request.user)
    messages.success(request, _("Your calendar address is ready. Add it to your calendar program."))
    return redirect("aarshjul:kalender")


@require_POST
@login_required
def kalender_forny(request):
    if not permissions.kan_lese(request.user):
        raise Http404
    feed = Kalenderfeed.objects.filter(user=request.user).first()
    if feed is None:
        raise Http404
    services.forny(feed)
    messages.success(request, _("Your calendar has a new address. The old address no longer opens."))
    return redirect("aarshjul:kalender")


@require_POST
@login_required
def kommunekalender(request):
    """Make the kommune's feed, or give it a new address (the sekretariat's)."""
    permissions.krev_halding(request.user)
    feed = Kalenderfeed.objects.filter(kommune=True).first()
    if feed is None:
        services.kommunefeed()
        messages.success(request, _("The kommune's calendar address is ready."))
    else:
        services.forny(feed)
        messages.success(
            request, _("The kommune's calendar has a new address. The old address no longer opens.")
        )
    return redirect("aarshjul:kalender")


def feed(request, token):
    """The iCalendar file; no login: the token is the key."""
    f = permissions.feed_for_token(token)
    svar = HttpResponse(ical.lag(f), content_type="text/calendar; charset=utf-8")
    svar["Content-Disposition"] = 'inline; filename="aarshjul.ics"'
    svar["Cache-Control"] = "private, max-age=900"
    svar["X-Robots-Tag"] = "noindex"
    return svar


def lenkje_til_eining(eining):
    return reverse("aarshjul:oversikt") + f"?eining={eining.kode}&ring=eige"
