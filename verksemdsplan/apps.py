from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerksemdsplanConfig(AppConfig):
    name = "verksemdsplan"
    verbose_name = _("Operational plan")

    def ready(self):
        from alver.lib import meny

        # panels on upstream pages; budget's domain signals; the tasks services queue by name
        from . import panelar, receivers, tasks  # noqa: F401
        from .permissions import kan_lese

        # the administration's working lists: politicians do not see them (they get reports)
        meny.registrer(
            "verksemdsplan:oppdrag_liste",
            _("Assignments"),
            ("verksemdsplan:oppdrag", "verksemdsplan:deleger"),
            60,
            synleg=kan_lese,
        )
        meny.registrer(
            "verksemdsplan:index",
            _("Operational plan"),
            ("verksemdsplan:index", "verksemdsplan:side"),
            70,
            synleg=kan_lese,
        )
        meny.registrer(
            "verksemdsplan:brev_oversikt",
            _("Assignment letters"),
            ("verksemdsplan:brev",),
            80,
            synleg=kan_lese,
        )
