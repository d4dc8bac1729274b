"""The desk side of the regulation calendar: the holiday and neighbour tables, the foreign
follow-up tool and the decision forms' new facts."""

import datetime

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from agreements.choices import HolidayKind, Kind, Stage, SubKind
from agreements.models import Holiday

from ..desk.conftest import change_url, errors, pdf, step_url, tool_url
from ..factories import AgreementFactory, document_type

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def ksdpl(opd_a):
    return AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)


def test_bagian_kerja_sama_adds_a_cuti_bersama_and_pimpinan_only_reads(reviewer, pimpinan, client_for):
    add = reverse("admin:agreements_holiday_add")
    data = {"date": "2026-12-31", "name": "Cuti bersama akhir tahun", "kind": HolidayKind.CUTI_BERSAMA, "note": "SKB 2026"}
    assert client_for(pimpinan).post(add, data).status_code == 403
    assert client_for(pimpinan).get(reverse("admin:agreements_holiday_changelist")).status_code == 200
    assert client_for(reviewer).post(add, data).status_code == 302
    assert Holiday.objects.get(date=datetime.date(2026, 12, 31)).kind == HolidayKind.CUTI_BERSAMA
    assert client_for(reviewer).get(reverse("admin:agreements_adjacentregion_add")).status_code == 200


def test_foreign_followup_tool_records_the_original_sent_to_the_minister(ksdpl, drive, reviewer, opd_a_staff, client_for):
    drive(ksdpl, Stage.PELAKSANAAN)
    client = client_for(reviewer)
    url = tool_url(ksdpl, "lanjutan_ln")
    page = client.get(change_url(ksdpl)).content.decode()
    assert url in page
    assert "batas permohonan perpanjangan" in page.lower() and date_format(ksdpl.extension_request_due, "j F Y") in page
    assert client_for(opd_a_staff).post(url, {}).status_code in (302, 403)  # OPD staff never reach the desk
    response = client.post(url, {"action": "naskah_asli", "date": TODAY.isoformat(), "document": pdf("pengantar.pdf")})
    assert response.status_code == 302, errors(response)
    event = ksdpl.events.get(action="naskah_asli")
    assert event.actor == reviewer and event.data["date"] == TODAY.isoformat()
    assert ksdpl.attachments.filter(attachment_type__code="pengantar_naskah_asli").exists()
    # without its document nothing is recorded
    assert errors(client.post(url, {"action": "salinan_sekjen", "date": TODAY.isoformat()}))
    assert not ksdpl.events.filter(action="salinan_sekjen").exists()


def test_domestic_agreements_have_no_foreign_followup_tool(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    assert client_for(reviewer).get(tool_url(proposal, "lanjutan_ln")).status_code == 403


def test_penerusan_meeting_form_asks_for_the_technical_ministry(opd_a, drive, reviewer, client_for):
    agreement = AgreementFactory(kind=Kind.KSDLL, subkind=SubKind.PENERUSAN, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.RAPAT_ANTAR_KL)
    client = client_for(reviewer)
    url = step_url(agreement, "advance")
    base = {"meeting_date": TODAY.isoformat(), "minutes_number": "BA-07/SJ/2026", "file_notulen_antar_kl": pdf("notulen.pdf")}
    assert errors(client.post(url, base))
    agreement.refresh_from_db()
    assert agreement.stage == Stage.RAPAT_ANTAR_KL
    response = client.post(url, {**base, "file_notulen_antar_kl": pdf("notulen.pdf"), "technical_ministry": "Kementerian Kesehatan"})
    assert response.status_code == 302, errors(response)
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENANDATANGANAN_NASKAH
