from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("mi-side/", views.mi_side, name="mi_side"),
    path("rapportering/", views.index, name="index"),
    path("rapportering/generer/", views.generer, name="generer"),
    path("rapportering/<str:kode>/", views.periode, name="periode"),
    path("rapportering/<str:kode>/opne-lukk/", views.opne_lukk, name="opne_lukk"),
    path("rapportering/<str:kode>/alt-i-rute/", views.alt_i_rute, name="alt_i_rute"),
    path("rapportering/<str:kode>/innlevering/", views.innlevering, name="innlevering"),
    path("rapportering/<str:kode>/<int:pk>/", views.rapporter, name="rapporter"),
]
