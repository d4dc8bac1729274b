from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so groups can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from accounts.groups import sync_groups

    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("agreements", "0002_reference_data"),
        ("partners", "0002_load_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
