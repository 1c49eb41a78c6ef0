"""Reference data every installation has: plan kinds and the 17 berekraftsmål (nn, nb, en).

Used by the data migration and by the demo (a flushed test database loses migration data)."""

PLANTYPAR = [
    (
        "samfunnsdel",
        "Kommuneplan – samfunnsdel",
        "Kommuneplan – samfunnsdel",
        "Municipal plan – societal part",
    ),
    ("arealdel", "Kommuneplan – arealdel", "Kommuneplan – arealdel", "Municipal plan – land-use part"),
    ("kommunedelplan", "Kommunedelplan", "Kommunedelplan", "Municipal sector plan"),
    ("temaplan", "Temaplan", "Temaplan", "Thematic plan"),
]

# goal levels real plans use; a plan picks the ones it uses, in its own order
MAALNIVAA = [
    ("visjon", "Visjon", "Visjon", "Vision"),
    ("hovudmaal", "Hovudmål", "Hovedmål", "Main goal"),
    ("delmaal", "Delmål", "Delmål", "Sub-goal"),
    ("satsingsomraade", "Satsingsområde", "Satsingsområde", "Priority area"),
    ("fokusomraade", "Fokusområde", "Fokusområde", "Focus area"),
    ("hovudutfordring", "Hovudutfordring", "Hovedutfordring", "Main challenge"),
    ("maal", "Mål", "Mål", "Goal"),
]
# what a plan without a chosen list of its own used until now: hovudmål, then delmål below
STANDARD_NIVAA = ["hovudmaal", "delmaal"]

BEREKRAFTSMAAL = [
    ("Utrydde fattigdom", "Utrydde fattigdom", "No poverty"),
    ("Utrydde svolt", "Utrydde sult", "Zero hunger"),
    ("God helse og livskvalitet", "God helse og livskvalitet", "Good health and well-being"),
    ("God utdanning", "God utdanning", "Quality education"),
    ("Likestilling mellom kjønna", "Likestilling mellom kjønnene", "Gender equality"),
    ("Reint vatn og gode sanitærforhold", "Rent vann og gode sanitærforhold", "Clean water and sanitation"),
    ("Rein energi til alle", "Ren energi for alle", "Affordable and clean energy"),
    (
        "Anstendig arbeid og økonomisk vekst",
        "Anstendig arbeid og økonomisk vekst",
        "Decent work and economic growth",
    ),
    (
        "Industri, innovasjon og infrastruktur",
        "Industri, innovasjon og infrastruktur",
        "Industry, innovation and infrastructure",
    ),
    ("Mindre ulikskap", "Mindre ulikhet", "Reduced inequalities"),
    (
        "Berekraftige byar og lokalsamfunn",
        "Bærekraftige byer og lokalsamfunn",
        "Sustainable cities and communities",
    ),
    (
        "Ansvarleg forbruk og produksjon",
        "Ansvarlig forbruk og produksjon",
        "Responsible consumption and production",
    ),
    ("Stoppe klimaendringane", "Stoppe klimaendringene", "Climate action"),
    ("Liv under vatn", "Livet i havet", "Life below water"),
    ("Liv på land", "Livet på land", "Life on land"),
    (
        "Fred, rettferd og velfungerande institusjonar",
        "Fred, rettferdighet og velfungerende institusjoner",
        "Peace, justice and strong institutions",
    ),
    ("Samarbeid for å nå måla", "Samarbeid for å nå målene", "Partnerships for the goals"),
]


def last_inn_kodeliste(modell, rader):
    """Create or refresh a Kodeliste from (code, nn, nb, en) rows, in their order."""
    for i, (kode, nn, nb, en) in enumerate(rader):
        modell.objects.update_or_create(
            kode=kode, defaults={"namn_nn": nn, "namn_nb": nb, "namn_en": en, "rekkjefolgje": i}
        )


def last_inn_maalnivaa(Maalnivaa):
    """Seed the goal levels without renaming or reordering what an administrator has changed."""
    for i, (kode, nn, nb, en) in enumerate(MAALNIVAA):
        Maalnivaa.objects.get_or_create(
            kode=kode, defaults={"namn_nn": nn, "namn_nb": nb, "namn_en": en, "rekkjefolgje": i}
        )


def last_inn(Plantype, Berekraftsmaal, Maalnivaa=None):
    """Create or refresh the reference rows; takes the model classes (historical in migrations)."""
    last_inn_kodeliste(Plantype, PLANTYPAR)
    if Maalnivaa is not None:
        last_inn_maalnivaa(Maalnivaa)
    for nummer, (nn, nb, en) in enumerate(BEREKRAFTSMAAL, start=1):
        Berekraftsmaal.objects.update_or_create(
            nummer=nummer, defaults={"namn_nn": nn, "namn_nb": nb, "namn_en": en}
        )
