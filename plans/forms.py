from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alver.lib.belop import eining_felt
from alver.lib.desimal import DesimalField
from alver.lib.fleirval import Fleirval
from alver.lib.forms import DsFormMixin
from alver.lib.importering import sjekk_storleik
from alver.lib.kroner import KronerField
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining, User, normaliser_epost

from .grunndata import STANDARD_NIVAA
from .models import Berekraftsmaal, Handlingsplan, Indikator, Maal, Maalnivaa, Plan, Strategi, Tiltak
from .services import maaltre, nivaa_under, sjekk_indikator, sjekk_maalverdiar


class PlanForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "tittel",
            "type",
            "periode_fra",
            "periode_til",
            "status",
            "vedtatt_dato",
            "saksnummer",
            "ansvarleg_eining",
            "overordna",
            "skildring",
            "nummerering",
            "unnateke",
            "heimel",
        ]
        widgets = {
            "vedtatt_dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "skildring": forms.Textarea(attrs={"rows": 4}),
            "nummerering": forms.RadioSelect,
        }

    def __init__(self, *args, einingar, planar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nummerering"].required = False
        # the levels the plan uses, top first: one choice per depth a goal tree may have
        valt = (
            self.instance.nivaaliste()
            if self.instance.pk
            else list(Maalnivaa.objects.filter(kode__in=STANDARD_NIVAA).order_by("rekkjefolgje"))
        )
        # a plan whose imported file brought more levels than the tree is deep keeps them all
        self.tal_nivaa = max(Maal.MAKS_NIVAA, len(valt))
        for i in range(self.tal_nivaa):
            self.fields[f"nivaa_{i + 1}"] = forms.ModelChoiceField(
                queryset=Maalnivaa.objects.all(),
                label=_("Goal level %(n)s") % {"n": i + 1},
                help_text=_("The top level of the goals, e.g. visjon or hovudmål.") if i == 0 else "",
                required=False,
                initial=valt[i] if i < len(valt) else None,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )
        self.fields["ansvarleg_eining"].queryset = einingar
        # the plans the user can see, plus the current link wherever it points, so saving the
        # form never drops a link the user could not have chosen
        planar = (planar | Plan.objects.filter(pk=self.instance.overordna_id)).distinct()
        self.fields["overordna"].queryset = (
            planar.exclude(pk=self.instance.pk) if self.instance.pk else planar
        )

    def clean_nummerering(self):
        # a form posted without the choice (older clients, scripts) keeps what the plan has
        return self.cleaned_data.get("nummerering") or self.instance.nummerering

    def clean_overordna(self):
        overordna = self.cleaned_data.get("overordna")
        p, sett = overordna, set()
        while p is not None and p.pk not in sett:
            if self.instance.pk and p.pk == self.instance.pk:
                raise ValidationError(_("Plans cannot follow each other up in a circle."))
            sett.add(p.pk)
            p = p.overordna
        return overordna

    def clean(self):
        data = super().clean()
        if data.get("periode_til") is not None and data.get("periode_fra") is None:
            self.add_error("periode_fra", _("A period with an end year needs its start year."))
        sett = set()
        for i in range(self.tal_nivaa):
            n = data.get(f"nivaa_{i + 1}")
            if n is not None and n.pk in sett:
                self.add_error(f"nivaa_{i + 1}", _("The plan already uses this level above."))
            elif n is not None:
                sett.add(n.pk)
        return data

    def nivaa(self):
        """The chosen levels in order, gaps closed."""
        return [n for i in range(self.tal_nivaa) if (n := self.cleaned_data.get(f"nivaa_{i + 1}"))]


class MaalForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Maal
        fields = [
            "eige_nummer",
            "maalnivaa",
            "tittel",
            "skildring",
            "parent",
            "folgjer_opp",
            "berekraftsmaal",
            "unnateke",
            "heimel",
        ]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 3}),
            "berekraftsmaal": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, synlege_planar, alle_maal=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan.eiga_nummerering:
            self.fields["eige_nummer"].required = True
            self.fields["eige_nummer"].help_text = _(
                "The number the plan document gives the goal, e.g. 1, 1.2, A or 2a."
            )
        else:
            del self.fields["eige_nummer"]
        nivaaliste = plan.nivaaliste()
        if nivaaliste or self.instance.maalnivaa_id:
            ider = [n.pk for n in nivaaliste] + [self.instance.maalnivaa_id]
            self.fields["maalnivaa"].queryset = Maalnivaa.objects.filter(pk__in=ider)
            self.fields["maalnivaa"].required = True
            if not self.instance.pk:
                self.fields["maalnivaa"].initial = nivaa_under(plan, self.initial.get("parent"), nivaaliste)
        else:
            del self.fields["maalnivaa"]
        self.tre = maaltre(plan)
        tilgjengelege = [m for m in self.tre if m.nivaa < Maal.MAKS_NIVAA and m.pk != self.instance.pk]
        self.fields["parent"].queryset = plan.maal.filter(pk__in=[m.pk for m in tilgjengelege])
        self.nummer_for = {m.pk: m.nummer for m in self.tre}
        self.fields["parent"].label_from_instance = lambda m: f"{self.nummer_for.get(m.pk, '')} {m.tittel}"
        # only goals of plans the user can see; those of plans not adopted only when asked for;
        # and the current link wherever it points, so saving never drops it
        andre = Maal.objects.exclude(plan=plan).filter(plan__in=synlege_planar)
        if not alle_maal:
            andre = andre.til_kopling()
        andre = (andre | Maal.objects.filter(pk=self.instance.folgjer_opp_id)).distinct()
        self.fields["folgjer_opp"].queryset = andre.select_related("plan").order_by(
            "plan__tittel", "rekkjefolgje"
        )
        self.fields["folgjer_opp"].label_from_instance = lambda m: (
            f"{m.plan}: {m.tittel}"
            + ("" if m.plan.status == Plan.Status.VEDTATT else f" ({_('not adopted')})")
        )
        self.fields["berekraftsmaal"].queryset = Berekraftsmaal.objects.all()

    def clean_eige_nummer(self):
        nummer = self.cleaned_data["eige_nummer"].strip().rstrip(".")
        annan = self.plan.maal.filter(eige_nummer=nummer).exclude(pk=self.instance.pk).first()
        if annan is not None:
            raise ValidationError(
                _("The goal «%(tittel)s» already has number %(nr)s in this plan.")
                % {"tittel": annan.tittel, "nr": nummer}
            )
        return nummer

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None or not self.instance.pk:
            return parent
        p = parent
        while p is not None:
            if p.pk == self.instance.pk:
                raise ValidationError(_("A goal cannot be placed under itself."))
            p = p.parent
        # the goal brings its sub-goals along: the deepest of them must stay within three levels
        meg = next(m for m in self.tre if m.pk == self.instance.pk)
        under = [m.nivaa for m in self.tre if m.sti.startswith(meg.sti + ".")]
        hogd = max(under, default=meg.nivaa) - meg.nivaa
        forelder_nivaa = next(m.nivaa for m in self.tre if m.pk == parent.pk)
        if forelder_nivaa + 1 + hogd > Maal.MAKS_NIVAA:
            raise ValidationError(
                _("Goals go at most three levels deep; this goal and its sub-goals do not fit there.")
            )
        return parent


class StrategiForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Strategi
        fields = ["eige_nummer", "tittel", "maal"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        if not plan.eiga_nummerering:
            del self.fields["eige_nummer"]
        nummer = {m.pk: m.nummer for m in maaltre(plan)}
        self.fields["maal"].queryset = plan.maal.all()
        self.fields["maal"].label_from_instance = lambda m: f"{nummer.get(m.pk, '')} {m.tittel}".strip()
        self.fields["maal"].empty_label = _("The whole plan")


class HandlingsplanForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = Handlingsplan
        fields = ["fra_aar", "til_aar"]

    def clean(self):
        data = super().clean()
        if data.get("fra_aar") and data.get("til_aar") and data["til_aar"] < data["fra_aar"]:
            raise ValidationError({"til_aar": _("The period cannot end before it starts.")})
        return data


class TiltakForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    class Meta:
        model = Tiltak
        fields = [
            "tittel",
            "skildring",
            "okonomisk",
            "ansvarleg_eining",
            "status",
            "maal",
            "strategiar",
            "unnateke",
            "heimel",
        ]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 3}),
            "maal": Fleirval,
            "strategiar": Fleirval,
        }

    def __init__(self, *args, handlingsplan, einingar, **kwargs):
        super().__init__(*args, **kwargs)
        self.handlingsplan = handlingsplan
        tre = maaltre(handlingsplan.plan)
        nummer = {m.pk: m.nummer for m in tre}
        self.fields["maal"].queryset = handlingsplan.plan.maal.all()
        self.fields["maal"].label_from_instance = lambda m: f"{nummer.get(m.pk, '')} {m.tittel}"
        self.fields["strategiar"].queryset = Strategi.objects.filter(plan=handlingsplan.plan).select_related(
            "maal"
        )
        self.fields["strategiar"].label_from_instance = lambda s: s.tittel
        # under their goal (or the whole plan); the plan is this one, so the goal's number and title say enough
        self.fields["strategiar"].widget.gruppe = lambda s: (
            f"{nummer.get(s.maal_id, '')} {s.maal.tittel}" if s.maal_id else str(_("The whole plan"))
        )
        self.fields["ansvarleg_eining"].queryset = einingar
        kostnader = {k.aar: k.belop for k in self.instance.kostnader.all()} if self.instance.pk else {}
        for aar in handlingsplan.aar:
            self.fields[f"kostnad_{aar}"] = KronerField(
                label=_("Cost %(aar)s (NOK)") % {"aar": aar},
                required=False,
                initial=kostnader.get(aar),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "ds-input"}),
            )

    def kostnad_felt(self):
        return [self[f"kostnad_{aar}"] for aar in self.handlingsplan.aar]

    def clean(self):
        data = super().clean()
        har_kostnad = any(data.get(f"kostnad_{aar}") for aar in self.handlingsplan.aar)
        if har_kostnad and not data.get("okonomisk"):
            raise ValidationError(
                _("Only an economic measure has costs. Tick «economic» or remove the costs.")
            )
        return data

    def kostnader(self):
        return {
            aar: self.cleaned_data[f"kostnad_{aar}"]
            for aar in self.handlingsplan.aar
            if self.cleaned_data.get(f"kostnad_{aar}") is not None
        }


class RedaktorForm(DsFormMixin, forms.Form):
    epost = forms.EmailField(label=_("E-mail of the person to grant editing"))

    def clean_epost(self):
        epost = normaliser_epost(self.cleaned_data["epost"])
        try:
            self.person = User.objects.get(email=epost, is_active=True)
        except User.DoesNotExist:
            raise ValidationError(_("Nobody in Alver has this e-mail address.")) from None
        return epost


class VedleggForm(DsFormMixin, forms.Form):
    tittel = forms.CharField(label=_("Title"), max_length=300)
    fil = forms.FileField(label=_("File (PDF)"))

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if not fil.name.lower().endswith(".pdf") or not fil.read(5).startswith(b"%PDF"):
            raise ValidationError(_("Upload the document as a PDF file."))
        fil.seek(0)
        if fil.size > 50 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 50 MB."))
        return fil


class PlanImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_fil(self):
        return sjekk_storleik(self.cleaned_data["fil"])


class TiltakImportForm(PlanImportForm):
    eining = eining_felt(help_text=_("The unit of the cost columns, as the document gives them."))


# --- the indicator register and the indicators on goals ----------------------------------


class IndikatorForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    """An indicator of the register. The rules (0–4 decimals, minimum ≤ maximum, an SSB
    indicator's table and variable, targets already set still fitting) are the service's
    `sjekk_indikator`, so the form and every other way in agree; the form shows its messages."""

    minimum = DesimalField(
        label=_("Minimum"),
        required=False,
        help_text=_("Optional. The lowest value the indicator can take, e.g. 0."),
    )
    maksimum = DesimalField(
        label=_("Maximum"),
        required=False,
        help_text=_(
            "Optional. KOSTRA percentages can exceed 100 or be negative: set no bound you do not mean."
        ),
    )
    desimalar = forms.IntegerField(
        label=_("Decimals"),
        help_text=_("How many decimals a value may have (0–4). Values with more are refused, never rounded."),
        error_messages={"invalid": _("Enter a whole number from 0 to 4.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Indikator
        fields = [
            "namn",
            "definisjon",
            "maaleeining",
            "desimalar",
            "retning",
            "minimum",
            "maksimum",
            "frekvens",
            "kjelde",
            "kjelde_tabell",
            "kjelde_variabel",
            "kjelde_merknad",
            "eigar",
        ]
        widgets = {"definisjon": forms.Textarea(attrs={"rows": 3}), "retning": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigar"].queryset = (
            (Eining.objects.aktive() | Eining.objects.filter(pk=self.instance.eigar_id))
            .distinct()
            .order_by("path")
        )
        self.fields["eigar"].help_text = _("The unit that answers for the indicator's values.")
        self.fields["kjelde_tabell"].help_text = _(
            "Required for SSB/KOSTRA: the table number in Statistikkbanken, e.g. 12362."
        )
        self.fields["kjelde_variabel"].help_text = _(
            "Required for SSB/KOSTRA: the table's content code, e.g. KOSAG110000."
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kandidat = Indikator(
            pk=self.instance.pk, **{f: data.get(f) for f in self.Meta.fields if f != "eigar"}
        )
        kandidat.eigar = data.get("eigar")
        for f in ("definisjon", "kjelde_tabell", "kjelde_variabel", "kjelde_merknad"):
            setattr(kandidat, f, getattr(kandidat, f) or "")
        for felt, melding in sjekk_indikator(kandidat).items():
            self.add_error(felt if felt in self.fields else None, melding)
        return data


def _maalaar_felt(form, aar_liste, verdiar):
    for aar in aar_liste:
        form.fields[f"aar_{aar}"] = DesimalField(
            label=_("Target %(aar)s") % {"aar": aar},
            required=False,
            initial=verdiar.get(aar),
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "maalverdi"}
            ),
        )


class MaalverdiarMixin:
    """One optional target field per year (`aar_<year>`), validated by the indicator's rule."""

    def maalverdiar(self):
        return {aar: self.cleaned_data.get(f"aar_{aar}") for aar in self.aar_liste}

    def _sjekk_maalverdiar(self, indikator):
        for felt, melding in sjekk_maalverdiar(indikator, self.maalverdiar()).items():
            self.add_error(felt, melding)


class KoplingForm(DsFormMixin, MaalverdiarMixin, forms.Form):
    """Attach an indicator of the register to a goal, with the plan's targets per year."""

    indikator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indikator.objects.none(),
        help_text=_("Choose from the indicator register."),
    )

    def __init__(self, *args, maal, aar_liste, **kwargs):
        super().__init__(*args, **kwargs)
        self.aar_liste = aar_liste
        # offered: those not attached yet; accepted: any, so the same form sent twice reaches the
        # service, which gives the first link back (and refuses other targets for an attached one)
        qs = Indikator.objects.all()
        if not self.is_bound:
            qs = qs.exclude(pk__in=maal.indikatorar.values("indikator_id"))
        self.fields["indikator"].queryset = qs
        self.fields["indikator"].label_from_instance = lambda i: (
            f"{i.namn} ({i.get_maaleeining_display()}, {i.desimalar} {_('decimals')})"
        )
        _maalaar_felt(self, aar_liste, {})

    def clean(self):
        data = super().clean()
        if data.get("indikator") is not None:
            self._sjekk_maalverdiar(data["indikator"])
        return data


class MaalverdiForm(DsFormMixin, VersjonMixin, MaalverdiarMixin, forms.Form):
    """The targets of an indicator on a goal, per year; an emptied field removes that year's."""

    def __init__(self, *args, kopling, aar_liste, **kwargs):
        super().__init__(*args, **kwargs)
        self.kopling = kopling
        self.fields["versjon"].initial = kopling.versjon
        verdiar = {m.aar: m.verdi for m in kopling.maalverdiar.all()}
        # years that have a target outside the plan's period (the period changed) stay editable
        self.aar_liste = sorted(set(aar_liste) | set(verdiar))
        _maalaar_felt(self, self.aar_liste, verdiar)

    def clean(self):
        data = super().clean()
        self._sjekk_maalverdiar(self.kopling.indikator)
        return data
