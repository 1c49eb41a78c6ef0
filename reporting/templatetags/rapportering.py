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


@register.simple_tag
def indikatortal(verdi, indikator):
    """An indicator value the Norwegian way with the indicator's decimals: «87,3 %», «12 345 kr»."""
    from alver.lib.desimal import vis_desimal

    if verdi is None:
        return ""
    tekst = vis_desimal(verdi, indikator.desimalar)
    eining = {"prosent": "\u00a0%", "kroner": "\u00a0kr"}.get(indikator.maaleeining, "")
    return f"{tekst}{eining}"
