from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Economic plan")

    def ready(self):
        from . import tasks  # noqa: F401  (registers the Celery tasks, which services queue by name)
