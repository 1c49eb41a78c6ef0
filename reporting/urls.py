from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import api
from .views import (
    api_side,
    dokument,
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
    path("innsyn/oppdrag/<int:pk>/", innsyn.oppdrag, name="innsyn_oppdrag"),
    path("innsyn/sok/", innsyn.sok, name="innsyn_sok"),
    path("innsyn/oppfolging/", innsyn.oppfolging, name="innsyn_oppfolging"),
    path("innsyn/okonomiplan/<int:aar>/", innsyn.okonomiplan, name="innsyn_okonomiplan"),
    path("innsyn/verksemdsplan/<int:aar>/<str:kode>/", dokument.innsyn, name="innsyn_verksemdsplan"),
    path(
        "innsyn/verksemdsplan/<int:aar>/<str:kode>.pdf", dokument.innsyn_pdf, name="innsyn_verksemdsplan_pdf"
    ),
    path("verksemdsplan/<int:aar>/<str:kode>/dokument/", dokument.side, name="verksemdsplan"),
    path("verksemdsplan/<int:aar>/<str:kode>/dokument.pdf", dokument.pdf, name="verksemdsplan_pdf"),
    path("api/", api_side.index, name="api"),
    path("api/nokkel/", api_side.lag_nokkel, name="api_nokkel"),
    path("api/nokkel/slett/", api_side.slett_nokkel, name="api_nokkel_slett"),
    path("api/v1/", api.Rot.as_view(), name="api_rot"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/v1/planar/", api.PlanListe.as_view(), name="api_planar"),
    path("api/v1/planar/<int:pk>/", api.PlanDetalj.as_view(), name="api_plan"),
    path("api/v1/vedtak/", api.VedtakListe.as_view(), name="api_vedtak"),
    path("api/v1/vedtak/<int:pk>/", api.VedtakDetalj.as_view(), name="api_vedtak_detalj"),
    path("api/v1/oppdrag/", api.OppdragListe.as_view(), name="api_oppdrag"),
    path("api/v1/oppdrag/<int:pk>/", api.OppdragDetalj.as_view(), name="api_oppdrag_detalj"),
    path("api/v1/rapportar/", api.RapportListe.as_view(), name="api_rapportar"),
    path("api/v1/rapportar/<str:kode>/", api.RapportDetalj.as_view(), name="api_rapport"),
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
