from django.urls import path

from . import analyse_views as av
from . import nokkeltal_views as nv
from . import okonomiplan_views as ov
from . import organ_views, saksliste_views, views

app_name = "budget"

urlpatterns = [
    path("okonomiplan/", ov.index, name="index"),
    path("okonomiplan/ny/", ov.ny, name="okonomiplan_ny"),
    path("okonomiplan/analyse/", av.analyse, name="analyse"),
    path("okonomiplan/analyse/sektor/<str:kode>/", av.analyse_sektor, name="analyse_sektor"),
    path("okonomiplan/analyse/import/", av.analyse_import, name="analyse_import"),
    path("okonomiplan/analyse/import/<int:pk>/", av.analyse_forhandsvis, name="analyse_forhandsvis"),
    path("okonomiplan/<int:aar>/", ov.okonomiplan, name="okonomiplan"),
    path("okonomiplan/<int:aar>.pdf", ov.pdf, name="okonomiplan_pdf"),
    path("okonomiplan/<int:aar>/status/", ov.status, name="okonomiplan_status"),
    path("okonomiplan/<int:aar>/forkast/", ov.forkast, name="okonomiplan_forkast"),
    path("okonomiplan/<int:aar>/ettersyn/", ov.ettersyn, name="okonomiplan_ettersyn"),
    path("okonomiplan/<int:aar>/sektor/<str:kode>/", ov.sektor, name="sektor"),
    path("okonomiplan/<int:aar>/sektor/<str:kode>/indikatormaal/", nv.indikatormaal, name="indikatormaal"),
    path(
        "okonomiplan/<int:aar>/sektor/<str:kode>/indikatorar/ny/",
        nv.legg_til_indikator,
        name="legg_til_indikator",
    ),
    path("okonomiplan/<int:aar>/sektor/<str:kode>/nokkeltal/", nv.nokkeltalplan, name="nokkeltalplan"),
    path("okonomiplan/nokkeltal/", nv.nokkeltalstypar, name="nokkeltalstypar"),
    path("okonomiplan/nokkeltal/ny/", nv.nokkeltalstype, name="nokkeltalstype_ny"),
    path("okonomiplan/nokkeltal/<int:pk>/", nv.nokkeltalstype, name="nokkeltalstype"),
    path("nokkeltal/<int:aar>/<str:kode>/", nv.eining_nokkeltal, name="eining_nokkeltal"),
    path("sjukefravaer/", nv.sjukefravaer, name="sjukefravaer"),
    path("sjukefravaer/import/", nv.sjukefravaer_import, name="sjukefravaer_import"),
    path("sjukefravaer/mal.csv", nv.sjukefravaer_mal, name="sjukefravaer_mal"),
    path("sjukefravaer/<str:kode>/", nv.sjukefravaer_eining, name="sjukefravaer_eining"),
    path("okonomiplan/<int:aar>/rammer/", ov.rammer, name="rammer"),
    path("okonomiplan/<int:aar>/linjer/", ov.linjer, name="linjer"),
    path("okonomiplan/<int:aar>/rammer/import/", ov.rammer_import, name="rammer_import"),
    path("okonomiplan/<int:aar>/tiltak/", ov.tiltak_liste, name="tiltak_liste"),
    path("okonomiplan/<int:aar>/tiltak/hent/", ov.hent_forslag, name="hent_forslag"),
    path("okonomiplan/<int:aar>/tiltak/ny/", ov.tiltak_ny, name="tiltak_ny"),
    path("okonomiplan/<int:aar>/tiltak/<int:pk>/", ov.tiltak, name="tiltak"),
    path("okonomiplan/<int:aar>/tiltak/<int:pk>/endre/", ov.tiltak_endre, name="tiltak_endre"),
    path(
        "okonomiplan/<int:aar>/tiltak/<int:pk>/gjenopprett/", ov.tiltak_gjenopprett, name="tiltak_gjenopprett"
    ),
    path("okonomiplan/<int:aar>/verbalpunkt/", ov.verbalpunkt_liste, name="verbalpunkt_liste"),
    path("okonomiplan/<int:aar>/verbalpunkt/ny/", ov.verbalpunkt_skjema, name="verbalpunkt_ny"),
    path("okonomiplan/<int:aar>/verbalpunkt/<int:pk>/", ov.verbalpunkt, name="verbalpunkt"),
    path(
        "okonomiplan/<int:aar>/verbalpunkt/<int:pk>/endre/", ov.verbalpunkt_skjema, name="verbalpunkt_endre"
    ),
    path("okonomiplan/<int:aar>/vedta/", ov.vedta, name="okonomiplan_vedta"),
    path("okonomiplan/<int:aar>/vedtaking/<int:pk>/", ov.vedtaking, name="okonomiplan_vedtaking"),
    path(
        "okonomiplan/<int:aar>/vedtaking/<int:pk>/prov-igjen/",
        ov.vedtaking_prov_igjen,
        name="okonomiplan_prov_igjen",
    ),
    path("okonomiplan/<int:aar>/budsjettendring/", ov.budsjettendring, name="budsjettendring"),
    path("vedtak/", views.vedtak_liste, name="vedtak_liste"),
    path("vedtak/ny/", views.mote_ny, name="mote_ny"),
    path("vedtak/mote/<int:pk>/", views.mote, name="mote"),
    path("vedtak/mote/<int:pk>/endre/", views.mote_endre, name="mote_endre"),
    path("vedtak/mote/<int:pk>/saker/", views.mote_saker, name="mote_saker"),
    path("vedtak/mote/<int:pk>/flytt/<int:vedtak_pk>/", views.mote_flytt, name="mote_flytt"),
    path("vedtak/mote/<int:pk>/sektorar/", views.mote_sektorar, name="mote_sektorar"),
    path("vedtak/organ/", organ_views.organ_liste, name="organ_liste"),
    path("vedtak/organ/ny/", organ_views.organ_ny, name="organ_ny"),
    path("vedtak/organ/<int:pk>/endre/", organ_views.organ_endre, name="organ_endre"),
    path("vedtak/sakstype/ny/", organ_views.sakstype_ny, name="sakstype_ny"),
    path("vedtak/sakstype/<int:pk>/endre/", organ_views.sakstype_endre, name="sakstype_endre"),
    path("vedtak/mote/<int:pk>/lim-inn/", saksliste_views.lim_inn, name="mote_lim_inn"),
    path("vedtak/<int:pk>/", views.vedtak, name="vedtak"),
    path("vedtak/<int:pk>/endre/", views.vedtak_endre, name="vedtak_endre"),
    path("vedtak/<int:pk>/punkt/", views.vedtak_punkt, name="vedtak_punkt"),
    path("vedtak/<int:pk>/trekk/", views.vedtak_trekk, name="vedtak_trekk"),
    path("vedtak/<int:pk>/feilregistrer/", views.vedtak_feilregistrer, name="vedtak_feilregistrer"),
]
