from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerksemdsplanConfig(AppConfig):
    name = "verksemdsplan"
    verbose_name = _("Business plan")

    def ready(self):
        # here, not at the top: they import models, which need the app registry ready
        from . import panelar, receivers  # noqa: F401  (panels on upstream pages; budget's domain signals)
