from django.db import migrations

from checklists.grunndata import last_inn as _last_inn


def last_inn(apps, schema_editor):
    _last_inn(apps.get_model("verksemdsplan", "Kategori"))


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_sjekklister"),
        ("verksemdsplan", "0015_fire_auge"),
    ]

    operations = [migrations.RunPython(last_inn, migrations.RunPython.noop)]
