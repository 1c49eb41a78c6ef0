"""The main menu, filled by the apps: each registers its own entries in `AppConfig.ready()`
with the visibility rule from its own `permissions.py`; the core only reads the registry
(`alver.context_processors`), so it names no app's pages and repeats no app's rules.

    meny.registrer(
        "verksemdsplan:oppdrag_liste", _("Assignments"), ("verksemdsplan:oppdrag",), 60,
        synleg=permissions.kan_lese,
    )

Entries come in `rekkefolge` order (the order users meet the chain). An entry whose URL name
ends in `:index` is also one of the chain's sections on the start page (`kapittel`).
"""

from collections.abc import Callable
from dataclasses import dataclass

_oppforingar = {}


@dataclass(frozen=True)
class Oppforing:
    url_namn: str
    tekst: str
    prefiksar: tuple  # view-name prefixes of the pages that belong to the entry (it is marked there)
    rekkefolge: int
    synleg: Callable | None = None  # user -> bool; None: every logged-in user

    def synleg_for(self, user):
        return self.synleg is None or bool(self.synleg(user))


def registrer(url_namn, tekst, prefiksar, rekkefolge, synleg=None):
    """Add an entry (or replace the one with the same URL name: registering twice is harmless)."""
    _oppforingar[url_namn] = Oppforing(url_namn, tekst, tuple(prefiksar), rekkefolge, synleg)


def oppforingar(user):
    """The entries this logged-in user sees, in order; none before login (there is no menu)."""
    if user is None or not user.is_authenticated:
        return []
    return [o for o in alle() if o.synleg_for(user)]


def alle():
    return sorted(_oppforingar.values(), key=lambda o: (o.rekkefolge, o.url_namn))


def aktiv(view_name):
    """The entry a page (its view name) belongs to: the first whose prefixes match, else ""."""
    if not view_name:
        return ""
    return next((o.url_namn for o in alle() if view_name.startswith(o.prefiksar)), "")


def er_kapittel(oppforing):
    return oppforing.url_namn.endswith(":index")
