from django import forms
from django.utils.translation import gettext_lazy as _

from alver.lib.samtidig import VersjonMixin
from budget.models import Organ

from .models import Hending, Kalenderfeed, Ring


class HendingForm(VersjonMixin, forms.ModelForm):
    class Meta:
        model = Hending
        fields = ["tittel", "ring", "maanad", "dag", "heimel", "skildring", "kvart", "fra_aar", "aktiv"]
        widgets = {"skildring": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.kode:
            self.fields["tittel"].required = True
            self.fields["tittel"].help_text = ""
        self.fields["dag"].widget.attrs.update(min=1, max=31)
        self.fields["fra_aar"].widget.attrs.update(min=2000, max=2100)
        self.fields["ring"].choices = Ring.choices[:2]

    def clean_dag(self):
        dag = self.cleaned_data["dag"]
        if not 1 <= dag <= 31:
            raise forms.ValidationError(_("Give a day from 1 to 31."))
        return dag

    def clean_fra_aar(self):
        aar = self.cleaned_data["fra_aar"]
        if not 2000 <= aar <= 2100:
            raise forms.ValidationError(_("Give a year from 2000 to 2100."))
        return aar


class FeedForm(VersjonMixin, forms.ModelForm):
    class Meta:
        model = Kalenderfeed
        fields = ["organ"]
        widgets = {"organ": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(aktiv=True)


class FilterForm(forms.Form):
    ring = forms.MultipleChoiceField(
        label=_("Rings"), choices=Ring.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    eining = forms.CharField(label=_("Unit (code)"), required=False)
