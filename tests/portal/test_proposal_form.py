"""The proposal form: drafts, partners per kind, contacts, submission with every missing item."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from agreements import services
from agreements.choices import KIND_HELP, Kind, Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Agreement, AttachmentType, StageEvent
from partners.models import Partner
from tests.factories import PartnerFactory

from .helpers import proposal_data, with_files

pytestmark = pytest.mark.django_db


def pdf(name="kak.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("Lampiran uji"), content_type="application/pdf")


def test_opd_staff_saves_a_ksdd_draft_with_home_party_first(client_a, opd_a, opd_a_staff):
    response = client_a.post(reverse("proposal_create"), proposal_data())
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response.url == reverse("proposal_detail", args=[agreement.pk])
    assert agreement.stage == Stage.PERSIAPAN
    assert agreement.opd_initiator == opd_a and agreement.created_by == opd_a_staff
    assert agreement.value == 1250000000
    parties = list(agreement.parties.select_related("partner"))
    assert [p.role_label for p in parties] == ["PIHAK KESATU", "PIHAK KEDUA"]
    assert parties[0].partner.is_home and parties[0].signatory_title == "Bupati Klaten"
    assert parties[1].partner.region.code == "33.09"
    assert parties[1].partner.name == "Pemerintah Kabupaten Boyolali"
    assert agreement.contacts.count() == 2
    assert list(agreement.events.values_list("action", flat=True)) == ["create"]


def test_draft_can_be_saved_nearly_empty(client_a):
    data = proposal_data(parties=[], contacts=[], title="Kerja sama air minum", purpose="", scope="")
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 302
    assert Agreement.objects.get().title == "Kerja sama air minum"


def test_submit_lists_every_missing_item_in_indonesian(client_a):
    data = proposal_data(parties=[], contacts=[], purpose="", urusan=[], action="submit")
    response = client_a.post(reverse("proposal_create"), data, follow=True)
    agreement = Agreement.objects.get()
    assert agreement.stage == Stage.PERSIAPAN  # saved as a draft, not submitted
    page = response.content.decode()
    errors = [str(e) for e in services.submission_check(agreement).errors]
    assert len(errors) >= 5
    for text in errors:  # every missing item, as the stage engine words it
        assert escape(text) in page, text
    assert "Lampiran belum ada: Kerangka Acuan Kerja (KAK)" in page


@pytest.mark.immediate_tasks  # the mail is sent by a task; run it in place
def test_submit_with_attachments_moves_to_diajukan_and_emails_bagian_kerja_sama(client_a, reviewer, django_capture_on_commit_callbacks):
    kak = AttachmentType.objects.get(code="kak")
    other = AttachmentType.objects.get(code="surat_penawaran")
    data = with_files(proposal_data(action="submit"), [(kak.pk, pdf()), (other.pk, pdf("penawaran.pdf"))])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("proposal_create"), data)
    agreement = Agreement.objects.get()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert agreement.stage == Stage.DIAJUKAN
    assert agreement.attachments.count() == 2
    assert StageEvent.objects.filter(agreement=agreement, action="submit").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email in recipients
    assert "rina@example.go.id" in recipients
    assert all(len(message.to) == 1 for message in mail.outbox)  # addresses are not disclosed to each other


def test_region_that_does_not_exist_is_reported_next_to_the_field(client_a):
    response = client_a.post(reverse("proposal_create"), proposal_data(parties=[{"region": "Atlantis"}]))
    assert response.status_code == 400
    assert "Tidak ada daerah bernama" in response.content.decode()
    assert not Agreement.objects.exists()


def test_ambiguous_region_lists_the_candidates(client_a):
    response = client_a.post(reverse("proposal_create"), proposal_data(parties=[{"region": "Semarang"}]))
    assert response.status_code == 400
    assert "33.22" in response.content.decode() and not Agreement.objects.exists()


def test_own_region_is_refused_as_a_partner(client_a):
    response = client_a.post(reverse("proposal_create"), proposal_data(parties=[{"region": "33.10"}]))
    assert response.status_code == 400 and not Agreement.objects.exists()


def test_ksdpk_with_a_new_partner_validates_nib(client_a):
    data = proposal_data(kind="ksdpk", subkind="layanan_publik",
                         parties=[{"name": "PT Air Bersih Klaten", "partner_type": "badan_usaha", "nib": "12345"}])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400
    assert "NIB terdiri atas 13" in response.content.decode()
    assert not Partner.objects.filter(name="PT Air Bersih Klaten").exists()
    data["party-0-nib"] = "9120001234567"
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 302
    partner = Partner.objects.get(name="PT Air Bersih Klaten")
    assert Agreement.objects.get().parties.filter(partner=partner, role_label="PIHAK KEDUA").exists()


def test_ksdpk_existing_partner_and_duplicate_name_refused(client_a):
    existing = PartnerFactory(name="PT Tirta Investama")
    data = proposal_data(kind="ksdpk", subkind="layanan_publik",
                         parties=[{"name": "PT. Tirta Investama", "partner_type": "badan_usaha"}])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400 and "sudah terdaftar" in response.content.decode()
    data = proposal_data(kind="ksdpk", subkind="layanan_publik", parties=[{"partner": str(existing.pk)}])
    assert client_a.post(reverse("proposal_create"), data).status_code == 302
    assert Agreement.objects.get().parties.filter(partner=existing).exists()


def test_sectoral_ksdpk_needs_regime_and_no_ksb_reason_to_submit(client_a):
    partner = PartnerFactory()
    kak = AttachmentType.objects.get(code="studi_kelayakan")
    data = with_files(
        proposal_data(kind="ksdpk", subkind="pengelolaan_aset", doc="KONTRAK", parties=[{"partner": str(partner.pk)}], action="submit"),
        [(kak.pk, pdf("studi.pdf"))],
    )
    response = client_a.post(reverse("proposal_create"), data, follow=True)
    page = response.content.decode()
    assert "Sebutkan rezim sektoral" in page and "tidak diperlukan Kesepakatan Bersama" in page
    assert Agreement.objects.get().stage == Stage.PERSIAPAN


def test_foreign_partner_needs_country(client_a):
    data = proposal_data(kind="ksdpl", doc="LOI", subkind="kabkota_kembar", parties=[{"name": "Kitakyushu City"}])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400 and "Pilih negaranya" in response.content.decode()
    data["party-0-country"] = "JP"
    assert client_a.post(reverse("proposal_create"), data).status_code == 302
    partner = Partner.objects.get(name="Kitakyushu City")
    assert partner.partner_type == "pemda_ln" and partner.country.code == "JP"


def test_subkind_must_belong_to_kind(client_a):
    response = client_a.post(reverse("proposal_create"), proposal_data(subkind="provinsi_kembar"))
    assert response.status_code == 400 and not Agreement.objects.exists()


def test_invalid_contact_email_is_shown_and_nothing_saved(client_a):
    contacts = [{"name": "Rina", "position": "", "phone": "", "email": "bukan-email"}]
    response = client_a.post(reverse("proposal_create"), proposal_data(contacts=contacts))
    assert response.status_code == 400 and not Agreement.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_edit_keeps_signatory_and_replaces_partners(client_a, proposal):
    url = reverse("proposal_edit", args=[proposal.pk])
    page = client_a.get(url).content.decode()
    assert "Kabupaten Boyolali (33.09)" in page  # the existing partner is shown in the form
    data = proposal_data(parties=[{"region": "Kabupaten Sukoharjo"}, {"region": "33.09"}])
    data.update({"contact-TOTAL_FORMS": "0", "contact-INITIAL_FORMS": "0"})
    assert client_a.post(url, data).status_code == 302
    labels = list(proposal.parties.values_list("role_label", "partner__region__code"))
    assert labels == [("PIHAK KESATU", "33.10"), ("PIHAK KEDUA", "33.11"), ("PIHAK KETIGA", "33.09")]
    boyolali = proposal.parties.get(partner__region__code="33.09")
    assert boyolali.signatory_name == "Dr. Hj. Sri Lestari"


def test_the_value_is_read_as_typed_and_an_unchanged_edit_keeps_its_sen(client_a, proposal):
    """"1250000.00" is one million two hundred fifty thousand (it was read as 125 million), and a
    value with sen comes back in the form with them: saving without touching it changes nothing."""
    url = reverse("proposal_edit", args=[proposal.pk])
    data = proposal_data(parties=[{"region": "33.09"}], value="1250000.00")
    data.update({"contact-TOTAL_FORMS": "0", "contact-INITIAL_FORMS": "0"})
    assert client_a.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.value == Decimal("1250000.00")
    Agreement.objects.filter(pk=proposal.pk).update(value=Decimal("1250000.50"))
    page = client_a.get(url).content.decode()
    assert 'value="1.250.000,50"' in page
    data["value"] = "1.250.000,50"  # what the box showed, sent back unchanged
    assert client_a.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.value == Decimal("1250000.50")


def test_dprd_suggestion_shown(client_a, proposal):
    proposal.not_budgeted = True
    proposal.save()
    page = client_a.get(reverse("proposal_edit", args=[proposal.pk])).content.decode()
    assert "Persetujuan DPRD diperlukan." in page


def test_kind_help_is_shown_for_each_kind(client_a):
    page = client_a.get(reverse("proposal_create")).content.decode()
    for kind in Kind:
        assert escape(str(KIND_HELP[kind])) in page  # each kind's one-liner
    assert "feasibility study" not in page  # … in Indonesian
    assert "Kerangka Acuan Kerja (KAK)" in page  # the required list per kind


def test_editing_is_refused_once_submitted(client_a, proposal, drive):
    drive(proposal, Stage.DIAJUKAN)
    response = client_a.get(reverse("proposal_edit", args=[proposal.pk]))
    assert response.status_code == 302 and response.url == reverse("proposal_detail", args=[proposal.pk])
    response = client_a.post(reverse("proposal_edit", args=[proposal.pk]), proposal_data(title="Diubah"))
    proposal.refresh_from_db()
    assert proposal.title != "Diubah"
