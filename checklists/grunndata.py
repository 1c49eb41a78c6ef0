"""The oppdrag category of improvement work from checklists and tilsyn. It belongs to
checklists, which makes it; verksemdsplan shows it like any other category."""

KATEGORI = (
    "internkontroll",
    "Internkontroll: forbetring og oppfølging av tilsyn",
    "Internkontroll: forbedring og oppfølging av tilsyn",
    "Internal control: improvement and inspection follow-up",
)


def last_inn(Kategori):
    """Make the category if it is missing; never rename one an administrator has changed.
    Takes the model class (historical in migrations)."""
    kode, nn, nb, en = KATEGORI
    finst = Kategori.objects.filter(kode=kode).first()
    if finst is not None:
        return finst
    return Kategori.objects.create(
        kode=kode, namn_nn=nn, namn_nb=nb, namn_en=en, rekkjefolgje=Kategori.objects.count()
    )
