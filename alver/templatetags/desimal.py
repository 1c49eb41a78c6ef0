from django import template

from alver.lib.desimal import vis_desimal

register = template.Library()


@register.filter
def desimal(verdi, desimalar=None):
    """A decimal number in Norwegian format («1 234,5»); `desimalar` pads to that many decimals
    and never rounds: {{ verdi|desimal:indikator.desimalar }}."""
    return vis_desimal(verdi, desimalar if desimalar in (None, "") else int(desimalar))
