# The mal becomes guidance: help beside the section, never text in the letter (issue 15).

from django.db import migrations, models


def normalisert(tekst):
    return (tekst or "").replace("\r\n", "\n").strip()


def tom_kopiert_rettleiing(apps, schema_editor):
    """Sections that still hold their theme's guidance as it was copied in are emptied, in
    drafts and in published letters' live sections alike (the published versions' own copy
    stays as it was published: that is the record). Text the writer changed is kept."""
    Brevmal = apps.get_model("verksemdsplan", "Brevmal")
    Brevseksjon = apps.get_model("verksemdsplan", "Brevseksjon")
    for mal in Brevmal.objects.exclude(rettleiing=""):
        rettleiing = normalisert(mal.rettleiing)
        if not rettleiing:
            continue
        like = [
            s.pk
            for s in Brevseksjon.objects.filter(tema_id=mal.tema_id).exclude(tekst="").only("pk", "tekst")
            if normalisert(s.tekst) == rettleiing
        ]
        Brevseksjon.objects.filter(pk__in=like).update(tekst="", html="")


class Migration(migrations.Migration):

    dependencies = [
        ("verksemdsplan", "0013_fleire_aar"),
    ]

    operations = [
        migrations.RenameField(model_name="brevmal", old_name="tekst", new_name="rettleiing"),
        migrations.RenameField(model_name="historicalbrevmal", old_name="tekst", new_name="rettleiing"),
        migrations.AlterField(
            model_name="brevmal",
            name="rettleiing",
            field=models.TextField(blank=True, help_text="Questions and hints for the writer, in Markdown or plain text; not part of the letter.", verbose_name="guidance"),
        ),
        migrations.AlterField(
            model_name="historicalbrevmal",
            name="rettleiing",
            field=models.TextField(blank=True, help_text="Questions and hints for the writer, in Markdown or plain text; not part of the letter.", verbose_name="guidance"),
        ),
        migrations.AddField(
            model_name="brevmal",
            name="paakravd",
            field=models.BooleanField(default=False, help_text="A letter below the top is not published while this section is empty.", verbose_name="required"),
        ),
        migrations.AddField(
            model_name="historicalbrevmal",
            name="paakravd",
            field=models.BooleanField(default=False, help_text="A letter below the top is not published while this section is empty.", verbose_name="required"),
        ),
        migrations.AddField(
            model_name="brevmal",
            name="versjon",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="historicalbrevmal",
            name="versjon",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(tom_kopiert_rettleiing, migrations.RunPython.noop),
    ]
