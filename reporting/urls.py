from django.urls import path

from .views import periodar as views

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("mi-side/", views.mi_side, name="mi_side"),
    path("rapportering/", views.index, name="index"),
    path("rapportering/generer/", views.generer, name="generer"),
    path("rapportering/reglar/", views.reglar, name="reglar"),
    path("rapportering/<str:kode>/", views.periode, name="periode"),
    path("rapportering/<str:kode>/opne-lukk/", views.opne_lukk, name="opne_lukk"),
    path("rapportering/<str:kode>/alt-i-rute/", views.alt_i_rute, name="alt_i_rute"),
    path("rapportering/<str:kode>/innlevering/", views.innlevering, name="innlevering"),
    path("rapportering/<str:kode>/oversikt/", views.oversikt, name="oversikt"),
    path("rapportering/<str:kode>/maanadsrapport/", views.maanadsrapport, name="maanadsrapport"),
    path("rapportering/<str:kode>/maanadsrapport.pdf", views.maanadsrapport_pdf, name="maanadsrapport_pdf"),
    path("rapportering/<str:kode>/okonomi/", views.okonomi, name="okonomi"),
    path("rapportering/<str:kode>/okonomi/import/", views.okonomi_import, name="okonomi_import"),
    path("rapportering/<str:kode>/okonomi/<str:eining>/", views.okonomi_kommentar, name="okonomi_kommentar"),
    path("rapportering/<str:kode>/tertialrapport/", views.tertialrapport, name="tertialrapport"),
    path("rapportering/<str:kode>/frigje/", views.frigje, name="frigje"),
    path("rapportering/<str:kode>/utskrift/", views.utskrift_ny, name="utskrift_ny"),
    path("rapportering/<str:kode>/utskrift/<int:pk>/", views.utskrift, name="utskrift"),
    path("rapportering/<str:kode>/utskrift/<int:pk>/fil/", views.utskrift_fil, name="utskrift_fil"),
    path("rapportering/<str:kode>/<int:pk>/", views.rapporter, name="rapporter"),
]
