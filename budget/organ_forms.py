"""Forms for the sekretariat's lists: political bodies and case types."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from alver.lib.samtidig import VersjonMixin

from .models import Organ, Sakstype

_PREFIKS = re.compile(r"^[^\W\d_]{1,6}$")  # what budget.saksnummer reads as a series prefix


class _UnikNamnMixin:
    """A name taken by another row, whatever its case, is a clear error next to the field (the
    database's unique constraint still guards a race; the view reports that the same way)."""

    def clean_namn(self):
        namn = " ".join(self.cleaned_data["namn"].split())
        andre = self._meta.model.objects.filter(namn__iexact=namn).exclude(pk=self.instance.pk)
        if andre.exists():
            raise forms.ValidationError(self.melding_namn_teke)
        return namn


class OrganForm(_UnikNamnMixin, DsFormMixin, VersjonMixin, forms.ModelForm):
    melding_namn_teke = _("A political body with this name already exists. Choose another name.")

    class Meta:
        model = Organ
        fields = ["namn", "type", "rekkjefolgje", "aktiv"]
        help_texts = {"rekkjefolgje": _("Lower numbers come first in lists.")}


class SakstypeForm(_UnikNamnMixin, DsFormMixin, VersjonMixin, forms.ModelForm):
    melding_namn_teke = _("A case type with this name already exists. Choose another name.")

    class Meta:
        model = Sakstype
        fields = ["namn", "prefiks", "gir_oppdrag", "rekkjefolgje", "aktiv"]
        help_texts = {
            "gir_oppdrag": _(
                "The default for new cases of this type: a case that gives work becomes an assignment."
            ),
            "rekkjefolgje": _("Lower numbers come first in lists."),
        }

    def clean_prefiks(self):
        prefiks = self.cleaned_data["prefiks"].strip().upper()
        if prefiks and not _PREFIKS.match(prefiks):
            raise forms.ValidationError(_("Write the prefix as one to six letters, for example PS."))
        return prefiks

    def clean(self):
        """Two active case types with one prefix would make a pasted case number ambiguous."""
        data = super().clean()
        prefiks = data.get("prefiks")
        if prefiks and data.get("aktiv"):
            annan = (
                Sakstype.objects.filter(prefiks__iexact=prefiks, aktiv=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if annan is not None:
                self.add_error(
                    "prefiks",
                    _("The active case type «%(namn)s» already uses this prefix.") % {"namn": annan.namn},
                )
        return data
