from django.urls import path

from .views import (
    indikatorar,
    innsyn,
    mi_side,
    okonomi,
    oppfolging,
    oversikt,
    periodar,
    rapportar,
    sok,
    utskrift,
)

app_name = "reporting"

urlpatterns = [
    path("", mi_side.start, name="start"),
    path("mi-side/", mi_side.mi_side, name="mi_side"),
    path("sok/", sok.sok_side, name="sok"),
    path("innsyn/", innsyn.index, name="innsyn"),
    path("innsyn/plan/<int:pk>/", innsyn.plan, name="innsyn_plan"),
    path("innsyn/maal/<int:pk>/", innsyn.maal, name="innsyn_maal"),
    path("innsyn/rapport/<str:kode>/", innsyn.rapport, name="innsyn_rapport"),
    path("rapportering/", periodar.index, name="index"),
    path("politisk-oppfolging/", oppfolging.politisk_oppfolging, name="politisk_oppfolging"),
    path("politisk-oppfolging.pdf", oppfolging.politisk_oppfolging_pdf, name="politisk_oppfolging_pdf"),
    path("rapportering/generer/", periodar.generer, name="generer"),
    path("rapportering/indikatorar/", indikatorar.mine, name="indikatorar"),
    path("rapportering/indikatorar/mal.xlsx", indikatorar.mal, name="indikatormal"),
    path("rapportering/indikatorar/import/", indikatorar.importer, name="indikatorimport"),
    path("rapportering/indikatorar/<int:pk>/", indikatorar.registrer, name="indikatorverdi"),
    path("rapportering/reglar/", periodar.reglar, name="reglar"),
    path("rapportering/<str:kode>/", periodar.periode, name="periode"),
    path("rapportering/<str:kode>/opne-lukk/", periodar.opne_lukk, name="opne_lukk"),
    path("rapportering/<str:kode>/alt-i-rute/", periodar.alt_i_rute, name="alt_i_rute"),
    path("rapportering/<str:kode>/innlevering/", periodar.innlevering, name="innlevering"),
    path("rapportering/<str:kode>/oversikt/", oversikt.oversikt, name="oversikt"),
    path("rapportering/<str:kode>/maanadsrapport/", rapportar.maanadsrapport, name="maanadsrapport"),
    path(
        "rapportering/<str:kode>/maanadsrapport.pdf", rapportar.maanadsrapport_pdf, name="maanadsrapport_pdf"
    ),
    path("rapportering/<str:kode>/okonomi/", okonomi.okonomi, name="okonomi"),
    path("rapportering/<str:kode>/okonomi/import/", okonomi.okonomi_import, name="okonomi_import"),
    path(
        "rapportering/<str:kode>/okonomi/<str:eining>/", okonomi.okonomi_kommentar, name="okonomi_kommentar"
    ),
    path("rapportering/<str:kode>/tertialrapport/", rapportar.tertialrapport, name="tertialrapport"),
    path("rapportering/<str:kode>/frigje/", rapportar.frigje, name="frigje"),
    path("rapportering/<str:kode>/utskrift/", utskrift.utskrift_ny, name="utskrift_ny"),
    path("rapportering/<str:kode>/utskrift/<int:pk>/", utskrift.utskrift, name="utskrift"),
    path("rapportering/<str:kode>/utskrift/<int:pk>/fil/", utskrift.utskrift_fil, name="utskrift_fil"),
    path(
        "rapportering/<str:kode>/utskrift/<int:pk>/prov-igjen/",
        utskrift.utskrift_prov_igjen,
        name="utskrift_prov_igjen",
    ),
    path("rapportering/<str:kode>/<int:pk>/", periodar.rapporter, name="rapporter"),
]
