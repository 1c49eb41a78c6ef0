from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Checklists")

    def ready(self):
        from alver.lib import meny

        meny.registrer("checklists:index", _("Checklists"), ("checklists:",), 100)

        # the checklist on the verksemdsplan and the oppdrag page; the daily reminder, run by beat by name
        from . import panelar, tasks  # noqa: F401
