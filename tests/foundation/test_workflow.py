"""The stage engine: every kind's path, and every refusal leaves the agreement and its history unchanged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from agreements import services, workflow
from agreements.choices import Kind, ParentRelation, SigningCapacity, Stage, SubKind, TerminationCause
from agreements.models import AgreementParty, StageEvent
from agreements.pathing import DECISION_DATA, attach, complete_current_stage, ensure_attachments
from partners.choices import PartnerType

from ..factories import AgreementFactory, PartnerFactory, document_type

pytestmark = pytest.mark.django_db


def visited(agreement):
    return [e.to_stage for e in agreement.events.order_by("created_at", "id") if e.action not in ("tkksd", "create")]


def snapshot(agreement):
    agreement.refresh_from_db()
    return agreement.stage, agreement.events.count()


@pytest.mark.parametrize(
    "kind,subkind,doc,expected",
    [
        (
            Kind.KSDD_WAJIB, "", "KSB",
            [Stage.DIAJUKAN, Stage.PENAWARAN, Stage.PENYUSUNAN_KSB, Stage.PENANDATANGANAN_KSB, Stage.DITANDATANGANI, Stage.PELAKSANAAN],
        ),
        (
            Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB",
            [Stage.DIAJUKAN, Stage.PENAWARAN, Stage.PENYUSUNAN_KSB, Stage.PENANDATANGANAN_KSB, Stage.DITANDATANGANI, Stage.PELAKSANAAN],
        ),
        (
            Kind.KSDPK, SubKind.PENGELOLAAN_ASET, "KONTRAK",
            [Stage.DIAJUKAN, Stage.PENYUSUNAN_PKS, Stage.PENANDATANGANAN_PKS, Stage.DITANDATANGANI, Stage.PELAKSANAAN],
        ),
        (
            Kind.KSDPL, SubKind.KAB_KOTA_KEMBAR, "MOU",
            [
                Stage.DIAJUKAN, Stage.PENJAJAKAN, Stage.PERNYATAAN_KEHENDAK, Stage.PENYUSUNAN_RENCANA, Stage.PERSETUJUAN_DPRD,
                Stage.VERIFIKASI_MENTERI, Stage.PENYUSUNAN_NASKAH, Stage.PEMBAHASAN_NASKAH, Stage.PERSETUJUAN_MENTERI,
                Stage.PENANDATANGANAN_NASKAH, Stage.DITANDATANGANI, Stage.PELAKSANAAN,
            ],
        ),
        (
            Kind.KSDLL, SubKind.PERSETUJUAN_PUSAT, "MOU",
            [
                Stage.DIAJUKAN, Stage.PENJAJAKAN, Stage.PERNYATAAN_KEHENDAK, Stage.PENYUSUNAN_RENCANA, Stage.PERSETUJUAN_DPRD,
                Stage.VERIFIKASI_MENTERI, Stage.PENYUSUNAN_NASKAH, Stage.PEMBAHASAN_NASKAH, Stage.PERSETUJUAN_MENTERI,
                Stage.PENANDATANGANAN_NASKAH, Stage.DITANDATANGANI, Stage.PELAKSANAAN,
            ],
        ),
        (
            Kind.KSDLL, SubKind.PENERUSAN, "MOU",
            [
                Stage.DIAJUKAN, Stage.PENYUSUNAN_RENCANA, Stage.PERSETUJUAN_DPRD, Stage.VERIFIKASI_MENTERI,
                Stage.RAPAT_ANTAR_KL, Stage.PENANDATANGANAN_NASKAH, Stage.DITANDATANGANI, Stage.PELAKSANAAN,
            ],
        ),
        (
            Kind.SINERGI, "", "NK",
            [Stage.DIAJUKAN, Stage.PENAWARAN, Stage.PENYUSUNAN_NOTA, Stage.PENANDATANGANAN_NOTA, Stage.DITANDATANGANI, Stage.PELAKSANAAN],
        ),
        (
            Kind.LAINNYA, "", "KONTRAK",
            [Stage.DIAJUKAN, Stage.PENYUSUNAN_PKS, Stage.PENANDATANGANAN_PKS, Stage.DITANDATANGANI, Stage.PELAKSANAAN],
        ),
    ],
)
def test_every_kind_walks_its_whole_path(kind, subkind, doc, expected, opd_a, opd_a_staff, drive):
    agreement = AgreementFactory(
        kind=kind,
        subkind=subkind,
        document_type=document_type(doc),
        opd_initiator=opd_a,
        regime_reference="PP 27/2014 jo. PP 28/2020" if doc == "KONTRAK" else "",
        no_ksb_reason="Rezim pemanfaatan BMD." if doc == "KONTRAK" and kind == Kind.KSDPK else "",
        end_date=datetime.date.today().replace(year=datetime.date.today().year + 3),
    )
    drive(agreement, Stage.PELAKSANAAN)
    assert visited(agreement) == expected
    assert agreement.signing_date == datetime.date.today()
    assert agreement.home_party.document_number


def test_ksdd_pks_under_signed_ksb_goes_through_dprd_when_unbudgeted(proposal, drive, opd_a_staff, reviewer):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"), title="Pengangkutan Sampah")
    pks.not_budgeted = True
    pks.end_date = proposal.end_date
    pks.start_date = proposal.start_date
    pks.save()
    home = pks.home_party
    home.signing_capacity, home.power_of_attorney = SigningCapacity.KUASA, "180/12/2026"
    home.signatory_name, home.signatory_title = "Ir. Sri Wahyuni", "Kepala Dinas Lingkungan Hidup"
    home.save()
    drive(pks, Stage.PELAKSANAAN)
    assert visited(pks) == [
        Stage.DIAJUKAN, Stage.PERSETUJUAN_DPRD, Stage.PENYUSUNAN_PKS, Stage.PENANDATANGANAN_PKS, Stage.DITANDATANGANI, Stage.PELAKSANAAN,
    ]
    dprd_event = pks.events.get(from_stage=Stage.PERSETUJUAN_DPRD)
    assert dprd_event.data["result"] == "disetujui" and dprd_event.data["letter_number"]


def test_pks_without_dprd_trigger_skips_dprd(proposal, drive, opd_a_staff):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"))
    assert workflow.first_stage(pks) == Stage.PENYUSUNAN_PKS


def test_penerusan_ksdll_dprd_step_is_configurable(opd_a):
    agreement = AgreementFactory(kind=Kind.KSDLL, subkind=SubKind.PENERUSAN, document_type=document_type("MOU"), opd_initiator=opd_a)
    assert Stage.PERSETUJUAN_DPRD in [s.stage for s in workflow.applicable_stages(agreement)]
    with override_settings(KERJASAMA={**__import__("django.conf").conf.settings.KERJASAMA, "KSDLL_PENERUSAN_REQUIRES_DPRD": False}):
        assert Stage.PERSETUJUAN_DPRD not in [s.stage for s in workflow.applicable_stages(agreement)]


def test_ksdpl_dprd_cannot_be_overridden_away(opd_a):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    agreement.dprd_required_override = False
    agreement.dprd_override_reason = "Tidak perlu"
    assert agreement.dprd_required is True


def test_return_for_revision_resumes_at_the_same_stage(proposal, drive, opd_a_staff, reviewer):
    drive(proposal, Stage.PENYUSUNAN_KSB)
    services.return_for_revision(proposal, reviewer, "Perbaiki ruang lingkup.")
    assert proposal.stage == Stage.DIKEMBALIKAN
    services.submit(proposal, opd_a_staff)
    services.verify(proposal, reviewer)
    assert proposal.stage == Stage.PENYUSUNAN_KSB


# --- refusals: the agreement and its history stay as they were ---------------------------------


def test_opd_staff_cannot_verify(proposal, opd_a_staff, drive):
    drive(proposal, Stage.DIAJUKAN)
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError, match="tidak berwenang"):
        services.verify(proposal, opd_a_staff)
    assert snapshot(proposal) == before


def test_other_opd_cannot_submit(proposal, opd_b_staff):
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError):
        services.submit(proposal, opd_b_staff)
    assert snapshot(proposal) == before


def test_tkksd_and_pimpinan_cannot_advance(proposal, drive, tkksd_member, pimpinan):
    drive(proposal, Stage.PENAWARAN)
    ensure_attachments(proposal, ["surat_penawaran"], tkksd_member)
    before = snapshot(proposal)
    for user in (tkksd_member, pimpinan):
        with pytest.raises(services.TransitionError):
            services.advance(proposal, user)
    assert snapshot(proposal) == before


def test_cannot_skip_ahead_or_sign_early(proposal, reviewer, drive):
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError):
        services.advance(proposal, reviewer)
    with pytest.raises(services.TransitionError):
        services.record_signing(proposal, reviewer, signing_date=datetime.date.today(), signing_place="Klaten")
    assert snapshot(proposal) == before


def test_submission_lists_every_missing_item(opd_a, opd_a_staff):
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a, title="Parkir", purpose="", complete=False)
    before = snapshot(agreement)
    with pytest.raises(services.TransitionError) as error:
        services.submit(agreement, opd_a_staff)
    messages = " ".join(error.value.messages)
    for expected in ("maksud dan tujuan", "urusan", "dua narahubung", "satu mitra", "Kerangka Acuan Kerja", "Studi Kelayakan"):
        assert expected in messages
    assert snapshot(agreement) == before


def test_ksdpk_needs_a_feasibility_study(opd_a, opd_a_staff):
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a)
    attach(agreement, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="Studi Kelayakan"):
        services.submit(agreement, opd_a_staff)
    attach(agreement, "studi_kelayakan", opd_a_staff)
    services.submit(agreement, opd_a_staff)
    assert agreement.stage == Stage.DIAJUKAN


def test_ksdd_partner_must_be_a_regional_government(opd_a, opd_a_staff):
    agreement = AgreementFactory(kind=Kind.KSDD_SUKARELA, opd_initiator=opd_a, complete__partners=[PartnerFactory()])
    attach(agreement, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="bukan mitra yang sesuai"):
        services.submit(agreement, opd_a_staff)


def test_missing_dprd_decision_is_refused(proposal, drive, opd_a_staff, reviewer):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"))
    pks.burdens_community = True
    pks.save()
    drive(pks, Stage.PERSETUJUAN_DPRD)
    before = snapshot(pks)
    with pytest.raises(services.TransitionError, match="DPRD"):
        services.advance(pks, reviewer)
    with pytest.raises(services.TransitionError, match="Surat Persetujuan DPRD"):
        services.advance(pks, reviewer, data={"result": "disetujui", "letter_number": "170/1", "letter_date": "2026-11-01"})
    with pytest.raises(services.TransitionError, match="luar negeri"):
        services.advance(pks, reviewer, data={"result": "dianggap_disetujui", "received_date": "2026-01-01"})
    assert snapshot(pks) == before


def test_foreign_dprd_deemed_approval_only_after_45_working_days(opd_a, drive, reviewer):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.PERSETUJUAN_DPRD)
    received = datetime.date(2026, 9, 1)  # Tuesday; 45 working days later is Tuesday 3 November 2026
    assert services.add_working_days(received, 45) == datetime.date(2026, 11, 3)
    with pytest.raises(services.TransitionError, match="03-11-2026"):
        services.advance(agreement, reviewer, data={"result": "dianggap_disetujui", "received_date": received}, today=datetime.date(2026, 11, 3))
    services.advance(agreement, reviewer, data={"result": "dianggap_disetujui", "received_date": received}, today=datetime.date(2026, 11, 4))
    assert agreement.stage == Stage.VERIFIKASI_MENTERI


def test_missing_attachment_blocks_leaving_a_stage(proposal, drive, reviewer):
    drive(proposal, Stage.PENAWARAN)
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError, match="Surat Penawaran"):
        services.advance(proposal, reviewer)
    assert snapshot(proposal) == before


def test_tkksd_recommendation_is_needed_before_the_ksb_is_signed(proposal, drive, reviewer, tkksd_member):
    drive(proposal, Stage.PENYUSUNAN_KSB)
    ensure_attachments(proposal, ["draft_naskah"], reviewer)
    with pytest.raises(services.TransitionError, match="TKKSD"):
        services.advance(proposal, reviewer)
    services.record_tkksd_recommendation(proposal, tkksd_member, datetime.date.today(), "tidak_setuju", "Belum layak")
    with pytest.raises(services.TransitionError, match="TKKSD"):
        services.advance(proposal, reviewer)
    services.record_tkksd_recommendation(proposal, tkksd_member, datetime.date.today(), "setuju")
    services.advance(proposal, reviewer)
    assert proposal.stage == Stage.PENANDATANGANAN_KSB


def test_reviewer_cannot_approve_own_submission(opd_a, reviewer, tkksd_member):
    agreement = AgreementFactory(opd_initiator=opd_a)
    attach(agreement, "kak", reviewer)
    services.submit(agreement, reviewer)
    with pytest.raises(services.TransitionError, match="ajukan sendiri"):
        services.verify(agreement, reviewer)


def test_ksb_cannot_be_signed_under_a_power_of_attorney(proposal, drive, reviewer, tkksd_member):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    home = proposal.home_party
    home.signing_capacity, home.power_of_attorney = SigningCapacity.KUASA, "180/1/2026"
    home.save()
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError, match="kuasa") as error:
        complete_current_stage(proposal, reviewer, tkksd_member, datetime.date.today())
    assert len(error.value.messages) == 1  # one clear reason, not two saying the same
    assert snapshot(proposal) == before


def test_failed_signing_checklist_returns_it_with_the_reason(proposal, drive, reviewer):
    drive(proposal, Stage.PENANDATANGANAN_KSB)
    ensure_attachments(proposal, ["naskah_ditandatangani"], reviewer)
    services.record_signing(
        proposal, reviewer, signing_date=datetime.date.today(), signing_place="Klaten",
        numbers={proposal.home_party.pk: "000.3.3/12/2026"}, checklist={"paraf": True, "meterai": False, "stempel": True},
    )
    assert proposal.stage == Stage.DIKEMBALIKAN
    event = proposal.events.latest("id")
    assert "meterai" in event.note and event.data["checklist"]["meterai"] is False
    assert proposal.resume_stage == Stage.PENANDATANGANAN_KSB


def test_foreign_term_over_five_years_needs_a_reason(opd_a, opd_a_staff):
    today = datetime.date.today()
    agreement = AgreementFactory(
        kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a,
        start_date=today, end_date=today.replace(year=today.year + 6),
    )
    attach(agreement, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="paling lama 5 tahun"):
        services.submit(agreement, opd_a_staff)
    agreement.term_override_reason = "Disepakati dalam rapat antar-K/L."
    agreement.save()
    services.submit(agreement, opd_a_staff)


def test_long_domestic_term_only_warns_and_leadership_term_is_never_questioned(opd_a, opd_a_staff):
    today = datetime.date.today()
    agreement = AgreementFactory(opd_initiator=opd_a, start_date=today, end_date=today.replace(year=today.year + 30))
    attach(agreement, "kak", opd_a_staff)
    _, warnings = services.submit(agreement, opd_a_staff)
    assert agreement.stage == Stage.DIAJUKAN
    assert len(warnings) == 1 and "60 bulan" in str(warnings[0])


def test_pks_cannot_outlive_its_ksb(proposal, drive, opd_a_staff):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"))
    pks.start_date = proposal.start_date
    pks.end_date = proposal.end_date + datetime.timedelta(days=1)
    pks.save()
    attach(pks, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="lebih lama dari Kesepakatan Bersama"):
        services.submit(pks, opd_a_staff)


def test_pks_needs_a_signed_ksb(proposal, opd_a_staff):
    pks = AgreementFactory(opd_initiator=proposal.opd_initiator, document_type=document_type("PKS"), parent=proposal, parent_relation=ParentRelation.PELAKSANAAN)
    attach(pks, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="Kesepakatan Bersama yang telah ditandatangani"):
        services.submit(pks, opd_a_staff)


def test_termination_causes_follow_the_kind(opd_a, drive, reviewer, kabag):
    ksdd = AgreementFactory(opd_initiator=opd_a)
    drive(ksdd, Stage.PELAKSANAAN)
    with pytest.raises(services.TransitionError, match="tidak berwenang"):
        services.terminate(ksdd, reviewer, TerminationCause.OBJEK_HILANG, "staff may not end it")
    reviewer = kabag  # ending a signed agreement is the Kepala Bagian's decision
    with pytest.raises(services.TransitionError, match="bukan alasan pengakhiran"):
        services.terminate(ksdd, reviewer, TerminationCause.PIHAK_KETIGA_PAILIT)
    with pytest.raises(services.TransitionError, match="klausul"):
        services.terminate(ksdd, reviewer, TerminationCause.KLAUSUL_KONTRAK, "")
    services.terminate(ksdd, reviewer, TerminationCause.OBJEK_HILANG, "TPA rusak akibat banjir")
    assert ksdd.stage == Stage.DIAKHIRI and ksdd.termination_cause == TerminationCause.OBJEK_HILANG
    ksdpk = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a)
    drive(ksdpk, Stage.PELAKSANAAN)
    services.terminate(ksdpk, reviewer, TerminationCause.PIHAK_KETIGA_PAILIT, "Putusan pailit PN Semarang")
    assert ksdpk.stage == Stage.DIAKHIRI


def test_withdraw_is_only_before_signing(proposal, drive, opd_a_staff):
    drive(proposal, Stage.PELAKSANAAN)
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError):
        services.withdraw(proposal, opd_a_staff)
    assert snapshot(proposal) == before


def test_date_driven_states(proposal, drive):
    today = datetime.date.today()
    proposal.start_date = today + datetime.timedelta(days=10)
    proposal.end_date = today + datetime.timedelta(days=400)
    proposal.save()
    drive(proposal, Stage.DITANDATANGANI)
    assert proposal.stage == Stage.DITANDATANGANI
    services.refresh_dates(proposal, today + datetime.timedelta(days=10))
    assert proposal.stage == Stage.PELAKSANAAN
    services.refresh_dates(proposal, today + datetime.timedelta(days=320))
    assert proposal.stage == Stage.AKAN_BERAKHIR
    services.refresh_dates(proposal, today + datetime.timedelta(days=401))
    assert proposal.stage == Stage.BERAKHIR
    assert list(proposal.events.filter(actor=None).values_list("action", flat=True)) == ["start", "expiring", "expire"]
    assert services.refresh_dates(proposal, today + datetime.timedelta(days=500)) == []


def test_stage_events_are_immutable(proposal, drive):
    drive(proposal, Stage.DIAJUKAN)
    event = proposal.events.latest("id")
    event.note = "diubah"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        StageEvent.objects.filter(pk=event.pk).update(note="x")


def test_available_actions_follow_role_and_stage(proposal, drive, opd_a_staff, reviewer, tkksd_member, pimpinan):
    assert services.available_actions(proposal, opd_a_staff) == ["submit", "withdraw"]
    drive(proposal, Stage.PENYUSUNAN_KSB)
    assert services.available_actions(proposal, opd_a_staff) == ["withdraw"]
    assert set(services.available_actions(proposal, reviewer)) == {"advance", "return", "reject", "tkksd", "withdraw"}
    assert services.available_actions(proposal, tkksd_member) == ["tkksd"]
    assert services.available_actions(proposal, pimpinan) == []


def test_for_user_scopes_by_opd(proposal, opd_a_staff, opd_b_staff, reviewer, pimpinan, opd_b):
    from agreements.models import Agreement

    assert list(Agreement.objects.for_user(opd_a_staff)) == [proposal]
    assert list(Agreement.objects.for_user(opd_b_staff)) == []
    proposal.executing_opds.add(opd_b)
    assert list(Agreement.objects.for_user(opd_b_staff)) == [proposal]
    assert list(Agreement.objects.for_user(reviewer)) == [proposal]
    assert list(Agreement.objects.for_user(pimpinan)) == [proposal]


def test_three_party_agreement_needs_every_signatory(opd_a, drive, reviewer, tkksd_member):
    from ..factories import pemda_partner

    agreement = AgreementFactory(opd_initiator=opd_a, complete__partners=[pemda_partner("33.09"), pemda_partner("33.11")])
    drive(agreement, Stage.PENANDATANGANAN_KSB)
    third = agreement.parties.get(order=3)
    AgreementParty.objects.filter(pk=third.pk).update(signatory_name="")
    before = snapshot(agreement)
    ensure_attachments(agreement, ["naskah_ditandatangani"], reviewer)
    with pytest.raises(services.TransitionError, match="Sukoharjo"):
        services.record_signing(agreement, reviewer, signing_date=datetime.date.today(), signing_place="Klaten",
                                numbers={agreement.home_party.pk: "1/2026"}, checklist={"paraf": 1, "meterai": 1, "stempel": 1})
    assert snapshot(agreement)[0] == before[0]
    assert third.partner.partner_type == PartnerType.PEMDA


def test_an_old_letter_of_intent_is_flagged_when_the_naskah_is_signed(opd_a, drive, reviewer, tkksd_member):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.PERNYATAAN_KEHENDAK)
    ensure_attachments(agreement, ["loi"], reviewer)
    loi_signed = datetime.date.today() - datetime.timedelta(days=400)
    data = {**DECISION_DATA[workflow.MENTERI_TANGGAPAN](loi_signed), "reply_number": "005/1/SJ"}
    services.advance(agreement, reviewer, data=data)
    drive(agreement, Stage.PELAKSANAAN)
    signing = agreement.events.get(action="sign")
    assert any("Pasal 13" in w for w in signing.data["warnings"])
    assert agreement.stage == Stage.PELAKSANAAN  # a warning, not a block


@pytest.mark.parametrize(
    "relation,doc,expected",
    [
        (
            ParentRelation.ADENDUM, "ADD",
            # a KSDPL's DPRD question is always "yes" (Permendagri 25/2020 Pasal 16), so its adendum asks it again
            [
                Stage.DIAJUKAN, Stage.PENYUSUNAN_ADENDUM, Stage.PERSETUJUAN_DPRD, Stage.PENANDATANGANAN_ADENDUM,
                Stage.DITANDATANGANI, Stage.PELAKSANAAN,
            ],
        ),
        (
            ParentRelation.PERPANJANGAN, "MOU",
            [
                Stage.DIAJUKAN, Stage.PERMOHONAN_PERPANJANGAN, Stage.JAWABAN_PERPANJANGAN,
                Stage.PENANDATANGANAN_PERPANJANGAN, Stage.DITANDATANGANI, Stage.PELAKSANAAN,
            ],
        ),
    ],
)
def test_children_of_a_signed_naskah_walk_their_whole_path(relation, doc, expected, opd_a, opd_a_staff, drive):
    """Adendum (Permendagri 25/2020 Pasal 20(5)) and the foreign extension (Pasal 33) of a KSDPL."""
    naskah = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(naskah, Stage.PELAKSANAAN)
    child = services.create_child(naskah, opd_a_staff, relation, document_type(doc))
    drive(child, Stage.PELAKSANAAN)
    assert visited(child) == expected
