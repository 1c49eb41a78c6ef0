from django.urls import path

from . import brev_views as bv
from . import indikator_views as iv
from . import views

app_name = "verksemdsplan"

urlpatterns = [
    path("verksemdsplan/", views.index, name="index"),
    path("verksemdsplan/<int:aar>/<str:kode>/", views.side, name="side"),
    path("verksemdsplan/<int:aar>/<str:kode>/ferdig/", bv.verksemdsplan_ferdig, name="ferdig"),
    path("verksemdsplan/<int:aar>/<str:kode>/indikatorar/ny/", iv.indikator_ny, name="indikator_ny"),
    path(
        "verksemdsplan/<int:aar>/<str:kode>/indikatorar/<int:pk>/", iv.indikator_endre, name="indikator_endre"
    ),
    path(
        "verksemdsplan/<int:aar>/<str:kode>/indikatorar/<int:pk>/fjern/",
        iv.indikator_fjern,
        name="indikator_fjern",
    ),
    path("oppdragsbrev/", bv.oversikt, name="brev_oversikt"),
    path("oppdragsbrev/mal/", bv.brevmal, name="brevmal"),
    path("oppdragsbrev/<int:aar>/<str:kode>.pdf", bv.brev_pdf, name="brev_pdf"),
    path("oppdragsbrev/<int:aar>/<str:kode>/", bv.brev, name="brev"),
    path("oppdragsbrev/<int:aar>/<str:kode>/ny/", bv.brev_ny, name="brev_ny"),
    path("oppdragsbrev/<int:aar>/<str:kode>/endre/", bv.brev_endre, name="brev_endre"),
    path("oppdragsbrev/<int:aar>/<str:kode>/forhandsvis/", bv.brev_forhandsvis, name="brev_forhandsvis"),
    path("oppdragsbrev/<int:aar>/<str:kode>/samanlikn/", bv.brev_samanlikn, name="brev_samanlikn"),
    path("oppdragsbrev/<int:aar>/<str:kode>/gjenopprett/", bv.brev_gjenopprett, name="brev_gjenopprett"),
    path(
        "oppdragsbrev/<int:aar>/<str:kode>/<str:steg>/",
        bv.brev_steg,
        name="brev_steg",
    ),
    path("innsyn/oppdragsbrev/<int:aar>/<str:kode>.pdf", bv.innsyn_pdf, name="innsyn_pdf"),
    path("innsyn/oppdragsbrev/<int:aar>/<str:kode>/", bv.innsyn, name="innsyn"),
    path("oppdrag/ny/", views.oppdrag_ny, name="oppdrag_ny"),
    path("oppdrag/", views.oppdrag_liste, name="oppdrag_liste"),
    path("oppdrag/utan-eigar/", views.utan_eigar, name="utan_eigar"),
    path("oppdrag/leiarskifte/<int:pk>/", views.leiarskifte, name="leiarskifte"),
    path("oppdrag/leiarskifte/<int:pk>/ta-over/", views.ta_over, name="ta_over"),
    path("oppdrag/eksport.xlsx", views.oppdrag_eksport, name="oppdrag_eksport"),
    path("oppdrag/<int:pk>/", views.oppdrag, name="oppdrag"),
    path("oppdrag/<int:pk>/gjenopprett/", views.oppdrag_gjenopprett, name="oppdrag_gjenopprett"),
    path("oppdrag/<int:pk>/endre/", views.oppdrag_endre, name="oppdrag_endre"),
    path("oppdrag/<int:pk>/deleger/", views.deleger, name="deleger"),
    path("oppdrag/<int:pk>/trekk/", views.trekk, name="trekk"),
    path("oppdrag/<int:pk>/milepael/ny/", views.milepael_ny, name="milepael_ny"),
    path("oppdrag/<int:pk>/milepael/<int:mpk>/endre/", views.milepael_endre, name="milepael_endre"),
    path("oppdrag/<int:pk>/milepael/<int:mpk>/ferdig/", views.milepael_ferdig, name="milepael_ferdig"),
    path("oppdrag/<int:pk>/milepael/<int:mpk>/slett/", views.milepael_slett, name="milepael_slett"),
    path("oppdrag/<int:pk>/eigar/", views.flytt_eigar, name="flytt_eigar"),
]
