from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin

from .models import Statusrapport


class StatusrapportForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = Statusrapport
        fields = ["status", "lys", "kommentar", "framdrift"]
        widgets = {"kommentar": forms.Textarea(attrs={"rows": 3}), "lys": forms.RadioSelect}
        help_texts = {"kommentar": _("Required when the light is yellow or red.")}

    def clean(self):
        data = super().clean()
        if data.get("lys") in Statusrapport.KREV_KOMMENTAR and not (data.get("kommentar") or "").strip():
            self.add_error("kommentar", _("Write a comment when the light is yellow or red."))
        framdrift = data.get("framdrift")
        if framdrift is not None and framdrift > 100:
            self.add_error("framdrift", ValidationError(_("Progress is a percentage from 0 to 100.")))
        return data


class OkonomiImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("Ledger export (.xlsx or .csv)"),
        help_text=_(
            "Columns: eining (the unit's code), rekneskap (actual to date), prognose (forecast for the year), "
            "and optionally budsjett and kommentar. Without budsjett, the unit's frame in the adopted plan is used."
        ),
    )
