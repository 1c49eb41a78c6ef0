from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.belop import eining_felt
from alver.lib.desimal import DesimalField, vis_desimal
from alver.lib.forms import DsFormMixin
from alver.lib.samtidig import VersjonMixin

from .models import Frekvens, Okonomirapport, Statusrapport


class StatusrapportForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Statusrapport
        fields = ["status", "lys", "kommentar", "framdrift"]
        widgets = {"kommentar": forms.Textarea(attrs={"rows": 3}), "lys": forms.RadioSelect}
        help_texts = {"kommentar": _("Required when the light is yellow or red.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon if self.instance.pk else 0
        self.fields["lys"].choices = Statusrapport.Lys.choices  # a light must be chosen: no blank

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
    eining = eining_felt(help_text=_("The unit of the amounts in the file."))

    MAKS_STORLEIK = 20 * 1024 * 1024

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > self.MAKS_STORLEIK:
            raise ValidationError(_("The file is larger than 20 MB."))
        return fil


class ReglarForm(DsFormMixin, forms.Form):
    """One frequency and one «to the politicians» per category."""

    def __init__(self, *args, kategoriar, **kwargs):
        super().__init__(*args, **kwargs)
        self.kategoriar = kategoriar
        for k in kategoriar:
            regel = getattr(k, "regel", None)
            self.fields[f"frekvens_{k.pk}"] = forms.ChoiceField(
                label=_("How often: %(k)s") % {"k": k},
                choices=Frekvens.choices,
                initial=regel.frekvens if regel else Frekvens.MAANAD,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )
            self.fields[f"politisk_{k.pk}"] = forms.BooleanField(
                label=_("To the politicians: %(k)s") % {"k": k},
                required=False,
                initial=regel.politisk if regel else False,
                widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
            )

    def rader(self):
        return [(k, self[f"frekvens_{k.pk}"], self[f"politisk_{k.pk}"]) for k in self.kategoriar]

    def verdiar(self):
        d = self.cleaned_data
        return {k: (d[f"frekvens_{k.pk}"], d[f"politisk_{k.pk}"]) for k in self.kategoriar}


class OkonomiKommentarForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Okonomirapport
        fields = ["kommentar"]
        widgets = {"kommentar": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"kommentar": _("Explain the deviation and what is being done about it.")}


class IndikatorverdiForm(DsFormMixin, VersjonMixin, forms.Form):
    """A value for one period: a number the Norwegian way («12,5»), checked against the
    indicator's decimals and bounds (never rounded), and a comment."""

    verdi = DesimalField(label=_("Value"))
    kommentar = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, indikator, finst=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        self.fields["versjon"].initial = finst.versjon if finst else 0
        self.fields["verdi"].help_text = _("In %(eining)s, at most %(n)s decimals, e.g. %(eks)s.") % {
            "eining": indikator.get_maaleeining_display(),
            "n": indikator.desimalar,
            "eks": "12,5" if indikator.desimalar else "12",
        }
        if finst is not None:
            self.fields["verdi"].initial = vis_desimal(finst.verdi, mellomrom=" ")
            self.fields["kommentar"].initial = finst.kommentar

    def clean_verdi(self):
        verdi = self.cleaned_data["verdi"]
        self.indikator.valider(verdi)
        return verdi


class IndikatorimportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("Indicator values (.xlsx or .csv)"),
        help_text=_(
            "The template's columns: Indikator-ID, Eining (the unit's code; empty for the municipality), "
            "Periode (e.g. 2026-m03, 2026-t1, 2026-aar), Verdi and Kommentar. Rows without a value are skipped."
        ),
    )

    MAKS_STORLEIK = 20 * 1024 * 1024

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > self.MAKS_STORLEIK:
            raise ValidationError(_("The file is larger than 20 MB."))
        return fil
