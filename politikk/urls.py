from django.urls import path

from . import views

app_name = "politikk"

urlpatterns = [
    path("okonomiplan/<int:aar>/forslag/", views.forslag_liste, name="forslag_liste"),
    path("okonomiplan/<int:aar>/forslag/ny/", views.forslag_ny, name="forslag_ny"),
    path("okonomiplan/<int:aar>/forslag/samanlikn/", views.samanlikn, name="samanlikn"),
    path("okonomiplan/<int:aar>/forslag/samanlikn.pdf", views.samanlikn_pdf, name="samanlikn_pdf"),
    path("okonomiplan/<int:aar>/forslag/<int:pk>/", views.forslag, name="forslag"),
    path("okonomiplan/<int:aar>/forslag/<int:pk>/rekn/", views.forslag_rekn, name="forslag_rekn"),
    path("okonomiplan/<int:aar>/forslag/<int:pk>/lever/", views.forslag_lever, name="forslag_lever"),
    path("okonomiplan/<int:aar>/forslag/<int:pk>/del/", views.forslag_del, name="forslag_del"),
    path(
        "okonomiplan/<int:aar>/forslag/<int:pk>/verbalpunkt/",
        views.forslag_verbalpunkt,
        name="forslag_verbalpunkt",
    ),
    path(
        "okonomiplan/<int:aar>/forslag/<int:pk>/verbalpunkt/<int:vp>/fjern/",
        views.forslag_verbalpunkt_fjern,
        name="forslag_verbalpunkt_fjern",
    ),
    path("okonomiplan/<int:aar>/forslag/<int:pk>/vedta/", views.forslag_vedta, name="forslag_vedta"),
    path("politikk/grupper/", views.grupper, name="grupper"),
    path("politikk/grupper/ny/", views.gruppe_skjema, name="gruppe_ny"),
    path("politikk/grupper/<int:pk>/", views.gruppe_skjema, name="gruppe"),
]
