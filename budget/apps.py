from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Economic plan")

    def ready(self):
        from alver.lib import meny

        from . import tasks  # noqa: F401  (registers the Celery tasks, which services queue by name)
        from .permissions import kan_lese_okonomiplan, kan_lese_vedtak, kan_sjaa_sjukefravaer

        sider = (
            "index",
            "okonomiplan",
            "sektor",
            "rammer",
            "tiltak",
            "hent",
            "verbalpunkt",
            "budsjett",
            "indikatormaal",
            "legg_til_indikator",
            "nokkeltal",
            "eining_nokkeltal",
        )
        meny.registrer(
            "budget:index",
            _("Economic plan"),
            tuple(f"budget:{n}" for n in sider),
            40,
            synleg=kan_lese_okonomiplan,
        )
        meny.registrer(
            "budget:vedtak_liste",
            _("Decisions"),
            ("budget:vedtak", "budget:mote"),
            50,
            synleg=kan_lese_vedtak,
        )
        # health data: only for those who see some of it (HR, leaders, the kommunedirektør, admins)
        meny.registrer(
            "budget:sjukefravaer",
            _("Sick leave"),
            ("budget:sjukefravaer",),
            85,
            synleg=kan_sjaa_sjukefravaer,
        )
