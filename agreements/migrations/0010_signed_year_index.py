"""The registry's "year signed" filter, newest first, at a million agreements (bench/registry.py):
``(EXTRACT(YEAR FROM signing_date), created_at DESC, id DESC)`` gives one year's agreements in the
list's own order, so a page reads 26 index entries instead of walking the created_at index past every
agreement created after that year (``registry.filters.YearMixin``).  PostgreSQL only: on SQLite the
filter stays a date range."""

from django.db import migrations

NAME = "registry_agreement_signed_year"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON agreements_agreement "
            "((EXTRACT(YEAR FROM signing_date)), created_at DESC, id DESC)"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_extension_due_and_waiting_indexes")]

    operations = [migrations.RunPython(install, uninstall)]
