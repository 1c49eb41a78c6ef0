from django.db import migrations

from verksemdsplan.grunndata import last_inn as _last_inn


def last_inn(apps, schema_editor):
    _last_inn(apps.get_model("verksemdsplan", "Kategori"), apps.get_model("verksemdsplan", "Tema"))


class Migration(migrations.Migration):
    dependencies = [("verksemdsplan", "0001_initial")]

    operations = [migrations.RunPython(last_inn, migrations.RunPython.noop)]
