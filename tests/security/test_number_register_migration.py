"""Migration 0008 enters the numbers already in the database in the register: the first holder of a
repeated number keeps it in the register, a later duplicate is left out (and listed), nothing is lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEFORE = [("agreements", "0007_regulation_calendar")]
AFTER = [("agreements", "0008_number_register_integrity")]


def test_existing_numbers_enter_the_register_and_duplicates_are_reported(capsys):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    Partner = apps.get_model("partners", "Partner")
    DocumentType = apps.get_model("agreements", "DocumentType")
    Opd = apps.get_model("accounts", "Opd")
    home = Partner.objects.filter(is_home=True).first() or Partner.objects.create(
        name="Pemerintah Kabupaten Klaten", partner_type="pemda", is_home=True
    )
    other = Partner.objects.create(name="Pemerintah Kabupaten Boyolali", partner_type="pemda")
    opd = Opd.objects.create(code="DLH", name="Dinas Lingkungan Hidup")
    ksb = DocumentType.objects.get(code="KSB")
    numbers = ["001/2026", "001/2026", "002/2026"]
    parties = []
    for index, number in enumerate(numbers):
        agreement = Agreement.objects.create(title=f"Kerja sama {index}", document_type=ksb, opd_initiator=opd, kind="ksdd_sukarela")
        parties.append(AgreementParty.objects.create(agreement=agreement, partner=home, order=1, document_number=number))
        AgreementParty.objects.create(agreement=agreement, partner=other, order=2, document_number="119/1/2026")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Party = apps.get_model("agreements", "AgreementParty")
    years = [Party.objects.get(pk=p.pk).register_year for p in parties]
    assert years == [0, None, 0]  # the default pattern carries the year: register year 0
    assert [Party.objects.get(pk=p.pk).document_number for p in parties] == numbers  # nothing lost
    assert Party.objects.filter(document_number="119/1/2026", register_year__isnull=True).count() == 3
    assert "001/2026" in capsys.readouterr().out
