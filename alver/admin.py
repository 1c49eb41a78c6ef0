from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import permissions, services
from .forms import AdminLoginForm
from .lib.admin import TryggAutocomplete
from .lib.historikk import grunnkode
from .models import Eining, Jobb, OrgImport, SsoKopling, User, Varsel

# the admin site's login goes through the same throttle and logging as /logg-inn/
admin.site.login_form = AdminLoginForm


class UtanPassordFilter(admin.SimpleListFilter):
    title = _("password")
    parameter_name = "passord"

    def lookups(self, request, model_admin):
        return [("nei", _("No password yet"))]

    def queryset(self, request, queryset):
        if self.value() == "nei":
            return queryset.filter(password__startswith="!")
        return queryset


@admin.register(User)
class UserAdmin(TryggAutocomplete, SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["namn"]
    list_display = ["namn", "email", "tittel", "eining", "is_active"]
    list_filter = ["is_active", UtanPassordFilter, "is_staff", "is_superuser", "groups", "spraak"]
    actions = ["send_invitasjon"]
    search_fields = ["namn", "email", "tittel", "eining__namn"]
    list_select_related = ["eining"]
    autocomplete_fields = ["eining"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["namn", "tittel", "eining", "spraak"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "namn", "password1", "password2"]})]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.passord_i_bruk():  # single sign-on only: a link to set a password leads nowhere
            actions.pop("send_invitasjon", None)
        return actions

    @admin.action(description=_("Send an invitation to those without a password"))
    def send_invitasjon(self, request, queryset):
        """Everyone chosen who is active and has no password yet gets a one-time link; those
        with a password are left alone (they have «Forgot your password?»). The mails go through
        the outbox, so a mail server that is down delays them and loses none."""
        sendt = 0
        for user in services.utan_passord().filter(pk__in=queryset.values("pk")):
            services.send_passordlenkje(user, "invitasjon")
            sendt += 1
        self.message_user(request, _("Invitations sent: %(sendt)s.") % {"sendt": sendt}, messages.SUCCESS)


@admin.register(Eining)
class EiningAdmin(TryggAutocomplete, SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Eining, fields=["namn", "kode", "type", "leiar", "gyldig_fra", "gyldig_til"])
    list_display = ["namn", "kode", "type", "leiar", "gyldig_til"]
    list_filter = ["type"]
    search_fields = ["namn", "kode"]
    list_select_related = ["leiar"]
    autocomplete_fields = ["leiar"]

    def save_model(self, request, obj, form, change):
        """A new leader goes through the one service that announces it (`leiar_endra`), as on
        the unit page; the other fields are saved as the admin always does."""
        if "leiar" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        ny = obj.leiar
        gammal_pk = form.initial.get("leiar") if change else None
        obj.leiar = User.objects.filter(pk=gammal_pk).first() if gammal_pk else None
        super().save_model(request, obj, form, change)
        try:
            services.sett_leiar(obj, ny, user=request.user, grunn=grunnkode("Changed in the admin site"))
        except services.Leiarfeil as exc:
            # the other fields are saved; the leader stays as it was, and the admin says why
            self.message_user(request, str(exc), level=messages.ERROR)


@admin.register(OrgImport)
class OrgImportAdmin(SimpleHistoryAdmin):
    list_display = ["created_at", "filnamn", "created_by", "status", "applied_at"]
    list_filter = ["status"]
    readonly_fields = ["created_at", "created_by", "filnamn", "status", "applied_at", "resultat"]
    exclude = ["einingar", "personar"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        # an import is a file uploaded, previewed and applied on /organisasjon/import/; here
        # every field is read-only, so an «add» form could only fail
        return False


@admin.register(Varsel)
class VarselAdmin(SimpleHistoryAdmin):
    """To see what went to whom (made only by `services.varsle`, so read-only here)."""

    list_display = ["created_at", "mottakar", "kind", "tekst", "lest_at", "epost_sendt_at"]
    list_filter = ["kind"]
    search_fields = ["tekst", "mottakar__namn", "mottakar__email"]
    list_select_related = ["mottakar"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SsoKopling)
class SsoKoplingAdmin(SimpleHistoryAdmin):
    """Who logs in as whom with single sign-on. Made only by a login (alver/sso.py); deleting
    one lets that person's next login link by e-mail again (e.g. after the account was
    recreated at the provider)."""

    list_display = ["user", "epost", "subject", "issuer", "created_at", "sist_brukt"]
    search_fields = ["user__namn", "user__email", "epost", "subject"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "subject", "epost", "created_at", "sist_brukt"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Jobb)
class JobbAdmin(admin.ModelAdmin):
    """Read-only: the job records are the machinery's own; an operator queues a stuck or failed
    job again with `manage.py jobbar --prov-igjen <id>` (docs/OPERATIONS.md)."""

    list_display = ["pk", "oppgave", "status", "forsok", "hjarteslag", "updated_at", "created_at"]
    list_filter = ["status", "oppgave"]
    search_fields = ["oppgave", "feil"]
    readonly_fields = [f.name for f in Jobb._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
