"""Report files are made by a task, not in the request: the export button only queues a
``ReportJob``; a worker (django-tasks' database backend, ``db_worker``) builds the file within
what its owner may see; the owner (and only the owner, or a superuser) downloads it from the job's
page.  The same report asked again within the job's day is the same job."""

import datetime
import io

import openpyxl
import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting import reports, tasks
from reporting.models import ReportJob

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

RECAP_XLSX = "/laporan/rekap.xlsx?tahun=2025"


def ask(client, url):
    response = client.post(url)
    assert response.status_code == 302
    return ReportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"]), response["Location"]


def test_the_request_only_queues_the_job_and_a_worker_builds_it(world, client, opd_a_staff, run_worker):
    client.force_login(opd_a_staff)
    job, page_url = ask(client, RECAP_XLSX)
    assert page_url == reverse("reporting:job", args=[job.pk])
    assert (job.owner, job.kind, job.parameters) == (opd_a_staff, "recap", {"year": 2025, "semester": None, "fmt": "xlsx"})
    assert job.status == "queued" and not job.file  # nothing built in the request
    assert DBTaskResult.objects.filter(task_path="reporting.tasks.build_report", status="READY").count() == 1
    page = client.get(page_url).content.decode()
    assert 'http-equiv="refresh"' in page and reverse("reporting:job_download", args=[job.pk]) not in page
    assert client.get(reverse("reporting:job_download", args=[job.pk])).status_code == 404  # not ready yet

    run_worker()

    job.refresh_from_db()
    assert job.status == "ready" and job.finished_at and job.file.storage.exists(job.file.name)
    assert DBTaskResult.objects.get(task_path="reporting.tasks.build_report").status == "SUCCESSFUL"
    page = client.get(page_url).content.decode()
    assert 'http-equiv="refresh"' not in page and reverse("reporting:job_download", args=[job.pk]) in page
    answer = client.get(reverse("reporting:job_download", args=[job.pk]))
    assert answer["Content-Type"] == reports.XLSX and "rekap-kerja-sama-2025.xlsx" in answer["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    titles = {row[2] for row in book["Rekap"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert titles == {world.sampah.title, world.wisata.title}  # OPD A's own, as the owner sees


def test_a_pdf_job_holds_the_expected_agreement(world, client, reviewer, download):
    client.force_login(reviewer)
    answer, content = download("/laporan/luar-negeri/2025.pdf")
    assert answer["Content-Type"] == "application/pdf" and "inline" in answer["Content-Disposition"]
    text = pdf_text(content)
    assert "Pertukaran Budaya dan Pariwisata" in text and "Penanggulangan Bencana" in text


def test_an_export_address_is_not_opened_by_a_plain_link(world, client, reviewer):
    client.force_login(reviewer)
    assert client.get(RECAP_XLSX).status_code == 405  # a GET (a link, an image tag elsewhere) makes nothing
    assert not ReportJob.objects.exists()


def test_another_user_cannot_see_or_download_the_file(world, client, opd_a_staff, opd_b_staff, reviewer, run_worker, django_user_model):
    client.force_login(opd_a_staff)
    job, page_url = ask(client, RECAP_XLSX)
    run_worker()
    download_url = reverse("reporting:job_download", args=[job.pk])
    assert client.get(download_url).status_code == 200
    for other in (opd_b_staff, reviewer):  # not even the Bagian Kerja Sama: the file is what OPD A's staff sees
        client.force_login(other)
        assert client.get(page_url).status_code == 404
        assert client.get(download_url).status_code == 404
        assert client.post(reverse("reporting:job_again", args=[job.pk])).status_code == 404
    client.force_login(django_user_model.objects.create_superuser("akar", "akar@example.go.id", "x"))
    assert client.get(download_url).status_code == 200


def test_the_same_report_asked_again_is_the_same_job(world, client, opd_a_staff, opd_b_staff, run_worker):
    client.force_login(opd_a_staff)
    first, _page = ask(client, RECAP_XLSX)
    assert ask(client, RECAP_XLSX)[0] == first  # still waiting: the same job, no second task
    run_worker()
    assert ask(client, RECAP_XLSX)[0] == first  # ready: the same file
    assert DBTaskResult.objects.filter(task_path="reporting.tasks.build_report").count() == 1
    assert ask(client, "/laporan/rekap.xlsx?tahun=2025&semester=1")[0] != first  # other parameters
    assert ask(client, "/laporan/rekap.pdf?tahun=2025")[0] != first  # other format
    client.force_login(opd_b_staff)
    assert ask(client, RECAP_XLSX)[0] != first  # another user: another scope, another file
    client.force_login(opd_a_staff)
    ReportJob.objects.filter(pk=first.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=25))
    assert ask(client, RECAP_XLSX)[0] != first  # past its day: a new one


def test_make_it_again_builds_a_fresh_file(world, client, opd_a_staff, run_worker):
    client.force_login(opd_a_staff)
    first, _page = ask(client, RECAP_XLSX)
    run_worker()
    response = client.post(reverse("reporting:job_again", args=[first.pk]))
    fresh = ReportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert fresh != first and fresh.status == "queued" and fresh.parameters == first.parameters
    run_worker()
    fresh.refresh_from_db()
    assert fresh.status == "ready" and fresh.file.name != first.file.name
    assert ask(client, RECAP_XLSX)[0] == fresh  # the newest live job is the one reused


def test_the_task_is_idempotent(world, opd_a_staff):
    job = ReportJob.objects.create(owner=opd_a_staff, kind="register", parameters={"year": 2025, "document_type": None, "fmt": "pdf"})
    assert tasks.build_report.call(job.pk) == "ready"
    job.refresh_from_db()
    name = job.file.name
    assert "100/KSB/2025" in pdf_text(job.file.read())
    assert tasks.build_report.call(job.pk) == "skipped"  # run again (a duplicate delivery): nothing changes
    job.refresh_from_db()
    assert job.file.name == name and job.status == "ready"
    assert tasks.build_report.call(987654) == "skipped"  # a job removed meanwhile


def test_a_job_cut_short_is_queued_again_and_old_ones_are_removed(world, client, opd_a_staff, run_worker):
    job = ReportJob.objects.create(owner=opd_a_staff, kind="summary", parameters={"date": "2025-09-01", "fmt": "pdf"}, status="running")
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=15))
    client.force_login(opd_a_staff)
    client.get(reverse("reporting:job", args=[job.pk]))  # the user looks: the stalled job is queued again
    run_worker()
    job.refresh_from_db()
    assert job.status == "ready" and job.file.storage.exists(job.file.name)
    name = job.file.name
    ReportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.get(reverse("reporting:job_download", args=[job.pk])).status_code == 404  # past its day
    assert tasks.remove_expired() == 1
    assert not ReportJob.objects.exists() and not job.file.storage.exists(name)


def test_a_failing_report_says_so(world, client, opd_a_staff, run_worker, monkeypatch):
    def broken(parameters, user):
        raise RuntimeError("font missing")

    monkeypatch.setitem(reports.BUILDERS, "summary", broken)
    client.force_login(opd_a_staff)
    job, page_url = ask(client, "/laporan/ringkasan.pdf")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "font missing" in job.error
    assert DBTaskResult.objects.get(task_path="reporting.tasks.build_report").status == "FAILED"
    page = client.get(page_url).content.decode()
    assert "Laporan tidak dapat dibuat" in page and 'http-equiv="refresh"' not in page
    monkeypatch.undo()
    assert ask(client, "/laporan/ringkasan.pdf")[0] != job  # a failed job is not reused


def test_the_file_is_built_with_the_owners_rights_when_it_runs(world, client, opd_a_staff, run_worker):
    client.force_login(opd_a_staff)
    job, _page = ask(client, "/laporan/luar-negeri/2025.pdf")
    world.bencana.executing_opds.add(opd_a_staff.opd_membership.opd)  # OPD A now executes OPD B's agreement too
    run_worker()
    job.refresh_from_db()
    assert "Penanggulangan Bencana" in pdf_text(job.file.read())


def test_the_reports_page_lists_the_users_own_files(world, client, opd_a_staff, opd_b_staff):
    client.force_login(opd_a_staff)
    job, page_url = ask(client, RECAP_XLSX)
    page = client.get(reverse("reporting:index")).content.decode()
    assert 'data-testid="report-jobs"' in page and page_url in page
    client.force_login(opd_b_staff)
    assert page_url not in client.get(reverse("reporting:index")).content.decode()
