from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record

from alver.lib import historikk, klokke, mellomlager, sok, sortering


class AlverConfig(AppConfig):
    name = "alver"
    verbose_name = _("Organisation")

    def ready(self):
        # here, not at the top: auth's models need the app registry ready, and checks are
        # registered once the apps are loaded
        from django.contrib.auth.models import update_last_login

        from . import checks, tasks  # noqa: F401  (deploy checks; the tasks services queue by name)
        from .lib import meny, profil
        from .permissions import kan_lese_organisasjon

        meny.registrer(
            "alver:organisasjon",
            _("Organisation"),
            ("alver:organisasjon", "alver:eining", "alver:person", "alver:import"),
            20,
            synleg=kan_lese_organisasjon,
        )

        # every save of the letterhead (page, admin shell, demo) clears its cached copy
        post_save.connect(
            profil.ved_lagring, sender="alver.Kommuneprofil", dispatch_uid="alver_kommuneprofil"
        )

        # any change to the domain makes the public pages anew (mellomlager.offentleg_side)
        post_save.connect(mellomlager.ny_generasjon, dispatch_uid="alver_innsyn_generasjon")
        post_delete.connect(mellomlager.ny_generasjon, dispatch_uid="alver_innsyn_generasjon_slett")
        request_started.connect(mellomlager.foresp_start, dispatch_uid="alver_generasjon_start")
        request_finished.connect(mellomlager.foresp_slutt, dispatch_uid="alver_generasjon_slutt")

        # SQLite learns the Norwegian collation on each connection (PostgreSQL has it by migration)
        connection_created.connect(sortering.registrer_sqlite, dispatch_uid="alver_norsk_sortering")
        # and case-folding for search (PostgreSQL searches by its Norwegian text search)
        connection_created.connect(sok.registrer_sqlite, dispatch_uid="alver_sok_fold")

        pre_create_historical_record.connect(
            historikk.stempel_fraa_klokka, dispatch_uid="alver_historikk_klokke"
        )
        if settings.ALVER_DATO:
            klokke.sett(settings.ALVER_DATO)

        # Django saves the whole user on every login, which would write a history row each
        # time; a plain UPDATE of one column keeps the change log about real changes.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_siste_innlogging, dispatch_uid="alver_siste_innlogging")

        from .middleware import start_oekt

        user_logged_in.connect(start_oekt, dispatch_uid="alver_start_oekt")


def _siste_innlogging(sender, user, **kwargs):
    type(user).objects.filter(pk=user.pk).update(last_login=klokke.no())
