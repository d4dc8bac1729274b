"""The stage engine against PP 28/2018 and Permendagri 25/2020: signing rules, the penerusan
route, the LoI order, TKKSD on a draft, pelaksanaan by date, and the [BK] warnings."""

import datetime

import pytest
from django.core import checks

from agreements import services, workflow
from agreements.choices import Kind, ParentRelation, PlanningBasis, SigningCapacity, Stage, SubKind
from agreements.models import AdjacentRegion
from agreements.pathing import DECISION_DATA, attach, complete_current_stage, ensure_attachments
from partners.choices import PartnerType

from ..factories import AgreementFactory, PartnerFactory, document_type, pemda_partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def snapshot(agreement):
    agreement.refresh_from_db()
    return agreement.stage, agreement.events.count()


def under_kuasa(party, number="180/12/2026"):
    party.signing_capacity, party.power_of_attorney = SigningCapacity.KUASA, number
    party.signatory_name, party.signatory_title = "Ir. Sri Wahyuni", "Kepala Dinas Lingkungan Hidup"
    party.save()


def signed_ksb_with_pks(proposal, drive, staff):
    drive(proposal, Stage.PELAKSANAAN)
    pks = services.create_child(proposal, staff, ParentRelation.PELAKSANAAN, document_type("PKS"), title="Pengangkutan")
    pks.start_date, pks.end_date = proposal.start_date, proposal.end_date - datetime.timedelta(days=365)
    pks.save()
    under_kuasa(pks.home_party)
    drive(pks, Stage.PELAKSANAAN)
    return pks


# --- item 3: penerusan KSDLL --------------------------------------------------------------------------


def penerusan(opd, **kwargs):
    return AgreementFactory(
        kind=Kind.KSDLL, subkind=SubKind.PENERUSAN, document_type=document_type("MOU"), opd_initiator=opd, **kwargs
    )


def test_penerusan_asks_for_what_pasal_29_asks_at_submission(opd_a, opd_a_staff):
    agreement = penerusan(opd_a, commercial_or_asset_based=True, foreign_nonprofit=True)
    attach(agreement, "kak", opd_a_staff)
    before = snapshot(agreement)
    with pytest.raises(services.TransitionError) as refused:
        services.submit(agreement, opd_a_staff)
    text = " ".join(refused.value.messages)
    for expected in ("Pemetaan Potensi dan Kebutuhan", "Pernyataan Kesediaan", "Studi Kelayakan", "Izin Prinsip dan Izin Operasional"):
        assert expected in text
    assert snapshot(agreement) == before
    for code in ("pemetaan_potensi", "pernyataan_kesediaan", "studi_kelayakan"):
        attach(agreement, code, opd_a_staff)
    agreement.izin_prinsip_number, agreement.izin_operasional_number = "IP-12/2025", "IO-34/2025"
    agreement.save()
    services.submit(agreement, opd_a_staff)
    assert agreement.stage == Stage.DIAJUKAN


def test_penerusan_goes_through_the_rapat_antar_kl_not_a_surat_konfirmasi(opd_a, drive, reviewer):
    agreement = penerusan(opd_a)
    steps = [spec.stage for spec in workflow.applicable_stages(agreement)]
    assert Stage.RAPAT_ANTAR_KL in steps and Stage.PEMBAHASAN_NASKAH not in steps
    assert workflow.SURAT_KONFIRMASI not in [spec.decision for spec in workflow.applicable_stages(agreement)]
    drive(agreement, Stage.RAPAT_ANTAR_KL)
    ensure_attachments(agreement, ["notulen_antar_kl"], reviewer)
    with pytest.raises(services.TransitionError, match="kementerian/lembaga teknis"):
        services.advance(agreement, reviewer, data={"meeting_date": TODAY, "minutes_number": "BA-1"})
    services.advance(agreement, reviewer, data=DECISION_DATA[workflow.RAPAT_ANTAR_KL](TODAY.isoformat()))
    assert agreement.stage == Stage.PENANDATANGANAN_NASKAH
    assert agreement.events.latest("id").data["technical_ministry"] == "Kementerian Kesehatan"


# --- item 4: an adendum inherits its parent's signing rule ----------------------------------------------


def test_adendum_of_a_ksb_cannot_be_signed_under_kuasa(proposal, drive, opd_a_staff, reviewer, tkksd_member):
    drive(proposal, Stage.PELAKSANAAN)
    adendum = services.create_child(proposal, opd_a_staff, ParentRelation.ADENDUM, document_type("ADD"))
    drive(adendum, Stage.PENANDATANGANAN_ADENDUM)
    under_kuasa(adendum.home_party)
    before = snapshot(adendum)
    with pytest.raises(services.TransitionError, match="langsung oleh kepala daerah"):
        complete_current_stage(adendum, reviewer, tkksd_member, TODAY)
    assert snapshot(adendum) == before


def test_adendum_of_a_foreign_naskah_cannot_be_signed_under_kuasa(opd_a, opd_a_staff, drive):
    naskah = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(naskah, Stage.PELAKSANAAN)
    adendum = services.create_child(naskah, opd_a_staff, ParentRelation.ADENDUM, document_type("ADD"))
    assert workflow.head_must_sign(adendum)


def test_adendum_of_a_pks_may_be_signed_under_kuasa(proposal, drive, opd_a_staff):
    pks = signed_ksb_with_pks(proposal, drive, opd_a_staff)
    adendum = services.create_child(pks, opd_a_staff, ParentRelation.ADENDUM, document_type("ADD"))
    under_kuasa(adendum.home_party)
    drive(adendum, Stage.PELAKSANAAN)
    assert adendum.home_party.signing_capacity == SigningCapacity.KUASA and adendum.is_signed


# --- item 5: a partner may sign under its own authorisation --------------------------------------------


def test_a_partner_director_may_sign_a_ksb_under_kuasa(opd_a, drive):
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a)
    partner = agreement.partner_parties[0]
    partner.signing_capacity, partner.signatory_title = SigningCapacity.KUASA, "Direktur Operasional"
    partner.save()
    drive(agreement, Stage.PELAKSANAAN)
    assert agreement.stage == Stage.PELAKSANAAN


def test_a_foreign_deputy_may_sign_the_naskah(opd_a, drive):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    partner = agreement.partner_parties[0]
    partner.signing_capacity, partner.signatory_title = SigningCapacity.KUASA, "Deputy Mayor"
    partner.save()
    drive(agreement, Stage.PELAKSANAAN)
    assert agreement.is_signed


# --- item 6: a PKS can be extended --------------------------------------------------------------------


def test_a_pks_can_be_extended_within_its_ksb(proposal, drive, opd_a_staff):
    pks = signed_ksb_with_pks(proposal, drive, opd_a_staff)
    extension = services.create_child(pks, opd_a_staff, ParentRelation.PERPANJANGAN, document_type("PKS"))
    extension.start_date = pks.end_date + datetime.timedelta(days=1)
    extension.end_date = proposal.end_date + datetime.timedelta(days=1)
    extension.save()
    attach(extension, "kak", opd_a_staff)
    with pytest.raises(services.TransitionError, match="lebih lama dari Kesepakatan Bersama"):
        services.submit(extension, opd_a_staff)
    extension.end_date = proposal.end_date
    extension.save()
    under_kuasa(extension.home_party)
    drive(extension, Stage.DITANDATANGANI)
    assert workflow.flow_key_for(extension) == "pks" and extension.is_signed


# --- item 8: the LoI after the Minister's answer, signed by the kepala daerah, copied to him -----------


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"reply_date": TODAY, "loi_signed_date": TODAY - datetime.timedelta(days=1)}, "sebelum tanggapan Menteri"),
        ({"loi_signatory_capacity": SigningCapacity.KUASA}, "kepala daerah sendiri"),
        ({"consultation_number": ""}, "surat konsultasi"),
        ({"copy_to_menteri_date": ""}, "salinan LoI"),
    ],
)
def test_loi_order_and_signatory(opd_a, drive, reviewer, change, reason):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.PERNYATAAN_KEHENDAK)
    ensure_attachments(agreement, ["loi"], reviewer)
    data = {**DECISION_DATA[workflow.MENTERI_TANGGAPAN](TODAY - datetime.timedelta(days=3)), **change}
    before = snapshot(agreement)
    with pytest.raises(services.TransitionError, match=reason):
        services.advance(agreement, reviewer, data=data)
    assert snapshot(agreement) == before


# --- item 9: TKKSD on a draft; pelaksanaan on the start date ------------------------------------------


def test_tkksd_recommendation_needs_the_draft(proposal, drive, tkksd_member, reviewer):
    drive(proposal, Stage.PENYUSUNAN_KSB)
    before = snapshot(proposal)
    with pytest.raises(services.TransitionError, match="lampirkan draf"):
        services.record_tkksd_recommendation(proposal, tkksd_member, TODAY, "setuju")
    assert snapshot(proposal) == before
    ensure_attachments(proposal, ["draft_naskah"], reviewer)
    services.record_tkksd_recommendation(proposal, tkksd_member, TODAY, "setuju")


def test_signed_before_its_start_date_it_waits_and_flips_by_date(proposal, drive, reviewer):
    proposal.start_date = TODAY + datetime.timedelta(days=14)
    proposal.end_date = proposal.start_date.replace(year=proposal.start_date.year + 3)
    proposal.save()
    drive(proposal, Stage.DITANDATANGANI)
    assert "start" not in services.available_actions(proposal, reviewer)
    with pytest.raises(services.TransitionError, match="mulai berlaku pada tanggal mulainya"):
        services.start_implementation(proposal, reviewer)
    assert services.refresh_dates(proposal, TODAY + datetime.timedelta(days=13)) == []
    services.refresh_dates(proposal, proposal.start_date)
    assert proposal.stage == Stage.PELAKSANAAN
    assert proposal.events.latest("id").actor is None


# --- item 10: DPRD on a KSB whose own facts trigger Pasal 6(2) ----------------------------------------


def test_unbudgeted_ksb_in_force_without_a_pks_is_flagged(proposal, drive):
    proposal.not_budgeted = True
    proposal.save()
    drive(proposal, Stage.PELAKSANAAN)
    start = proposal.events.get(action="start")
    assert any("Pasal 6 ayat (2)" in w for w in start.data["warnings"])


def test_budgeted_ksb_starts_without_that_warning(proposal, drive):
    drive(proposal, Stage.PELAKSANAAN)
    assert not proposal.events.get(action="start").data.get("warnings")


# --- missing rules, as warnings ----------------------------------------------------------------------


def submit_warnings(agreement, staff):
    attach(agreement, "kak", staff)
    _agreement, warnings = services.submit(agreement, staff)
    return [str(w) for w in warnings]


def test_mandatory_ksdd_with_a_region_that_is_not_adjacent_is_warned(opd_a, opd_a_staff):
    AdjacentRegion.objects.create(region_id="33.10", neighbour_id="33.09")  # Klaten – Boyolali
    adjacent = AgreementFactory(kind=Kind.KSDD_WAJIB, opd_initiator=opd_a, complete__partners=[pemda_partner("33.09")])
    assert not submit_warnings(adjacent, opd_a_staff)
    far = AgreementFactory(kind=Kind.KSDD_WAJIB, opd_initiator=opd_a, complete__partners=[pemda_partner("33.74")])
    warnings = submit_warnings(far, opd_a_staff)
    assert far.stage == Stage.DIAJUKAN and any("tidak berbatasan" in w and "Pasal 3 ayat (2)" in w for w in warnings)
    # voluntary KSDD needs no border
    assert not submit_warnings(AgreementFactory(opd_initiator=opd_a, complete__partners=[pemda_partner("33.74")]), opd_a_staff)


def test_a_regency_and_its_own_province_are_adjacent():
    assert AdjacentRegion.adjacent("33.10", "33") and AdjacentRegion.adjacent("33", "33.10")
    assert not AdjacentRegion.adjacent("33.10", "34")


def test_in_the_plans_without_an_rpjmd_reference_is_warned(opd_a, opd_a_staff):
    agreement = AgreementFactory(opd_initiator=opd_a, planning_basis=PlanningBasis.RENCANA, planning_reference="")
    assert any("RPJMD/RKPD" in w for w in submit_warnings(agreement, opd_a_staff))
    emergency = AgreementFactory(opd_initiator=opd_a, planning_basis=PlanningBasis.DARURAT, planning_reference="")
    assert not submit_warnings(emergency, opd_a_staff)


def test_foreign_followups_are_events_with_date_and_document(opd_a, drive, reviewer):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.PELAKSANAAN)
    start = agreement.events.get(action="start")
    assert any("rencana kegiatan tahunan" in w.lower() for w in start.data["warnings"])
    assert len(services.foreign_followup_warnings(agreement)) == 3
    with pytest.raises(services.TransitionError, match="Surat Pengantar Naskah Asli"):
        services.record_foreign_followup(agreement, reviewer, "naskah_asli", TODAY)
    for action, code in (("naskah_asli", "pengantar_naskah_asli"), ("salinan_sekjen", "salinan_sekjen"),
                         ("rencana_tahunan", "rencana_kegiatan_tahunan")):
        attach(agreement, code, reviewer)
        _a, event = services.record_foreign_followup(agreement, reviewer, action, TODAY - datetime.timedelta(days=2))
        assert event.to_stage == Stage.PELAKSANAAN and event.data["date"] == (TODAY - datetime.timedelta(days=2)).isoformat()
    assert services.foreign_followup_warnings(agreement) == []


def test_followups_are_only_for_foreign_cooperation(proposal, drive, reviewer):
    drive(proposal, Stage.PELAKSANAAN)
    with pytest.raises(services.TransitionError, match="luar negeri"):
        services.record_foreign_followup(proposal, reviewer, "naskah_asli", TODAY)


def test_regency_files_go_through_the_governor_for_five_working_days(opd_a, drive, reviewer):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.VERIFIKASI_MENTERI)
    sent = datetime.date(2026, 11, 2)  # Monday; five working days end on Monday 9 November
    data = {**DECISION_DATA[workflow.PERTIMBANGAN](TODAY.isoformat()), "sent_to_gubernur_date": sent,
            "sent_directly_date": datetime.date(2026, 11, 6)}
    services.advance(agreement, reviewer, data=data)
    event = agreement.events.latest("id")
    assert any("jalur langsung" in w and "09-11-2026" in w for w in event.data["warnings"])
    assert event.data["sent_directly_date"] == "2026-11-06"


def test_direct_route_after_five_working_days_is_not_warned(opd_a, drive, reviewer):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    drive(agreement, Stage.VERIFIKASI_MENTERI)
    data = {**DECISION_DATA[workflow.PERTIMBANGAN](TODAY.isoformat()), "sent_to_gubernur_date": datetime.date(2026, 11, 2),
            "sent_directly_date": datetime.date(2026, 11, 10)}
    services.advance(agreement, reviewer, data=data)
    assert not agreement.events.latest("id").data.get("warnings")


# --- start-up: the default classification code ------------------------------------------------------


def test_default_classification_code_is_reported_at_start_up(settings, client, django_user_model):
    assert "kerjasama.W001" in [m.id for m in checks.run_checks()]
    admin = django_user_model.objects.create_superuser("root", "root@example.go.id", "x-Secret-123")
    client.force_login(admin)
    assert "masih bawaan" in client.get("/admin/").content.decode()
    settings.KERJASAMA = {**settings.KERJASAMA, "NUMBER_CLASSIFICATION_CODE": "100.3.3"}
    assert "kerjasama.W001" not in [m.id for m in checks.run_checks()]
    assert "masih bawaan" not in client.get("/admin/").content.decode()


def test_partner_kinds_still_fit(opd_a, opd_a_staff):
    """Kuasa for partners does not loosen the partner types of a kind."""
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a,
                                 complete__partners=[PartnerFactory(partner_type=PartnerType.PEMDA_LUAR_NEGERI, country="JP", nib="")])
    assert any("bukan mitra yang sesuai" in str(e) for e in services.submission_check(agreement).errors)


def test_the_home_region_still_signs_a_nota_kesepakatan_itself(opd_a, drive, reviewer, tkksd_member):
    nota = AgreementFactory(kind=Kind.SINERGI, document_type=document_type("NK"), opd_initiator=opd_a)
    drive(nota, Stage.PENANDATANGANAN_NOTA)
    under_kuasa(nota.home_party)
    with pytest.raises(services.TransitionError, match="kuasa hanya dapat menandatangani Perjanjian Kerja Sama"):
        complete_current_stage(nota, reviewer, tkksd_member, TODAY)
