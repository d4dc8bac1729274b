from django.db import migrations

from accounts.groups import sync_groups_migration


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("agreements", "0002_reference_data"),
        ("partners", "0002_load_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(sync_groups_migration, migrations.RunPython.noop)]
