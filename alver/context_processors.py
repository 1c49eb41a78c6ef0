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


def _aktivt_kapittel(match):
    """Which menu item the page belongs to. The start page lives in reporting (DESIGN.md)
    and the profile in alver, but neither belongs to a chapter of the menu."""
    if match is None or match.url_name in {"start", "profil", "login"}:
        return ""
    return match.namespace


def kommune(request):
    match = getattr(request, "resolver_match", None)
    return {
        "KOMMUNE_NAMN": settings.KOMMUNE_NAMN,
        "kapittel": KAPITTEL,
        "aktivt_kapittel": _aktivt_kapittel(match),
    }
