"""The dashboard's pre-aggregated counts and two more registry indexes.

* ``RegistryTally`` (the model now lives in ``registry``, same table).  The PostgreSQL statement
  triggers that keep it exact, and its first fill, are installed by ``registry.0001_initial``
  (``registry.dashboard.install_tally``), so that the domain's migrations import no app above it;
  databases made before the move had them installed here and get them reinstalled (idempotently)
  there.
* ``(opd_initiator_id, signing_date)``: the registry filtered by OPD and year reads one index range;
  ``(signing_date, created_at)``: the year filter's created_at bounds (see ``filters.YearMixin``).
"""

from django.db import migrations, models

INDEXES = [
    ("registry_agreement_opd_signing", "agreements_agreement", "opd_initiator_id, signing_date"),
    ("registry_agreement_signing_created", "agreements_agreement", "signing_date, created_at"),
]


def install(apps, schema_editor):
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def uninstall(apps, schema_editor):
    for name, *_rest in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_registry_indexes")]

    operations = [
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
                "constraints": [models.UniqueConstraint(fields=("scope", "dimension", "key"), name="registry_tally_key")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
