from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.plan_ny, name="plan_ny"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/endre/", views.plan_endre, name="plan_endre"),
    path("<int:pk>/gjenopprett/", views.plan_gjenopprett, name="plan_gjenopprett"),
    path("<int:pk>/maal/ny/", views.maal_ny, name="maal_ny"),
    path("<int:pk>/import/", views.maal_import, name="maal_import"),
    path("<int:pk>/import/gjennomfoer/", views.maal_import_stadfest, name="maal_import_stadfest"),
    path("<int:pk>/redaktorar/", views.redaktor_legg_til, name="redaktor_legg_til"),
    path("<int:pk>/redaktorar/<int:user_pk>/fjern/", views.redaktor_fjern, name="redaktor_fjern"),
    path("<int:pk>/vedlegg/", views.vedlegg_last_opp, name="vedlegg_last_opp"),
    path("<int:pk>/vedlegg/<int:vedlegg_pk>/", views.vedlegg_last_ned, name="vedlegg"),
    path("<int:pk>/strategi/ny/", views.plan_strategi_ny, name="plan_strategi_ny"),
    path("<int:pk>/handlingsplan/ny/", views.handlingsplan_ny, name="handlingsplan_ny"),
    path("indikatorar/", views.indikator_liste, name="indikator_liste"),
    path("indikatorar/ny/", views.indikator_ny, name="indikator_ny"),
    path("indikatorar/<int:pk>/", views.indikator, name="indikator"),
    path("indikatorar/<int:pk>/endre/", views.indikator_endre, name="indikator_endre"),
    path("maal/<int:pk>/", views.maal, name="maal"),
    path("maal/<int:pk>/indikatorar/ny/", views.maal_indikator_ny, name="maal_indikator_ny"),
    path(
        "maal/<int:pk>/indikatorar/<int:kopling_pk>/endre/",
        views.maal_indikator_endre,
        name="maal_indikator_endre",
    ),
    path(
        "maal/<int:pk>/indikatorar/<int:kopling_pk>/fjern/",
        views.maal_indikator_fjern,
        name="maal_indikator_fjern",
    ),
    path("maal/<int:pk>/endre/", views.maal_endre, name="maal_endre"),
    path("maal/<int:pk>/gjenopprett/", views.maal_gjenopprett, name="maal_gjenopprett"),
    path("maal/<int:pk>/flytt/", views.maal_flytt, name="maal_flytt"),
    path("maal/<int:pk>/strategi/ny/", views.strategi_ny, name="strategi_ny"),
    path("strategi/<int:pk>/endre/", views.strategi_endre, name="strategi_endre"),
    path("strategi/<int:pk>/flytt/", views.strategi_flytt, name="strategi_flytt"),
    path("handlingsplan/<int:pk>/", views.handlingsplan, name="handlingsplan"),
    path("handlingsplan/<int:pk>/rull/", views.handlingsplan_rull, name="handlingsplan_rull"),
    path("handlingsplan/<int:pk>/samanlikn/", views.samanlikn, name="samanlikn"),
    path("handlingsplan/<int:pk>/tiltak/ny/", views.tiltak_ny, name="tiltak_ny"),
    path("handlingsplan/<int:pk>/import/", views.tiltak_import, name="tiltak_import"),
    path(
        "handlingsplan/<int:pk>/import/gjennomfoer/",
        views.tiltak_import_stadfest,
        name="tiltak_import_stadfest",
    ),
    path("tiltak/<int:pk>/", views.tiltak, name="tiltak"),
    path("tiltak/<int:pk>/endre/", views.tiltak_endre, name="tiltak_endre"),
    path("tiltak/<int:pk>/gjenopprett/", views.tiltak_gjenopprett, name="tiltak_gjenopprett"),
]
