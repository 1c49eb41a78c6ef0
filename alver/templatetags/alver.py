from django import template
from django.utils.translation import gettext_lazy as _

from alver.lib.kroner import vis_kroner

register = template.Library()

FELTNAMN = {
    "namn": _("name"),
    "type": _("kind"),
    "overordna": _("parent"),
    "leiar": _("leader"),
    "tittel": _("title"),
    "eining": _("unit"),
}


@register.filter
def feltnamn(kode):
    """The readable name of a field an import changes."""
    return FELTNAMN.get(kode, kode)


@register.filter
def kroner(verdi):
    """Whole kroner in Norwegian format: 1 234 567 (non-breaking spaces), −50 000 for savings."""
    return vis_kroner(verdi)
