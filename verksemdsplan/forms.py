from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from alver.models import User
from plans.models import Maal, Strategi

from .models import Kategori, Oppdrag


def _maalval(felt, gjeldande=None):
    """Goals and strategies of adopted plans, plus any already linked (even if no longer open)."""
    maal = Maal.objects.til_kopling()
    strategiar = Strategi.objects.filter(maal__in=Maal.objects.til_kopling())
    if gjeldande is not None and gjeldande.pk:
        maal = maal | gjeldande.maal.all()
        strategiar = strategiar | gjeldande.strategiar.all()
    felt["maal"].queryset = (
        maal.distinct().select_related("plan").order_by("plan__tittel", "rekkjefolgje", "pk")
    )
    felt["maal"].label_from_instance = lambda m: f"{m.plan}: {m.tittel}"
    felt["maal"].widget.attrs["size"] = 8
    felt["strategiar"].queryset = strategiar.distinct().select_related("maal__plan")
    felt["strategiar"].label_from_instance = lambda s: f"{s.maal.tittel}: {s.tittel}"
    felt["strategiar"].widget.attrs["size"] = 6


class OppdragForm(DsFormMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)
    overstyr = forms.BooleanField(
        label=_("Complete anyway, although delegated tasks are open (say why in the comment)"), required=False
    )

    class Meta:
        model = Oppdrag
        fields = [
            "tittel",
            "skildring",
            "frist",
            "status",
            "status_kommentar",
            "tema",
            "maal",
            "strategiar",
            "unnateke",
            "heimel",
        ]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 3}),
            "status_kommentar": forms.Textarea(attrs={"rows": 2}),
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon
        _maalval(self.fields, self.instance)
        if self.instance.kjelde_vedtak_id:
            # the title and text come from the decision; they change where the decision changes
            del self.fields["tittel"], self.fields["skildring"]

    def clean(self):
        data = super().clean()
        if data.get("unnateke") and not (data.get("heimel") or "").strip():
            self.add_error(
                "heimel", _("Give the legal basis for the exemption, for example offentleglova § 14.")
            )
        return data


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


class NyttOppdragForm(DsFormMixin, forms.ModelForm):
    aar = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = Oppdrag
        fields = ["tittel", "skildring", "kategori", "eining", "aar", "frist", "tema", "maal", "strategiar"]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 4}),
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"eining": _("The unit's leader becomes the owner and is told by e-mail.")}

    def __init__(self, *args, einingar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].queryset = Kategori.objects.manuelle()
        self.fields["eining"].queryset = einingar.order_by("path")
        self.fields["eining"].label_from_instance = lambda e: "\u00a0\u00a0" * (e.depth - 1) + str(e)
        _maalval(self.fields)

    def clean(self):
        data = super().clean()
        frist, aar = data.get("frist"), data.get("aar")
        if frist and aar and frist.year > aar + 1:
            self.add_error("frist", _("The deadline must be in the assignment's year or the year after."))
        return data


class EigarForm(DsFormMixin, forms.Form):
    """Move an oppdrag to another owner, with a reason kept in its history. (Not `til`: the
    delegation form on the same page has that field, and ids must be unique.)"""

    ny_eigar = forms.ModelChoiceField(label=_("New owner"), queryset=None)
    grunn = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Kept in the assignment's change log."),
    )
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, oppdrag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = oppdrag.versjon
        self.fields["ny_eigar"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(pk=oppdrag.owner_id)
            .exclude(groups__name="politikar")
            .select_related("eining")
            .order_by("namn")
        )
        self.fields["ny_eigar"].label_from_instance = lambda u: (
            u.namn + (f" ({u.eining})" if u.eining else "")
        )

    def clean_grunn(self):
        grunn = self.cleaned_data["grunn"].strip()
        if not grunn:
            raise ValidationError(_("Say why the assignment gets a new owner."))
        return grunn
