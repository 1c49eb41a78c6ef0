"""The sekretariat's lists: political bodies and case types. Everyone who reads decisions reads
the lists; the sekretariat and administrators add and change them. Nothing is deleted: a body
or case type no longer in use is made inactive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.lib.sortering import norsk

from . import permissions, services
from .models import Organ, Sakstype
from .organ_forms import OrganForm, SakstypeForm


@login_required
@require_safe
def organ_liste(request):
    if not permissions.kan_lese_vedtak(request.user):
        raise Http404
    return render(
        request,
        "budget/organ_liste.html",
        {
            # a few dozen rows at most, each list one query; not paginated
            "organ": list(Organ.objects.order_by("rekkjefolgje", norsk("namn"))),
            "sakstypar": list(Sakstype.objects.order_by("rekkjefolgje", norsk("namn"))),
            "kan_endre": permissions.kan_registrere_vedtak(request.user),
        },
    )


def _skjema(request, form, lagre, *, tittel, melding):
    """Save a bound, valid form through `lagre` (a service); a stale version shows the other
    person's change, a name taken in a race is an error on the name field."""
    if form.is_bound and form.is_valid():
        try:
            lagre(form.instance, versjon=form.cleaned_data.get("versjon"), user=request.user)
        except Konflikt as k:
            vis_konflikt(form, k)
        except IntegrityError:
            form.add_error("namn", _("This name is already taken. Choose another name."))
        else:
            messages.success(request, melding % {"namn": form.instance.namn})
            return redirect("budget:organ_liste")
    liste = reverse("budget:organ_liste")
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": tittel,
            "avbryt": liste,
            "smular": [
                (reverse("budget:vedtak_liste"), _("Political decisions")),
                (liste, _("Political bodies and case types")),
            ],
        },
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def organ_ny(request):
    permissions.krev_registrering(request.user)
    return _skjema(
        request,
        OrganForm(_data(request)),
        services.lagre_organ,
        tittel=_("New political body"),
        melding=_("The political body «%(namn)s» is added."),
    )


@login_required
def organ_endre(request, pk):
    permissions.krev_registrering(request.user)
    organ = get_object_or_404(Organ, pk=pk)
    return _skjema(
        request,
        OrganForm(_data(request), instance=organ),
        services.lagre_organ,
        tittel=_("Edit political body"),
        melding=_("The political body «%(namn)s» is saved."),
    )


@login_required
def sakstype_ny(request):
    permissions.krev_registrering(request.user)
    return _skjema(
        request,
        SakstypeForm(_data(request)),
        services.lagre_sakstype,
        tittel=_("New case type"),
        melding=_("The case type «%(namn)s» is added."),
    )


@login_required
def sakstype_endre(request, pk):
    permissions.krev_registrering(request.user)
    sakstype = get_object_or_404(Sakstype, pk=pk)
    return _skjema(
        request,
        SakstypeForm(_data(request), instance=sakstype),
        services.lagre_sakstype,
        tittel=_("Edit case type"),
        melding=_("The case type «%(namn)s» is saved."),
    )
