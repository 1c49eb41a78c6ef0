"""The collation `alver_norsk` (alver.lib.sortering) on PostgreSQL: ICU's Norwegian Bokmål
rules (æ, ø, å after z; case and accents second) with numbers in their natural order. SQLite
gets the same rules on each connection instead."""

from django.db import migrations

LAG = "CREATE COLLATION IF NOT EXISTS alver_norsk (provider = icu, locale = 'nb-NO-u-kn-true')"
FJERN = "DROP COLLATION IF EXISTS alver_norsk"


def lag(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LAG)


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FJERN)


class Migration(migrations.Migration):
    dependencies = [("alver", "0011_varsel_noekkel_varselval")]

    operations = [migrations.RunPython(lag, fjern)]
