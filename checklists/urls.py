from django.urls import path

from .views import bygg, oversikt, rapport, svar, tilsyn

app_name = "checklists"

urlpatterns = [
    path("", svar.index, name="index"),
    # building the year's checklist (HR)
    path("ny/", bygg.ny, name="ny"),
    path("<int:aar>/", bygg.liste, name="liste"),
    path("<int:aar>/endre/", bygg.endre, name="endre"),
    path("<int:aar>/publiser/", bygg.publiser, name="publiser"),
    path("<int:aar>/foremaal/ny/", bygg.foremaal_ny, name="foremaal_ny"),
    path("<int:aar>/type/ny/", bygg.type_ny, name="type_ny"),
    path("<int:aar>/punkt/ny/", bygg.punkt_ny, name="punkt_ny"),
    path("<int:aar>/punkt/<int:pk>/", bygg.punkt, name="punkt"),
    path("<int:aar>/punkt/<int:pk>/endre/", bygg.punkt_endre, name="punkt_endre"),
    path("<int:aar>/punkt/<int:pk>/fjern/", bygg.punkt_fjern, name="punkt_fjern"),
    path("<int:aar>/sjekkliste.xlsx", bygg.eksport, name="eksport"),
    path("<int:aar>/import/", bygg.importer, name="import"),
    # answering, and the leader above's follow-up
    path("svar/<str:kode>/", svar.svar, name="svar"),
    path("svar/<str:kode>/<str:periode>/oppfolging/", svar.oppfolging, name="oppfolging"),
    # the kommunedirektør's overview
    path("<int:aar>/oversikt/", oversikt.oversikt, name="oversikt"),
    # statlege tilsyn and the yearly report to the kommunestyre
    path("tilsyn/", tilsyn.liste, name="tilsyn_liste"),
    path("tilsyn/ny/", tilsyn.ny, name="tilsyn_ny"),
    path("tilsyn/<int:pk>/", tilsyn.tilsyn, name="tilsyn"),
    path("tilsyn/<int:pk>/endre/", tilsyn.endre, name="tilsyn_endre"),
    path("tilsyn/<int:pk>/funn/ny/", tilsyn.funn_ny, name="funn_ny"),
    path("<int:aar>/rapport/", rapport.aarsrapport, name="aarsrapport"),
    path("<int:aar>/rapport.pdf", rapport.aarsrapport_pdf, name="aarsrapport_pdf"),
]
