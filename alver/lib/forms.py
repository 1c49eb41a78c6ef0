from django import forms

from .fleirval import Fleirval


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
            if isinstance(w, Fleirval):
                # the filter box is named after the field («Filter goals»), so two lists on one page differ
                w.etikett = felt.label
