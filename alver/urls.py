"""The root URLconf: the composition root that mounts every app along the chain."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

alver_urls = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-inn/sso/", views.sso_start, name="sso_start"),
    path("logg-inn/sso/svar/", views.sso_svar, name="sso_svar"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("gloymt-passord/", views.GloymtPassordView.as_view(), name="gloymt_passord"),
    path("gloymt-passord/sendt/", views.gloymt_passord_sendt, name="gloymt_passord_sendt"),
    path("nytt-passord/<uidb64>/<token>/", views.NyttPassordView.as_view(), name="nytt_passord"),
    path("invitasjon/<uidb64>/<token>/", views.InvitasjonView.as_view(), name="invitasjon"),
    path("spraak/", views.spraak, name="spraak"),
    path("profil/", views.profil, name="profil"),
    path("profil/varsel/", views.profil_varsel, name="profil_varsel"),
    path("profil/passord/", views.passord, name="passord"),
    path("organisasjon/", views.organisasjon, name="organisasjon"),
    path("organisasjon/import/", views.importer, name="import"),
    # before the unit's page, whose code would otherwise catch «kommune» and «invitasjonar»
    path("organisasjon/kommune/", views.kommuneprofil, name="kommuneprofil"),
    path("organisasjon/invitasjonar/", views.invitasjonar, name="invitasjonar"),
    path("organisasjon/import/<int:pk>/", views.import_forhandsvis, name="import_forhandsvis"),
    path("organisasjon/import/<int:pk>/gjennomfoer/", views.import_gjennomfoer, name="import_gjennomfoer"),
    path("organisasjon/<str:kode>/", views.eining, name="eining"),
    path("organisasjon/<str:kode>/under/", views.eining_born, name="eining_born"),
    path("organisasjon/<str:kode>/leiar/", views.eining_leiar, name="eining_leiar"),
    path("personar/<int:pk>/", views.person, name="person"),
    path("personar/<int:pk>/inviter/", views.inviter, name="inviter"),
    path("varsel/", views.varsel, name="varsel"),
    path("varsel/lest/", views.varsel_alle_lest, name="varsel_alle_lest"),
    path("varsel/<int:pk>/opne/", views.varsel_opne, name="varsel_opne"),
]

urlpatterns = [
    path("", include((alver_urls, "alver"))),
    path("planar/", include("plans.urls")),
    path("", include("budget.urls")),
    path("", include("politikk.urls")),
    path("", include("verksemdsplan.urls")),
    path("sjekklister/", include("checklists.urls")),
    path("", include("reporting.urls")),
    path("", include("aarshjul.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
