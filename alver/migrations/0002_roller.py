from django.db import migrations

# The functional roles are groups with these names (alver.permissions.FUNKSJONELLE_ROLLER).
ROLLER = ["administrator", "sekretariat", "okonomi", "hr", "politikar"]


def lag_grupper(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for namn in ROLLER:
        Group.objects.get_or_create(name=namn)


def fjern_grupper(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLLER).delete()


class Migration(migrations.Migration):
    dependencies = [("alver", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(lag_grupper, fjern_grupper)]
