"""The political bodies and case types every installation starts with (the sekretariat edits
both lists in the app)."""

ORGAN = [
    ("Kommunestyret", "kommunestyre"),
    ("Formannskapet", "formannskap"),
    ("Utval for oppvekst og kultur", "hovudutval"),
    ("Utval for helse og omsorg", "hovudutval"),
    ("Utval for areal, plan og miljø", "hovudutval"),
]

# (name, series prefix, gives assignments by default)
SAKSTYPAR = [
    ("Politisk sak", "PS", True),
    ("Referatsak", "RS", False),
    ("Orienteringssak", "OS", False),
    ("Delegert sak", "DS", False),
    ("Melding", "MS", False),
    ("Interpellasjon/spørsmål", "IS", False),
]


def last_inn(Organ, Sakstype=None):
    for i, (namn, type_) in enumerate(ORGAN):
        o, _ny = Organ.objects.get_or_create(namn=namn, defaults={"rekkjefolgje": i})
        if hasattr(o, "type") and o.type == "anna":
            Organ.objects.filter(pk=o.pk).update(type=type_)
    if Sakstype is not None:
        for i, (namn, prefiks, gir) in enumerate(SAKSTYPAR):
            Sakstype.objects.get_or_create(
                namn=namn, defaults={"prefiks": prefiks, "gir_oppdrag": gir, "rekkjefolgje": i}
            )
