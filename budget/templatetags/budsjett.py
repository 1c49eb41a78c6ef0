from django import template

from alver.lib.desimal import vis_desimal

register = template.Library()


@register.filter
def desimal(verdi, desimalar=None):
    """A Decimal the Norwegian way («1 234,5»); with an argument, with that many decimals."""
    return vis_desimal(verdi, None if desimalar in (None, "") else int(desimalar))
