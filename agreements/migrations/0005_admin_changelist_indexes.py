"""Indexes for the admin changelist's sortable columns at a million agreements.

The changelist breaks ties with the primary key in the direction of the sorted column
(``admin_changelist.RegisterChangeList.get_ordering``), so one ``(column, id)`` index serves both
"kind" and "-kind".  Title, end date and the default order already have theirs (migration 0003 and
the model).  Plain B-trees: created on every database.
"""

from django.db import migrations

BTREE = [
    ("admin_agreement_kind", "agreements_agreement", "kind, id"),
    ("admin_agreement_stage", "agreements_agreement", "stage, id"),
]


def create(apps, schema_editor):
    for name, table, columns in BTREE:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    for name, *_rest in BTREE:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_registry_tally")]

    operations = [migrations.RunPython(create, drop)]
