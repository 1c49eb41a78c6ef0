from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from plans.models import Maal

from .models import Oppdrag


class OppdragForm(DsFormMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)
    overstyr = forms.BooleanField(
        label=_("Complete anyway, although delegated tasks are open (say why in the comment)"), required=False
    )

    class Meta:
        model = Oppdrag
        fields = ["tittel", "skildring", "frist", "status", "status_kommentar", "tema", "maal"]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 3}),
            "status_kommentar": forms.Textarea(attrs={"rows": 2}),
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon
        gjeldande = self.instance.maal.all() if self.instance.pk else Maal.objects.none()
        self.fields["maal"].queryset = (
            (Maal.objects.til_kopling() | gjeldande).distinct().select_related("plan")
        )
        self.fields["maal"].label_from_instance = lambda m: f"{m.plan}: {m.tittel}"
        self.fields["maal"].widget.attrs["size"] = 8
        if self.instance.kjelde_vedtak_id:
            # the title and text come from the decision; they change where the decision changes
            del self.fields["tittel"], self.fields["skildring"]


class DelegerForm(DsFormMixin, forms.Form):
    til = forms.ModelChoiceField(label=_("Delegate to"), queryset=None)
    frist = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notat = forms.CharField(
        label=_("Note to the delegate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, oppdrag, mottakarar, **kwargs):
        super().__init__(*args, **kwargs)
        self.oppdrag = oppdrag
        self.fields["til"].queryset = mottakarar.select_related("eining")
        self.fields["til"].label_from_instance = lambda u: (
            f"{u.namn}" + (f" ({u.eining})" if u.eining else "")
        )

    def clean_frist(self):
        frist = self.cleaned_data.get("frist")
        if frist and self.oppdrag.frist and frist > self.oppdrag.frist:
            raise ValidationError(
                _("The deadline cannot be after the assignment's own deadline (%(frist)s).")
                % {"frist": self.oppdrag.frist.strftime("%d.%m.%Y")}
            )
        return frist
