import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from alver.lib import panel
from alver.lib.dato import kort, lang
from alver.lib.historikk import vis_grunn
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


@register.simple_tag(takes_context=True)
def panelar(context, stad, objekt):
    """What later apps in the chain show about `objekt` here (alver.lib.panel)."""
    return panel.panelar(stad, context["request"], objekt)


@register.simple_tag(takes_context=True)
def kolonnar(context, stad, objekt_liste):
    """Columns later apps add to this list page: `{% kolonnar "stad" rader as kolonnar %}`."""
    return panel.kolonnar(stad, context["request"], objekt_liste)


@register.filter
def celle(kolonne, objekt):
    return kolonne.celle(objekt)


@register.filter
def grunn(tekst):
    """A note the system wrote (stored as a code) in the reader's language; typed text as is."""
    return vis_grunn(tekst)


@register.filter
def langdato(d):
    """«1. mai 2027»: a date in running text (tables and lists use |kortdato)."""
    return lang(d)


@register.filter(expects_localtime=True)
def kortdato(d):
    """«1.5.2027» from a date, a datetime (in local time) or an ISO date string (a letter's stored
    content holds strings). Tables and lists use it, not |date:"j.n.Y": Django's date filter
    parses its format on every call, and a list of fifty rows paid for it fifty times."""
    if isinstance(d, str):
        try:
            d = datetime.date.fromisoformat(d)
        except ValueError:
            return d
    return kort(d)
