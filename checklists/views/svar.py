"""Being built (issue 16): every view answers 404 until its helper lands."""
from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def svar(request, *args, **kwargs):
    raise Http404


def oppfolging(request, *args, **kwargs):
    raise Http404

