"""``RegistryTally`` moves here from ``agreements`` (state only: the table keeps its name).  On
PostgreSQL the statement triggers that keep it exact are installed and the tally filled, unless a
database made before the move already has them (then nothing is touched)."""

from django.db import migrations, models


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from registry.dashboard import install_tally

        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'registry_tally_agreement_insert'")
            if cursor.fetchone():
                return

        install_tally(schema_editor.connection)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from registry.dashboard import drop_trigger_sql

        for sql in drop_trigger_sql():
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("agreements", "0005_admin_changelist_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistryTally",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("scope", models.IntegerField(default=0)),
                        ("dimension", models.CharField(max_length=8)),
                        ("key", models.CharField(max_length=120)),
                        ("n", models.BigIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "agreements_registrytally",
                        "constraints": [
                            models.UniqueConstraint(fields=("scope", "dimension", "key"), name="registry_tally_key")
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
