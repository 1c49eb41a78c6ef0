from django.urls import path

from . import views

app_name = "aarshjul"

urlpatterns = [
    path("aarshjul/", views.oversikt, name="oversikt"),
    path("aarshjul/<int:aar>/", views.oversikt, name="aar"),
    path("aarshjul/faste/", views.faste, name="faste"),
    path("aarshjul/faste/ny/", views.hending_ny, name="hending_ny"),
    path("aarshjul/faste/<int:pk>/", views.hending, name="hending"),
    path("aarshjul/kalender/", views.kalender, name="kalender"),
    path("aarshjul/kalender/lag/", views.kalender_lag, name="kalender_lag"),
    path("aarshjul/kalender/forny/", views.kalender_forny, name="kalender_forny"),
    path("aarshjul/kalender/kommune/", views.kommunekalender, name="kommunekalender"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
]
