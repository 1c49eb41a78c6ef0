import django.db.models.deletion
from django.db import migrations, models

from budget.grunndata import last_inn as _last_inn
from budget.saksnummer import nokkel


def fyll(apps, schema_editor):
    """Case types and body kinds; each existing case gets its body, key and case type
    (every case entered before this was treated as a political case that gives work)."""
    Organ, Sakstype = apps.get_model("budget", "Organ"), apps.get_model("budget", "Sakstype")
    _last_inn(Organ, Sakstype)
    Vedtak = apps.get_model("budget", "Vedtak")
    politisk = Sakstype.objects.get(namn="Politisk sak")
    sett = set()
    endra = []
    for v in Vedtak.objects.select_related("mote").order_by("pk"):
        v.organ_id = v.mote.organ_id
        k = nokkel(v.saksnummer, v.mote.dato.year)
        # two cases written alike in one body before keys existed: the later keeps its own text
        v.saksnokkel = k if (v.organ_id, k) not in sett else f"{k} #{v.pk}"
        sett.add((v.organ_id, v.saksnokkel))
        v.sakstype_id, v.gir_oppdrag = politisk.pk, True
        endra.append(v)
    Vedtak.objects.bulk_update(endra, ["organ", "saksnokkel", "sakstype", "gir_oppdrag"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("budget", "0007_sekretariatet")]

    operations = [
        migrations.RunPython(fyll, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="vedtak",
            name="organ",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="budget.organ"
            ),
        ),
        migrations.AlterField(
            model_name="vedtak",
            name="sakstype",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="budget.sakstype",
                verbose_name="case type",
            ),
        ),
        migrations.AlterField(
            model_name="historicalvedtak",
            name="saksnokkel",
            field=models.CharField(editable=False, max_length=80),
        ),
        migrations.AlterField(
            model_name="vedtak",
            name="saksnokkel",
            field=models.CharField(editable=False, max_length=80),
        ),
        migrations.AddConstraint(
            model_name="vedtak",
            constraint=models.UniqueConstraint(
                condition=models.Q(("feilregistrert_at__isnull", True)),
                fields=("organ", "saksnokkel"),
                name="ei_sak_per_organ",
            ),
        ),
    ]
