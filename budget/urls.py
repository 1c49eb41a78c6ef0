from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("okonomiplan/", views.index, name="index"),
    path("vedtak/", views.vedtak_liste, name="vedtak_liste"),
    path("vedtak/ny/", views.mote_ny, name="mote_ny"),
    path("vedtak/<int:pk>/", views.vedtak, name="vedtak"),
    path("vedtak/<int:pk>/endre/", views.vedtak_endre, name="vedtak_endre"),
    path("vedtak/<int:pk>/trekk/", views.vedtak_trekk, name="vedtak_trekk"),
]
