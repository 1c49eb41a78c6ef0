from django import forms
from django.utils.text import capfirst

from .fleirval import Fleirval, FleirvalFelt


class DsFormMixin:
    """Give every widget Designsystemet's input class, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for felt in self.fields.values():
            w = felt.widget
            if isinstance(w, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "ds-input")
            else:
                w.attrs["class"] = (w.attrs.get("class", "") + " ds-input").strip()
            if type(felt) is forms.ModelMultipleChoiceField:
                # the same field with a range check on its keys (a huge number is a 500 on SQLite)
                felt.__class__ = FleirvalFelt
            if isinstance(felt, forms.ChoiceField) and not isinstance(felt, forms.ModelChoiceField):
                # the models' choice labels are lower case, to sit inside sentences («frå «forseinka»»);
                # as options they start with a capital, like the rest of the interface
                felt.choices = stor_forbokstav(felt.choices)
            if isinstance(w, Fleirval):
                # the filter box is named after the field («Filter goals»), so two lists on one page differ
                w.etikett = felt.label


def stor_forbokstav(choices):
    """Choices with their labels starting with a capital (for fields a form adds itself)."""
    ut = []
    for verdi, etikett in choices:
        if isinstance(etikett, list | tuple):  # a group of options
            ut.append((verdi, stor_forbokstav(etikett)))
        else:
            ut.append((verdi, capfirst(etikett)))
    return ut


def avgrensa_val(form, namn, val, *, gjeldande=None):
    """Let the select of the model choice field `namn` list only `val` (bounded: the people or
    units near the object, as a queryset or as rows already read), while the field still
    accepts its whole queryset. The one a posted form chose and the current value (`gjeldande`,
    a primary key) are listed too, so an error page and an edit page show what was chosen. A
    kommune of 20,000 people thus draws a select of a few dozen, not of everyone."""
    from . import tal

    felt = form.fields[namn]
    objs = list(val)
    ekstra = {gjeldande} if gjeldande else set()
    if form.is_bound:
        ekstra.add(tal.heiltal(form.data.get(form.add_prefix(namn)), *tal.ID))
    ekstra -= {None} | {o.pk for o in objs}
    if ekstra:
        objs += list(felt.queryset.filter(pk__in=ekstra))
    felt.choices = [("", felt.empty_label or "---------")] + [
        (o.pk, felt.label_from_instance(o)) for o in objs
    ]
