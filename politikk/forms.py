from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.belop import BelopField
from alver.lib.belop import Eining as BelopEining
from alver.lib.fleirval import Fleirval
from alver.lib.forms import DsFormMixin, stor_forbokstav
from alver.lib.sortering import norsk
from alver.models import Eining, User
from alver.permissions import Rolle
from budget.models import Budsjettlinje, BudsjettTiltak

from .models import Budsjettforslag, Forslagstiltak, Forslagsverbalpunkt, Gruppe

SOM_UTKASTET = ""
VAL = [
    (SOM_UTKASTET, _("as in the draft")),
    (Forslagstiltak.Vedtak.PRIORITERT, _("prioritise")),
    (Forslagstiltak.Vedtak.IKKJE_PRIORITERT, _("do not prioritise")),
]


class NyttForslagForm(DsFormMixin, forms.Form):
    tittel = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example «Alternative budget 2027».")
    )
    gruppe = forms.ModelChoiceField(label=_("Group"), queryset=Gruppe.objects.none(), empty_label=None)

    def __init__(self, *args, grupper, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["gruppe"].queryset = grupper

    def clean(self):
        d = super().clean()
        if (
            d.get("gruppe")
            and d.get("tittel")
            and Budsjettforslag.objects.filter(
                okonomiplan=self.plan, gruppe=d["gruppe"], tittel__iexact=d["tittel"].strip()
            ).exists()
        ):
            self.add_error("tittel", _("The group already has a proposal with this title."))
        return d


class ForslagForm(forms.Form):
    """The proposal as a grid over the draft: each tiltak's decision and amounts, the sectors'
    frames and the main overview's lines as changes per year, and new tiltak. Amounts in the unit
    the user chose; only what differs from the draft is stored."""

    NYE = 2
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, forslag, tiltak, sektorar, eining=BelopEining.KRONER, **kwargs):
        super().__init__(*args, **kwargs)
        self.forslag, self.plan, self.eining = forslag, forslag.okonomiplan, eining
        self.tiltak, self.sektorar = tiltak, sektorar
        self.fields["versjon"].initial = forslag.versjon
        eigne = {f.budsjetttiltak_id: f for f in forslag.tiltak.all() if f.budsjetttiltak_id}
        endringar = {(e.sektor_id, e.art, e.aar): e.belop for e in forslag.endringar.all()}
        self.tiltaksrader = []
        for t in tiltak:
            f = eigne.get(t.pk)
            effekt = {e.aar: e.belop for e in t.effektar.all()}
            if f and f.effektar:
                effekt = {int(a): kr for a, kr in f.effektar.items()}
            namn = f"t_{t.pk}"
            self.fields[namn] = forms.ChoiceField(
                label=_("Decision for %(t)s") % {"t": t.tittel},
                choices=stor_forbokstav(VAL),
                required=False,
                initial=f.vedtak if f else "",
            )
            self.fields[namn].widget.attrs.update(
                {"class": "ds-input smalval", "aria-label": self.fields[namn].label}
            )
            self.tiltaksrader.append(
                {
                    "tiltak": t,
                    "val": self[namn],
                    "endra": f is not None,
                    "celler": self._celler(namn, t.tittel, effekt),
                }
            )
        self.rammerader = [
            {
                "sektor": s,
                "celler": self._celler(
                    f"r_{s.pk}", s.namn, {a: endringar.get((s.pk, "", a)) for a in self.plan.periode}
                ),
            }
            for s in sektorar
        ]
        self.linjerader = [
            {
                "namn": namn,
                "celler": self._celler(
                    f"l_{art}", str(namn), {a: endringar.get((None, art, a)) for a in self.plan.periode}
                ),
            }
            for art, namn in Budsjettlinje.Art.choices
        ]
        self.nye = []
        eigne_nye = [f for f in forslag.tiltak.all() if not f.budsjetttiltak_id]
        for i in range(len(eigne_nye) + self.NYE):
            f = eigne_nye[i] if i < len(eigne_nye) else None
            p = f"n_{i}"
            self.fields[f"{p}_tittel"] = forms.CharField(
                label=_("Title of new measure %(n)s") % {"n": i + 1},
                max_length=500,
                required=False,
                initial=f.tittel if f else "",
            )
            self.fields[f"{p}_eining"] = forms.ModelChoiceField(
                label=_("Sector of new measure %(n)s") % {"n": i + 1},
                queryset=Eining.objects.aktive().filter(type=Eining.Type.SEKTOR),
                required=False,
                initial=f.ansvarleg_eining_id if f else None,
            )
            self.fields[f"{p}_type"] = forms.ChoiceField(
                label=_("Kind of new measure %(n)s") % {"n": i + 1},
                choices=BudsjettTiltak.Type.choices,
                required=False,
                initial=f.type if f else BudsjettTiltak.Type.DRIFT,
            )
            for felt, klasse in (("tittel", "smaltittel"), ("eining", "smalval"), ("type", "smalval")):
                self.fields[f"{p}_{felt}"].widget.attrs.update(
                    {"class": f"ds-input {klasse}", "aria-label": self.fields[f"{p}_{felt}"].label}
                )
            self.nye.append(
                {
                    "tittel": self[f"{p}_tittel"],
                    "eining": self[f"{p}_eining"],
                    "type": self[f"{p}_type"],
                    "celler": self._celler(
                        p,
                        _("new measure %(n)s") % {"n": i + 1},
                        {int(a): kr for a, kr in f.effektar.items()} if f else {},
                    ),
                }
            )

    def _celler(self, prefiks, namn, belop):
        celler = []
        for aar in self.plan.periode:
            felt = f"{prefiks}_{aar}"
            self.fields[felt] = BelopField(
                label=f"{namn} {aar}", required=False, initial=belop.get(aar), eining=self.eining
            )
            self.fields[felt].widget.attrs.update({"size": 10, "aria-label": self.fields[felt].label})
            celler.append(self[felt])
        return celler

    def _belop(self, prefiks):
        return {a: self.cleaned_data.get(f"{prefiks}_{a}") for a in self.plan.periode}

    def clean(self):
        d = super().clean()
        for i in range(len(self.nye)):
            p = f"n_{i}"
            har_belop = any(v is not None for v in self._belop(p).values())
            if (d.get(f"{p}_tittel") or har_belop) and not d.get(f"{p}_eining"):
                self.add_error(f"{p}_eining", _("Choose the sector of the new measure."))
            if har_belop and not (d.get(f"{p}_tittel") or "").strip():
                self.add_error(f"{p}_tittel", _("Give the new measure a title."))
        return d

    def endringar(self):
        """The shape `services.lagre_endringar` and `services.rekn` take."""
        tiltak = {}
        for rad in self.tiltaksrader:
            t = rad["tiltak"]
            val = self.cleaned_data.get(f"t_{t.pk}") or SOM_UTKASTET
            # amounts the page did not send (a script posting only a decision) are the draft's
            if any(f"t_{t.pk}_{a}" in self.data for a in self.plan.periode):
                belop = {a: kr for a, kr in self._belop(f"t_{t.pk}").items() if kr is not None}
            else:
                belop = None
            tiltak[t.pk] = (val, belop)
        rammer = {
            rad["sektor"].pk: {a: kr for a, kr in self._belop(f"r_{rad['sektor'].pk}").items() if kr}
            for rad in self.rammerader
        }
        linjer = {
            art: {a: kr for a, kr in self._belop(f"l_{art}").items() if kr}
            for art in Budsjettlinje.Art.values
        }
        nye = []
        for i in range(len(self.nye)):
            p = f"n_{i}"
            tittel = (self.cleaned_data.get(f"{p}_tittel") or "").strip()
            if not tittel:
                continue
            eining = self.cleaned_data.get(f"{p}_eining")
            nye.append(
                (
                    self.cleaned_data.get(f"{p}_type") or BudsjettTiltak.Type.DRIFT,
                    Forslagstiltak.Vedtak.PRIORITERT,
                    {a: kr for a, kr in self._belop(p).items() if kr is not None},
                    tittel,
                    eining.pk if eining else None,
                )
            )
        return {
            "tiltak": tiltak,
            "nye": nye,
            "rammer": {k: v for k, v in rammer.items() if v},
            "linjer": {k: v for k, v in linjer.items() if v},
        }


class ForslagVerbalpunktForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = Forslagsverbalpunkt
        fields = ["nummer", "overskrift", "tekst", "ansvarleg_sektor"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, forslag, **kwargs):
        super().__init__(*args, **kwargs)
        self.forslag = forslag
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)

    def clean_nummer(self):
        nr = self.cleaned_data["nummer"].strip()
        if self.forslag.verbalpunkt.filter(nummer=nr).exists():
            raise ValidationError(_("Verbal resolution %(nr)s is already in the proposal.") % {"nr": nr})
        return nr


class GruppeForm(DsFormMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Gruppe
        fields = ["namn", "medlemmer", "aktiv"]
        widgets = {"medlemmer": Fleirval}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["versjon"].initial = self.instance.versjon
        # members are politicians: the users in the politician role
        self.fields["medlemmer"].queryset = User.objects.filter(
            groups__name=Rolle.POLITIKAR, is_active=True
        ).order_by(norsk("namn"))
        self.fields["medlemmer"].help_text = _(
            "Only politicians can be members; they write the group's proposals."
        )

    def clean_namn(self):
        namn = self.cleaned_data["namn"].strip()
        if Gruppe.objects.filter(namn__iexact=namn).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("There is already a group named %(namn)s.") % {"namn": namn})
        return namn


class VedtaForslagForm(DsFormMixin, forms.Form):
    saksnummer = forms.CharField(
        label=_("Case number"), max_length=50, help_text=_("For example PS 118/2026.")
    )
    dato = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    som = forms.ChoiceField(
        label=_("Adopted as"),
        choices=[
            ("heile", _("the budget as a whole: the plan is adopted from this proposal")),
            ("endring", _("an amendment to the draft: the plan is adopted later, with its other amendments")),
        ],
        widget=forms.RadioSelect,
        initial="heile",
    )
