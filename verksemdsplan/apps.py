from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerksemdsplanConfig(AppConfig):
    name = "verksemdsplan"
    verbose_name = _("Business plan")

    def ready(self):
        # here, not at the top: the receivers import models, which need the app registry ready
        from . import receivers  # noqa: F401  (connects to budget's domain signals)
