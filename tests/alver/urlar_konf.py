"""A URL configuration with the app's URLs below another path (tests/alver/test_urlar.py)."""

from django.urls import include, path

urlpatterns = [path("anna/", include("alver.urls"))]
