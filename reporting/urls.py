from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("rapportering/", views.index, name="index"),
]
