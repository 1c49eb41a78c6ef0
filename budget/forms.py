from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alver.lib.belop import BelopField, eining_felt, vis_i_eining
from alver.lib.belop import Eining as BelopEining
from alver.lib.fleirval import Fleirval
from alver.lib.forms import DsFormMixin, stor_forbokstav
from alver.lib.importering import sjekk_storleik
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining
from plans.models import Maal, Plan, Strategi

from .models import Budsjettlinje, BudsjettTiltak, Mote, Okonomiplan, Organ, Sakstype, Vedtak, Verbalpunkt
from .saksnummer import nokkel

# goals and strategies are checkbox lists: a multiple select loses the choice on one stray key
MAALVAL = {"maal": Fleirval, "strategiar": Fleirval}


class MoteForm(DsFormMixin, forms.ModelForm):
    protokoll_url = forms.URLField(
        label=_("Link to the minutes"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Mote
        fields = ["organ", "dato", "nummer", "protokoll_url"]
        widgets = {"dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # an inactive body stays on the meetings it had, but is not offered for new ones
        aktive = Q(aktiv=True) | Q(pk=self.instance.organ_id) if self.instance.pk else Q(aktiv=True)
        self.fields["organ"].queryset = Organ.objects.filter(aktive)

    def clean(self):
        data = super().clean()
        finst = Mote.objects.filter(
            organ=data.get("organ"), dato=data.get("dato"), nummer=data.get("nummer", "")
        ).exclude(pk=self.instance.pk)
        if data.get("organ") and data.get("dato") and finst.exists():
            raise ValidationError(
                _("%(organ)s already has a meeting on that date. Add the cases to that meeting."),
                params={"organ": data["organ"]},
                code="finst",
            )
        return data

    def validate_unique(self):
        pass  # clean() says it in words the user understands, with where to go instead


class MoteEndreForm(VersjonMixin, MoteForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(MoteForm.Meta):
        pass


GIR_OPPDRAG_VAL = [
    ("", _("As the case type says")),
    ("ja", _("Yes")),
    ("nei", _("No")),
]


class SakForm(DsFormMixin, forms.ModelForm):
    """One row of a meeting's case list. «Gives assignments» follows the case type unless the
    user says otherwise; only then is a responsible sector required."""

    gir_oppdrag = forms.ChoiceField(label=_("Gives assignments"), choices=GIR_OPPDRAG_VAL, required=False)

    class Meta:
        model = Vedtak
        fields = [
            "saksnummer",
            "tittel",
            "sakstype",
            "gir_oppdrag",
            "ansvarleg_sektor",
            "frist",
            "arkivsak",
            "tekst",
            "type",
            "skjerming",
            "heimel",
            "offentleg_tittel",
        ]
        widgets = {
            "tekst": forms.Textarea(attrs={"rows": 2}),
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, sakstypar=None, sektorar=None, **kwargs):
        super().__init__(*args, **kwargs)
        sakstypar = sakstypar if sakstypar is not None else list(Sakstype.objects.filter(aktiv=True))
        self.sakstypar = {st.pk: st for st in sakstypar}
        self.fields["sakstype"].queryset = Sakstype.objects.filter(aktiv=True)
        # the choices are read once per page, not once per row
        self.fields["sakstype"].choices = [(st.pk, st.namn) for st in sakstypar]
        standard = next((st for st in sakstypar if st.prefiks == "PS"), sakstypar[0] if sakstypar else None)
        # an untouched row must compare equal to its initial values, so it counts as empty
        self.initial.setdefault("sakstype", None)
        if not self.initial["sakstype"]:
            self.initial["sakstype"] = standard.pk if standard else None
        self.initial["gir_oppdrag"] = (
            "" if not self.instance.pk else ("ja" if self.instance.gir_oppdrag else "nei")
        )
        self.fields["sakstype"].empty_label = None
        sektorar = (
            sektorar
            if sektorar is not None
            else list(Eining.objects.aktive().filter(type=Eining.Type.SEKTOR))
        )
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.filter(type=Eining.Type.SEKTOR)
        self.fields["ansvarleg_sektor"].choices = [("", "---------")] + [(e.pk, str(e)) for e in sektorar]
        self.fields["ansvarleg_sektor"].help_text = _("Needed when the case gives assignments.")

    def clean_sakstype(self):
        st = self.cleaned_data["sakstype"]
        return self.sakstypar.get(st.pk, st)

    def clean(self):
        data = super().clean()
        st = data.get("sakstype")
        val = data.get("gir_oppdrag")
        data["gir_oppdrag"] = {"ja": True, "nei": False}.get(val, bool(st and st.gir_oppdrag))
        if data["gir_oppdrag"] and not data.get("ansvarleg_sektor") and "ansvarleg_sektor" not in self.errors:
            self.add_error("ansvarleg_sektor", _("A case that gives assignments needs a responsible sector."))
        if data.get("skjerming") and not data.get("offentleg_tittel") and "offentleg_tittel" in self.fields:
            data["offentleg_tittel"] = ""
        return data

    def validate_unique(self):
        pass  # across meetings, by the service (the key compares «PS 024/2020» with «PS 24/20»)


class BaseSakFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, kreve_ei=False, **kwargs):
        self.kreve_ei = kreve_ei
        sakstypar = list(Sakstype.objects.filter(aktiv=True))
        sektorar = list(Eining.objects.aktive().filter(type=Eining.Type.SEKTOR))
        kwargs.setdefault("form_kwargs", {}).update(sakstypar=sakstypar, sektorar=sektorar)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        fylte = [f for f in self.forms if f.has_changed() and hasattr(f, "cleaned_data")]
        if self.kreve_ei and not fylte:
            raise forms.ValidationError(_("Enter at least one case."))
        # rows whose case number failed its own check have none here: they are not duplicates
        med_nummer = [f for f in fylte if f.cleaned_data.get("saksnummer")]
        nokklar = [nokkel(f.cleaned_data["saksnummer"]) for f in med_nummer]
        dobbel = sorted(
            {
                f.cleaned_data["saksnummer"]
                for f, k in zip(med_nummer, nokklar, strict=True)
                if nokklar.count(k) > 1
            }
        )
        if dobbel:
            raise forms.ValidationError(
                _("Each case number may appear once in a meeting: %(nr)s."), params={"nr": ", ".join(dobbel)}
            )

    def saker(self):
        """The filled rows as the service takes them."""
        return [
            {k: v for k, v in f.cleaned_data.items() if k not in {"id", "DELETE"}}
            for f in self.forms
            if f.has_changed()
        ]


SakFormSet = forms.modelformset_factory(
    Vedtak, form=SakForm, formset=BaseSakFormSet, extra=5, max_num=200, validate_max=True
)


class VedtakEndreForm(DsFormMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Vedtak
        fields = [
            "saksnummer",
            "tittel",
            "sakstype",
            "gir_oppdrag",
            "tekst",
            "type",
            "ansvarleg_sektor",
            "frist",
            "arkivsak",
            "maal",
            "strategiar",
            "skjerming",
            "heimel",
            "offentleg_tittel",
        ]
        widgets = {
            "tekst": forms.Textarea(attrs={"rows": 4}),
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **MAALVAL,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon
        self.fields["sakstype"].queryset = Sakstype.objects.filter(
            Q(aktiv=True) | Q(pk=self.instance.sakstype_id)
        )
        self.fields["sakstype"].empty_label = None
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)
        _maal_og_strategiar(self.fields)

    def clean(self):
        data = super().clean()
        if (
            data.get("gir_oppdrag")
            and not data.get("ansvarleg_sektor")
            and not self.instance.punkt.gjeldande().exists()
        ):
            self.add_error("ansvarleg_sektor", _("A case that gives assignments needs a responsible sector."))
        return data

    def validate_unique(self):
        pass  # by the service, across the body's meetings


class PunktForm(DsFormMixin, forms.Form):
    nummer = forms.CharField(label=_("Point"), max_length=20)
    tekst = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    ansvarleg_sektor = forms.ModelChoiceField(label=_("Responsible sector"), queryset=Eining.objects.none())
    frist = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, sektorar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)


class BasePunktFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        nummer = [
            f.cleaned_data["nummer"] for f in self.forms if f.has_changed() and f.cleaned_data.get("nummer")
        ]
        if len(nummer) != len(set(nummer)):
            raise forms.ValidationError(_("Each point number may appear once."))

    def punkt(self):
        """Every point on the form (kept ones too), except those marked for removal."""
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data.get("nummer") and not f.cleaned_data.get("DELETE")
        ]


PunktFormSet = forms.formset_factory(
    PunktForm, formset=BasePunktFormSet, extra=3, max_num=100, validate_max=True, can_delete=True
)


class FeilregistrerForm(DsFormMixin, forms.Form):
    grunn = forms.CharField(
        label=_("Why was it entered by mistake?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class VedtakSokForm(DsFormMixin, forms.Form):
    """The filters of /vedtak/ (GET): every field optional, wrong values ignored."""

    q = forms.CharField(label=_("Case number, archive case or words"), required=False, max_length=200)
    organ = forms.ModelChoiceField(label=_("Body"), queryset=Organ.objects.all(), required=False)
    fra = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    til = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    gir_oppdrag = forms.ChoiceField(
        label=_("Gives assignments"),
        required=False,
        choices=[("", _("All cases")), ("ja", _("Gives assignments")), ("nei", _("Gives no assignments"))],
    )


class TrekkForm(DsFormMixin, forms.Form):
    grunn = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


def _maal_og_strategiar(felt):
    """Goals and strategies as checkbox lists grouped under their plan and goal (one query each)."""
    felt["maal"].queryset = (
        Maal.objects.til_kopling().select_related("plan").order_by("plan", "rekkjefolgje", "pk")
    )
    felt["maal"].label_from_instance = lambda m: m.tittel
    felt["maal"].widget.gruppe = lambda m: m.plan
    if "strategiar" in felt:
        # a strategy may belong to a goal or to the whole plan
        felt["strategiar"].queryset = Strategi.objects.filter(
            plan__status=Plan.Status.VEDTATT
        ).select_related("plan", "maal")
        felt["strategiar"].label_from_instance = lambda st: st.tittel
        felt["strategiar"].widget.gruppe = lambda st: (
            f"{st.plan}: {st.maal.tittel}" if st.maal_id else str(st.plan)
        )


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
        aar, fra = data.get("forste_aar"), data.get("fra")
        if aar and Okonomiplan.objects.filter(forste_aar=aar).exists():
            self.add_error(
                "forste_aar", _("There is already an economic plan starting in %(aar)s.") % {"aar": aar}
            )
        elif aar and fra and fra.forste_aar != aar - 1:
            self.add_error(
                "fra",
                _(
                    "Roll from the plan of the period before (starting in %(forrige)s), or start an empty plan."
                )
                % {"forrige": aar - 1},
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


class EttersynForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    """The dates of the political handling: formannskapet's recommendation, its public
    inspection and the council meeting (kommunelova § 14-3: at least 14 days between)."""

    versjon = forms.IntegerField(widget=forms.HiddenInput)
    DAGAR = 14

    class Meta:
        model = Okonomiplan
        fields = ["innstilling_dato", "ettersyn_fra", "kommunestyre_dato"]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("innstilling_dato", "ettersyn_fra", "kommunestyre_dato")
        }

    def clean(self):
        d = super().clean()
        innstilling, fra, mote = d.get("innstilling_dato"), d.get("ettersyn_fra"), d.get("kommunestyre_dato")
        if innstilling and fra and fra < innstilling:
            self.add_error("ettersyn_fra", _("The recommendation cannot be laid out before it is made."))
        if fra and mote and (mote - fra).days < self.DAGAR:
            self.add_error(
                "ettersyn_fra",
                _(
                    "The recommendation must lie out for public inspection at least 14 days before the "
                    "council treats it (kommunelova § 14-3); from this date it lies out %(n)s days."
                )
                % {"n": max((mote - fra).days, 0)},
            )
        return d


class RammeForm(forms.Form):
    """The rammer grid: drift and investering per unit and year, Norwegian number format."""

    def __init__(self, *args, plan, einingar, eining=BelopEining.KRONER, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.einingar, self.eining = plan, einingar, eining
        finst = {(r.eining_id, r.aar): r for r in plan.rammer.filter(eining__in=[e.pk for e in einingar])}
        # the stored frames of the units shown, summed per year (a sector's own frame and its
        # units' add up), in the unit
        self.summar = [
            vis_i_eining(sum(getattr(r, felt) for (_e, a), r in finst.items() if a == aar), eining)
            for aar in plan.periode
            for felt in ("drift", "investering")
        ]
        # (unit, [(field name, stored amount, label)]); the fields themselves only for a posted
        # grid, which they check: a sector's grid has hundreds of cells, and building a field per
        # cell was a third of showing it
        self._rader = []
        for e in einingar:
            celler = []
            for aar in plan.periode:
                r = finst.get((e.pk, aar))
                for kind, label in (("d", _("operating")), ("i", _("investment"))):
                    verdi = (r.drift if kind == "d" else r.investering) if r else None
                    celler.append((f"r_{e.pk}_{aar}_{kind}", verdi, f"{e.namn} {aar} {label}"))
            self._rader.append((e, celler))
        if self.is_bound:
            for _e, celler in self._rader:
                for namn, verdi, label in celler:
                    self.fields[namn] = BelopField(
                        label=label, required=False, initial=verdi, min_value=0, eining=eining
                    )
        self._vis = BelopField(eining=eining).widget
        self.inputmode = self._vis.attrs["inputmode"]
        # the frames the page showed, posted back with it: only those can be taken away by
        # emptying their cells, so a page loaded before an import or another user's save
        # leaves the frames made since alone
        self.vist = (
            self.data.get(self.add_prefix("vist"), "")
            if self.is_bound
            else " ".join(f"{e}-{a}" for e, a in sorted(finst))
        )
        self._vist = set()
        for k in str(self.vist).split():
            e, _s, a = k.partition("-")
            if e.isdigit() and a.isdigit():
                self._vist.add((int(e), int(a)))

    @property
    def rader(self):
        """[(unit, [cell])] for the template, which writes each cell's input itself: a grid of a
        large kommune has thousands of cells, and a widget template per cell made the page
        many times slower than the rest of the interface. A cell: its name, the value as typed
        (or the stored amount in the form's unit), its label (the grid shows none per cell; the
        row and column headers say it) and its first error."""
        ut = []
        for e, celler in self._rader:
            rad = []
            for namn, lagra, label in celler:
                if self.is_bound:
                    verdi = self.data.get(self.add_prefix(namn), "")
                    feil = self.errors.get(namn)
                else:
                    verdi, feil = self._vis.format_value(lagra) or "", None
                rad.append({"namn": namn, "verdi": verdi, "label": label, "feil": feil[0] if feil else ""})
            ut.append((e, rad))
        return ut

    def verdiar(self):
        """{(unit id, year): (drift, investering)} for every unit and year with a value in one of
        its two cells."""
        return {k: v for k, v in self._celler().items() if v is not None}

    def tomme(self):
        """The (unit id, year) of the frames the page showed (`vist`) whose two cells were both
        sent empty: no frame there any more, as the grid's guidance says. A cell the request did
        not send, or a frame the page did not show, is left alone."""
        sendt = self.data
        return {
            (e, aar)
            for (e, aar), v in self._celler().items()
            if v is None
            and (e, aar) in self._vist
            and self.add_prefix(f"r_{e}_{aar}_d") in sendt
            and self.add_prefix(f"r_{e}_{aar}_i") in sendt
        }

    def _celler(self):
        d = self.cleaned_data
        ut = {}
        for e in self.einingar:
            for aar in self.plan.periode:
                drift, inv = d.get(f"r_{e.pk}_{aar}_d"), d.get(f"r_{e.pk}_{aar}_i")
                ut[(e.pk, aar)] = None if drift is None and inv is None else (drift or 0, inv or 0)
        return ut


class LinjeForm(forms.Form):
    """The main overview's own lines as a grid: each line's title and amount per year (emptied:
    no amount that year; «remove» takes the line away), a few empty rows for new lines, and the
    financial target. The plan's version guards the whole grid."""

    NYE = 3

    versjon = forms.IntegerField(widget=forms.HiddenInput)
    maal_driftsresultat = forms.DecimalField(
        label=_("Target for net operating result (per cent of income)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("The council's financial target (kommunelova § 14-2), for example 1,75."),
    )

    def __init__(self, *args, plan, eining=BelopEining.KRONER, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.eining = plan, eining
        self.fields["versjon"].initial = plan.versjon
        self.fields["maal_driftsresultat"].initial = plan.maal_driftsresultat
        self.fields["maal_driftsresultat"].widget.attrs.update(
            {"class": "ds-input", "inputmode": "decimal", "size": 6}
        )
        self.linjer = list(plan.linjer.prefetch_related("belop"))
        self.grupper = []
        for art, namn in Budsjettlinje.Art.choices:
            rader = []
            for linje in (x for x in self.linjer if x.art == art):
                belop = {b.aar: b.belop for b in linje.belop.all()}
                self.fields[f"l_{linje.pk}_tittel"] = forms.CharField(
                    label=_("Title"), max_length=200, initial=linje.tittel
                )
                self.fields[f"l_{linje.pk}_tittel"].widget.attrs.update(
                    {
                        "class": "ds-input linjetittel",
                        "aria-label": _("Title of %(linje)s") % {"linje": linje.tittel},
                    }
                )
                rader.append(
                    {
                        "tittel": self[f"l_{linje.pk}_tittel"],
                        "celler": self._celler(f"l_{linje.pk}", linje.tittel, belop),
                        "fjern": self._fjern(linje),
                    }
                )
            self.grupper.append({"art": art, "namn": namn, "rader": rader})
        self.nye = []
        for i in range(self.NYE):
            self.fields[f"n_{i}_art"] = forms.ChoiceField(
                label=_("Kind of new line %(n)s") % {"n": i + 1},
                choices=[("", "—"), *stor_forbokstav(Budsjettlinje.Art.choices)],
                required=False,
            )
            self.fields[f"n_{i}_tittel"] = forms.CharField(
                label=_("Title of new line %(n)s") % {"n": i + 1}, max_length=200, required=False
            )
            for felt in (f"n_{i}_art", f"n_{i}_tittel"):
                self.fields[felt].widget.attrs.update(
                    {"class": "ds-input", "aria-label": self.fields[felt].label}
                )
            self.nye.append(
                {
                    "art": self[f"n_{i}_art"],
                    "tittel": self[f"n_{i}_tittel"],
                    "celler": self._celler(f"n_{i}", _("new line %(n)s") % {"n": i + 1}, {}),
                }
            )

    def _celler(self, prefiks, namn, belop):
        celler = []
        for aar in self.plan.periode:
            felt = f"{prefiks}_{aar}"
            self.fields[felt] = BelopField(
                label=f"{namn} {aar}", required=False, initial=belop.get(aar), eining=self.eining
            )
            self.fields[felt].widget.attrs.update({"size": 12, "aria-label": self.fields[felt].label})
            celler.append(self[felt])
        return celler

    def _fjern(self, linje):
        namn = f"l_{linje.pk}_fjern"
        self.fields[namn] = forms.BooleanField(
            label=_("Remove %(linje)s") % {"linje": linje.tittel}, required=False
        )
        return self[namn]

    def _belop(self, prefiks):
        return {aar: self.cleaned_data.get(f"{prefiks}_{aar}") for aar in self.plan.periode}

    def clean(self):
        d = super().clean()
        titlar = {}  # (kind, title in lower case) → the field that has it, to refuse a duplicate
        for linje in self.linjer:
            if d.get(f"l_{linje.pk}_fjern"):
                continue
            tittel = (d.get(f"l_{linje.pk}_tittel") or "").strip()
            if (linje.art, tittel.lower()) in titlar:
                self.add_error(
                    f"l_{linje.pk}_tittel", _("There is already a line «%(t)s» of this kind.") % {"t": tittel}
                )
            titlar[(linje.art, tittel.lower())] = f"l_{linje.pk}_tittel"
        for i in range(self.NYE):
            art, tittel = d.get(f"n_{i}_art"), (d.get(f"n_{i}_tittel") or "").strip()
            har_belop = any(v is not None for v in self._belop(f"n_{i}").values())
            if not art:
                if tittel or har_belop:
                    self.add_error(f"n_{i}_art", _("Choose the kind of line."))
                continue
            tittel = tittel or str(Budsjettlinje.Art(art).label).capitalize()
            d[f"n_{i}_tittel"] = tittel
            if (art, tittel.lower()) in titlar:
                self.add_error(
                    f"n_{i}_tittel", _("There is already a line «%(t)s» of this kind.") % {"t": tittel}
                )
            titlar[(art, tittel.lower())] = f"n_{i}_tittel"
        return d

    def endra(self):
        return {
            x.pk: (self.cleaned_data[f"l_{x.pk}_tittel"].strip(), self._belop(f"l_{x.pk}"))
            for x in self.linjer
        }

    def nye_linjer(self):
        return [
            (self.cleaned_data[f"n_{i}_art"], self.cleaned_data[f"n_{i}_tittel"], self._belop(f"n_{i}"))
            for i in range(self.NYE)
            if self.cleaned_data.get(f"n_{i}_art")
        ]

    def fjern(self):
        return [x.pk for x in self.linjer if self.cleaned_data.get(f"l_{x.pk}_fjern")]


class RammeImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("Ledger export (XLSX or CSV)"),
        help_text=_("Columns: eining (unit code), aar (year), drift, investering."),
    )
    eining = eining_felt(help_text=_("The unit of the amounts in the file."))

    def clean_fil(self):
        return sjekk_storleik(self.cleaned_data["fil"])


class BudsjettTiltakForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BudsjettTiltak
        fields = [
            "tittel",
            "type",
            "skildring",
            "ansvarleg_eining",
            "maal",
            "strategiar",
            "fra_aar",
            "prioritet",
            "vedtak",
            "unnateke",
            "heimel",
        ]
        widgets = {"skildring": forms.Textarea(attrs={"rows": 3}), **MAALVAL}

    def __init__(self, *args, plan, einingar, eining=BelopEining.KRONER, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.eining = plan, eining
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
        self.fields["type"].required = False  # operating unless said (a script's post)
        effektar = {e.aar: e.belop for e in self.instance.effektar.all()} if self.instance.pk else {}
        for aar in plan.periode:
            self.fields[f"effekt_{aar}"] = BelopField(
                label=_("Effect %(aar)s (%(eining)s)") % {"aar": aar, "eining": BelopEining(eining).label},
                required=False,
                initial=effektar.get(aar),
                eining=eining,
            )
            self.fields[f"effekt_{aar}"].widget.attrs["size"] = 12

    def clean_type(self):
        return self.cleaned_data.get("type") or BudsjettTiltak.Type.DRIFT

    def effekt_felt(self):
        return [self[f"effekt_{aar}"] for aar in self.plan.periode]

    def effektar(self):
        return {aar: self.cleaned_data.get(f"effekt_{aar}") for aar in self.plan.periode}

    def clean(self):
        data = super().clean()
        inntekt = data.get("type") == BudsjettTiltak.Type.INNTEKT
        if not inntekt and not data.get("maal") and not data.get("strategiar") and "maal" not in self.errors:
            # by the goal list, where the user fixes it, rather than only at the top
            self.add_error("maal", _("Link the measure to at least one goal or strategy."))
        return data


class VerbalpunktForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verbalpunkt
        fields = ["nummer", "overskrift", "tekst", "parti", "status", "ansvarleg_sektor", "maal"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 4}), "maal": Fleirval}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.okonomiplan = plan
        self.fields["ansvarleg_sektor"].queryset = Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)
        _maal_og_strategiar(self.fields)
        self.fields["status"].required = False  # adopted unless said, as the model has it

    def clean_status(self):
        return self.cleaned_data.get("status") or Verbalpunkt.Status.VEDTEKE

    def clean_nummer(self):
        nr = self.cleaned_data["nummer"].strip()
        if self.instance.okonomiplan.verbalpunkt.filter(nummer=nr).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Verbal resolution %(nr)s already exists in this plan.") % {"nr": nr})
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
    maal = forms.ModelMultipleChoiceField(
        label=_("Goals"), queryset=Maal.objects.none(), required=False, widget=Fleirval
    )
    strategiar = forms.ModelMultipleChoiceField(
        label=_("Strategies"), queryset=Strategi.objects.none(), required=False, widget=Fleirval
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _maal_og_strategiar(self.fields)
