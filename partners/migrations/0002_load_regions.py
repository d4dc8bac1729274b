from django.db import migrations


def load(apps, schema_editor):
    from partners.reference import load_regions

    load_regions(apps.get_model("partners", "Region"))


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
