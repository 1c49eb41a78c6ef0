"""verksemdsplan keeps when an oppdrag was first reported on (`Oppdrag.rapportert_at`, new in
verksemdsplan 0009); reporting holds the reports, so reporting fills it in for what was
reported before the field existed: the time of each oppdrag's earliest status report."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def fyll(apps, schema_editor):
    Oppdrag = apps.get_model("verksemdsplan", "Oppdrag")
    Statusrapport = apps.get_model("reporting", "Statusrapport")
    forste = (
        Statusrapport.objects.filter(oppdrag=OuterRef("pk"))
        .values("oppdrag")
        .annotate(t=Min("rapportert_at"))
        .values("t")[:1]
    )
    # one UPDATE for all (no history rows: see verksemdsplan.services.merk_rapportert); oppdrag
    # already marked keep their time
    Oppdrag.objects.filter(
        rapportert_at__isnull=True, pk__in=Statusrapport.objects.values("oppdrag_id")
    ).update(rapportert_at=Subquery(forste))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_slett_paaminning"),
        ("verksemdsplan", "0009_vedtakspunkt_og_rapportert"),
    ]

    operations = [migrations.RunPython(fyll, migrations.RunPython.noop, elidable=True)]
