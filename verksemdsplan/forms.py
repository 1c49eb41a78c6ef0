from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alver.lib.dato import lang
from alver.lib.desimal import DesimalField, vis_desimal
from alver.lib.fleirval import Fleirval
from alver.lib.forms import DsFormMixin, avgrensa_val
from alver.lib.samtidig import VersjonMixin
from alver.lib.sortering import norsk
from alver.lib.tre import i_subtre, over
from alver.models import Eining, User
from budget.models import Organ
from plans.models import Indikator, Maal, Plan, Strategi

from .models import Kategori, Milepael, Oppdrag

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _personval(felt, gjeldande_pk=None):
    qs = User.objects.filter(is_active=True)
    if gjeldande_pk:
        qs = qs | User.objects.filter(pk=gjeldande_pk)
    felt.queryset = qs.distinct().select_related("eining").order_by(norsk("namn"), "pk")
    felt.label_from_instance = lambda u: f"{u.namn}" + (f" ({u.eining})" if u.eining else "")


def _organval(felt, gjeldande_pk=None):
    qs = Organ.objects.filter(aktiv=True)
    if gjeldande_pk:
        qs = qs | Organ.objects.filter(pk=gjeldande_pk)
    felt.queryset = qs.distinct()


def _berre_ein(form, data, felta, melding):
    """At most one of `felta` may be chosen; the message goes by the second one chosen."""
    valde = [f for f in felta if data.get(f)]
    for f in valde[1:]:
        form.add_error(f, melding)


def _maalval(felt, gjeldande=None):
    """Goals and strategies of adopted plans, plus any already linked (even if no longer open)."""
    maal = Maal.objects.til_kopling()
    # a strategy may belong to a goal or to the whole plan
    strategiar = Strategi.objects.filter(plan__status=Plan.Status.VEDTATT)
    if gjeldande is not None and gjeldande.pk:
        maal = maal | gjeldande.maal.all()
        strategiar = strategiar | gjeldande.strategiar.all()
    felt["maal"].queryset = (
        maal.distinct().select_related("plan").order_by("plan__tittel", "rekkjefolgje", "pk")
    )
    # grouped under their plan and goal, which the queries above bring along
    felt["maal"].label_from_instance = lambda m: m.tittel
    felt["maal"].widget.gruppe = lambda m: m.plan
    felt["strategiar"].queryset = strategiar.distinct().select_related("plan", "maal")
    felt["strategiar"].label_from_instance = lambda s: s.tittel
    felt["strategiar"].widget.gruppe = lambda s: f"{s.plan}: {s.maal.tittel}" if s.maal_id else str(s.plan)


MAALVAL = {"maal": Fleirval, "strategiar": Fleirval}


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
            "kategori",
            "tema",
            "maal",
            "strategiar",
            "unnateke",
            "heimel",
            "startdato",
            "oppdragsgjevar_organ",
            "oppdragsgjevar_person",
            "effektmaal",
            "resultatmaal",
        ]
        widgets = {
            "skildring": forms.Textarea(attrs={"rows": 3}),
            "status_kommentar": forms.Textarea(attrs={"rows": 2}),
            "frist": DATO,
            "startdato": DATO,
            "effektmaal": forms.Textarea(attrs={"rows": 3}),
            "resultatmaal": forms.Textarea(attrs={"rows": 3}),
            **MAALVAL,
        }
        help_texts = {
            "oppdragsgjevar_organ": _("Who gave the assignment: a political body or a person, not both."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versjon"].initial = self.instance.versjon
        _maalval(self.fields, self.instance)
        _organval(self.fields["oppdragsgjevar_organ"], self.instance.oppdragsgjevar_organ_id)
        _personval(self.fields["oppdragsgjevar_person"], self.instance.oppdragsgjevar_person_id)
        # the select lists who usually gives an oppdrag: the leaders of its unit and of those
        # above it (the kommunedirektør among them), not all the kommune's people
        if self.instance.eining_id:
            leiarar = User.objects.filter(
                is_active=True, leia__path__in=over(self.instance.eining, med_seg=True)
            )
            avgrensa_val(
                self,
                "oppdragsgjevar_person",
                leiarar.distinct().select_related("eining").order_by(norsk("namn"), "pk"),
                gjeldande=self.instance.oppdragsgjevar_person_id,
            )
        if self.instance.kjelde_vedtak_id:
            # the title and text come from the decision; they change where the decision changes
            del self.fields["tittel"], self.fields["skildring"]
        if self.instance.kategori.kode in Kategori.PROPAGERTE:
            # a political category follows its source (a decision, a verbalpunkt)
            del self.fields["kategori"]
        else:
            self.fields["kategori"].queryset = Kategori.objects.manuelle()

    def clean(self):
        data = super().clean()
        if data.get("unnateke") and not (data.get("heimel") or "").strip():
            self.add_error(
                "heimel", _("Give the legal basis for the exemption, for example offentleglova § 14.")
            )
        _berre_ein(
            self,
            data,
            ["oppdragsgjevar_organ", "oppdragsgjevar_person"],
            _("Choose either a political body or a person as the one who gave the assignment, not both."),
        )
        start, frist = data.get("startdato"), data.get("frist")
        if start and frist and start > frist:
            self.add_error(
                "startdato",
                _("The start date cannot be after the deadline (%(frist)s).") % {"frist": lang(frist)},
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

    def __init__(self, *args, oppdrag, mottakarar, val=None, **kwargs):
        """`mottakarar`: everyone the oppdrag may go to (what the field accepts); `val`: the
        people the select lists (`services.delegeringsval`), so the page does not grow with
        the unit's subtree. The one a posted form chose is listed too."""
        super().__init__(*args, **kwargs)
        self.oppdrag = oppdrag
        self.fields["til"].queryset = mottakarar.select_related("eining")
        self.fields["til"].label_from_instance = lambda u: (
            f"{u.namn}" + (f" ({u.eining})" if u.eining else "")
        )
        if val is not None:
            avgrensa_val(self, "til", val)

    def clean_frist(self):
        frist = self.cleaned_data.get("frist")
        if frist and self.oppdrag.frist and frist > self.oppdrag.frist:
            raise ValidationError(
                _("The deadline cannot be after the assignment's own deadline (%(frist)s).")
                % {"frist": lang(self.oppdrag.frist)}
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
            **MAALVAL,
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


class MilepaelForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    """A milestone: dated no later than the oppdrag's deadline, with at most one responsible."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Milepael
        fields = ["tittel", "dato", "ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ", "ferdig_dato"]
        widgets = {"dato": DATO, "ferdig_dato": DATO}
        help_texts = {
            "ansvarleg_person": _("Choose at most one responsible: a person, a unit or a political body."),
        }

    def __init__(self, *args, oppdrag, personval=None, **kwargs):
        """`personval`: the people the person select lists (`services.delegeringsval` with the
        owner); the units listed are the oppdrag's own, those above it and those right below.
        Both fields accept anyone and any unit, as before."""
        super().__init__(*args, **kwargs)
        self.oppdrag = oppdrag
        i = self.instance
        _personval(self.fields["ansvarleg_person"], i.ansvarleg_person_id)
        if personval is not None:
            avgrensa_val(self, "ansvarleg_person", personval, gjeldande=i.ansvarleg_person_id)
        einingar = Eining.objects.aktive()
        if i.ansvarleg_eining_id:
            einingar = einingar | Eining.objects.filter(pk=i.ansvarleg_eining_id)
        self.fields["ansvarleg_eining"].queryset = einingar.distinct().order_by("path")
        self.fields["ansvarleg_eining"].label_from_instance = lambda e: (
            "\u00a0\u00a0" * (e.depth - 1) + str(e)
        )
        e = oppdrag.eining
        naere = Eining.objects.aktive().filter(
            Q(path__in=over(e, med_seg=True)) | (i_subtre(e) & Q(depth=e.depth + 1))
        )
        avgrensa_val(self, "ansvarleg_eining", naere.order_by("path"), gjeldande=i.ansvarleg_eining_id)
        _organval(self.fields["ansvarleg_organ"], i.ansvarleg_organ_id)
        if not i.pk:
            # a new milestone is not done yet; «mark done» on the page sets the day
            del self.fields["ferdig_dato"]

    def clean_dato(self):
        dato = self.cleaned_data.get("dato")
        frist = self.oppdrag.frist
        if dato and frist and dato > frist:
            raise ValidationError(
                _("The milestone cannot be after the assignment's deadline (%(frist)s).")
                % {"frist": lang(frist)}
            )
        return dato

    def clean(self):
        data = super().clean()
        _berre_ein(
            self,
            data,
            ["ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ"],
            _("Choose only one responsible: a person, a unit or a political body."),
        )
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
            .order_by(norsk("namn"))
        )
        self.fields["ny_eigar"].label_from_instance = lambda u: (
            u.namn + (f" ({u.eining})" if u.eining else "")
        )

    def clean_grunn(self):
        grunn = self.cleaned_data["grunn"].strip()
        if not grunn:
            raise ValidationError(_("Say why the assignment gets a new owner."))
        return grunn


class PrioritertIndikatorForm(DsFormMixin, forms.Form):
    """Take on an indicator (new: choose it from the register, those on the unit's goals first),
    or change one: the unit's target for the year, who follows it up, a comment."""

    indikator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    maal = DesimalField(
        label=_("The unit's target for the year"),
        required=False,
        help_text=_("Written as 12,5. The indicator's decimals and bounds apply; nothing is rounded."),
    )
    ansvarleg_eining = forms.ModelChoiceField(
        label=_("Follow-up delegated to a unit below"),
        required=False,
        queryset=None,
        help_text=_("Its leader sees the indicator on their own operational plan and Mi side."),
    )
    ansvarleg = forms.ModelChoiceField(
        label=_("Follow-up delegated to a person in the unit"),
        required=False,
        queryset=None,
        help_text=_("Choose a unit or a person, not both. Neither: the unit's leader follows it up."),
    )
    kommentar = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, eining, einingar, folk, tilbod=None, pi=None, **kwargs):
        if pi is not None:
            kwargs.setdefault(
                "initial",
                {
                    "maal": pi.maal,
                    "ansvarleg_eining": pi.ansvarleg_eining_id,
                    "ansvarleg": pi.ansvarleg_id,
                    "kommentar": pi.kommentar,
                    "versjon": pi.versjon,
                },
            )
        super().__init__(*args, **kwargs)
        self.eining, self.pi = eining, pi
        if pi is not None:
            del self.fields["indikator"]
            ind = pi.indikator
            self.fields["maal"].desimalar = ind.desimalar
            self.fields["maal"].help_text = self._grenser(ind)
            # a delegation made earlier stays choosable even if its unit closed or its person moved
            if pi.ansvarleg_eining_id:
                einingar = einingar | Eining.objects.filter(pk=pi.ansvarleg_eining_id)
            if pi.ansvarleg_id:
                folk = folk | User.objects.filter(pk=pi.ansvarleg_id)
        else:
            fyrst, resten = tilbod
            val = [("", "–")]
            if fyrst:
                val.append((_("On the goals this unit works towards"), fyrst))
            if resten:
                val.append(
                    (
                        _("Other indicators in the register") if fyrst else _("Indicators in the register"),
                        resten,
                    )
                )
            self.fields["indikator"].choices = val
        self.fields["ansvarleg_eining"].queryset = einingar.distinct().order_by("path")
        self.fields["ansvarleg_eining"].label_from_instance = lambda e: (
            "\u00a0\u00a0" * max(e.depth - eining.depth - 1, 0) + str(e)
        )
        self.fields["ansvarleg"].queryset = folk.distinct().order_by(norsk("namn"), "pk")
        self.fields["ansvarleg"].label_from_instance = lambda u: u.namn

    @staticmethod
    def _grenser(ind):
        tekst = _("Written as 12,5, with at most %(n)s decimals (%(eining)s, %(retning)s).") % {
            "n": ind.desimalar,
            "eining": ind.get_maaleeining_display(),
            "retning": ind.get_retning_display(),
        }
        if ind.minimum is not None:
            tekst += " " + _("At least %(min)s.") % {"min": vis_desimal(ind.minimum)}
        if ind.maksimum is not None:
            tekst += " " + _("At most %(max)s.") % {"max": vis_desimal(ind.maksimum)}
        return tekst

    def clean_indikator(self):
        ind = Indikator.objects.filter(pk=self.cleaned_data["indikator"]).first()
        if ind is None:
            raise ValidationError(_("Choose an indicator from the list."))
        return ind

    def clean(self):
        data = super().clean()
        _berre_ein(
            self,
            data,
            ["ansvarleg_eining", "ansvarleg"],
            _("Delegate the follow-up to a unit or to a person, not both."),
        )
        ind = self.pi.indikator if self.pi is not None else data.get("indikator")
        if ind is not None and data.get("maal") is not None:
            try:
                ind.valider(data["maal"])
            except ValidationError as exc:
                self.add_error("maal", exc)
        return data
