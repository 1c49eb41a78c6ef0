from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolitikkConfig(AppConfig):
    name = "politikk"
    verbose_name = _("Political module")

    def ready(self):
        from . import panelar  # noqa: F401  (registers its panels on the budget pages)
