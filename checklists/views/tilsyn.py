"""Being built (issue 16): every view answers 404 until its helper lands."""

from django.http import Http404


def liste(request, *args, **kwargs):
    raise Http404


def ny(request, *args, **kwargs):
    raise Http404


def tilsyn(request, *args, **kwargs):
    raise Http404


def endre(request, *args, **kwargs):
    raise Http404


def funn_ny(request, *args, **kwargs):
    raise Http404
