from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from alver.lib import meny

        from .permissions import kan_sjaa_politisk_oppfolging

        # My page comes first: it is where everyone starts
        meny.registrer("reporting:mi_side", _("My page"), ("reporting:mi_side",), 10)
        meny.registrer("reporting:index", _("Reporting"), ("reporting:index",), 90)
        meny.registrer(
            "reporting:politisk_oppfolging",
            _("Political follow-up"),
            ("reporting:politisk_oppfolging",),
            95,
            synleg=kan_sjaa_politisk_oppfolging,
        )

        from . import panelar, tasks  # noqa: F401  (panels on upstream pages; tasks queued by name)
