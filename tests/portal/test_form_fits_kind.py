"""The proposal form fits the kind, and each persona sees only what it may use."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Agreement, AttachmentType
from partners.choices import PartnerType
from tests.factories import AgreementFactory, PartnerFactory

from .helpers import proposal_data, with_files

pytestmark = pytest.mark.django_db


def test_document_type_must_fit_the_kind(client_a):
    response = client_a.post(reverse("proposal_create"), proposal_data(kind="ksdpl", doc="KSB", subkind="kabkota_kembar",
                                                                       parties=[{"name": "Kitakyushu City", "country": "JP"}]))
    assert response.status_code == 400
    assert "dituangkan dalam" in response.content.decode() and not Agreement.objects.exists()
    ok = proposal_data(kind="ksdpl", doc="LOI", subkind="kabkota_kembar", parties=[{"name": "Kitakyushu City", "country": "JP"}])
    assert client_a.post(reverse("proposal_create"), ok).status_code == 302
    assert Agreement.objects.get().document_type.code == "LOI"


def test_form_page_carries_the_types_each_kind_allows(client_a):
    content = client_a.get(reverse("proposal_create")).content.decode()
    assert 'id="doc-types-by-kind"' in content and 'id="partner-types-by-kind"' in content
    assert 'id="sectoral-subkinds"' in content and "data-sectoral" in content


def test_signatory_name_and_title_per_partner_are_saved(client_a):
    data = proposal_data(parties=[{"region": "Boyolali", "signatory_name": "H. Agus Irawan", "signatory_title": "Wakil Bupati Boyolali"}])
    assert client_a.post(reverse("proposal_create"), data).status_code == 302
    agreement = Agreement.objects.get()
    partner_party = agreement.parties.get(order=2)
    assert (partner_party.signatory_name, partner_party.signatory_title) == ("H. Agus Irawan", "Wakil Bupati Boyolali")
    edit = client_a.get(reverse("proposal_edit", args=[agreement.pk])).content.decode()
    assert 'value="H. Agus Irawan"' in edit


def test_partner_picker_offers_what_the_kind_allows(client_a):
    company = PartnerFactory(name="PT Air Bersih Nusantara", partner_type=PartnerType.BADAN_USAHA)
    agency = PartnerFactory(name="Balai Besar Wilayah Sungai", partner_type=PartnerType.INSTANSI_VERTIKAL)
    data = proposal_data(kind="sinergi", doc="NK", parties=[{"partner": str(company.pk)}])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400 and not Agreement.objects.exists()
    content = response.content.decode()
    picker = re.search(r'<select name="party-0-partner".*?</select>', content, re.S).group(0)
    assert agency.name in picker and company.name not in picker
    # the row template keeps every partner with its type, for the page to filter when the kind changes
    template = re.search(r'<template data-formset-template="party">.*?</template>', content, re.S).group(0)
    assert f'data-type="{PartnerType.BADAN_USAHA}"' in template and company.name in template


def test_files_to_choose_again_are_named_after_an_error(client_a):
    kak = AttachmentType.objects.get(code="kak")
    upload = SimpleUploadedFile("kak-sampah.pdf", minimal_pdf("KAK"), content_type="application/pdf")
    data = with_files(proposal_data(title=""), [(kak.pk, upload)])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400 and not Agreement.objects.exists()
    assert "kak-sampah.pdf" in response.content.decode() and 'data-testid="reselect"' in response.content.decode()


def test_proposal_page_shows_tracking_link_qr_and_what_submit_sends(client_a, proposal):
    content = client_a.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    link = reverse("tracking", args=[proposal.tracking_token])
    assert f"http://testserver{link}" in content and "<svg" in content and "Kode QR tautan pelacakan" in content
    dialog = re.search(r'<dialog[^>]*id="submit-dialog".*?</dialog>', content, re.S).group(0)
    assert proposal.title in dialog and "Pemerintah Kabupaten Boyolali" in dialog
    assert 'data-confirm-dialog="submit-dialog"' in content


@pytest.mark.parametrize("persona", ["pimpinan", "tkksd_member"])
def test_leaders_get_no_new_proposal_no_my_proposals_and_no_drafts(client, request, persona, proposal, drive, opd_a):
    submitted = AgreementFactory(opd_initiator=opd_a)
    drive(submitted, Stage.DIAJUKAN)
    client.force_login(request.getfixturevalue(persona))
    content = client.get(reverse("home")).content.decode()
    assert reverse("proposal_create") not in content
    assert "Usulan Saya" not in content and "Usulan dan kerja sama" in content
    assert submitted.title in content and proposal.title not in content
    assert "tab=draf" not in content


def test_opd_staff_keep_their_drafts_and_new_proposal(client_a, proposal):
    content = client_a.get(reverse("home")).content.decode()
    assert "Usulan Saya" in content and proposal.title in content and reverse("proposal_create") in content


@pytest.mark.parametrize("persona", ["opd_a_staff", "reviewer", "kabag", "tkksd_member", "pimpinan"])
def test_no_link_leads_to_a_403(client, request, persona, proposal, drive, opd_a):
    signed = AgreementFactory(opd_initiator=opd_a)
    drive(signed, Stage.PELAKSANAAN)
    drive(proposal, Stage.DIAJUKAN)
    client.force_login(request.getfixturevalue(persona))
    pages = [reverse("home"), reverse("registry_list"), reverse("dashboard"), reverse("notification_list"),
             reverse("proposal_detail", args=[proposal.pk]), reverse("proposal_detail", args=[signed.pk])]
    seen = set()
    for page in pages:
        content = client.get(page).content.decode()
        for href in set(re.findall(r'href="(/[^"#]*)"', content)):
            href = href.replace("&amp;", "&")
            if href in seen or href.startswith(("/static/", "/admin/", "/lacak/")) or "unduh" in href or "ekspor" in href:
                continue
            seen.add(href)
            assert client.get(href).status_code != 403, f"{persona}: {href} on {page}"
    assert seen


def test_navbar_search_finds_number_partner_title_and_opd(client, reviewer, opd_a, drive):
    signed = AgreementFactory(opd_initiator=opd_a, title="Penyediaan Air Minum Lintas Batas")
    drive(signed, Stage.PELAKSANAAN)
    other = AgreementFactory(title="Pengembangan Pariwisata", complete=False)
    client.force_login(reviewer)
    content = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("registry_list")}"' in content and 'id="nav-q"' in content
    number = signed.parties.exclude(document_number="").first().document_number
    for words in (number, "Boyolali", "Air Minum", opd_a.name):
        listed = client.get(reverse("registry_list"), {"q": words}).content.decode()
        assert signed.title in listed, words
        assert other.title not in listed, words


def test_notifications_say_what_to_do_now_with_the_reviewers_note(client_a, proposal, drive, reviewer, run_worker,
                                                                 django_capture_on_commit_callbacks):
    from agreements import services

    drive(proposal, Stage.DIAJUKAN)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(proposal, reviewer, "Lengkapi peta lokasi TPA.")
    run_worker()  # the notification is written by the stage-change task
    content = client_a.get(reverse("notification_list")).content.decode()
    assert "Sekarang: perbaiki usulan sesuai catatan, lalu ajukan ulang." in content
    assert "Lengkapi peta lokasi TPA." in content
