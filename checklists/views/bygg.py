"""Being built (issue 16): every view answers 404 until its helper lands."""
from django.http import Http404


def ny(request, *args, **kwargs):
    raise Http404


def liste(request, *args, **kwargs):
    raise Http404


def endre(request, *args, **kwargs):
    raise Http404


def publiser(request, *args, **kwargs):
    raise Http404


def foremaal_ny(request, *args, **kwargs):
    raise Http404


def type_ny(request, *args, **kwargs):
    raise Http404


def punkt_ny(request, *args, **kwargs):
    raise Http404


def punkt(request, *args, **kwargs):
    raise Http404


def punkt_endre(request, *args, **kwargs):
    raise Http404


def punkt_fjern(request, *args, **kwargs):
    raise Http404


def eksport(request, *args, **kwargs):
    raise Http404


def importer(request, *args, **kwargs):
    raise Http404

