from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlverConfig(AppConfig):
    name = "alver"
    verbose_name = _("Organisation")
