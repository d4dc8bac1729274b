"""Daily: remind the Bagian Kerja Sama and the OPDs of foreign annual reports not yet approved
(Permendagri 25/2020 Pasal 35–38), and remove report files past their day.  Idempotent; run after
``send_reminders``."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reporting import services, tasks


class Command(BaseCommand):
    help = "Remind of foreign annual reports that are due or missing (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, to replay a day (default: today)")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(_("Invalid date “%(value)s”: use YYYY-MM-DD.") % {"value": options["today"]})
        sent = services.notify_reports_due(today)
        tasks.remove_expired()
        if options["verbosity"]:
            self.stdout.write(_("%(count)s report reminder(s) sent.") % {"count": sent})
