"""Forms of the checklists. Building (HR): a new year's checklist, its deadline, a purpose, a type,
a check point and the import file."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alver.lib import klokke, tal
from alver.lib.fleirval import Fleirval
from alver.lib.forms import DsFormMixin
from alver.lib.samtidig import VersjonMixin
from alver.models import Eining

from .models import Foremaal, Frekvens, Gjeld, Sjekkliste, Sjekkpunkt, Sjekktype

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _etikett(felt):
    return capfirst(Sjekkpunkt._meta.get_field(felt).verbose_name)


def _val(choices):
    return [(v, capfirst(t)) for v, t in choices]


def _hjelp(felt):
    return Sjekkpunkt._meta.get_field(felt).help_text


# --- building the checklist ---------------------------------------------------------------


class NySjekklisteForm(DsFormMixin, forms.Form):
    """A year's checklist: empty, or copied from an earlier year's."""

    aar = forms.IntegerField(
        label=_("Year"),
        min_value=tal.AAR[0],
        max_value=tal.AAR[1],
        error_messages={"required": _("Give the year.")},
    )
    kopier_fra = forms.ModelChoiceField(
        label=_("Copy from"),
        queryset=Sjekkliste.objects.none(),
        required=False,
        empty_label=_("Start empty"),
        help_text=_("The points in force at the end of that year, with their purposes and types."),
    )

    def __init__(self, *args, aar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kopier_fra"].queryset = Sjekkliste.objects.order_by("-aar")
        self.fields["kopier_fra"].label_from_instance = lambda s: str(s.aar)
        if aar is not None:
            # the usual case: next year's checklist starts as a copy of the latest before it
            self.fields["aar"].initial = aar
            self.fields["kopier_fra"].initial = (
                Sjekkliste.objects.filter(aar__lt=aar).order_by("-aar").first()
            )

    def clean(self):
        data = super().clean()
        fra, aar = data.get("kopier_fra"), data.get("aar")
        if fra is not None and aar is not None and fra.aar >= aar:
            self.add_error("kopier_fra", _("Copy from an earlier year."))
        return data


class SjekklisteForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    """The checklist's own settings: the publish deadline."""

    class Meta:
        model = Sjekkliste
        fields = ["frist"]
        widgets = {"frist": DATO}
        help_texts = {"frist": _("When the checklist should be published. A draft past it is flagged.")}
        error_messages = {
            "frist": {"required": _("Give the date."), "invalid": _("Give a date (dd.mm.yyyy).")}
        }


class ForemaalForm(DsFormMixin, forms.Form):
    namn = forms.CharField(
        label=_("New purpose"), max_length=200, error_messages={"required": _("Give the purpose a name.")}
    )


class SjekktypeForm(DsFormMixin, forms.Form):
    foremaal = forms.ModelChoiceField(
        label=_("Under the purpose"),
        queryset=Foremaal.objects.none(),
        error_messages={"required": _("Choose the purpose."), "invalid_choice": _("Choose the purpose.")},
    )
    namn = forms.CharField(
        label=_("New type"), max_length=200, error_messages={"required": _("Give the type a name.")}
    )

    def __init__(self, *args, sjekkliste, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["foremaal"].queryset = sjekkliste.foremaal.all()


class PunktForm(DsFormMixin, VersjonMixin, forms.Form):
    """A check point, new or edited. The «applies to» choice names what it needs: a sector, a kind
    of unit or the units; a point answered once needs its date (in the checklist's year)."""

    sjekktype = forms.ModelChoiceField(
        label=_("Purpose and type"),
        queryset=Sjekktype.objects.none(),
        error_messages={
            "required": _("Choose where the point belongs."),
            "invalid_choice": _("Choose a type."),
        },
    )
    sporsmaal = forms.CharField(
        label=_("Check point (a yes/no question)"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )
    rettleiing = forms.CharField(
        label=_etikett("rettleiing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    heimel = forms.CharField(
        label=_etikett("heimel"), max_length=300, required=False, help_text=_hjelp("heimel")
    )
    frekvens = forms.ChoiceField(
        label=_etikett("frekvens"), choices=_val(Frekvens.choices), initial=Frekvens.MAANAD
    )
    dato = forms.DateField(
        label=_etikett("dato"),
        required=False,
        widget=DATO,
        help_text=_hjelp("dato"),
        error_messages={"invalid": _("Give a date (dd.mm.yyyy).")},
    )
    gjeld = forms.ChoiceField(
        label=_etikett("gjeld"), choices=_val(Gjeld.choices), initial=Gjeld.ALLE, widget=forms.RadioSelect
    )
    sektor = forms.ModelChoiceField(
        label=_etikett("sektor"),
        queryset=Eining.objects.none(),
        required=False,
        help_text=_("When the point applies to a sector's leaders."),
    )
    einingstype = forms.ChoiceField(
        label=_etikett("einingstype"),
        required=False,
        choices=[("", "---------")]
        + _val((v, t) for v, t in Eining.Type.choices if v != Eining.Type.KOMMUNE),
        help_text=_("When the point applies to the leaders of a kind of unit."),
    )
    einingar = forms.ModelMultipleChoiceField(
        label=_etikett("einingar"),
        queryset=Eining.objects.none(),
        required=False,
        widget=Fleirval,
        help_text=_("When the point applies to named units."),
    )

    def __init__(self, *args, sjekkliste, punkt=None, **kwargs):
        self.sjekkliste = sjekkliste
        self.instance = punkt
        if punkt is not None:
            kwargs.setdefault(
                "initial",
                {
                    "sjekktype": punkt.sjekktype_id,
                    "sporsmaal": punkt.sporsmaal,
                    "rettleiing": punkt.rettleiing,
                    "heimel": punkt.heimel,
                    "frekvens": punkt.frekvens,
                    "dato": punkt.dato,
                    "gjeld": punkt.gjeld,
                    "sektor": punkt.sektor_id,
                    "einingstype": punkt.einingstype,
                    "einingar": [e.pk for e in punkt.einingar.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["sjekktype"].queryset = (
            Sjekktype.objects.filter(foremaal__sjekkliste=sjekkliste)
            .select_related("foremaal")
            .order_by("foremaal__rekkjefolgje", "foremaal", "rekkjefolgje", "pk")
        )
        self.fields["sjekktype"].label_from_instance = lambda t: f"{t.foremaal.namn} → {t.namn}"
        aktive = Eining.objects.aktive()
        sektorar = aktive.filter(type=Eining.Type.SEKTOR)
        einingar = aktive.exclude(type=Eining.Type.KOMMUNE)
        if punkt is not None:  # what the point names stays choosable, even if closed since
            if punkt.sektor_id:
                sektorar = sektorar | Eining.objects.filter(pk=punkt.sektor_id)
            einingar = einingar | Eining.objects.filter(pk__in=self.initial.get("einingar", []))
        self.fields["sektor"].queryset = sektorar.distinct()
        self.fields["einingar"].queryset = einingar.distinct()
        self.fields["einingar"].label_from_instance = lambda e: f"{e.namn} ({e.kode})"
        self.fields["einingar"].widget.gruppe = lambda e: capfirst(e.get_type_display())

    def clean(self):
        data = super().clean()
        if data.get("frekvens") == Frekvens.EIN_GONG:
            dato = data.get("dato")
            if dato is None and "dato" not in self.errors:
                self.add_error("dato", _("Give the date of a point answered once."))
            elif dato is not None and dato.year != self.sjekkliste.aar:
                self.add_error("dato", _("The date must be in %(aar)s.") % {"aar": self.sjekkliste.aar})
        gjeld = data.get("gjeld")
        if gjeld == Gjeld.SEKTOR and not data.get("sektor") and "sektor" not in self.errors:
            self.add_error("sektor", _("Choose the sector whose leaders answer."))
        if gjeld == Gjeld.TYPE and not data.get("einingstype") and "einingstype" not in self.errors:
            self.add_error("einingstype", _("Choose the kind of unit whose leaders answer."))
        if gjeld == Gjeld.EININGAR and not data.get("einingar") and "einingar" not in self.errors:
            self.add_error("einingar", _("Choose at least one unit."))
        return data

    def felt(self):
        """The service's keyword arguments."""
        d = self.cleaned_data
        felt = {k: d[k] for k in ("sjekktype", "frekvens", "dato", "gjeld", "sektor")}
        felt.update(
            sporsmaal=" ".join(d["sporsmaal"].split()),
            rettleiing=d["rettleiing"].strip(),
            heimel=d["heimel"].strip(),
            einingstype=d["einingstype"] or "",
            einingar=list(d["einingar"]),
        )
        return felt


class ImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "Columns: Føremål, Type, Sjekkpunkt; optional Rettleiing, Heimel, Frekvens, Dato, Gjeld, "
            "Sektor, Einingstype, Einingar. The export has them all."
        ),
        error_messages={"required": _("Choose a file.")},
    )

    MAKS_STORLEIK = 10 * 1024 * 1024

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > self.MAKS_STORLEIK:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return fil


def neste_aar():
    """The year a new checklist is most likely for: the next one without a checklist."""
    aar = klokke.i_dag().year
    finst = set(Sjekkliste.objects.filter(aar__gte=aar).values_list("aar", flat=True))
    while aar in finst:
        aar += 1
    return aar
