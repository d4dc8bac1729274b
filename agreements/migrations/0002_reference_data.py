from django.db import migrations


def load(apps, schema_editor):
    from agreements.reference import load

    load(apps.get_model("agreements", "Urusan"), apps.get_model("agreements", "DocumentType"), apps.get_model("agreements", "AttachmentType"))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
