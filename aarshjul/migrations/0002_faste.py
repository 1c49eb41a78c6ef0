from django.db import migrations


def lag(apps, schema_editor):
    from aarshjul.faste import lag_faste

    lag_faste(apps.get_model("aarshjul", "Hending"))


class Migration(migrations.Migration):
    dependencies = [("aarshjul", "0001_initial")]

    operations = [migrations.RunPython(lag, migrations.RunPython.noop)]
