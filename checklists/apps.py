from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Checklists")

    def ready(self):
        from alver.lib import meny

        meny.registrer("checklists:index", _("Checklists"), ("checklists:",), 100)

        from . import tasks  # noqa: F401  (the daily reminder, run by beat by name)
