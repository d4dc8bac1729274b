"""Tasks: what a stage change costs the request (the enqueue), and what a worker gets through.

    python bench/tasks.py [--changes 200] [--drafts 20]

Runs once on SQLite (a file in a temporary folder) and once on PostgreSQL when one answers on
127.0.0.1:5432 (database ``kerjasama_bench_tasks``, made and dropped here).  For each engine:

* enqueue cost per stage change: the ``stage_changed`` receiver, i.e. one task row written
  (target < 5 ms);
* worker throughput for mail: ``db_worker --batch`` composing and sending every message of those
  stage changes (locmem mail backend: the mail server's own speed is not measured);
* worker throughput for drafts: one ZIP job of ``--drafts`` drafts.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DB = "kerjasama_bench_tasks"


def measure(changes, drafts):
    sys.path[0] = str(ROOT)  # not bench/: its import_export.py would hide the package
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    from django.core import mail

    from accounts import roles
    from agreements import services
    from agreements.models import StageEvent
    from agreements.pathing import ensure_attachments
    from documents.models import DraftBundle
    from documents.tasks import build_drafts_zip
    from notifications import services as notifications
    from notifications.models import OutboundMail
    from tests.factories import AgreementFactory, OpdFactory, UserFactory

    mail.outbox = []
    opd = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
    staff = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
    reviewer = UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)

    from agreements import signals

    signals.stage_changed.disconnect(dispatch_uid="notifications.stage_changed")  # timed by hand below
    agreements = []
    for _ in range(changes):
        agreement = AgreementFactory(opd_initiator=opd, created_by=staff)
        ensure_attachments(agreement, ["kak"], staff)
        services.submit(agreement, staff)
        agreements.append(agreement)
    events = list(StageEvent.objects.filter(action="submit").values_list("agreement_id", "pk"))

    costs = []
    for agreement_id, event_id in events:
        started = time.perf_counter()
        notifications.on_stage_changed(None, agreement_id=agreement_id, event_id=event_id)
        costs.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    mail_seconds = time.perf_counter() - started
    sent = OutboundMail.objects.filter(status="sent").count()

    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[a.pk for a in agreements[:drafts]], total=drafts)
    build_drafts_zip.enqueue(bundle.pk)
    started = time.perf_counter()
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    draft_seconds = time.perf_counter() - started
    bundle.refresh_from_db()

    costs.sort()
    print(f"engine: {connection.vendor}")
    print(f"  enqueue per stage change: median {statistics.median(costs):.2f} ms, p95 {costs[int(len(costs) * 0.95) - 1]:.2f} ms "
          f"over {len(costs)} changes  (target < 5 ms)")
    print(f"  mail worker: {len(events)} stage changes → {sent} messages in {mail_seconds:.2f} s = "
          f"{sent / mail_seconds:.0f} messages/s, {len(events) / mail_seconds:.0f} stage changes/s")
    print(f"  drafts worker: ZIP of {bundle.done} drafts ({bundle.status}) in {draft_seconds:.2f} s = "
          f"{bundle.done / draft_seconds:.2f} drafts/s")


def pg_available():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        measure(args.changes, args.drafts)
        return
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASKS_BACKEND"}}
    base.update(LOG_LEVEL="ERROR", TASKS_BACKEND="database", AXES_ENABLED="0")
    command = [sys.executable, __file__, "--inner", "--changes", str(args.changes), "--drafts", str(args.drafts)]
    with tempfile.TemporaryDirectory() as folder:
        env = {**base, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "MEDIA_ROOT": f"{folder}/media"}
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        if pg_available():
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q"]
            subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {PG_DB}", "-c", f"CREATE DATABASE {PG_DB}"], check=True)
            try:
                env = {**base, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PG_DB}", "MEDIA_ROOT": f"{folder}/media-pg"}
                subprocess.run(command, env=env, cwd=ROOT, check=True)
            finally:
                subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {PG_DB}"], check=True)
        else:
            print("PostgreSQL not reachable on 127.0.0.1:5432: skipped")


if __name__ == "__main__":
    main()
