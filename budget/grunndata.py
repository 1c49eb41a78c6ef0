"""The political bodies every installation starts with (editable in the admin site)."""

ORGAN = [
    "Kommunestyret",
    "Formannskapet",
    "Utval for oppvekst og kultur",
    "Utval for helse og omsorg",
    "Utval for areal, plan og miljø",
]


def last_inn(Organ):
    for i, namn in enumerate(ORGAN):
        Organ.objects.get_or_create(namn=namn, defaults={"rekkjefolgje": i})
