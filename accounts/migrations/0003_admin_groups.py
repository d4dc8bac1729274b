from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync(apps, schema_editor):
    # The Bagian Kerja Sama admin (issue 4): numbering register permissions; re-apply every group.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from accounts.groups import sync_groups

    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_groups")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
