from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The chain, in the order users meet it; the key is the app's URL namespace.
KAPITTEL = [
    ("plans", _("Plans")),
    ("budget", _("Economic plan")),
    ("verksemdsplan", _("Business plan")),
    ("reporting", _("Reporting")),
    ("checklists", _("Checklists")),
]


def kommune(request):
    match = getattr(request, "resolver_match", None)
    return {
        "KOMMUNE_NAMN": settings.KOMMUNE_NAMN,
        "kapittel": KAPITTEL,
        # the start page lives in reporting (DESIGN.md) but belongs to no chapter of the menu
        "aktivt_kapittel": match.namespace if match and match.url_name != "start" else "",
    }
