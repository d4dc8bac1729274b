"""Defect 4: a control character typed or pasted at any entry point never reaches the database, so
the XLSX exports and the DOCX draft keep working for everyone."""

import io

import openpyxl
import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from agreements.choices import Stage
from agreements.models import Agreement, StageEvent
from agreements.text import clean_text, has_control_characters
from partners.models import Partner
from tests.desk.conftest import step_url
from tests.portal.helpers import proposal_data

pytestmark = pytest.mark.django_db
WORD_BREAK = "Pengelolaan\x0bSampah"  # U+000B: Word's manual line break


@pytest.mark.parametrize(
    "raw, multiline, clean",
    [
        (WORD_BREAK, False, "Pengelolaan Sampah"),
        (WORD_BREAK, True, "Pengelolaan\nSampah"),
        ("a\x00b\x07c\x1bd\x7fe", False, "abcde"),
        ("Kontrak\u202egpj.exe", False, "Kontrakgpj.exe"),  # right-to-left override disguising text
        ("baris 1\r\nbaris 2\u2028baris 3", True, "baris 1\nbaris 2\nbaris 3"),
        ("kolom\tkolom", False, "kolom kolom"),
        ("Rp1.250.000 — Kab. Klaten · Pasal 6(2)", False, "Rp1.250.000 — Kab. Klaten · Pasal 6(2)"),
    ],
)
def test_clean_text(raw, multiline, clean):
    assert clean_text(raw, multiline=multiline) == clean
    assert not has_control_characters(clean_text(raw, multiline=multiline))


def test_a_portal_title_with_word_break_is_saved_clean_and_every_export_still_works(opd_a_staff, client_for, reviewer):
    client = client_for(opd_a_staff)
    data = proposal_data(title=WORD_BREAK, purpose="Tujuan\x0bbaris dua\x0c", scope="Lingkup\x1b")
    response = client.post(reverse("proposal_create"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.title == "Pengelolaan Sampah"
    assert agreement.purpose == "Tujuan\nbaris dua" and agreement.scope == "Lingkup"
    contact_names = list(agreement.contacts.values_list("name", flat=True))
    assert all(not has_control_characters(n) for n in contact_names)
    staff = client_for(reviewer)
    xlsx = staff.get(reverse("registry_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content))
    assert any("Pengelolaan Sampah" in str(cell.value) for row in book.active.iter_rows() for cell in row)
    assert client.get(reverse("documents:draft", args=[agreement.pk, "docx"])).status_code == 200


def test_a_desk_step_note_is_cleaned(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.DIAJUKAN)
    response = client_for(reviewer).post(
        step_url(proposal, "return"), {"note": "Lengkapi\x0bKAK\x1b", "expected_stage": Stage.DIAJUKAN}
    )
    assert response.status_code == 302
    assert StageEvent.objects.filter(agreement=proposal, action="return").get().note == "Lengkapi\nKAK"


def test_an_admin_change_is_cleaned(admin_client, opd_a):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(opd_initiator=opd_a)
    partner = agreement.partner_parties[0].partner
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or isinstance(value, FieldFile):
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    data["name"] = "Pemerintah\x0bKabupaten\x07 Boyolali"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    partner.refresh_from_db()
    assert partner.name == "Pemerintah Kabupaten Boyolali"
    assert not Partner.objects.filter(name__contains="\x0b").exists()
