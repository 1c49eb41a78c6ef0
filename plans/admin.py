from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from alver.lib.admin import TryggAutocomplete

from .models import (
    Berekraftsmaal,
    Handlingsplan,
    Indikator,
    Maal,
    MaalIndikator,
    Maalnivaa,
    Plan,
    PlanMaalnivaa,
    Planmaalverdi,
    Plantype,
    Strategi,
    Tiltak,
    TiltakKostnad,
    Vedlegg,
)


@admin.register(Plantype)
class PlantypeAdmin(SimpleHistoryAdmin):
    list_display = ["namn_nn", "namn_nb", "namn_en", "kode", "rekkjefolgje"]


@admin.register(Maalnivaa)
class MaalnivaaAdmin(SimpleHistoryAdmin):
    list_display = ["namn_nn", "namn_nb", "namn_en", "kode", "rekkjefolgje"]


class PlanMaalnivaaInline(admin.TabularInline):
    model = PlanMaalnivaa
    extra = 0


@admin.register(Berekraftsmaal)
class BerekraftsmaalAdmin(admin.ModelAdmin):
    list_display = ["nummer", "namn_nn", "namn_nb", "namn_en"]


class VedleggInline(admin.TabularInline):
    model = Vedlegg
    extra = 0
    readonly_fields = ["created_at", "created_by"]


@admin.register(Plan)
class PlanAdmin(TryggAutocomplete, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["tittel", "type", "periode_fra", "periode_til", "status", "ansvarleg_eining"]
    list_select_related = ["ansvarleg_eining"]
    list_filter = ["type", "status"]
    search_fields = ["tittel", "saksnummer"]
    autocomplete_fields = ["ansvarleg_eining", "overordna"]
    inlines = [PlanMaalnivaaInline, VedleggInline]


class StrategiInline(admin.TabularInline):
    model = Strategi
    extra = 0


@admin.register(Maal)
class MaalAdmin(TryggAutocomplete, SimpleHistoryAdmin):
    list_display = ["tittel", "plan", "parent", "rekkjefolgje"]
    list_select_related = ["plan", "parent"]
    list_filter = ["plan"]
    search_fields = ["tittel"]
    autocomplete_fields = ["parent", "folgjer_opp"]
    inlines = [StrategiInline]


@admin.register(Handlingsplan)
class HandlingsplanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "fra_aar", "til_aar", "forrige"]
    list_filter = ["plan"]


class KostnadInline(admin.TabularInline):
    model = TiltakKostnad
    extra = 0


@admin.register(Tiltak)
class TiltakAdmin(TryggAutocomplete, SimpleHistoryAdmin):
    list_display = ["tittel", "handlingsplan", "status", "okonomisk", "ansvarleg_eining"]
    list_filter = ["status", "okonomisk", "handlingsplan__plan"]
    list_select_related = [
        "handlingsplan",
        "ansvarleg_eining",
    ]  # the unit may be empty: not joined by default
    search_fields = ["tittel"]
    autocomplete_fields = ["maal", "strategiar", "ansvarleg_eining"]
    inlines = [KostnadInline]


@admin.register(Strategi)
class StrategiAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "plan", "maal"]
    search_fields = ["tittel"]


@admin.register(Indikator)
class IndikatorAdmin(TryggAutocomplete, SimpleHistoryAdmin):
    list_display = ["namn", "maaleeining", "desimalar", "retning", "kjelde", "frekvens", "eigar"]
    list_select_related = ["eigar"]
    list_filter = ["kjelde", "frekvens", "maaleeining"]
    search_fields = ["namn", "kjelde_tabell", "kjelde_variabel"]
    autocomplete_fields = ["eigar"]
    readonly_fields = ["versjon"]


class PlanmaalverdiInline(admin.TabularInline):
    model = Planmaalverdi
    extra = 0


@admin.register(MaalIndikator)
class MaalIndikatorAdmin(TryggAutocomplete, SimpleHistoryAdmin):
    list_display = ["indikator", "maal", "rekkjefolgje"]
    list_filter = ["maal__plan"]
    search_fields = ["indikator__namn", "maal__tittel"]
    autocomplete_fields = ["maal", "indikator"]
    readonly_fields = ["versjon"]
    inlines = [PlanmaalverdiInline]
