"""Downstream facts on upstream pages, without upstream reading downstream data.

An upstream template names a place (`{% panelar "budget.vedtak" v %}`); a later app in the
chain registers, from its `AppConfig.ready()`, a function that renders its own facts for that
place under its own access rules («what became of this decision»). The upstream app imports
nothing of the later one and never learns whether anyone answered.

Two kinds of place:
- a panel: `funksjon(request, objekt)` returns HTML (or "" when this reader gets nothing);
- a column on a list page: `funksjon(request, objekt_liste)` returns a `Kolonne` (a heading and
  one cell per object, fetched for the whole page at once so the page stays flat) or None.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_panelar = defaultdict(list)
_kolonnar = defaultdict(list)


@dataclass
class Kolonne:
    tittel: str
    celler: dict = field(default_factory=dict)  # pk → HTML

    def celle(self, objekt):
        return self.celler.get(objekt.pk, "")


def panel(stad):
    """Register the decorated function as a panel for `stad`."""

    def registrer(funksjon):
        if funksjon not in _panelar[stad]:
            _panelar[stad].append(funksjon)
        return funksjon

    return registrer


def kolonne(stad):
    """Register the decorated function as a column for the list page `stad`."""

    def registrer(funksjon):
        if funksjon not in _kolonnar[stad]:
            _kolonnar[stad].append(funksjon)
        return funksjon

    return registrer


def panelar(stad, request, objekt):
    return mark_safe("".join(conditional_escape(f(request, objekt) or "") for f in _panelar[stad]))


def kolonnar(stad, request, objekt_liste):
    objekt_liste = list(objekt_liste)
    return [k for f in _kolonnar[stad] if (k := f(request, objekt_liste)) is not None]
