"""Driving an agreement along its path with every condition met: used by the demo data
(``load_demo``) and by the tests.  Every step goes through ``agreements.services``."""

import datetime

from . import services, workflow
from .choices import SigningCapacity, Stage
from .demo_files import minimal_pdf
from .models import AttachmentType
from .uploads import content_file, store_attachment


def attach(agreement, code, user):
    attachment_type = AttachmentType.objects.get(code=code)
    return store_attachment(
        agreement, attachment_type, content_file(minimal_pdf(attachment_type.name[:60]), f"{code}.pdf"), user
    )


def ensure_attachments(agreement, codes, user):
    present = set(agreement.attachments.values_list("attachment_type__code", flat=True))
    for code in codes:
        if code not in present:
            attach(agreement, code, user)


DECISION_DATA = {
    workflow.DPRD: lambda d: {"result": "disetujui", "letter_number": "170/45/DPRD", "letter_date": d},
    workflow.MENTERI_TANGGAPAN: lambda d: {
        "consultation_number": "000.3/120/Kerjasama", "consultation_date": d, "reply_number": "005/1234/SJ",
        "reply_date": d, "loi_signed_date": d, "loi_signatory": "Bupati", "loi_signatory_capacity": "kepala_daerah",
        "copy_to_menteri_date": d,
    },
    workflow.PERTIMBANGAN: lambda d: {"result": "lanjut", "letter_number": "005/2345/SJ", "letter_date": d},
    workflow.SURAT_KONFIRMASI: lambda d: {"letter_number": "B-00123/HI/03/2026/60", "letter_date": d},
    workflow.PERSETUJUAN_MENTERI: lambda d: {"letter_number": "005/3456/SJ", "letter_date": d},
    workflow.RAPAT_ANTAR_KL: lambda d: {
        "meeting_date": d, "minutes_number": "BA-07/SJ/2026", "technical_ministry": "Kementerian Kesehatan",
    },
    workflow.PERMOHONAN_PERPANJANGAN: lambda d: {
        "letter_number": "000.3/210/Kerjasama", "letter_date": d, "copy_to_dprd": True, "copy_to_gubernur": True,
    },
    workflow.JAWABAN_PERPANJANGAN: lambda d: {"result": "disetujui", "letter_number": "005/4567/SJ", "letter_date": d},
}


def complete_current_stage(agreement, reviewer, tkksd, today, signing_date=None):
    """Meet the current stage's conditions and leave it (advance, or record the signing)."""
    spec = workflow.stage_spec(agreement, agreement.stage)
    if spec is None:
        raise ValueError(f"{agreement.stage} is not on the path of {agreement}")
    ensure_attachments(agreement, spec.exit_attachments, reviewer)
    if spec.decision == workflow.TKKSD:
        services.record_tkksd_recommendation(agreement, tkksd, today, "setuju", "Layak ditindaklanjuti.")
    if spec.signing:
        signing_date = signing_date or today
        numbers = {}
        for party in agreement.parties.select_related("partner"):
            if not party.signatory_name:
                party.signatory_name = party.partner.leader_name or "Penandatangan"
                party.signatory_title = party.partner.leader_title or "Pimpinan"
            if party.partner.is_home and not party.signing_capacity:
                party.signing_capacity = SigningCapacity.KEPALA_DAERAH
            party.save()
            numbers[party.pk] = party.document_number or f"{party.order:03d}/{agreement.pk}/{signing_date.year}"
        start = agreement.start_date or signing_date
        end = agreement.end_date or start.replace(year=start.year + 5) - datetime.timedelta(days=1)
        return services.record_signing(
            agreement,
            reviewer,
            signing_date=signing_date,
            signing_place=agreement.signing_place or "Klaten",
            numbers=numbers,
            checklist={"paraf": True, "meterai": True, "stempel": True},
            start_date=start,
            end_date=end,
            today=today,
        )
    data = DECISION_DATA[spec.decision](today.isoformat()) if spec.decision in DECISION_DATA else None
    if spec.decision == workflow.DPRD:
        ensure_attachments(agreement, ["persetujuan_dprd"], reviewer)
    return services.advance(agreement, reviewer, "", data, today=today)


def drive_to(agreement, target, *, submitter, reviewer, tkksd, today=None, signing_date=None):
    """Take a proposal from where it is (PERSIAPAN, or further on) to ``target`` (a stage on its path,
    DIAJUKAN, or a signed state)."""
    today = today or datetime.date.today()
    if agreement.stage == target:
        return agreement
    if agreement.stage in (Stage.PERSIAPAN, Stage.DIKEMBALIKAN):
        ensure_attachments(agreement, workflow.submit_attachments(agreement), submitter)
        services.submit(agreement, submitter)
    if target == Stage.DIAJUKAN:
        return agreement
    if agreement.stage == Stage.DIAJUKAN:
        services.verify(agreement, reviewer)
    guard = 0
    while agreement.stage != target:
        guard += 1
        if guard > 30 or agreement.stage in Stage.closed():
            raise ValueError(f"cannot reach {target} from {agreement.stage}")
        if agreement.stage == Stage.DITANDATANGANI:
            services.start_implementation(agreement, reviewer)
            continue
        if agreement.stage in (Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR):
            raise ValueError(f"{target} is a date-driven state; set the dates instead")
        complete_current_stage(agreement, reviewer, tkksd, today, signing_date)
    return agreement
