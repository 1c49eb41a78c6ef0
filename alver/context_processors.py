from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .permissions import er_tilsett

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
    ("verksemdsplan:brev_oversikt", _("Order letters"), ("verksemdsplan:brev",)),
    ("reporting:index", _("Reporting"), ("reporting:index",)),
    ("checklists:index", _("Checklists"), ("checklists:",)),
]
# The chain's own sections, for the start page.
KAPITTEL = [(url, tekst) for url, tekst, _p in MENY if url.endswith(":index")]


def _aktiv(match):
    if match is None:
        return ""
    return next((url for url, _t, prefiks in MENY if match.view_name.startswith(prefiks)), "")


# The administration's working lists; politicians are not shown them (they would get 404).
BERRE_TILSETTE = {"verksemdsplan:oppdrag_liste", "verksemdsplan:index", "verksemdsplan:brev_oversikt"}


def kommune(request):
    user = getattr(request, "user", None)
    tilsett = user is None or not user.is_authenticated or er_tilsett(user)
    return {
        "KOMMUNE_NAMN": settings.KOMMUNE_NAMN,
        "meny": MENY if tilsett else [m for m in MENY if m[0] not in BERRE_TILSETTE],
        "kapittel": KAPITTEL if tilsett else [k for k in KAPITTEL if k[0] not in BERRE_TILSETTE],
        "aktiv_meny": _aktiv(getattr(request, "resolver_match", None)),
    }
