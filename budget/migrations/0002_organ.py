from django.db import migrations

from budget.grunndata import last_inn as _last_inn


def last_inn(apps, schema_editor):
    _last_inn(apps.get_model("budget", "Organ"))


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [migrations.RunPython(last_inn, migrations.RunPython.noop)]
