from django.db import migrations


def load(apps, schema_editor):
    from documents.defaults import load_default_templates

    load_default_templates(
        apps.get_model("documents", "ClauseTemplate"),
        apps.get_model("documents", "Clause"),
        apps.get_model("documents", "ClauseTemplateVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_clause_templates")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
