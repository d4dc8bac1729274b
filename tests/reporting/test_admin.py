"""The Bagian Kerja Sama's side in the admin: validating mappings and approving annual reports
(with the permission each role has), importing planning references from XLSX (all or nothing)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Urusan
from reporting import services
from reporting.models import ForeignAnnualReport, PlanningReference, PotentialMapping, ReviewStatus

pytestmark = pytest.mark.django_db


def submitted_mapping(opd):
    return PotentialMapping.objects.create(
        opd=opd, urusan=Urusan.objects.get(code="2.11"), potential="Bank sampah", partner_type="badan_usaha",
        expected_benefit="-", year_from=2026, year_to=2026, status=ReviewStatus.SUBMITTED,
    )


def action(client, model, name, pks):
    return client.post(f"/admin/reporting/{model}/", {"action": name, "_selected_action": pks}, follow=True)


def test_desk_validates_a_submitted_mapping(client, reviewer, opd_a):
    entry = submitted_mapping(opd_a)
    client.force_login(reviewer)
    assert client.get("/admin/reporting/potentialmapping/").status_code == 200
    action(client, "potentialmapping", "approve_selected", [entry.pk])
    entry.refresh_from_db()
    assert entry.status == ReviewStatus.APPROVED and entry.reviewed_by == reviewer


def test_return_without_a_note_is_refused(client, reviewer, opd_a):
    entry = submitted_mapping(opd_a)
    client.force_login(reviewer)
    response = action(client, "potentialmapping", "return_selected", [entry.pk])
    entry.refresh_from_db()
    assert entry.status == ReviewStatus.SUBMITTED
    assert "Sebutkan apa yang harus diperbaiki." in response.content.decode()


def test_desk_approves_a_report_and_the_missing_flag_clears(world, client, reviewer, opd_a_staff):
    report = services.save_report(services.report_for(world.wisata, 2025), opd_a_staff, submit=True)
    client.force_login(reviewer)
    action(client, "foreignannualreport", "approve_selected", [report.pk])
    report.refresh_from_db()
    assert report.status == ReviewStatus.APPROVED
    assert world.wisata not in services.missing_foreign_reports(2025)


def test_pimpinan_cannot_approve(world, client, pimpinan, opd_a_staff):
    report = services.save_report(services.report_for(world.wisata, 2025), opd_a_staff, submit=True)
    client.force_login(pimpinan)
    assert client.get("/admin/reporting/foreignannualreport/").status_code == 200  # reads
    action(client, "foreignannualreport", "approve_selected", [report.pk])
    assert ForeignAnnualReport.objects.get(pk=report.pk).status == ReviewStatus.SUBMITTED


def test_opd_staff_has_no_admin(client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert client.get("/admin/reporting/potentialmapping/").status_code == 302


def xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(["Dokumen", "Tahun", "Tingkat", "Kode", "Nama", "OPD"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("rkpd.xlsx", buffer.getvalue())


def test_planning_references_import_and_reimport(client, kabag, opd_a):
    client.force_login(kabag)
    rows = [["RKPD", 2026, "program", "2.11.03", "Program Pengelolaan Persampahan", "DLH"],
            ["rkpd", 2026, "sub kegiatan", "2.11.03.2.01.0004", "Penyediaan Sarana Persampahan", ""]]
    response = client.post("/admin/reporting/planningreference/impor/", {"file": xlsx(rows)})
    assert response.status_code == 302
    assert PlanningReference.objects.count() == 2
    assert PlanningReference.objects.get(code="2.11.03").opd == opd_a
    rows[1][4] = "Penyediaan Sarana dan Prasarana Persampahan"
    client.post("/admin/reporting/planningreference/impor/", {"file": xlsx(rows)})
    assert PlanningReference.objects.count() == 2
    assert PlanningReference.objects.get(code="2.11.03.2.01.0004").level == "sub_kegiatan"
    assert PlanningReference.objects.get(code="2.11.03.2.01.0004").name == "Penyediaan Sarana dan Prasarana Persampahan"


def test_a_bad_row_imports_nothing_and_says_which(client, kabag, opd_a):
    client.force_login(kabag)
    rows = [["rkpd", 2026, "program", "2.11.03", "Program Pengelolaan Persampahan", "DLH"],
            ["rkpd", "dua ribu", "program", "", "Tanpa kode", "XYZ"]]
    response = client.post("/admin/reporting/planningreference/impor/", {"file": xlsx(rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Baris 3: tahun bukan angka, kode dan nama wajib diisi, kode OPD tidak dikenal" in page
    assert PlanningReference.objects.count() == 0


def test_a_file_that_is_not_xlsx_is_refused(client, kabag):
    client.force_login(kabag)
    response = client.post("/admin/reporting/planningreference/impor/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert response.status_code == 200 and PlanningReference.objects.count() == 0
