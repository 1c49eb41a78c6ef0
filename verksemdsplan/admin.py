from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from alver.lib.admin import TryggAutocomplete

from .models import Brevmal, Kategori, Leiarskifte, Milepael, Oppdrag, Oppdragsbrev, Tema, Verksemdsplan


@admin.register(Kategori, Tema)
class ListeAdmin(SimpleHistoryAdmin):
    list_display = ["namn_nn", "namn_nb", "namn_en", "kode", "rekkjefolgje"]


@admin.register(Verksemdsplan)
class VerksemdsplanAdmin(SimpleHistoryAdmin):
    list_display = ["eining", "aar"]
    list_filter = ["aar"]


@admin.register(Oppdrag)
class OppdragAdmin(TryggAutocomplete, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["tittel", "aar", "eining", "owner", "frist", "status", "kategori"]
    list_filter = ["aar", "status", "kategori"]
    # the owner may be empty, so Django's default select_related would leave it out
    list_select_related = ["eining", "owner", "kategori"]
    search_fields = ["tittel"]
    # Oslo holds 100,000 oppdrag: counting them all beside every filtered count costs a scan
    # per page; the filtered count is enough to page by
    show_full_result_count = False
    raw_id_fields = [
        "owner",
        "eining",
        "parent",
        "kjelde_vedtak",
        "verksemdsplan",
        "oppdragsgjevar_person",
        "oppdragsgjevar_organ",
    ]
    autocomplete_fields = ["maal"]


@admin.register(Milepael)
class MilepaelAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "dato", "oppdrag", "ferdig_dato"]
    raw_id_fields = ["oppdrag", "ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ"]


@admin.register(Brevmal)
class BrevmalAdmin(SimpleHistoryAdmin):
    """Read-only here: the guidance is edited on /oppdragsbrev/mal/ (version-checked, by the
    kommunedirektør's staff); the admin keeps the history view."""

    list_display = ["tema", "paakravd"]
    readonly_fields = ["tema", "rettleiing", "paakravd", "versjon"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Oppdragsbrev)
class OppdragsbrevAdmin(SimpleHistoryAdmin):
    list_display = ["eining", "aar", "status", "offentleg"]
    list_filter = ["aar", "status", "offentleg"]
    readonly_fields = ["status", "status_av", "status_at", "basert_paa"]

    def has_delete_permission(self, request, obj=None):
        return False  # letters are kept; their published versions are the record


@admin.register(Leiarskifte)
class LeiarskifteAdmin(SimpleHistoryAdmin):
    """Read only: a change of leader is recorded by alver's signal and taken over by the new leader."""

    list_display = ["eining", "gammal_leiar", "ny_leiar", "created_at", "teke_over_at"]
    list_filter = ["teke_over_at"]
    list_select_related = ["eining", "gammal_leiar", "ny_leiar"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
