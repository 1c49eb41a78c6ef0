"""The built-in dates of the governance year: titles in code (each reader's language), and the
rows a migration makes (`FASTE`). The legal references name the provision that sets the date;
the sekretariat may correct a row, add the kommune's own and hide what does not apply."""

from django.utils.translation import gettext_lazy as _

TITLAR = {
    "okonomiplan_vedtak": _("The kommunestyre adopts the økonomiplan and the annual budget"),
    "aarsrekneskap_avlagt": _("The kommunedirektør presents the annual accounts"),
    "aarsmelding_avlagt": _("The kommunedirektør presents the annual report"),
    "rekneskap_vedtak": _("The kommunestyre adopts the annual accounts and the annual report"),
    "rapport_1": _("First report to the kommunestyre on income and expenditure"),
    "rapport_2": _("Second report to the kommunestyre on income and expenditure"),
    "planstrategi": _("The kommunestyre adopts the municipal planning strategy"),
    "handlingsplan_rullering": _("Action plans rolled; next year's assignments prioritised"),
    "oppdragsbrev_start": _("Work on next year's assignment letters starts"),
    "oppdragsbrev_utkast": _("Draft assignment letter to the management group"),
    "oppdragsbrev_endeleg": _("Assignment letters finalised after the budget is adopted"),
    "oppdragsmote": _("Assignment meeting with the service leaders"),
    "klar_31_januar": _("Assignment letters, operational plans and the checklist ready"),
}

# kode, ring, month, day, legal reference, every N years, from year
FASTE = [
    ("okonomiplan_vedtak", "politisk", 12, 31, "kommunelova § 14-3 andre ledd", 1, 2020),
    ("aarsrekneskap_avlagt", "administrativ", 2, 22, "kommunelova § 14-6", 1, 2020),
    ("aarsmelding_avlagt", "administrativ", 3, 31, "kommunelova § 14-7", 1, 2020),
    ("rekneskap_vedtak", "politisk", 6, 30, "kommunelova § 14-3 tredje ledd", 1, 2020),
    ("rapport_1", "politisk", 6, 15, "kommunelova § 14-5 tredje ledd", 1, 2020),
    ("rapport_2", "politisk", 10, 31, "kommunelova § 14-5 tredje ledd", 1, 2020),
    # within a year of the kommunestyre constituted after the election (2023, 2027, …)
    ("planstrategi", "politisk", 10, 1, "plan- og bygningslova § 10-1", 4, 2024),
    ("handlingsplan_rullering", "administrativ", 4, 30, "plan- og bygningslova § 11-1", 1, 2020),
    ("oppdragsbrev_start", "administrativ", 10, 1, "", 1, 2020),
    ("oppdragsbrev_utkast", "administrativ", 11, 15, "", 1, 2020),
    ("oppdragsbrev_endeleg", "administrativ", 12, 20, "", 1, 2020),
    ("oppdragsmote", "administrativ", 1, 10, "", 1, 2020),
    ("klar_31_januar", "administrativ", 1, 31, "", 1, 2020),
]


def lag_faste(Hending):
    """Make the built-in rows that are missing (the migration, and the demo after a reset)."""
    finst = set(Hending.objects.filter(kode__isnull=False).values_list("kode", flat=True))
    Hending.objects.bulk_create(
        [
            Hending(kode=k, ring=r, maanad=m, dag=d, heimel=h, kvart=kv, fra_aar=fra)
            for k, r, m, d, h, kv, fra in FASTE
            if k not in finst
        ]
    )
