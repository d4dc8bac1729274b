"""Defect 2: the home pemda's number register never issues or accepts one number twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements import numbering
from agreements.models import AgreementParty
from tests.desk.conftest import tool_url
from tests.factories import AgreementFactory, document_type

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 9)
CODELESS = "{kode_klasifikasi}/{urut}/{kode_unit}/{tahun}"


def test_the_default_pattern_carries_the_document_code(opd_a, reviewer):
    ksb = AgreementFactory(opd_initiator=opd_a)
    pks = AgreementFactory(opd_initiator=opd_a, document_type=document_type("PKS"))
    assert numbering.assign_home_number(ksb, reviewer, today=DAY).document_number == "000.3.3/KSB/1/Kerjasama/2026"
    assert numbering.assign_home_number(pks, reviewer, today=DAY).document_number == "000.3.3/PKS/1/Kerjasama/2026"


def test_a_typed_number_is_reserved_and_the_sequence_skips_it(opd_a, reviewer, settings):
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    numbering.set_number(first.home_party, "000.3.3/KSB/1/Kerjasama/2026", reviewer, "Nomor dari buku agenda manual.")
    assert numbering.assign_home_number(second, reviewer, today=DAY).document_number == "000.3.3/KSB/2/Kerjasama/2026"


def test_codeless_pattern_still_gives_each_type_its_own_number(opd_a, reviewer, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "NUMBER_PATTERN": CODELESS}
    numbers = []
    for code in ("KSB", "PKS", "KSB", "ADD"):
        agreement = AgreementFactory(opd_initiator=opd_a, document_type=document_type(code))
        numbers.append(numbering.assign_home_number(agreement, reviewer, today=DAY).document_number)
    assert len(set(numbers)) == 4


def test_a_typed_clash_is_refused_in_indonesian_on_the_numbers_page(opd_a, reviewer, client_for):
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    numbering.assign_home_number(first, reviewer, today=DAY)
    taken = first.home_party.document_number
    home = second.home_party
    response = client_for(reviewer).post(
        tool_url(second, "nomor"), {f"number_{home.pk}": taken, "reason": "Salin dari agenda", "expected_stage": second.stage}
    )
    assert response.status_code == 200
    assert f"Nomor {taken} sudah dipakai oleh naskah lain" in response.content.decode()
    home.refresh_from_db()
    assert home.document_number == ""


def test_the_database_itself_refuses_a_repeated_home_number(opd_a, reviewer):
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    numbering.set_number(first.home_party, "180/1/2026", reviewer, "Manual")
    year = AgreementParty.objects.get(pk=first.home_party.pk).register_year
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.filter(pk=second.home_party.pk).update(document_number="180/1/2026", register_year=year)


def test_a_number_typed_at_signing_cannot_repeat_another(proposal, opd_a, drive, reviewer):
    from agreements import services
    from agreements.choices import Stage
    from agreements.pathing import ensure_attachments

    other = AgreementFactory(opd_initiator=opd_a)
    numbering.set_number(other.home_party, "180/7/2026", reviewer, "Manual")
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    ensure_attachments(proposal, ["naskah_ditandatangani"], reviewer)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        services.record_signing(
            proposal, reviewer, signing_date=datetime.date.today(), signing_place="Klaten",
            numbers={proposal.home_party.pk: "180/7/2026"}, checklist={"paraf": True, "meterai": True, "stempel": True},
        )
    assert "sudah dipakai oleh naskah lain" in " ".join(error.value.messages)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENANDATANGANAN_KSB and proposal.home_party.document_number == ""


def test_partner_numbers_are_not_in_the_home_register(opd_a, reviewer):
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    numbering.set_number(first.partner_parties[0], "119/12/2026", reviewer)
    numbering.set_number(second.partner_parties[0], "119/12/2026", reviewer)  # two partners may agree by chance
    assert AgreementParty.objects.filter(document_number="119/12/2026", register_year__isnull=True).count() == 2
