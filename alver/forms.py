from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from . import auth
from .lib import profil
from .lib.forms import DsFormMixin
from .lib.samtidig import VersjonMixin
from .lib.svg import rens_svg
from .models import Kommuneprofil, User, Varselval, normaliser_epost


class LoginForm(DsFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong."),
        "inactive": _("This account is no longer active."),
        "throttled": _("Too many failed attempts. Wait %(minutt)s minutes and try again."),
    }

    def clean(self):
        email = normaliser_epost(self.cleaned_data.get("username"))
        self.cleaned_data["username"] = email
        if email and not auth.nytt_forsok(self.request, email):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutt": max(1, settings.LOGIN_SPERRE_SEKUND // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                auth.registrer_feil(self.request, email)
            raise
        auth.nullstill(self.request, email)
        return cleaned


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin site's login: the same throttle and logging as `/logg-inn/`, and staff only."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is wrong, or the account may not use the admin site."
        ),
    }


class _PassordHjelp:
    """One plain sentence under the new password, instead of Django's list (a list inside
    the help paragraph)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. Not a common password, and not like your name or e-mail address."
        )


class PassordEndringForm(_PassordHjelp, DsFormMixin, PasswordChangeForm):
    pass


class NyttPassordForm(_PassordHjelp, DsFormMixin, SetPasswordForm):
    pass


class GloymtPassordForm(DsFormMixin, PasswordResetForm):
    """«Forgot your password?»: the answer is the same whether the address is known or not.
    People imported without a password (unusable) may use it too: the link goes to the
    kommune's own address for them, as an invitation does."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        return User.objects.filter(email=normaliser_epost(email), is_active=True)


class ProfilForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["spraak"]
        widgets = {"spraak": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spraak"].choices = [
            ("", _("As chosen in the browser, else the kommune's language"))
        ] + list(settings.LANGUAGES)


class VarselvalForm(forms.Form):
    """How each kind of notification is e-mailed to the user: one choice per kind
    (`services.varselval`: [(kind, name, choice)]), each field named by its kind's code."""

    def __init__(self, *args, val, **kwargs):
        kwargs.setdefault("prefix", "varsel")
        super().__init__(*args, **kwargs)
        for kind, namn, epost in val:
            self.fields[kind] = forms.ChoiceField(
                label=namn,
                choices=Varselval.Epost.choices,
                initial=epost,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )


class SpraakForm(forms.Form):
    spraak = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    neste = forms.CharField(required=False)


class ImportForm(DsFormMixin, forms.Form):
    einingar = forms.FileField(
        label=_("Units"),
        required=False,
        help_text=_("Columns: kode, namn, overordna_kode, leiar_epost (type is optional)."),
    )
    personar = forms.FileField(
        label=_("People"),
        required=False,
        help_text=_("Columns: epost, namn, eining_kode, tittel."),
    )

    MAKS_STORLEIK = 20 * 1024 * 1024

    def clean(self):
        data = super().clean()
        if not data.get("einingar") and not data.get("personar"):
            raise forms.ValidationError(_("Choose at least one file."))
        for namn in ("einingar", "personar"):
            fil = data.get(namn)
            if fil and fil.size > self.MAKS_STORLEIK:
                self.add_error(namn, _("The file is larger than 20 MB."))
        return data


class LeiarForm(DsFormMixin, forms.Form):
    """A unit's new leader, with the reason kept in its history."""

    leiar = forms.ModelChoiceField(label=_("New leader"), queryset=User.objects.none())
    grunn = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Kept in the unit's history, for example «Appointed from 1 March»."),
    )
    # the leader the form was built with: a change made meanwhile is refused, not overwritten
    gammal = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, eining, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gammal"].initial = eining.leiar_id
        self.fields["leiar"].queryset = (
            User.objects.filter(is_active=True).exclude(pk=eining.leiar_id).select_related("eining")
        )
        self.fields["leiar"].label_from_instance = lambda u: u.namn + (f" ({u.eining})" if u.eining else "")

    def clean_grunn(self):
        grunn = self.cleaned_data["grunn"].strip()
        if not grunn:
            raise forms.ValidationError(_("Say why the leader changes."))
        return grunn


class KommuneprofilForm(DsFormMixin, VersjonMixin, forms.ModelForm):
    """The letterhead. An uploaded coat of arms is checked by its content, not its name: a
    PNG must be a PNG Pillow can read; anything else must be an SVG, which is cleaned
    (`alver.lib.svg`). `vaapen_ny` holds the data URI to store, or "" when it is removed."""

    vaapen_fil = forms.FileField(
        label=_("Coat of arms or logo"),
        required=False,
        help_text=_("SVG or PNG, at most 1 MB. An SVG is cleaned of scripts and external links."),
        # not ClearableFileInput: removing is the separate «Remove the coat of arms» box
        widget=forms.FileInput(attrs={"accept": ".svg,.png,image/svg+xml,image/png"}),
    )
    fjern_vaapen = forms.BooleanField(label=_("Remove the coat of arms"), required=False)

    class Meta:
        model = Kommuneprofil
        fields = ["namn", "stad", "adresse", "brevfot"]
        widgets = {"adresse": forms.Textarea(attrs={"rows": 3}), "brevfot": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["namn"].widget.attrs["placeholder"] = settings.KOMMUNE_NAMN
        if not self.instance.vaapen:
            del self.fields["fjern_vaapen"]

    # browsers send textarea lines as CRLF; stored as LF, so an unchanged address is no change
    def clean_adresse(self):
        return self.cleaned_data["adresse"].replace("\r\n", "\n").strip()

    def clean_brevfot(self):
        return self.cleaned_data["brevfot"].replace("\r\n", "\n").strip()

    def clean_vaapen_fil(self):
        fil = self.cleaned_data.get("vaapen_fil")
        if not fil:
            return None
        if fil.size > profil.MAKS_VAAPEN:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        innhald = fil.read()
        if innhald.startswith(profil.PNG_SIGNATUR):
            if not _er_png(innhald):
                raise forms.ValidationError(_("The file starts like a PNG image but cannot be read as one."))
            return profil.data_uri(innhald, "image/png")
        if innhald.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or fil.name.lower().endswith(".svg"):
            try:
                return profil.data_uri(rens_svg(innhald), "image/svg+xml")
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        raise forms.ValidationError(_("The file is neither an SVG nor a PNG image."))

    def clean(self):
        data = super().clean()
        if data.get("vaapen_fil") and data.get("fjern_vaapen"):
            self.add_error("fjern_vaapen", _("Either upload a new coat of arms or remove it, not both."))
        return data

    def endra_vaapen(self):
        """The coat of arms to store ("" to remove it), or None to keep it as it is."""
        if self.cleaned_data.get("vaapen_fil"):
            return self.cleaned_data["vaapen_fil"]
        if self.cleaned_data.get("fjern_vaapen"):
            return ""
        return None


def _er_png(innhald):
    """Pillow reads the whole file (verify), so a PNG header on something else is caught."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(innhald)) as bilete:
                if bilete.format != "PNG":
                    return False
                bilete.verify()
    except Exception:  # Pillow raises many kinds for a broken file; all mean «not a PNG»
        return False
    return True
