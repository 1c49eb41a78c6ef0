"""Forms of the tilsyn register: the inspection and a finding (followed up as an oppdrag)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining

from .models import Funn, Tilsyn

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _einingval(felt, gjeldande_pk=None):
    """Active units in tree order, indented; a unit chosen earlier stays even if closed since."""
    qs = Eining.objects.aktive()
    if gjeldande_pk:
        qs = qs | Eining.objects.filter(pk=gjeldande_pk)
    felt.queryset = qs.distinct().order_by("path")
    felt.label_from_instance = lambda e: "\u00a0\u00a0" * (e.depth - 1) + str(e)


class TilsynForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Tilsyn
        fields = ["myndigheit", "dato", "tema", "eining", "saksnummer", "rapport_dato", "lukka_at"]
        widgets = {"dato": DATO, "rapport_dato": DATO, "lukka_at": DATO}
        help_texts = {
            "saksnummer": _("The kommune's case number, e.g. 2026/1234."),
            "eining": _("The unit followed up by default when a finding is added."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _einingval(self.fields["eining"], self.instance.eining_id)

    def clean(self):
        data = super().clean()
        for felt in ("myndigheit", "tema", "saksnummer"):
            if isinstance(data.get(felt), str):
                data[felt] = " ".join(data[felt].split())
        dato = data.get("dato")
        for felt in ("rapport_dato", "lukka_at"):
            if dato and data.get(felt) and data[felt] < dato:
                self.add_error(felt, _("Cannot be before the date of the inspection."))
        return data


class FunnForm(DsFormMixin, forms.ModelForm):
    eining = forms.ModelChoiceField(
        label=_("Unit that follows it up"),
        queryset=Eining.objects.none(),
        help_text=_("Its leader owns the follow-up assignment."),
    )

    class Meta:
        model = Funn
        fields = ["type", "nummer", "tekst", "frist"]
        widgets = {"frist": DATO, "tekst": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tilsyn, **kwargs):
        kwargs.setdefault("prefix", "funn")  # ids of its own on the inspection page
        super().__init__(*args, **kwargs)
        self.tilsyn = tilsyn
        _einingval(self.fields["eining"], tilsyn.eining_id)
        if tilsyn.eining_id and not self.is_bound:
            self.fields["eining"].initial = tilsyn.eining_id

    def clean_tekst(self):
        tekst = self.cleaned_data["tekst"].strip()
        if not tekst:
            raise ValidationError(_("Write the finding."))
        return tekst

    def clean_nummer(self):
        return " ".join(self.cleaned_data.get("nummer", "").split())
