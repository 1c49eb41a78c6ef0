"""An accessible multi-choice: a fieldset of checkboxes grouped by a heading, chosen ones first.

A native <select multiple> replaces the whole choice on one click or arrow key, so a user who
meant to add a goal silently loses the others. Checkboxes only change the one a user toggles.
Without JavaScript this is the plain list; `static/js/fleirval.js` adds a filter box that
announces how many options match, and keeps the «selected: N» count up to date.

Use it for a ModelMultipleChoiceField whose queryset `select_related`s whatever `gruppe`
reads, so the list costs the one query the field makes anyway. `templates/partials/felt.html`
draws the fieldset and legend around it; `DsFormMixin` gives it the field's label for the
filter box.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext


class Fleirval(forms.CheckboxSelectMultiple):
    template_name = "partials/fleirval_val.html"

    def __init__(self, attrs=None, choices=(), gruppe=None):
        super().__init__(attrs, choices)
        self.gruppe = gruppe
        self.etikett = ""

    def id_for_label(self, id_, index=None):
        # without an index (the error summary's link) point at the whole fieldset, which carries
        # the field's id, rather than at whichever box happens to come first
        if index is None:
            return id_
        return super().id_for_label(id_, index)

    def optgroups(self, name, value, attrs=None):
        grupper = {}
        for index, (verdi, etikett) in enumerate(self.choices):
            instans = getattr(verdi, "instance", None)
            namn = str(self.gruppe(instans)) if self.gruppe and instans is not None else ""
            grupper.setdefault(namn, []).append(
                self.create_option(name, verdi, etikett, str(verdi) in value, index, attrs=attrs)
            )
        # what is chosen comes first, so a returned form (or a long list) shows it at once;
        # sorting is stable, so the queryset's order holds within each part
        ut = [(namn, sorted(valg, key=lambda v: not v["selected"])) for namn, valg in grupper.items()]
        ut.sort(key=lambda g: not g[1][0]["selected"])
        return [(namn, valg, i) for i, (namn, valg) in enumerate(ut)]

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        w = ctx["widget"]
        w["tal_valde"] = sum(v["selected"] for _n, valg, _i in w["optgroups"] for v in valg)
        w["filteretikett"] = (
            gettext("Filter %(felt)s") % {"felt": str(self.etikett).lower()}
            if self.etikett
            else gettext("Filter the list")
        )
        # the script fills in %(n)s; Nynorsk, Bokmål and English need only these two forms
        w["treff_ein"] = ngettext("%(n)s match", "%(n)s matches", 1)
        w["treff_fleire"] = ngettext("%(n)s match", "%(n)s matches", 2)
        w["valt_mal"] = gettext("Selected: %(n)s")
        w["valt_tekst"] = w["valt_mal"] % {"n": w["tal_valde"]}
        return ctx

    def _render(self, template_name, context, renderer=None):
        # the project's template engine, so the template lives with the others under templates/
        return mark_safe(render_to_string(template_name, context))


# the range every database we support stores an integer key in
STORSTE_HEILTAL = 2**63 - 1


class FleirvalFelt(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an integer key no database can hold as an invalid
    choice. Django looks the chosen keys up with `pk__in`, and SQLite raises OverflowError (a
    500) for a number past 64 bits, where PostgreSQL just finds nothing. DsFormMixin makes
    every such field one of these, the ones ModelForm makes from a ManyToManyField included."""

    def _check_values(self, value):
        felt = self.queryset.model._meta.pk
        if self.to_field_name:
            felt = self.queryset.model._meta.get_field(self.to_field_name)
        if isinstance(felt, models.IntegerField) and not isinstance(value, str):
            for pk in value:
                try:
                    tal = int(str(pk).strip())
                except ValueError:
                    continue  # Django's own check names it an invalid value
                if abs(tal) > STORSTE_HEILTAL:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)
