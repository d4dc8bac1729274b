"""The admin import of a large file: what the request costs, synchronous vs as a job.

    .venv/bin/python bench/import_job.py [--rows 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_importjob .venv/bin/python bench/import_job.py

A throw-away database (Django's test database) is made and destroyed.  The same number of new rows
(another prefix each time, so both write as much) goes through the admin with Django's test client:

* synchronous (threshold above the file): the upload request parses and dry-runs, the confirmation
  request parses again and writes — both inside requests (gunicorn's timeout is 30 s);
* job (threshold 2000): the upload request only stores the file; a worker (``db_worker --batch``,
  in this process) checks; the confirmation request only queues; a worker writes.
"""

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

import django  # noqa: E402


def _rows_module():
    spec = importlib.util.spec_from_file_location("bench_import_export", Path(__file__).with_name("import_export.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    setup_test_environment()  # the test client keeps the preview's context (its confirmation form)
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench(args.rows, settings, db_name)
    finally:
        connection.creation.destroy_test_db(db_name, verbosity=0)


def bench(n, settings, db_name):
    import io
    import tempfile

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts import roles
    from accounts.models import Opd
    from agreements.models import Agreement
    from partners.choices import PartnerType
    from partners.models import Partner, Region
    from transfer.models import ImportJob

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp())
    rows = _rows_module()
    for i in range(10):
        Opd.objects.create(code=f"OPD{i:02d}", name=f"Dinas Uji {i}")
    Partner.objects.create(name="Pemerintah Kabupaten Klaten", partner_type=PartnerType.PEMDA, is_home=True,
                           region=Region.objects.get(code="33.10"))
    user = get_user_model().objects.create(username="bench", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.KERJASAMA_STAFF))
    client = Client()
    client.force_login(user)
    url = reverse("admin:agreements_agreement_import")

    def upload(prefix):
        handle = io.BytesIO(rows.as_csv(rows.make_rows(n, prefix)))
        handle.name = f"{prefix}.csv"
        return client.post(url, {"format": "1", "import_file": handle, "resource": "0"})

    def worker():
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)

    print(f"database: {connection.vendor} ({db_name}); {n} new rows per run")
    settings.IMPORT_JOB_THRESHOLD_ROWS = 10**9
    sync_upload, page = timed(lambda: upload("S"))
    if page.context is None or "confirm_form" not in page.context:
        raise SystemExit(f"no preview: {page.status_code} {page.content[:3000].decode(errors='replace')}")
    confirm = page.context["confirm_form"].initial
    sync_confirm, _r = timed(lambda: client.post(reverse("admin:agreements_agreement_process_import"), confirm))
    assert Agreement.objects.count() == n, Agreement.objects.count()

    settings.IMPORT_JOB_THRESHOLD_ROWS = 2000
    job_upload, _r = timed(lambda: upload("J"))
    job = ImportJob.objects.get()
    job_check, _r = timed(worker)
    job_confirm, _r = timed(lambda: client.post(reverse("admin:agreements_agreement_import_job_confirm", args=[job.pk])))
    job_write, _r = timed(worker)
    job.refresh_from_db()
    assert job.status == "done" and Agreement.objects.count() == 2 * n, (job.status, job.errors[:3])

    print(f"{'':<34}{'synchronous':>12}{'job':>10}")
    print(f"{'upload request (s)':<34}{sync_upload:>12.2f}{job_upload:>10.3f}")
    print(f"{'confirm request (s)':<34}{sync_confirm:>12.2f}{job_confirm:>10.3f}")
    print(f"{'worker: check (s)':<34}{'-':>12}{job_check:>10.2f}")
    print(f"{'worker: write (s)':<34}{'-':>12}{job_write:>10.2f}")
    total_sync, total_job = sync_upload + sync_confirm, job_upload + job_check + job_confirm + job_write
    print(f"{'total work (s)':<34}{total_sync:>12.2f}{total_job:>10.2f}   (job/sync {total_job / total_sync:.2f}x)")
    print(f"{'longest request (s)':<34}{max(sync_upload, sync_confirm):>12.2f}{max(job_upload, job_confirm):>10.3f}")


if __name__ == "__main__":
    main()
