from django.urls import path

from . import views

app_name = "verksemdsplan"

urlpatterns = [
    path("verksemdsplan/", views.index, name="index"),
    path("verksemdsplan/<int:aar>/<str:kode>/", views.side, name="side"),
    path("oppdrag/ny/", views.oppdrag_ny, name="oppdrag_ny"),
    path("oppdrag/", views.oppdrag_liste, name="oppdrag_liste"),
    path("oppdrag/eksport.xlsx", views.oppdrag_eksport, name="oppdrag_eksport"),
    path("oppdrag/<int:pk>/", views.oppdrag, name="oppdrag"),
    path("oppdrag/<int:pk>/endre/", views.oppdrag_endre, name="oppdrag_endre"),
    path("oppdrag/<int:pk>/deleger/", views.deleger, name="deleger"),
    path("oppdrag/<int:pk>/trekk/", views.trekk, name="trekk"),
]
