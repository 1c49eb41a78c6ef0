from django.db import migrations

# as verksemdsplan.models.Kategori.STANDARD_TEMA when this was written
STANDARD_TEMA = {
    "verbalpunkt": "strategiske",
    "politisk_vedtak": "saerskilte",
    "tilleggsbestilling": "saerskilte",
    "plantiltak": "okonomiske",
    "administrativt": "organisatoriske",
}


def fyll(apps, schema_editor):
    """Oppdrag without a theme (those made from decisions, until now) get their category's, so
    the oppdragsbrev lists them."""
    Oppdrag, Tema = apps.get_model("verksemdsplan", "Oppdrag"), apps.get_model("verksemdsplan", "Tema")
    tema = {t.kode: t.pk for t in Tema.objects.all()}
    for kategori, kode in STANDARD_TEMA.items():
        if kode in tema:
            Oppdrag.objects.filter(tema__isnull=True, kategori__kode=kategori).update(tema_id=tema[kode])


class Migration(migrations.Migration):
    dependencies = [("verksemdsplan", "0009_vedtakspunkt_og_rapportert")]

    operations = [migrations.RunPython(fyll, migrations.RunPython.noop)]
