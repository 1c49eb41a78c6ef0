"""Forms for indicator targets, nøkkeltal and the sick-leave import: grids of Norwegian
decimal numbers, each cell carrying the version it was built from (conflict detection)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.desimal import DesimalField
from alver.lib.forms import DsFormMixin
from alver.lib.importering import sjekk_storleik
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining
from plans.models import Indikator

from .models import Nokkeltalstype


class Rutenett(forms.Form):
    """A grid: a decimal field per cell (`verdi`) and a hidden version per cell (`v_…`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cellenamn = {}  # key -> (field name, validator)

    def celle(self, key, namn, label, verdi, versjon, valider):
        self.fields[namn] = DesimalField(label=label, initial=verdi, required=False)
        self.fields[namn].widget.attrs.update({"class": "ds-input tal", "size": 8, "aria-label": str(label)})
        self.fields[f"v_{namn}"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=versjon, required=False
        )
        self.cellenamn[key] = (namn, valider)
        return self[namn], self[f"v_{namn}"]

    def clean(self):
        d = super().clean()
        for namn, valider in self.cellenamn.values():
            verdi = d.get(namn)
            if verdi is not None:
                try:
                    valider(verdi)
                except ValidationError as exc:
                    self.add_error(namn, exc)
        return d

    def celler(self):
        """{key: (Decimal or None, version sent)} for the service."""
        d = self.cleaned_data
        return {k: (d.get(n), d.get(f"v_{n}") or 0) for k, (n, _v) in self.cellenamn.items()}

    def vis_konflikt(self, konflikt, namn_for):
        """Tell which cells someone else changed (their value now); the versions move on so
        that saving again is a deliberate choice. `namn_for(key)` names a cell for people."""
        data = self.data.copy()
        for key, (verdiar, versjon) in konflikt.celler.items():
            namn = self.cellenamn[key][0]
            data[f"v_{namn}"] = versjon
            self.add_error(
                namn,
                _("Someone else saved %(celle)s meanwhile: now %(verdi)s. Save again to keep yours.")
                % {"celle": namn_for(key), "verdi": verdiar[0] if verdiar else _("empty")},
            )
        self.data = data

    def vis_ugyldig(self, exc):
        for key, melding in exc.feil.items():
            self.add_error(self.cellenamn[key][0], melding)
        if not exc.feil:
            self.add_error(None, exc.melding)


class IndikatormaalForm(Rutenett):
    def __init__(self, *args, plan, rader, **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = rader
        for r in rader:
            for c in r.celler:
                c.felt, c.versjonfelt = self.celle(
                    (r.indikator.pk, c.aar),
                    f"m_{r.indikator.pk}_{c.aar}",
                    _("Target %(ind)s %(aar)s") % {"ind": r.indikator.namn, "aar": c.aar},
                    c.verdi,
                    c.versjon,
                    r.indikator.valider,
                )


class LeggTilIndikatorForm(DsFormMixin, forms.Form):
    indikator = forms.ModelChoiceField(
        label=_("Indicator from the register"), queryset=Indikator.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args, val, **kwargs):
        super().__init__(*args, **kwargs)
        self.har_val = bool(val)
        self.fields["indikator"].queryset = Indikator.objects.filter(pk__in=[i.pk for i in val])


class NokkeltalplanForm(Rutenett):
    def __init__(self, *args, plan, rader, **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = []
        for t, e, celler in rader:
            felt = [
                self.celle(
                    (t.pk, e.pk, aar),
                    f"p_{t.pk}_{e.pk}_{aar}",
                    _("%(type)s, %(eining)s, %(aar)s") % {"type": t.namn, "eining": e.namn, "aar": aar},
                    rad.verdi if rad else None,
                    rad.versjon if rad else 0,
                    t.valider,
                )
                for aar, rad in celler
            ]
            self.rader.append((t, e, felt))


class NokkeltalverdiForm(Rutenett):
    """The unit's actual figures for a year, each with an optional comment."""

    def __init__(self, *args, typar, finst, **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = []
        for t in typar:
            rad = finst.get(t.pk)
            felt = self.celle(
                t.pk, f"f_{t.pk}", t.namn, rad.verdi if rad else None, rad.versjon if rad else 0, t.valider
            )
            self.fields[f"k_{t.pk}"] = forms.CharField(
                label=_("Comment on %(type)s") % {"type": t.namn},
                max_length=500,
                required=False,
                initial=rad.kommentar if rad else "",
                widget=forms.TextInput(attrs={"class": "ds-input"}),
            )
            self.rader.append((t, felt, self[f"k_{t.pk}"]))

    def celler(self):
        d = self.cleaned_data
        ut = {}
        for k, (verdi, versjon) in super().celler().items():
            kommentar = d.get(f"k_{k}", "").strip()
            ut[k] = ((verdi, kommentar) if verdi is not None or kommentar else None, versjon)
        return ut


class NokkeltalstypeForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Nokkeltalstype
        fields = [
            "namn_nn",
            "namn_nb",
            "namn_en",
            "maaleeining",
            "desimalar",
            "gjeld_for",
            "rekkjefolgje",
            "aktiv",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gjeld_for"].queryset = (
            Eining.objects.aktive().exclude(type=Eining.Type.EINING).order_by("path")
        )
        self.fields["desimalar"].max_value = 4
        self.fields["desimalar"].validators.append(_maks_fire)


def _maks_fire(verdi):
    if verdi > 4:
        raise ValidationError(_("At most 4 decimals."))


class SjukefravaerImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("HR's file (XLSX or CSV)"),
        help_text=_(
            "Columns: eining (unit code), maanad (month, e.g. 2026-03), prosent (sick leave in per cent), "
            "tilsette (number of employees)."
        ),
    )

    def clean_fil(self):
        return sjekk_storleik(self.cleaned_data["fil"])
