from django import template

from .. import permissions

register = template.Library()


@register.inclusion_tag("reporting/_periodemeny.html", takes_context=True)
def periodemeny(context, p, aktiv):
    """The period's tabs, each only for a reader who may open it."""
    return {
        "p": p,
        "aktiv": aktiv,
        "einingsrapportar": permissions.kan_lese_einingsrapportar(context["user"]),
        "tertialrapport": p.type != "maanad" and permissions.kan_opne_tertialrapport(context["user"], p),
    }
