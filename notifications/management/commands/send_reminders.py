import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.choices import Stage
from notifications import reminders


class Command(BaseCommand):
    help = (
        "Daily upkeep (cron): move agreements into force, to 'expiring soon' and to 'expired' by their dates; "
        "queue expiry reminders at the configured lead times (once per lead time; the task worker sends them); list proposals waiting "
        "too long at one stage. Idempotent and safe to run twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen; change and send nothing.")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today harus berupa tanggal YYYY-MM-DD, bukan “{options['today']}”.")
        dry_run = options["dry_run"]
        verbosity = options["verbosity"]
        report = reminders.run(today=today, dry_run=dry_run)
        labels = dict(Stage.choices)
        prefix = "[uji coba] " if dry_run else ""

        if verbosity >= 2:
            for agreement, stages in report.flipped:
                self.stdout.write(f"{prefix}#{agreement.pk} {agreement.title[:80]}: → {', '.join(str(labels[s]) for s in stages)}")
            for agreement, lead, recipients in report.reminded:
                self.stdout.write(
                    f"{prefix}#{agreement.pk} pengingat H-{lead} (berakhir {agreement.end_date:%d-%m-%Y})"
                    + (f" → {', '.join(recipients)}" if recipients else "")
                )
        if verbosity >= 1:
            self.stdout.write(
                f"{prefix}{today:%d-%m-%Y}: {len(report.flipped)} perubahan status, "
                f"{len(report.reminded)} pengingat {'akan diantrekan' if dry_run else 'diantrekan untuk dikirim'}, "
                f"{report.skipped} sudah pernah dikirim."
            )
            if report.stale:
                self.stdout.write(f"Usulan yang tertahan lebih lama dari batas pada satu tahap ({len(report.stale)}):")
                for agreement, days in report.stale[:200]:
                    self.stdout.write(
                        f"  #{agreement.pk} {agreement.title[:70]} — {labels.get(agreement.stage, agreement.stage)}, "
                        f"{days} hari ({agreement.opd_initiator})"
                    )
