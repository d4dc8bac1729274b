"""Export (round trip), the admin's import flow (dry run, then confirm), template and actions."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement, StageEvent
from transfer import exporting, importing

from .conftest import FILES
from .test_import import snapshot

pytestmark = pytest.mark.django_db


def _content(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_without_changing_anything(run_import, reviewer, world, tmp_path, fmt):
    run_import("valid.xlsx", reviewer)
    run_import("aliases.csv", reviewer)
    response = exporting.export_response(Agreement.objects.all(), fmt, "kerja-sama")
    exported = tmp_path / f"ekspor.{fmt}"
    exported.write_bytes(_content(response))
    before = snapshot()
    out, _err = run_import(exported, reviewer)
    assert "0 baru, 0 diperbarui, 7 tidak berubah" in out
    assert snapshot() == before


def test_export_has_the_import_headers_and_indonesian_values(run_import, reviewer, world):
    run_import("valid.xlsx", reviewer)
    text = _content(exporting.export_response(Agreement.objects.all(), "csv", "x")).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:5] == importing.HEADERS[:5]
    assert any("119/01/PEM/2019" in line and "22-11-2024" in line for line in lines)
    book = load_workbook(io.BytesIO(_content(exporting.export_response(Agreement.objects.all(), "xlsx", "x"))), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == importing.HEADERS and len(rows) == 5


def test_empty_text_cells_export_as_empty(world, reviewer, run_import):
    run_import("merged_header.xlsx", reviewer)
    text = _content(exporting.export_response(Agreement.objects.all(), "csv", "x")).decode("utf-8-sig")
    assert "None" not in text


def _login(client, user):
    client.force_login(user)


def test_admin_import_dry_run_preview_then_confirm(client, reviewer, world):
    _login(client, reviewer)
    url = reverse("admin:agreements_agreement_import")
    page = client.get(url)
    assert page.status_code == 200
    with open(FILES / "valid.xlsx", "rb") as handle:
        preview = client.post(url, {"format": "0", "import_file": handle, "resource": "0"})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Penyediaan Air Bersih Kawasan Industri Ceper" in body
    assert "Konfirmasi impor" in body and "Pratinjau uji coba: 4 baru" in body and "Baru" in body
    assert Agreement.objects.count() == 0  # nothing before confirmation
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:agreements_agreement_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Agreement.objects.count() == 4
    assert StageEvent.objects.filter(action="import", actor=reviewer, note__contains="valid.xlsx").count() == 4


def test_admin_import_preview_lists_errors_with_row_column_reason(client, reviewer, world):
    _login(client, reviewer)
    with open(FILES / "errors.xlsx", "rb") as handle:
        preview = client.post(reverse("admin:agreements_agreement_import"), {"format": "0", "import_file": handle, "resource": "0"})
    body = preview.content.decode()
    assert "confirm_form" not in preview.context or not preview.context["confirm_form"]
    assert "<td>4</td>" in body and "<td>Judul</td>" in body and "Judul wajib diisi." in body
    assert "OPD “Dinas Antah Berantah” tidak dikenal" in body
    assert "Tanggal berakhir (01-03-2019) lebih awal daripada tanggal mulai (01-03-2020)." in body
    assert Agreement.objects.count() == 0


def test_admin_import_refused_to_read_only_roles(client, tkksd_member, pimpinan, world):
    for user in (tkksd_member, pimpinan):
        _login(client, user)
        assert client.get(reverse("admin:agreements_agreement_import")).status_code == 403
        assert client.get(reverse("admin:agreements_agreement_import_template")).status_code == 403


def test_admin_template_download_has_headers_example_and_allowed_values(client, reviewer, world):
    _login(client, reviewer)
    response = client.get(reverse("admin:agreements_agreement_import_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == importing.HEADERS
    assert book.worksheets[0].cell(row=2, column=5).value
    allowed = book["Nilai yang Diizinkan"]
    assert "DLH" in [c.value for c in allowed["A"]]
    # the template itself imports cleanly
    raw = importing.read_table(response.content, "templat.xlsx")
    table = importing.build_table(raw)
    assert len(table.rows) == 1 and table.columns == [c.key for c in importing.COLUMNS]


def test_admin_export_of_filtered_changelist(client, reviewer, world, run_import):
    run_import("valid.xlsx", reviewer)
    _login(client, reviewer)
    response = client.get(reverse("admin:agreements_agreement_export", args=["csv"]), {"opd_initiator__id__exact": world["opd_b"].pk})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "119/03/KES/2023" in text and "119/01/PEM/2019" not in text


def test_admin_export_selected_action(client, reviewer, world, run_import):
    run_import("valid.xlsx", reviewer)
    _login(client, reviewer)
    ids = list(Agreement.objects.values_list("pk", flat=True)[:2])
    response = client.post(reverse("admin:agreements_agreement_changelist"),
                           {"action": "export_selected_xlsx", "_selected_action": ids})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(book.active.iter_rows())) == 3
