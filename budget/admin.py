from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Mote, Organ, Vedtak


@admin.register(Organ)
class OrganAdmin(SimpleHistoryAdmin):
    list_display = ["namn", "rekkjefolgje"]


class VedtakInline(admin.StackedInline):
    model = Vedtak
    extra = 0
    fields = ["saksnummer", "tittel", "type", "ansvarleg_sektor"]
    readonly_fields = fields
    can_delete = False


@admin.register(Mote)
class MoteAdmin(SimpleHistoryAdmin):
    list_display = ["organ", "dato"]
    list_filter = ["organ"]
    inlines = [VedtakInline]


@admin.register(Vedtak)
class VedtakAdmin(SimpleHistoryAdmin):
    list_display = ["saksnummer", "tittel", "mote", "type", "ansvarleg_sektor", "trekt_at"]
    list_filter = ["type", "mote__organ"]
    search_fields = ["saksnummer", "tittel"]
    readonly_fields = ["trekt_at", "trekt_grunn"]

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted (its oppdrag would lose their source)
