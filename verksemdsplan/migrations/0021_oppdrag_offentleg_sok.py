"""A GIN index for the public search (/innsyn/sok/, reporting.sok) on PostgreSQL: it reads an
oppdrag's title and description but not the working status comment, so the index of /sok/
(0019_sok) is not its expression. SQLite searches without it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAMN = "oppdrag_offentleg_sok"
FELT = ["tittel", "skildring"]


def _indeks():
    return GinIndex(SearchVector(*FELT, config="norwegian"), name=NAMN)


def lag(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("verksemdsplan", "Oppdrag"), _indeks())


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("verksemdsplan", "Oppdrag"), _indeks())


class Migration(migrations.Migration):
    dependencies = [("verksemdsplan", "0020_brev_sok")]
    operations = [migrations.RunPython(lag, fjern)]
