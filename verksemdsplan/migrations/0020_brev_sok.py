"""A GIN index for /sok/ (reporting.sok) on PostgreSQL, on the same expression the search uses
(alver.lib.sok.vektor: Norwegian full-text over these fields). SQLite searches without it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAMN = "brevseksjon_sok"
FELT = ["tekst"]


def _indeks():
    return GinIndex(SearchVector(*FELT, config="norwegian"), name=NAMN)


def lag(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("verksemdsplan", "Brevseksjon"), _indeks())


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("verksemdsplan", "Brevseksjon"), _indeks())


class Migration(migrations.Migration):
    dependencies = [("verksemdsplan", "0019_sok")]
    operations = [migrations.RunPython(lag, fjern)]
