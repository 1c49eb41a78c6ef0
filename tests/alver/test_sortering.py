"""Lists sort the Norwegian way (`alver.lib.sortering`): æ, ø, å after z, case not deciding,
numbers in titles in their natural order — in Python, in the database (an ICU collation on
PostgreSQL, our own on SQLite), and on a page people read."""

from alver.lib.sortering import nokkel, norsk
from alver.models import User
from tests.factories import UserFactory

NAMN = ["Åse Vik", "Øystein Berg", "anne Lie", "Ærling Dale", "Bjørn Sæle", "Ola Nes", "Zara Aas", "Émile Ek"]
VENTA = [
    "anne Lie",
    "Bjørn Sæle",
    "Émile Ek",
    "Ola Nes",
    "Zara Aas",
    "Ærling Dale",
    "Øystein Berg",
    "Åse Vik",
]


def test_the_key_puts_the_norwegian_letters_last_and_numbers_in_order():
    assert sorted(NAMN, key=nokkel) == VENTA
    titlar = ["Verbalpunkt 10", "verbalpunkt 2", "Verbalpunkt 1a", "Verbalpunkt 02b"]
    assert sorted(titlar, key=nokkel) == [
        "Verbalpunkt 1a",
        "verbalpunkt 2",
        "Verbalpunkt 02b",
        "Verbalpunkt 10",
    ]


def test_the_database_sorts_the_same_way(db):
    for n in NAMN:
        UserFactory(namn=n)
    got = list(User.objects.filter(namn__in=NAMN).order_by(norsk("namn")).values_list("namn", flat=True))
    assert got == VENTA
    nedover = User.objects.filter(namn__in=NAMN).order_by(norsk("namn").desc()).values_list("namn", flat=True)
    assert list(nedover) == VENTA[::-1]


def test_the_people_of_a_unit_are_listed_the_norwegian_way(org, client_as):
    knarvik = org["einingar"]["knarvik"]
    for n in NAMN:
        UserFactory(namn=n, eining=knarvik)
    html = client_as("medarbeidar").get(knarvik.get_absolute_url()).content.decode()
    posisjonar = [html.index(n) for n in VENTA]
    assert posisjonar == sorted(posisjonar)
