import functools

from django.conf import settings

from .lib import meny, profil


def kommune(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    synlege = meny.oppforingar(user)
    return {
        # as set on the letterhead page, else the installation's name (cached: no query per page)
        "KOMMUNE_NAMN": profil.kommune_namn(),
        # the language switcher names each language in itself (Nynorsk, Bokmål, English),
        # so a reader finds their own whatever the page's language
        "SPRAAKVAL": settings.LANGUAGES,
        # the menu, in the order users meet the chain: (url name, label, view-name prefixes)
        "meny": [(o.url_namn, o.tekst, o.prefiksar) for o in synlege],
        # the chain's own sections, for the start page
        "kapittel": [(o.url_namn, o.tekst) for o in synlege if meny.er_kapittel(o)],
        "aktiv_meny": meny.aktiv(match.view_name if match else ""),
        # the header's unread count (shown by the notifications link and, on a phone, by the
        # menu button): one indexed COUNT, asked only when the header renders it, and once
        "uleste_varsel": functools.cache(lambda: _uleste(user)),
    }


def _uleste(user):
    if not (user and user.is_authenticated):
        return 0
    talt = getattr(user, "_alver_uleste", None)  # counted already by the page (Mi side's list)
    if talt is not None:
        return talt
    from .models import Varsel

    return Varsel.objects.filter(mottakar=user, lest_at__isnull=True).count()
