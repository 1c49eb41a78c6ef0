from django import forms
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from alver.models import Eining
from plans.models import Maal

from .models import Mote, Organ, Vedtak


class MoteForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = Mote
        fields = ["organ", "dato"]
        widgets = {"dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.all()


class VedtakForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = Vedtak
        fields = ["saksnummer", "tittel", "tekst", "type", "ansvarleg_sektor", "maal"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)
        # goals of adopted plans only (the seed: goals become usable when the plan is adopted)
        self.fields["maal"].queryset = (
            Maal.objects.til_kopling().select_related("plan").order_by("plan", "pk")
        )
        self.fields["maal"].label_from_instance = lambda m: f"{m.plan}: {m.tittel}"
        self.fields["maal"].widget.attrs["size"] = 6


class VedtakEndreForm(VedtakForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon


class BaseVedtakFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if not any(f.has_changed() for f in self.forms if hasattr(f, "cleaned_data")):
            raise forms.ValidationError(_("Enter at least one case."))
        nummer = [f.cleaned_data.get("saksnummer") for f in self.forms if f.has_changed()]
        if len(nummer) != len(set(nummer)):
            raise forms.ValidationError(_("Each case number may appear once in a meeting."))


VedtakFormSet = forms.modelformset_factory(
    Vedtak, form=VedtakForm, formset=BaseVedtakFormSet, extra=3, max_num=50, validate_max=True
)


class TrekkForm(DsFormMixin, forms.Form):
    grunn = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
