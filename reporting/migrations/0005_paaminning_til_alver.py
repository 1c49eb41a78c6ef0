"""The reminder log moves to alver (one log for every app): copy reporting's rows there, with
`kva` = `rapportering:<period code>`. Backwards, copy them back."""

from django.db import migrations

PREFIKS = "rapportering:"


def _kode(aar, type_, nummer):
    # the period code as it was when this migration was written (frozen: the code may change later)
    return {"maanad": f"{aar}-m{nummer:02}", "tertial": f"{aar}-t{nummer}"}.get(type_, f"{aar}-aar")


def til_alver(apps, schema_editor):
    Gamal = apps.get_model("reporting", "Paaminning")
    Ny = apps.get_model("alver", "Paaminning")
    rader = Gamal.objects.select_related("periode").order_by("pk").iterator(chunk_size=2000)
    Ny.objects.bulk_create(
        (
            Ny(
                user_id=r.user_id,
                kva=PREFIKS + _kode(r.periode.aar, r.periode.type, r.periode.nummer),
                dato=r.dato,
                tal=r.tal_oppdrag,
            )
            for r in rader
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )


def til_reporting(apps, schema_editor):
    Gamal = apps.get_model("reporting", "Paaminning")
    Ny = apps.get_model("alver", "Paaminning")
    Periode = apps.get_model("reporting", "Periode")
    periodar_etter_kode = {
        _kode(p.aar, p.type, p.nummer): p.pk for p in Periode.objects.only("aar", "type", "nummer")
    }
    nye = []
    for r in Ny.objects.filter(kva__startswith=PREFIKS).order_by("pk").iterator(chunk_size=2000):
        periode = periodar_etter_kode.get(r.kva.removeprefix(PREFIKS))
        if periode is not None:
            nye.append(Gamal(periode_id=periode, user_id=r.user_id, dato=r.dato, tal_oppdrag=r.tal or 0))
    Gamal.objects.bulk_create(nye, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_eivegs"),
        ("alver", "0004_paaminning"),
    ]

    operations = [migrations.RunPython(til_alver, til_reporting)]
