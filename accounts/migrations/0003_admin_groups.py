from django.db import migrations

from accounts.groups import sync_groups_migration


class Migration(migrations.Migration):
    # The Bagian Kerja Sama admin (issue 4): numbering register permissions; re-apply every group.
    dependencies = [("accounts", "0002_groups")]
    operations = [migrations.RunPython(sync_groups_migration, migrations.RunPython.noop)]
