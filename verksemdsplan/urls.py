from django.urls import path

from . import views

app_name = "verksemdsplan"

urlpatterns = [
    path("verksemdsplan/", views.index, name="index"),
    path("oppdrag/", views.oppdrag_liste, name="oppdrag_liste"),
    path("oppdrag/eksport.xlsx", views.oppdrag_eksport, name="oppdrag_eksport"),
    path("oppdrag/<int:pk>/", views.oppdrag, name="oppdrag"),
    path("oppdrag/<int:pk>/endre/", views.oppdrag_endre, name="oppdrag_endre"),
    path("oppdrag/<int:pk>/deleger/", views.deleger, name="deleger"),
    path("oppdrag/<int:pk>/trekk/", views.trekk, name="trekk"),
]
