from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("mi-side/", views.mi_side, name="mi_side"),
    path("rapportering/", views.index, name="index"),
]
