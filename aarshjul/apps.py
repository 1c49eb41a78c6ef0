from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AarshjulConfig(AppConfig):
    name = "aarshjul"
    verbose_name = _("Annual cycle")

    def ready(self):
        from alver.lib import meny

        from . import panelar  # noqa: F401  (the next dates on Mi side, the link on a unit's page)
        from .permissions import kan_lese

        meny.registrer("aarshjul:oversikt", _("Annual cycle"), ("aarshjul:",), 15, synleg=kan_lese)
