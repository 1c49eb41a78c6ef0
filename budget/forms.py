from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.forms import DsFormMixin
from alver.lib.kroner import KronerField, vis_kroner
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining
from plans.models import Maal, Strategi

from .models import BudsjettTiltak, Mote, Okonomiplan, Organ, Vedtak, Verbalpunkt


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


def _maal_og_strategiar(felt):
    felt["maal"].queryset = (
        Maal.objects.til_kopling().select_related("plan").order_by("plan", "rekkjefolgje", "pk")
    )
    felt["maal"].label_from_instance = lambda m: f"{m.plan}: {m.tittel}"
    felt["maal"].widget.attrs["size"] = 6
    if "strategiar" in felt:
        felt["strategiar"].queryset = Strategi.objects.filter(
            maal__in=Maal.objects.til_kopling()
        ).select_related("maal")
        felt["strategiar"].label_from_instance = lambda st: f"{st.maal.tittel}: {st.tittel}"
        felt["strategiar"].widget.attrs["size"] = 6


class NyOkonomiplanForm(DsFormMixin, forms.Form):
    forste_aar = forms.IntegerField(label=_("First year (the annual budget)"), min_value=2000, max_value=2100)
    fra = forms.ModelChoiceField(
        label=_("Start from (rullering)"),
        queryset=Okonomiplan.objects.all(),
        required=False,
        empty_label=_("– an empty plan –"),
        help_text=_("Rammer for the shared years and the tiltak still ahead are carried over."),
    )

    def clean(self):
        data = super().clean()
        aar = data.get("forste_aar")
        if aar and Okonomiplan.objects.filter(forste_aar=aar).exists():
            self.add_error(
                "forste_aar", _("There is already an economic plan starting in %(aar)s.") % {"aar": aar}
            )
        return data


class StatusForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Okonomiplan
        fields = ["tittel", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # adoption has its own confirmation page, which makes the oppdrag
        self.fields["status"].choices = [
            c for c in Okonomiplan.Status.choices if c[0] != Okonomiplan.Status.VEDTATT
        ]


class KronerInput(forms.TextInput):
    """Shows a stored amount the way users write it: 1 234 567."""

    def format_value(self, value):
        if isinstance(value, int):
            return vis_kroner(value, mellomrom=" ")
        return super().format_value(value)


def _kronerfelt(label, initial=None, min_value=None):
    grense = {} if min_value is None else {"min_value": min_value}
    return KronerField(
        label=label,
        required=False,
        initial=initial,
        **grense,
        widget=KronerInput(attrs={"inputmode": "numeric", "class": "ds-input kroner", "size": 12}),
    )


class RammeForm(forms.Form):
    """The rammer grid: drift and investering per unit and year, Norwegian number format."""

    def __init__(self, *args, plan, einingar, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.einingar = plan, einingar
        finst = {(r.eining_id, r.aar): r for r in plan.rammer.all()}
        self.rader = []
        for e in einingar:
            celler = []
            for aar in plan.periode:
                r = finst.get((e.pk, aar))
                for kind, label in (("d", _("operating")), ("i", _("investment"))):
                    namn = f"r_{e.pk}_{aar}_{kind}"
                    verdi = (r.drift if kind == "d" else r.investering) if r else None
                    self.fields[namn] = _kronerfelt(f"{e.namn} {aar} {label}", verdi, min_value=0)
                    # the grid shows no label per cell; the row and column headers say it, and so does this
                    self.fields[namn].widget.attrs["aria-label"] = self.fields[namn].label
                    celler.append(self[namn])
            self.rader.append((e, celler))

    def verdiar(self):
        """{(unit id, year): (drift, investering)} for every cell with a value."""
        d = self.cleaned_data
        ut = {}
        for e in self.einingar:
            for aar in self.plan.periode:
                drift, inv = d.get(f"r_{e.pk}_{aar}_d"), d.get(f"r_{e.pk}_{aar}_i")
                if drift is not None or inv is not None:
                    ut[(e.pk, aar)] = (drift or 0, inv or 0)
        return ut


class RammeImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("Ledger export (XLSX or CSV)"),
        help_text=_("Columns: eining (unit code), aar (year), drift, investering. Whole kroner."),
    )


class BudsjettTiltakForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BudsjettTiltak
        fields = [
            "tittel",
            "skildring",
            "ansvarleg_eining",
            "maal",
            "strategiar",
            "fra_aar",
            "prioritet",
            "vedtak",
        ]
        widgets = {"skildring": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, einingar, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["ansvarleg_eining"].queryset = einingar.order_by("path")
        self.fields["ansvarleg_eining"].label_from_instance = lambda e: (
            "\u00a0\u00a0" * (e.depth - 1) + e.namn
        )
        self.fields["fra_aar"] = forms.TypedChoiceField(
            label=_("Starts in"),
            # a rolled, ongoing measure keeps its own (earlier) start year
            choices=[
                (a, a)
                for a in sorted({*plan.periode, *([self.instance.fra_aar] if self.instance.fra_aar else [])})
            ],
            coerce=int,
            initial=self.instance.fra_aar or plan.forste_aar,
            help_text=self.fields["fra_aar"].help_text,
            widget=forms.Select(attrs={"class": "ds-input"}),
        )
        _maal_og_strategiar(self.fields)
        effektar = {e.aar: e.belop for e in self.instance.effektar.all()} if self.instance.pk else {}
        for aar in plan.periode:
            self.fields[f"effekt_{aar}"] = _kronerfelt(
                _("Effect %(aar)s (NOK)") % {"aar": aar}, effektar.get(aar)
            )

    def effekt_felt(self):
        return [self[f"effekt_{aar}"] for aar in self.plan.periode]

    def effektar(self):
        return {aar: self.cleaned_data.get(f"effekt_{aar}") for aar in self.plan.periode}

    def clean(self):
        data = super().clean()
        if not data.get("maal") and not data.get("strategiar"):
            raise ValidationError(_("Link the measure to at least one goal or strategy."))
        return data


class VerbalpunktForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verbalpunkt
        fields = ["nummer", "tekst", "parti", "ansvarleg_sektor", "maal"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.okonomiplan = plan
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)
        _maal_og_strategiar(self.fields)

    def clean_nummer(self):
        nr = self.cleaned_data["nummer"]
        if self.instance.okonomiplan.verbalpunkt.filter(nummer=nr).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Worded order %(nr)s already exists in this plan.") % {"nr": nr})
        return nr


class VedtaForm(DsFormMixin, forms.Form):
    dato = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    saksnummer = forms.CharField(
        label=_("Case number"), max_length=50, help_text=_("For example PS 120/2025.")
    )


class BudsjettendringForm(DsFormMixin, forms.Form):
    dato = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    saksnummer = forms.CharField(label=_("Case number"), max_length=50)
    skildring = forms.CharField(label=_("What changes and why"), widget=forms.Textarea(attrs={"rows": 3}))
    prioriter = forms.ModelMultipleChoiceField(
        label=_("Prioritise these measures"), queryset=BudsjettTiltak.objects.none(), required=False
    )
    avprioriter = forms.ModelMultipleChoiceField(
        label=_("No longer prioritise these measures (their assignments are cancelled)"),
        queryset=BudsjettTiltak.objects.none(),
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prioriter"].queryset = plan.tiltak.exclude(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
        self.fields["avprioriter"].queryset = plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
        for f in ("prioriter", "avprioriter"):
            self.fields[f].widget.attrs["size"] = 8


class MaaloppfolgingForm(DsFormMixin, forms.Form):
    maal = forms.ModelMultipleChoiceField(label=_("Goals"), queryset=Maal.objects.none(), required=False)
    strategiar = forms.ModelMultipleChoiceField(
        label=_("Strategies"), queryset=Strategi.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _maal_og_strategiar(self.fields)
