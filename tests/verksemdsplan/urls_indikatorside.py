"""The indicator page («plans:indikator», `Indikator.get_absolute_url`) that the prioritised
indicators link to comes with the plans register's pages (branch i17-plans). Until that is
merged, these tests mount a stand-in under the same name; once plans has the page, this is the
project's own URLconf unchanged and the module can go."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLResolver, include, path

import plans.urls
from alver import urls as alver_urls
from plans.models import Indikator


def _indikator(request, pk):
    return HttpResponse(get_object_or_404(Indikator, pk=pk).namn, content_type="text/plain")


if any(getattr(p, "name", None) == "indikator" for p in plans.urls.urlpatterns):
    urlpatterns = alver_urls.urlpatterns
else:
    _plans = include(
        ([*plans.urls.urlpatterns, path("indikatorar/<int:pk>/", _indikator, name="indikator")], "plans")
    )
    urlpatterns = [
        path("planar/", _plans) if isinstance(p, URLResolver) and p.namespace == "plans" else p
        for p in alver_urls.urlpatterns
    ]
