"""The home pemda's number register: each home party's number is entered once (see numbering.py).

Numbers already in the database are entered oldest first; a later duplicate of an entered number is
left out of the register (it stays on its document, the register then refuses the number to anyone
else) and is listed on the console for the Bagian Kerja Sama to renumber."""

import string

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def enter_existing_numbers(apps, schema_editor):
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    pattern = settings.KERJASAMA["NUMBER_PATTERN"]
    has_year = any(name == "tahun" for _t, name, _s, _c in string.Formatter().parse(pattern))
    seen = set()
    duplicates = []
    rows = (
        AgreementParty.objects.filter(partner__is_home=True)
        .exclude(document_number="")
        .select_related("agreement")
        .order_by("agreement__created_at", "pk")
    )
    for party in rows.iterator():
        agreement = party.agreement
        year = 0 if has_year else (agreement.signing_date or agreement.created_at).year
        key = (party.document_number, year)
        if key in seen:
            duplicates.append(party)
            continue
        seen.add(key)
        AgreementParty.objects.filter(pk=party.pk).update(register_year=year)
    for party in duplicates:
        print(f"  number {party.document_number!r} of agreement {party.agreement_id} repeats an earlier one: renumber it")


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0007_regulation_calendar'),
        ('partners', '0002_load_regions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalNumberSequence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('last_number', models.PositiveIntegerField(default=0, verbose_name='last number')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical number sequence',
                'verbose_name_plural': 'historical number sequences',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='agreementparty',
            name='register_year',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='register year'),
        ),
        migrations.AddField(
            model_name='historicalagreementparty',
            name='register_year',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='register year'),
        ),
        migrations.RunPython(enter_existing_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='agreementparty',
            constraint=models.UniqueConstraint(condition=models.Q(('register_year__isnull', False)), fields=('document_number', 'register_year'), name='home_number_unique_in_register'),
        ),
        migrations.AddField(
            model_name='historicalnumbersequence',
            name='document_type',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.documenttype', verbose_name='document type'),
        ),
        migrations.AddField(
            model_name='historicalnumbersequence',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
