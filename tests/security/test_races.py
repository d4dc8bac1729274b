"""Races on PostgreSQL: the same step posted twice at once, and the number register under 8 threads."""

import pytest
from django.db import connection
from django.test import Client

from accounts import roles
from agreements import numbering, pathing
from agreements.choices import Kind, Stage
from agreements.models import AgreementParty, StageEvent
from tests.desk.conftest import pdf, step_url
from tests.desk.test_concurrency import run_together
from tests.factories import AgreementFactory, OpdFactory, UserFactory, document_type

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_a_double_posted_dprd_decision_moves_the_agreement_one_stage():
    opd = OpdFactory(code="DLH")
    submitter = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
    reviewers = [UserFactory(username=f"reviewer_{i}", role=roles.KERJASAMA_STAFF) for i in (1, 2)]
    tkksd = UserFactory(username="tkksd", role=roles.TKKSD_MEMBER)
    agreement = AgreementFactory(
        kind=Kind.LAINNYA, subkind="", document_type=document_type("KONTRAK"), opd_initiator=opd,
        regime_reference="PP 27/2014 jo. PP 28/2020", dprd_required_override=True,
        dprd_override_reason="Membebani masyarakat.",
    )
    pathing.drive_to(agreement, Stage.PERSETUJUAN_DPRD, submitter=submitter, reviewer=reviewers[0], tkksd=tkksd)
    pathing.ensure_attachments(agreement, ["draft_naskah", "persetujuan_dprd"], reviewers[0])
    clients = []
    for user in reviewers:
        client = Client()
        client.force_login(user)
        clients.append(client)
    form = {
        "expected_stage": Stage.PERSETUJUAN_DPRD, "result": "disetujui", "letter_number": "170/45/DPRD/2026",
        "letter_date": "2026-01-05", "note": "Disetujui DPRD",
    }
    url = step_url(agreement, "advance")
    results = run_together(
        [lambda c=c: c.post(url, {**form, "file_persetujuan_dprd": pdf("dprd.pdf")}).status_code for c in clients]
    )
    assert sorted(results) == [200, 302]  # one done, the other told the agreement has moved
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENYUSUNAN_PKS
    assert StageEvent.objects.filter(agreement=agreement, action="advance", note="Disetujui DPRD").count() == 1


@pytest.mark.parametrize("pattern", [None, "{kode_klasifikasi}/{urut}/{kode_unit}/{tahun}"], ids=["default", "codeless"])
def test_eight_threads_numbering_across_document_types_get_eight_numbers(pattern, settings):
    if pattern:
        settings.KERJASAMA = {**settings.KERJASAMA, "NUMBER_PATTERN": pattern}
    reviewer = UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)
    opd = OpdFactory(code="DLH")
    codes = ["KSB", "PKS", "ADD", "KSB", "PKS", "ADD", "KSB", "PKS"]
    agreements = [AgreementFactory(opd_initiator=opd, document_type=document_type(code)) for code in codes]
    # one number typed by hand beforehand: the register must skip it
    typed = numbering.format_number(1, date=__import__("datetime").date.today(), document_type=document_type("PKS"))
    extra = AgreementFactory(opd_initiator=opd, document_type=document_type("PKS"))
    numbering.set_number(extra.home_party, typed, reviewer, "Nomor dari buku agenda manual.")
    results = run_together([lambda a=a: numbering.assign_home_number(a, reviewer).document_number for a in agreements])
    assert None not in results  # a thread that failed left None
    numbers = list(AgreementParty.objects.filter(partner__is_home=True).exclude(document_number="").values_list("document_number", flat=True))
    assert len(numbers) == 9 and len(set(numbers)) == 9
    assert typed not in results
