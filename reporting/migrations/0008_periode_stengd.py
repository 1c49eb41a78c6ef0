"""Periods open by themselves on their first day; what økonomi decides is only whether a
period whose deadline has passed is closed. A period that was closed (not open) after its
deadline stays closed; one closed before its deadline, or not yet opened, now follows the
date, so no kind of period is left without an open one."""

from django.db import migrations, models

from alver.lib import klokke


def til_stengd(apps, schema_editor):
    Periode = apps.get_model("reporting", "Periode")
    Periode.objects.filter(open=False, frist__lt=klokke.i_dag()).update(stengd=True)


def til_open(apps, schema_editor):
    Periode = apps.get_model("reporting", "Periode")
    Periode.objects.filter(stengd=False, fra__lte=klokke.i_dag()).update(open=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_fyll_rapportert_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperiode",
            name="stengd",
            field=models.BooleanField(default=False, verbose_name="closed for reporting"),
        ),
        migrations.AddField(
            model_name="periode",
            name="stengd",
            field=models.BooleanField(default=False, verbose_name="closed for reporting"),
        ),
        migrations.RunPython(til_stengd, til_open),
        migrations.RemoveField(
            model_name="historicalperiode",
            name="open",
        ),
        migrations.RemoveField(
            model_name="periode",
            name="open",
        ),
    ]
