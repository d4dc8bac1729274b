"""Steps that record a decision: DPRD, the foreign path, signing, implementation, termination,
reports and monev, addendum/extension; and the freeze of a signed agreement."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.formats import date_format

from agreements import pathing, services
from agreements.choices import Kind, MonevRecommendation, ParentRelation, Stage, SubKind, TerminationCause
from agreements.models import Agreement, MonitoringEntry, StageEvent
from tests.factories import AgreementFactory, document_type

from .conftest import change_url, errors, pdf, step_url, tool_url

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def last_event(agreement):
    return StageEvent.objects.filter(agreement=agreement).order_by("-created_at", "-id").first()


@pytest.fixture
def pks_at_dprd(proposal, drive, reviewer):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, reviewer, ParentRelation.PELAKSANAAN, document_type("PKS"))
    pks.burdens_community = True
    pks.save()
    drive(pks, Stage.PERSETUJUAN_DPRD)
    return pks


def test_dprd_approval_needs_letter_and_file(pks_at_dprd, reviewer, client_for):
    client = client_for(reviewer)
    url = step_url(pks_at_dprd, "advance")
    page = client.get(url)
    assert "dianggap_disetujui" not in page.content.decode()  # deemed approval is for foreign cooperation only
    response = client.post(url, {"result": "disetujui", "letter_number": "", "letter_date": ""})
    assert response.status_code == 200 and len(errors(response)) >= 2
    pks_at_dprd.refresh_from_db()
    assert pks_at_dprd.stage == Stage.PERSETUJUAN_DPRD
    response = client.post(
        url,
        {
            "result": "disetujui",
            "letter_number": "170/45/DPRD/2026",
            "letter_date": TODAY.isoformat(),
            "file_persetujuan_dprd": pdf("dprd.pdf"),
        },
    )
    assert response.status_code == 302
    pks_at_dprd.refresh_from_db()
    assert pks_at_dprd.stage == Stage.PENYUSUNAN_PKS
    event = last_event(pks_at_dprd)
    assert event.data["letter_number"] == "170/45/DPRD/2026" and event.data["result"] == "disetujui"


@pytest.fixture
def ksdpl(opd_a, opd_a_staff):
    start = TODAY
    return AgreementFactory(
        kind=Kind.KSDPL,
        subkind=SubKind.KAB_KOTA_KEMBAR,
        document_type=document_type("MOU"),
        opd_initiator=opd_a,
        created_by=opd_a_staff,
        start_date=start,
        end_date=start.replace(year=start.year + 4),
        title="Kerja Sama Kota Kembar Klaten–Kitakyushu",
    )


def continue_to(agreement, target, reviewer, tkksd):
    """Take an agreement already on its path further, every condition met (pathing.drive_to starts over)."""
    while agreement.stage != target:
        pathing.complete_current_stage(agreement, reviewer, tkksd, TODAY)


def test_foreign_path_minister_reply_deemed_dprd_approval_and_full_power(ksdpl, drive, reviewer, tkksd_member, client_for):
    client = client_for(reviewer)
    drive(ksdpl, Stage.PERNYATAAN_KEHENDAK)
    url = step_url(ksdpl, "advance")
    response = client.post(
        url,
        {
            "consultation_number": "000.3/120/Kerjasama",
            "consultation_date": (TODAY - datetime.timedelta(days=20)).isoformat(),
            "reply_number": "005/1234/SJ",
            "reply_date": (TODAY - datetime.timedelta(days=5)).isoformat(),
            "loi_signed_date": TODAY.isoformat(),
            "loi_signatory": "Drs. H. Ahmad Subekti, M.Si.",
            "loi_signatory_capacity": "kepala_daerah",
            "copy_to_menteri_date": TODAY.isoformat(),
            "file_loi": pdf("loi.pdf"),
            "file_tanggapan_menteri": pdf("tanggapan.pdf"),
        },
    )
    assert response.status_code == 302, errors(response)
    ksdpl.refresh_from_db()
    assert ksdpl.stage == Stage.PENYUSUNAN_RENCANA
    assert last_event(ksdpl).data["reply_number"] == "005/1234/SJ"
    assert last_event(ksdpl).data["copy_to_menteri_date"] == TODAY.isoformat()

    continue_to(ksdpl, Stage.PERSETUJUAN_DPRD, reviewer, tkksd_member)
    # the DPRD still has time: not deemed approved yet
    recent = {"result": "dianggap_disetujui", "received_date": (TODAY - datetime.timedelta(days=10)).isoformat()}
    assert errors(client.post(url, recent))
    ksdpl.refresh_from_db()
    assert ksdpl.stage == Stage.PERSETUJUAN_DPRD
    old = {"result": "dianggap_disetujui", "received_date": (TODAY - datetime.timedelta(days=90)).isoformat()}
    assert client.post(url, old).status_code == 302
    ksdpl.refresh_from_db()
    assert ksdpl.stage == Stage.VERIFIKASI_MENTERI

    continue_to(ksdpl, Stage.PERSETUJUAN_MENTERI, reviewer, tkksd_member)
    response = client.post(
        url,
        {
            "letter_number": "005/3456/SJ",
            "letter_date": TODAY.isoformat(),
            "full_power_number": "FP-12/2026",
            "file_persetujuan_menteri": pdf("persetujuan.pdf"),
            "file_full_power": pdf("full-power.pdf"),
        },
    )
    assert response.status_code == 302, errors(response)
    ksdpl.refresh_from_db()
    assert ksdpl.stage == Stage.PENANDATANGANAN_NASKAH
    assert ksdpl.attachments.filter(attachment_type__code="full_power").exists()
    assert last_event(ksdpl).data["full_power_number"] == "FP-12/2026"


def signing_data(agreement, **overrides):
    data = {
        "signing_date": TODAY.isoformat(),
        "signing_place": "Klaten",
        "start_date": TODAY.isoformat(),
        "end_date": TODAY.replace(year=TODAY.year + 5).isoformat(),
        "signed_scan": pdf("naskah-ttd.pdf"),
        "paraf": "on",
        "meterai": "on",
        "stempel": "on",
    }
    for party in agreement.parties.all():
        prefix = f"party_{party.pk}_"
        data[prefix + "number"] = f"{party.order:03d}/KS/{TODAY.year}"
        data[prefix + "signatory_name"] = party.signatory_name
        data[prefix + "signatory_title"] = party.signatory_title
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_signing_records_date_place_numbers_and_scan(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    response = client_for(reviewer).post(step_url(proposal, "sign"), signing_data(proposal))
    assert response.status_code == 302, errors(response)
    proposal.refresh_from_db()
    assert proposal.stage in (Stage.DITANDATANGANI, Stage.PELAKSANAAN)
    assert proposal.signing_place == "Klaten" and proposal.signing_date == TODAY
    assert sorted(proposal.parties.values_list("document_number", flat=True)) == [f"001/KS/{TODAY.year}", f"002/KS/{TODAY.year}"]
    assert proposal.attachments.filter(attachment_type__code="naskah_ditandatangani", original_name="naskah-ttd.pdf").exists()


def test_signing_with_a_failed_check_returns_it_with_the_reason(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    client = client_for(reviewer)
    # an unticked item first asks for confirmation and a reason; nothing changes meanwhile
    response = client.post(step_url(proposal, "sign"), signing_data(proposal, meterai=None))
    content = response.content.decode()
    assert response.status_code == 200 and "tidak dicentang" in content.lower()
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENANDATANGANAN_KSB
    client.post(step_url(proposal, "sign"), signing_data(proposal, meterai=None, confirm_return="on", note="Meterai belum ada."))
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIKEMBALIKAN and proposal.resume_stage == Stage.PENANDATANGANAN_KSB
    event = last_event(proposal)
    assert event.action == "return" and event.data["checklist"]["meterai"] is False


def test_meterai_is_asked_only_for_parties_who_sign_on_one(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    proposal.parties.exclude(order=1).update(needs_stamp_duty=False)
    client = client_for(reviewer)
    form = client.get(step_url(proposal, "sign")).context["form"]
    home = proposal.parties.get(order=1).partner.name
    assert "meterai" in form.fields and form.fields["meterai"].help_text.endswith(f"{home}.")
    proposal.parties.update(needs_stamp_duty=False)
    assert "meterai" not in client.get(step_url(proposal, "sign")).context["form"].fields
    response = client.post(step_url(proposal, "sign"), signing_data(proposal, meterai=None))
    assert response.status_code == 302, errors(response)
    proposal.refresh_from_db()
    assert proposal.is_signed


def test_a_future_start_date_is_said_plainly(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    start = TODAY + datetime.timedelta(days=40)
    response = client_for(reviewer).post(step_url(proposal, "sign"), signing_data(proposal, start_date=start.isoformat()), follow=True)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DITANDATANGANI
    text = " ".join(str(m) for m in response.context["messages"])
    assert "40 hari" in text and date_format(start, "j F Y") in text


def test_signing_without_the_scan_changes_nothing(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    response = client_for(reviewer).post(step_url(proposal, "sign"), signing_data(proposal, signed_scan=None))
    assert response.status_code == 200 and errors(response)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENANDATANGANAN_KSB
    assert not proposal.parties.exclude(document_number="").exists()


def test_signing_can_take_the_home_number_from_the_register(proposal, drive, reviewer, client_for, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "NUMBER_PATTERN": "{kode_klasifikasi}/{urut}/{kode_unit}/{tahun}"}
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    home = proposal.home_party
    data = signing_data(proposal, auto_number="on")
    data[f"party_{home.pk}_number"] = ""
    assert client_for(reviewer).post(step_url(proposal, "sign"), data).status_code == 302
    home.refresh_from_db()
    assert home.document_number == f"000.3.3/1/Kerjasama/{TODAY.year}"


def test_start_of_implementation(proposal, drive, reviewer, client_for):
    proposal.start_date = TODAY + datetime.timedelta(days=30)
    proposal.end_date = proposal.start_date.replace(year=proposal.start_date.year + 3)
    proposal.save()
    drive(proposal, Stage.DITANDATANGANI)
    client = client_for(reviewer)
    # pelaksanaan begins on the start date, not when someone presses the button
    assert errors(client.post(step_url(proposal, "start"), {"note": "Rapat perdana."}, follow=True))
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DITANDATANGANI
    # the start date has come but the daily job has not run yet: the desk may confirm it
    type(proposal).objects.filter(pk=proposal.pk).update(start_date=TODAY)
    assert client.post(step_url(proposal, "start"), {"note": "Rapat perdana."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PELAKSANAAN


def test_only_the_head_terminates_and_only_for_a_cause_of_the_kind(proposal, drive, reviewer, kabag, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    url = step_url(proposal, "terminate")
    assert client_for(reviewer).post(url, {"cause": TerminationCause.TUJUAN_TERCAPAI}).status_code == 403
    head = client_for(kabag)
    # bankruptcy of a third party is not a cause for a KSDD
    response = head.post(url, {"cause": TerminationCause.PIHAK_KETIGA_PAILIT})
    assert response.status_code == 200 and "cause" in response.context["form"].errors
    # a contract clause must be named
    assert errors(head.post(url, {"cause": TerminationCause.KLAUSUL_KONTRAK, "note": ""}))
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PELAKSANAAN
    assert head.post(url, {"cause": TerminationCause.TUJUAN_TERCAPAI, "note": "Program tuntas."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAKHIRI and proposal.termination_cause == TerminationCause.TUJUAN_TERCAPAI


def test_monev_entry_needs_rating_and_recommendation(proposal, drive, reviewer, pimpinan, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    url = tool_url(proposal, "monitoring")
    base = {"entry_type": "monev", "period": "Semester I 2026", "date": TODAY.isoformat(), "summary": "Berjalan baik."}
    assert client_for(pimpinan).post(url, {**base, "rating": 4, "recommendation": "dilanjutkan"}).status_code == 403
    client = client_for(reviewer)
    response = client.post(url, base)
    assert {"rating", "recommendation"} <= set(response.context["form"].errors)
    assert not MonitoringEntry.objects.exists()
    response = client.post(url, {**base, "rating": 4, "recommendation": "diperluas", "file": pdf("monev.pdf")})
    assert response.status_code == 302
    entry = MonitoringEntry.objects.get()
    assert entry.recommendation == MonevRecommendation.DIPERLUAS and entry.created_by == reviewer
    assert proposal.attachments.filter(attachment_type__code="monev").exists()


def test_addendum_creates_a_linked_proposal(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    response = client_for(reviewer).post(tool_url(proposal, "turunan"), {"relation": "adendum", "title_text": "Adendum I"})
    child = Agreement.objects.get(parent=proposal)
    assert response.status_code == 302 and response["Location"] == change_url(child)
    assert child.parent_relation == ParentRelation.ADENDUM and child.document_type.code == "ADD"
    assert child.stage == Stage.PERSIAPAN and child.parties.count() == proposal.parties.count()


def test_signed_agreement_is_frozen(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    client = client_for(reviewer)
    page = client.get(change_url(proposal))
    content = page.content.decode()
    assert 'name="title"' not in content and 'name="parties-0-signatory_name"' not in content
    assert tool_url(proposal, "turunan") in content and tool_url(proposal, "nomor") not in content
    assert client.post(change_url(proposal), {"title": "Judul lain"}).status_code == 403
    assert client.post(tool_url(proposal, "nomor"), {"reason": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Judul lain"


def test_reviewer_edits_a_proposal_in_review_but_not_its_path(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    content = client_for(reviewer).get(change_url(proposal)).content.decode()
    assert 'name="title"' in content and 'name="kind"' not in content


@pytest.mark.immediate_tasks  # the mail is sent by a task; run it in place
def test_send_reminder_mails_the_contacts(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    mail.outbox.clear()
    response = client_for(reviewer).post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "send_reminder", "_selected_action": [proposal.pk]},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"rina@example.go.id", "dwi@example.go.id"}
    assert proposal.title in mail.outbox[0].body


def test_attachment_download_checks_access(proposal, drive, reviewer, pimpinan, opd_b_staff, client_for):
    drive(proposal, Stage.DIAJUKAN)
    attachment = proposal.attachments.first()
    url = reverse("admin:agreements_agreement_attachment", args=[proposal.pk, attachment.pk])
    response = client_for(pimpinan).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(opd_b_staff).get(url).status_code == 302  # no admin for OPD staff
