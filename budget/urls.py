from django.urls import path

from . import okonomiplan_views as ov
from . import saksliste_views, views

app_name = "budget"

urlpatterns = [
    path("okonomiplan/", ov.index, name="index"),
    path("okonomiplan/ny/", ov.ny, name="okonomiplan_ny"),
    path("okonomiplan/<int:aar>/", ov.okonomiplan, name="okonomiplan"),
    path("okonomiplan/<int:aar>.pdf", ov.pdf, name="okonomiplan_pdf"),
    path("okonomiplan/<int:aar>/status/", ov.status, name="okonomiplan_status"),
    path("okonomiplan/<int:aar>/sektor/<str:kode>/", ov.sektor, name="sektor"),
    path("okonomiplan/<int:aar>/rammer/", ov.rammer, name="rammer"),
    path("okonomiplan/<int:aar>/rammer/import/", ov.rammer_import, name="rammer_import"),
    path("okonomiplan/<int:aar>/tiltak/", ov.tiltak_liste, name="tiltak_liste"),
    path("okonomiplan/<int:aar>/tiltak/hent/", ov.hent_forslag, name="hent_forslag"),
    path("okonomiplan/<int:aar>/tiltak/ny/", ov.tiltak_ny, name="tiltak_ny"),
    path("okonomiplan/<int:aar>/tiltak/<int:pk>/", ov.tiltak, name="tiltak"),
    path("okonomiplan/<int:aar>/tiltak/<int:pk>/endre/", ov.tiltak_endre, name="tiltak_endre"),
    path("okonomiplan/<int:aar>/verbalpunkt/", ov.verbalpunkt_liste, name="verbalpunkt_liste"),
    path("okonomiplan/<int:aar>/verbalpunkt/ny/", ov.verbalpunkt_skjema, name="verbalpunkt_ny"),
    path("okonomiplan/<int:aar>/verbalpunkt/<int:pk>/", ov.verbalpunkt, name="verbalpunkt"),
    path(
        "okonomiplan/<int:aar>/verbalpunkt/<int:pk>/endre/", ov.verbalpunkt_skjema, name="verbalpunkt_endre"
    ),
    path("okonomiplan/<int:aar>/vedta/", ov.vedta, name="okonomiplan_vedta"),
    path("okonomiplan/<int:aar>/vedtaking/<int:pk>/", ov.vedtaking, name="okonomiplan_vedtaking"),
    path(
        "okonomiplan/<int:aar>/vedtaking/<int:pk>/prov-igjen/",
        ov.vedtaking_prov_igjen,
        name="okonomiplan_prov_igjen",
    ),
    path("okonomiplan/<int:aar>/budsjettendring/", ov.budsjettendring, name="budsjettendring"),
    path("vedtak/", views.vedtak_liste, name="vedtak_liste"),
    path("vedtak/ny/", views.mote_ny, name="mote_ny"),
    path("vedtak/mote/<int:pk>/lim-inn/", saksliste_views.lim_inn, name="mote_lim_inn"),
    path("vedtak/<int:pk>/", views.vedtak, name="vedtak"),
    path("vedtak/<int:pk>/endre/", views.vedtak_endre, name="vedtak_endre"),
    path("vedtak/<int:pk>/trekk/", views.vedtak_trekk, name="vedtak_trekk"),
]
