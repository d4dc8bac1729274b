"""Issue 12 (4, 5): the Bagian Kerja Sama edits clause and letter templates and reads the print log;
rendering is bounded; the letters around an agreement, read back from PDF and DOCX."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.choices import Kind, SubKind
from documents import clauses, services
from documents.models import ClauseTemplate, DraftRecord, LetterKind, LetterTemplate
from tests.factories import AgreementFactory, document_type

from .helpers import docx_text, flat, keep, pdf_text
from .test_clauses import _admin_post_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["reviewer", "kabag"])
def test_bagian_kerja_sama_edits_templates_and_reads_the_print_log(client, request, persona, proposal):
    client.force_login(request.getfixturevalue(persona))
    template = ClauseTemplate.objects.get(document_flow="nota", kind="")
    before = template.current_version().number
    url = reverse("admin:documents_clausetemplate_change", args=[template.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _admin_post_data(template)).status_code == 302
    template.refresh_from_db()
    assert template.version == before + 1
    letter = LetterTemplate.objects.get(kind=LetterKind.PENAWARAN)
    assert client.get(reverse("admin:documents_lettertemplate_change", args=[letter.pk])).status_code == 200
    services.render_pdf(proposal)
    response = client.get(reverse("admin:documents_draftrecord_changelist"))
    assert response.status_code == 200 and proposal.title in response.content.decode()


@pytest.mark.parametrize("persona", ["tkksd_member", "pimpinan"])
def test_other_roles_cannot_edit_templates(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    template = ClauseTemplate.objects.get(document_flow="nota", kind="")
    assert client.get(reverse("admin:documents_clausetemplate_change", args=[template.pk])).status_code == 403
    assert client.get(reverse("admin:documents_lettertemplate_changelist")).status_code == 403


def messages_of(text):
    with pytest.raises(ValidationError) as exc:
        clauses.validate_text(text)
    return " ".join(exc.value.messages)


def test_rendering_is_bounded():
    deep = "{% for a in para_pihak %}{% for b in para_pihak %}{% for c in para_pihak %}x{% endfor %}{% endfor %}{% endfor %}"
    assert "paling dalam 2" in messages_of(deep) or "at most 2" in messages_of(deep)
    wide = "{% for a in para_pihak %}{% for b in para_pihak %}" + "x" * 300 + "{% endfor %}{% endfor %}"
    assert "30" in messages_of(wide)  # 30 × 30 × 300 characters: refused before it is ever printed
    assert messages_of("a" * (clauses.MAX_TEMPLATE_CHARS + 1))
    clauses.validate_text("{% for a in para_pihak %}{% for b in mitra %}{{ b.nama }}{% endfor %}{% endfor %}")
    with pytest.raises(clauses.RenderLimitExceeded):
        clauses.render_text("{% for a in para_pihak %}" + "y" * 1000 + "{% endfor %}", {"para_pihak": list(range(300))})


def test_a_letter_template_with_an_unknown_placeholder_is_refused():
    letter = LetterTemplate.objects.get(kind=LetterKind.DPRD)
    letter.body = "Mohon persetujuan {{ gaji_bupati }}."
    with pytest.raises(ValidationError) as exc:
        letter.full_clean()
    assert "gaji_bupati" in str(exc.value)


FOREIGN_LETTERS = {"konsultasi", "pertimbangan", "perpanjangan", "laporan"}


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_letter_reads_back_in_the_naskah_dinas_format(opd_a, proposal, kind):
    if kind in FOREIGN_LETTERS:
        agreement = AgreementFactory(
            kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a
        )
    else:
        agreement = proposal
    options = {"date": datetime.date(2026, 12, 7), "meeting_time": "Senin, 14 Desember 2026 pukul 09.00 WIB",
               "meeting_place": "Ruang Rapat Sekda", "agenda": "Pembahasan rancangan KSB"}
    data, _ = services.render_letter(agreement, kind, "pdf", options=options)
    text = flat(pdf_text(keep(f"surat-{kind}.pdf", data))[0])
    assert "PEMERINTAH KABUPATEN KLATEN SEKRETARIAT DAERAH" in text
    assert "Klaten, 7 Desember 2026" in text
    assert agreement.title in text
    template = LetterTemplate.objects.get(kind=kind)
    if kind == "kuasa":
        assert "SURAT KUASA NOMOR :" in text and "memberikan kuasa kepada" in text
    else:
        assert f"Sifat : {template.sifat}" in text and "Lampiran :" in text and "Hal :" in text and "Yth." in text
    if kind == "dprd":
        assert "Pasal 6 ayat (2) Peraturan Pemerintah Nomor 28 Tahun 2018" in text
        assert "jangka waktu: 5 (lima) tahun" in text
    if kind == "perpanjangan":
        assert "Pasal 33" in text and "Tembusan: 1. Ketua Dewan Perwakilan Rakyat Daerah" in text
    if kind == "undangan":
        assert "Ruang Rapat Sekda" in text and "Pembahasan rancangan KSB" in text
    docx, _ = docx_text(services.render_letter(agreement, kind, "docx", options=options)[0])
    assert agreement.title in flat(docx) and "PEMERINTAH KABUPATEN KLATEN" in docx
    assert DraftRecord.objects.filter(agreement=agreement, letter=kind).count() == 2


def test_foreign_dprd_letter_encloses_the_plan_and_the_loi(opd_a):
    agreement = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a)
    text = flat(pdf_text(services.render_letter(agreement, "dprd", "pdf")[0])[0])
    assert "Rencana Kerja Sama dan Pernyataan Kehendak Kerja Sama (Letter of Intent)" in text
    assert "Lampiran : 2 (dua) berkas" in text


def test_letter_numbers_come_from_the_register(proposal):
    date = datetime.date(2026, 12, 7)
    _data, first = services.render_letter(proposal, "dprd", "pdf", options={"date": date}, take_number=True)
    data, second = services.render_letter(proposal, "dprd", "pdf", options={"date": date}, take_number=True)
    assert first == "000.3.3/SURAT/1/Kerjasama/2026" and second == "000.3.3/SURAT/2/Kerjasama/2026"
    assert f"Nomor : {second}" in flat(pdf_text(data)[0])
    assert list(DraftRecord.objects.filter(letter="dprd").values_list("number", flat=True).order_by("id")) == [first, second]


def test_letter_view_is_for_the_bagian_kerja_sama_only(client, proposal, reviewer, opd_a_staff):
    url = reverse("documents:letter", args=[proposal.pk, "undangan"])
    client.force_login(opd_a_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, {"date": "2026-12-07", "fmt": "pdf"}).status_code == 404
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-12-07", "fmt": "pdf", "take_number": "on", "meeting_place": "Aula"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Aula" in flat(pdf_text(response.content)[0])
    record = DraftRecord.objects.get(letter="undangan")
    assert record.created_by == reviewer and record.number.startswith("000.3.3/SURAT/1/")
    response = client.post(url, {"date": "2026-12-07", "fmt": "docx", "take_number": "on", "number": "123"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()  # both: refused, nothing taken
    assert DraftRecord.objects.filter(letter="undangan").count() == 1
    assert client.get(reverse("documents:letter", args=[proposal.pk, "tidak-ada"])).status_code == 404


def test_workflow_panel_offers_the_letter_of_the_stage(client, proposal, reviewer, opd_a_staff, drive):
    from agreements.choices import Stage

    drive(proposal, Stage.PENAWARAN)
    proposal.refresh_from_db()
    assert [t.kind for t in services.letters_offered(proposal)] == ["penawaran"]
    client.force_login(reviewer)
    html = client.get(reverse("admin:agreements_agreement_change", args=[proposal.pk])).content.decode()
    assert reverse("documents:letter", args=[proposal.pk, "penawaran"]) in html
    assert reverse("documents:letter", args=[proposal.pk, "dprd"]) not in html


def test_a_letter_that_cannot_be_printed_gives_its_number_back(proposal):
    date = datetime.date(2026, 12, 7)
    # a template saved before the limits existed (bypassing validation) that now produces too much
    LetterTemplate.objects.filter(kind="dprd").update(
        body="{% for a in para_pihak %}{% for b in para_pihak %}" + "z" * 60000 + "{% endfor %}{% endfor %}"
    )
    with pytest.raises(clauses.RenderLimitExceeded):
        services.render_letter(proposal, "dprd", "pdf", options={"date": date}, take_number=True)
    _data, number = services.render_letter(proposal, "penawaran", "pdf", options={"date": date}, take_number=True)
    assert number == "000.3.3/SURAT/1/Kerjasama/2026"
    assert not DraftRecord.objects.filter(letter="dprd").exists()


def test_admin_preview_of_a_foreign_template_is_bilingual(client, reviewer):
    client.force_login(reviewer)
    template = ClauseTemplate.objects.get(document_flow="naskah", kind="")
    data = _admin_post_data(
        template,
        kind="ksdpl",
        title_en="MEMORANDUM OF UNDERSTANDING",
        formula_en="THE PARTIES agree on {{ judul }}:",
        **{"clauses-0-heading_en": "CONFIDENTIALITY", "clauses-0-body_en": "Valid for {{ jangka_waktu }}."},
    )
    response = client.post(reverse("admin:documents_clausetemplate_preview"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "MEMORANDUM OF UNDERSTANDING" in html and "CONFIDENTIALITY" in html and "Valid for 5 (five) years." in html
    response = client.post(
        reverse("admin:documents_clausetemplate_preview"), dict(data, **{"clauses-0-body_en": "{{ gaji }}"})
    )
    assert "gaji" in response.content.decode() and "CONFIDENTIALITY" not in response.content.decode()


def test_letter_template_admin_lists_its_placeholders_and_refuses_unknown_ones(client, kabag):
    client.force_login(kabag)
    letter = LetterTemplate.objects.get(kind="undangan")
    url = reverse("admin:documents_lettertemplate_change", args=[letter.pk])
    html = client.get(url).content.decode()
    assert "waktu_rapat" in html and "pihak_kesatu.nama" in html
    data = {field: getattr(letter, field) for field in ("kind", "name", "stages", "classification", "sifat", *LetterTemplate.TEXT_FIELDS)}
    data["is_active"] = "on"
    data["body"] = "Hadir pada {{ jam_rapat }}."
    response = client.post(url, data)
    assert response.status_code == 200 and "jam_rapat" in response.content.decode()
    data["body"] = "Hadir pada {{ waktu_rapat }}."
    assert client.post(url, data).status_code == 302
    letter.refresh_from_db()
    assert letter.body == "Hadir pada {{ waktu_rapat }}." and letter.version == 2
