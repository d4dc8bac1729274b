"""Indexes for the registry list, the public page and the dashboard at a million agreements.

B-tree indexes matching the list's sort orders are created on every database.  On PostgreSQL
only: the pg_trgm extension and trigram GIN indexes on ``UPPER(col::text)`` (the expression
Django's ``icontains`` compiles to) for the title, the parties' document numbers and the
partners' names, and a partial index for the published agreements.
"""

from django.db import migrations

BTREE = [
    ("registry_agreement_created", "agreements_agreement", "created_at DESC, id DESC"),
    ("registry_agreement_signing", "agreements_agreement", "signing_date, id"),
    ("registry_agreement_title", "agreements_agreement", "title, id"),
    ("registry_agreement_value", "agreements_agreement", "value, id"),
    ("registry_agreement_updated", "agreements_agreement", "updated_at"),
    ("registry_agreement_waiting", "agreements_agreement", "stage, stage_changed_at"),
    ("registry_agreement_opd_created", "agreements_agreement", "opd_initiator_id, created_at DESC, id DESC"),
]
# (name, table, columns, condition): partial indexes, on both databases.
PARTIAL = [
    # "diubah" on the public page: does a signed adendum exist under this agreement?
    ("registry_agreement_adendum", "agreements_agreement", "parent_id, stage", "parent_relation = 'adendum'"),
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_agreement_title_trgm ON agreements_agreement "
    "USING gin (UPPER(title::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_party_number_trgm ON agreements_agreementparty "
    "USING gin (UPPER(document_number::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_partner_name_trgm ON partners_partner "
    "USING gin (UPPER(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_agreement_published ON agreements_agreement "
    "(signing_date DESC, id DESC) WHERE is_published",
    "CREATE INDEX IF NOT EXISTS registry_urusan_link ON agreements_agreement_urusan (urusan_id, agreement_id)",
    "CREATE INDEX IF NOT EXISTS registry_executing_link ON agreements_agreement_executing_opds (opd_id, agreement_id)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS registry_agreement_title_trgm",
    "DROP INDEX IF EXISTS registry_party_number_trgm",
    "DROP INDEX IF EXISTS registry_partner_name_trgm",
    "DROP INDEX IF EXISTS registry_agreement_published",
    "DROP INDEX IF EXISTS registry_urusan_link",
    "DROP INDEX IF EXISTS registry_executing_link",
]


def create(apps, schema_editor):
    for name, table, columns in BTREE:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    for name, table, columns, condition in PARTIAL:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}) WHERE {condition}")
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name, *_rest in BTREE + PARTIAL:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_reference_data"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
