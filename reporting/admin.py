from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Periode, Regel, Statusrapport


@admin.register(Regel)
class RegelAdmin(SimpleHistoryAdmin):
    """Per category: how often oppdrag are reported, and whether to the politicians."""

    list_display = ["kategori", "frekvens", "politisk"]


@admin.register(Periode)
class PeriodeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "frist", "open"]
    list_filter = ["aar", "type", "stengd"]


@admin.register(Statusrapport)
class StatusrapportAdmin(SimpleHistoryAdmin):
    list_display = ["oppdrag", "periode", "status", "lys", "rapportert_av"]
    list_filter = ["periode", "lys"]
    raw_id_fields = ["oppdrag"]
