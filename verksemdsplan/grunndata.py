"""Oppdrag categories and oppdragsbrev themes from the seed (nn, nb, en); editable in the admin."""

from plans.grunndata import last_inn_kodeliste

KATEGORIAR = [
    (
        "verbalpunkt",
        "Vedtatt verbalpunkt frå økonomiplan",
        "Vedtatt verbalpunkt fra økonomiplan",
        "Adopted verbal resolution from the economic plan",
    ),
    ("politisk_vedtak", "Løpande politisk vedtak", "Løpende politisk vedtak", "Ongoing political decision"),
    (
        "tilleggsbestilling",
        "Politisk tilleggsbestilling",
        "Politisk tilleggsbestilling",
        "Additional political order",
    ),
    ("plantiltak", "Tiltak frå vedtatt plan", "Tiltak fra vedtatt plan", "Measure from an adopted plan"),
    (
        "administrativt",
        "Administrativt oppdrag frå kommunedirektøren",
        "Administrativt oppdrag fra kommunedirektøren",
        "Administrative assignment from the chief executive",
    ),
]
TEMA = [
    ("innleiing", "Innleiing (hovudbodskap)", "Innledning (hovedbudskap)", "Introduction (main message)"),
    ("strategiske", "Strategiske oppdrag", "Strategiske oppdrag", "Strategic assignments"),
    ("okonomiske", "Økonomiske oppdrag", "Økonomiske oppdrag", "Economic assignments"),
    ("organisatoriske", "Organisatoriske oppdrag", "Organisatoriske oppdrag", "Organisational assignments"),
    (
        "digitalisering",
        "Digitalisering, system og forbetring",
        "Digitalisering, system og forbedring",
        "Digitalisation, systems and improvement",
    ),
    ("service", "Service og kommunikasjon", "Service og kommunikasjon", "Service and communication"),
    ("saerskilte", "Særskilte oppdrag", "Særskilte oppdrag", "Special assignments"),
]


def last_inn(Kategori, Tema):
    last_inn_kodeliste(Kategori, KATEGORIAR)
    last_inn_kodeliste(Tema, TEMA)
