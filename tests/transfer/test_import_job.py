"""A large admin import runs as a background job: the upload stores the file, a worker reads it
once and computes the preview with progress, "Konfirmasi" queues the write, which imports every row
in one transaction, once."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from agreements.models import Agreement, AgreementParty, StageEvent
from transfer import importing, resources, tasks
from transfer.models import ImportJob

pytestmark = pytest.mark.django_db

HEADERS = ["No", "Nomor", "Nomor Mitra", "Jenis Dokumen", "Judul", "Mitra", "OPD", "Urusan",
           "Tanggal Penandatanganan", "Tanggal Mulai", "Jangka Waktu", "Status"]


def register(rows=40, opd_of=lambda i: "DLH"):
    """A pemda's register as the Bagian Kerja Sama keeps it: a title, a blank line, the header, rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR KERJA SAMA PEMERINTAH KABUPATEN KLATEN"])
    sheet.append([])
    sheet.append(HEADERS)
    for i in range(1, rows + 1):
        sheet.append([i, f"119/{i:03d}/PEM/2024", f"{i}/MITRA/2024", "Perjanjian Kerja Sama",
                      f"Pengelolaan Layanan Publik Bagian {i}", f"PT Mitra Layanan {i}", opd_of(i), "Lingkungan Hidup",
                      f"{1 + i % 27} Maret 2024", f"{1 + i % 27}-03-2024", "5 (lima) tahun", "Berlaku"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "register-2024.xlsx"
    buffer.seek(0)
    return buffer


@pytest.fixture
def parse_calls(monkeypatch):
    """Every time a file is parsed (``importing.read_table``, the parser's entry point)."""
    calls = []
    real = importing.read_table

    def spy(data, filename):
        calls.append(filename)
        return real(data, filename)

    monkeypatch.setattr(importing, "read_table", spy)
    return calls


def _upload(client, handle, **data):
    return client.post(reverse("admin:agreements_agreement_import"),
                       {"format": "0", "import_file": handle, "resource": "0", **data})


def _job_page(client, job):
    return client.get(reverse("admin:agreements_agreement_import_job", args=[job.pk]))


@pytest.fixture
def threshold(settings):
    settings.IMPORT_JOB_THRESHOLD_ROWS = 20
    return 20


def test_a_large_file_is_checked_by_a_worker_then_imported_once(client, reviewer, world, threshold, run_worker,
                                                                  parse_calls):
    client.force_login(reviewer)
    bad = 31  # the register's row 31 names an OPD the registry does not know: sheet row 34
    response = _upload(client, register(40, opd_of=lambda i: "DISPORA" if i == bad else "DLH"))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:agreements_agreement_import_job", args=[job.pk])
    assert (job.owner, job.status, job.original_name) == (reviewer, "queued", "register-2024.xlsx")
    assert job.file and parse_calls == []  # nothing parsed in the request
    page = _job_page(client, job).content.decode()
    assert 'http-equiv="refresh"' in page and 'id="job-progress"' in page and "Menunggu diperiksa" in page

    run_worker()
    job.refresh_from_db()
    assert job.status == "checked" and job.rows_file and (job.done, job.total) == (40, 40)
    assert job.summary["new"] == 39 and job.summary["invalid"] == 1
    assert job.errors == [{"row": 34, "column": "OPD", "message": job.errors[0]["message"]}]
    assert "DISPORA" in job.errors[0]["message"]
    page = _job_page(client, job)
    body = page.content.decode()
    assert 'http-equiv="refresh"' not in body and "39 baru" in body
    assert "<td>34</td><td>OPD</td>" in body and "DISPORA" in body
    assert "Konfirmasi impor" not in body  # a row in error: nothing to confirm
    assert page.context["unknown_rows"][0]["value"] == "DISPORA"
    assert client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk])).status_code == 302
    assert ImportJob.objects.get().status == "checked" and Agreement.objects.count() == 0

    # the clerk says what "DISPORA" means: the stored rows are checked again, the file is not read again
    client.post(reverse("admin:agreements_agreement_import_job_remap", args=[job.pk]),
                {"map-count": "1", "map-0-column": "opd", "map-0-value": "DISPORA", "map-0-target": "DLH"})
    run_worker()
    job.refresh_from_db()
    assert job.status == "checked" and job.errors == [] and job.summary["new"] == 40
    body = _job_page(client, job).content.decode()
    assert "Konfirmasi impor" in body and "DISPORA → DLH" in body
    assert Agreement.objects.count() == 0  # nothing before the confirmation

    client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk]))
    assert ImportJob.objects.get().status == "confirmed"
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.finished_at is not None and (job.done, job.total) == (40, 40)
    assert Agreement.objects.count() == 40
    assert StageEvent.objects.filter(action="import", actor=reviewer, note__contains="register-2024.xlsx").count() == 40
    assert Agreement.objects.filter(opd_initiator=world["opd_a"]).count() == 40
    assert "Impor selesai: 40 baru" in _job_page(client, job).content.decode()
    assert parse_calls == ["register-2024.xlsx"]  # the file was parsed exactly once

    # the write task run again (a requeue, a second worker): nothing more is imported
    tasks.run_import_job.enqueue(job.pk)
    client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk]))  # a second click
    run_worker()
    assert Agreement.objects.count() == 40 and ImportJob.objects.get().status == "done"


def test_a_row_that_fails_at_write_time_leaves_nothing_half_saved(client, reviewer, world, threshold, run_worker,
                                                                   monkeypatch):
    client.force_login(reviewer)
    _upload(client, register(30, opd_of=lambda i: "DINKES" if i == 30 else "DLH"))
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.errors == [] and job.summary["new"] == 30
    world["opd_b"].delete()  # the registry changes between the check and the confirmation
    monkeypatch.setattr(resources, "CHUNK", 5)  # batches of 5 are written before the last row fails
    client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "tidak ada yang disimpan" in job.message
    assert any(e["row"] == 33 and e["column"] == "OPD" for e in job.errors)
    assert Agreement.objects.count() == 0 and AgreementParty.objects.count() == 0
    assert StageEvent.objects.count() == 0 and Agreement.history.count() == 0


def test_the_job_belongs_to_its_owner(client, reviewer, kabag, opd_a_staff, world, threshold, run_worker):
    client.force_login(reviewer)
    _upload(client, register(25))
    run_worker()
    job = ImportJob.objects.get()
    client.force_login(kabag)  # may import, but not someone else's file
    assert _job_page(client, job).status_code == 404
    assert client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk])).status_code == 404
    client.force_login(opd_a_staff)  # may not import at all
    assert _job_page(client, job).status_code in (302, 403)
    assert ImportJob.objects.get().status == "checked" and Agreement.objects.count() == 0


def test_a_small_file_keeps_the_preview_in_the_request(client, reviewer, world, threshold):
    client.force_login(reviewer)
    page = _upload(client, register(10))
    assert page.status_code == 200 and "Konfirmasi impor" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_rows_kept_as_json_come_back_with_their_types():
    import datetime
    import decimal

    rows = [["a", 1, 2.5, None, True, datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 8, 30),
             decimal.Decimal("1.10"), float("nan")]]
    back = tasks.load_rows(tasks.dump_rows(rows))
    assert back[0][:8] == rows[0][:8] and back[0][8] != back[0][8]  # NaN stays a NaN (a bad cell to report)
    assert [type(v) for v in back[0]] == [type(v) for v in rows[0]]


def test_the_row_count_is_told_without_reading_the_file():
    handle = register(40)
    assert importing.estimate_rows(handle.getvalue(), "x.xlsx") == 43
    assert importing.estimate_rows(b"a;b\n1;2\n3;4\n", "x.csv") == 3
    assert importing.estimate_rows(b"not a zip", "x.xlsx") == 0


def _record_progress(monkeypatch, observe=None):
    """(done, total) each time a job's progress is published, once per row here."""
    seen = []
    real = tasks.publish_progress
    monkeypatch.setattr(tasks, "PROGRESS_EVERY_SECONDS", 0)

    def record(job_id, done, total, enabled=True):
        real(job_id, done, total, enabled)
        seen.append((done, total, observe(job_id) if observe and enabled else None))

    monkeypatch.setattr(tasks, "publish_progress", record)
    return seen


def test_both_steps_report_their_progress_row_by_row(client, reviewer, world, threshold, run_worker, monkeypatch):
    seen = _record_progress(monkeypatch)
    client.force_login(reviewer)
    _upload(client, register(25))
    run_worker()
    assert [d for d, _t, _o in seen] == list(range(1, 26)) and {t for _d, t, _o in seen} == {25}
    seen.clear()
    client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[ImportJob.objects.get().pk]))
    run_worker()
    assert [d for d, _t, _o in seen] == list(range(1, 26)) and Agreement.objects.count() == 25


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_progress_page_sees_the_write_step_move_before_it_commits(client, reviewer, world, threshold,
                                                                                    run_worker, monkeypatch):
    from django.db import DEFAULT_DB_ALIAS, connections

    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        pytest.skip("progress through a second connection is written on PostgreSQL only")

    def observe(job_id):  # what a web process reads while the import's transaction is still open
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT status, done FROM transfer_importjob WHERE id = %s", [job_id])
                status, done = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM agreements_agreement")
                return status, done, cursor.fetchone()[0]
        finally:
            other.close()

    client.force_login(reviewer)
    _upload(client, register(25))
    run_worker()
    job = ImportJob.objects.get()
    seen = _record_progress(monkeypatch, observe)
    client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk]))
    run_worker()
    assert [o for _d, _t, o in seen][:3] == [("importing", 1, 0), ("importing", 2, 0), ("importing", 3, 0)]
    assert seen[-1][2] == ("importing", 25, 0)  # nothing visible before the one commit
    assert Agreement.objects.count() == 25 and ImportJob.objects.get().status == "done"


def test_a_write_run_whose_worker_died_is_taken_over_a_live_one_is_not(client, reviewer, world, threshold, run_worker,
                                                                         settings):
    import datetime

    from django.utils import timezone

    client.force_login(reviewer)
    _upload(client, register(25))
    run_worker()
    job = ImportJob.objects.get()
    # a worker claimed the write a minute ago and is still at it: a second run keeps off
    ImportJob.objects.filter(pk=job.pk).update(status="importing", run_token="other", updated_at=timezone.now())
    tasks.run_import_job.enqueue(job.pk)
    run_worker()
    assert Agreement.objects.count() == 0 and ImportJob.objects.get().run_token == "other"
    # that worker was killed (its transaction rolled back): after TASKS_STALL_MINUTES the next run takes over
    stale = timezone.now() - datetime.timedelta(minutes=settings.TASKS_STALL_MINUTES + 1)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=stale)
    tasks.run_import_job.enqueue(job.pk)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.run_token != "other" and Agreement.objects.count() == 25


def test_the_import_page_lists_the_users_own_jobs(client, reviewer, kabag, world, threshold):
    client.force_login(reviewer)
    _upload(client, register(25))
    job = ImportJob.objects.get()
    link = reverse("admin:agreements_agreement_import_job", args=[job.pk])
    page = client.get(reverse("admin:agreements_agreement_import")).content.decode()
    assert link in page and "lebih dari 20 baris" in page
    client.force_login(kabag)
    assert link not in client.get(reverse("admin:agreements_agreement_import")).content.decode()


def test_old_jobs_and_their_files_are_removed_after_a_day(client, reviewer, world, threshold, run_worker):
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    client.force_login(reviewer)
    _upload(client, register(25))
    run_worker()
    job = ImportJob.objects.get()
    names = [job.file.name, job.rows_file.name]
    assert all(default_storage.exists(n) for n in names)
    assert tasks.remove_expired(now=timezone.now() + datetime.timedelta(hours=23)) == 0
    assert tasks.remove_expired(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not ImportJob.objects.exists() and not any(default_storage.exists(n) for n in names)


WEB = """
from django.conf import settings
settings.ALLOWED_HOSTS = ["testserver"]
settings.SECURE_SSL_REDIRECT = False
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
client = Client()
"""

UPLOAD = WEB + """
from accounts import roles
from tests.factories import OpdFactory, UserFactory, home_partner
from tests.transfer.test_import_job import register
from transfer.models import ImportJob
OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
home_partner()
client.force_login(UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF))
response = client.post(reverse("admin:agreements_agreement_import"),
                       {"format": "0", "import_file": register(40), "resource": "0"})
print(response.status_code, ImportJob.objects.get().pk)
"""

CONFIRM = WEB + """
client.force_login(get_user_model().objects.get(username="staf_kerjasama"))
print(client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[%d])).status_code)
"""


@pytest.mark.slow
def test_separate_web_and_worker_processes_share_the_job_through_the_database_and_the_storage(site):
    status, job_id = site.shell(UPLOAD, IMPORT_JOB_THRESHOLD_ROWS=20).split()[-2:]  # the threshold from the environment
    assert status == "302"
    assert site.query("SELECT status FROM transfer_importjob") == [("queued",)]
    assert site.query("SELECT status, task_path FROM django_tasks_database_dbtaskresult") == [
        ("READY", "transfer.tasks.check_import_job")]

    site.worker_batch()  # another process, another day: reads the stored file
    status, summary, rows_file = site.query("SELECT status, summary, rows_file FROM transfer_importjob")[0]
    assert status == "checked" and '"new": 40' in summary and (site.media / rows_file).exists()
    assert site.query("SELECT COUNT(*) FROM agreements_agreement") == [(0,)]

    assert site.shell(CONFIRM % int(job_id)).split()[-1] == "302"
    site.worker_batch()
    assert site.query("SELECT status, done FROM transfer_importjob") == [("done", 40)]
    assert site.query("SELECT COUNT(*) FROM agreements_agreement") == [(40,)]
    site.shell(f"from transfer import tasks; tasks.run_import_job.enqueue({int(job_id)})")
    site.worker_batch()  # the write queued again: nothing more
    assert site.query("SELECT COUNT(*) FROM agreements_agreement") == [(40,)]


def test_a_file_that_cannot_be_read_fails_the_job_with_an_indonesian_message(client, reviewer, world, threshold,
                                                                            run_worker):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a sheet without a <dimension>: its size cannot be told, so a job
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    buffer.name = "rusak.xlsx"
    buffer.seek(0)
    client.force_login(reviewer)
    assert _upload(client, buffer).status_code == 302
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == "failed" and not job.can_confirm
    body = _job_page(client, job).content.decode()
    assert "tidak dapat dibaca" in body and "Konfirmasi impor" not in body
