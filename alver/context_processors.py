from django.conf import settings

from .lib import meny


def kommune(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    synlege = meny.oppforingar(user)
    return {
        "KOMMUNE_NAMN": settings.KOMMUNE_NAMN,
        # the menu, in the order users meet the chain: (url name, label, view-name prefixes)
        "meny": [(o.url_namn, o.tekst, o.prefiksar) for o in synlege],
        # the chain's own sections, for the start page
        "kapittel": [(o.url_namn, o.tekst) for o in synlege if meny.er_kapittel(o)],
        "aktiv_meny": meny.aktiv(match.view_name if match else ""),
    }
