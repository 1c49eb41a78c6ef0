from django.db import migrations

from plans.grunndata import last_inn as _last_inn


def last_inn(apps, schema_editor):
    _last_inn(apps.get_model("plans", "Plantype"), apps.get_model("plans", "Berekraftsmaal"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(last_inn, migrations.RunPython.noop)]
