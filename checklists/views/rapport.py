"""Being built (issue 16): every view answers 404 until its helper lands."""

from django.http import Http404


def aarsrapport(request, *args, **kwargs):
    raise Http404


def aarsrapport_pdf(request, *args, **kwargs):
    raise Http404
