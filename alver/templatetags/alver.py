from django import template
from django.utils.translation import gettext_lazy as _

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
