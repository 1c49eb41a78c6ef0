"""`/api/`: what the open read API offers (public, linked from /innsyn/), and for a logged-in
user their own key: made, renewed and deleted here (POST), shown once when made."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .. import permissions as tilgang
from .innsyn import _svar

# the session key under which a new key waits to be shown, once
NY_NOKKEL = "api_ny_nokkel"


def index(request):
    ctx = {"er_innsyn_index": False}
    if tilgang.kan_ha_api_nokkel(request.user):
        ctx["nokkel"] = Token.objects.filter(user=request.user).first()
        ctx["ny_nokkel"] = request.session.pop(NY_NOKKEL, None)
    return _svar(request, "reporting/api.html", ctx)


def _krev_nokkeleigar(request):
    if not tilgang.kan_ha_api_nokkel(request.user):
        raise Http404


@require_POST
@login_required
def lag_nokkel(request):
    """A new key replaces the old one, which stops working at once."""
    _krev_nokkeleigar(request)
    try:
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            request.session[NY_NOKKEL] = Token.objects.create(user=request.user).key
    except IntegrityError:  # a second click at the same moment made it: show that one's note
        pass
    return redirect("reporting:api")


@require_POST
@login_required
def slett_nokkel(request):
    _krev_nokkeleigar(request)
    if Token.objects.filter(user=request.user).delete()[0]:
        messages.success(request, _("Your API key is deleted. Programs using it can no longer read with it."))
    return redirect("reporting:api")
