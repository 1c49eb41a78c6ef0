from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The menu, in the order users meet the chain: (url name, label, view-name prefixes it covers).
MENY = [
    ("reporting:mi_side", _("My page"), ("reporting:mi_side",)),
    (
        "alver:organisasjon",
        _("Organisation"),
        ("alver:organisasjon", "alver:eining", "alver:person", "alver:import"),
    ),
    ("plans:index", _("Plans"), ("plans:",)),
    (
        "budget:index",
        _("Economic plan"),
        tuple(
            f"budget:{n}"
            for n in (
                "index",
                "okonomiplan",
                "sektor",
                "rammer",
                "tiltak",
                "hent",
                "verbalpunkt",
                "budsjett",
            )
        ),
    ),
    ("budget:vedtak_liste", _("Decisions"), ("budget:vedtak", "budget:mote")),
    ("verksemdsplan:oppdrag_liste", _("Assignments"), ("verksemdsplan:oppdrag", "verksemdsplan:deleger")),
    ("verksemdsplan:index", _("Business plan"), ("verksemdsplan:index", "verksemdsplan:side")),
    ("reporting:index", _("Reporting"), ("reporting:index",)),
    ("checklists:index", _("Checklists"), ("checklists:",)),
]
# The chain's own sections, for the start page.
KAPITTEL = [(url, tekst) for url, tekst, _p in MENY if url.endswith(":index")]


def _aktiv(match):
    if match is None:
        return ""
    return next((url for url, _t, prefiks in MENY if match.view_name.startswith(prefiks)), "")


def kommune(request):
    return {
        "KOMMUNE_NAMN": settings.KOMMUNE_NAMN,
        "meny": MENY,
        "kapittel": KAPITTEL,
        "aktiv_meny": _aktiv(getattr(request, "resolver_match", None)),
    }
