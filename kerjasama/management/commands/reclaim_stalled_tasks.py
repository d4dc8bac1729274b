from django.conf import settings
from django.core.management.base import BaseCommand

from kerjasama import stalled


class Command(BaseCommand):
    help = ("Put task rows left RUNNING by a killed worker back in the queue (or mark them failed after "
            "TASKS_MAX_ATTEMPTS claims). Database task backend only; run by the periodic timer.")

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, metavar="MINUTES",
                            help="A RUNNING row started longer ago than this is stalled (default: TASKS_STALL_MINUTES).")
        parser.add_argument("--max-attempts", type=int, default=None,
                            help="Claims after which a stalled row is marked failed (default: TASKS_MAX_ATTEMPTS).")

    def handle(self, *args, **options):
        if settings.TASKS_BACKEND != "database":
            self.stdout.write(f"Antrean tugas bukan basis data ({settings.TASKS_BACKEND}); tidak ada yang diperiksa.")
            return
        requeued, failed = stalled.reclaim_stalled(options["older_than"], options["max_attempts"])
        for pk, path, attempts in requeued:
            self.stdout.write(f"Diantrekan lagi: {path} ({pk}), percobaan ke-{attempts + 1}")
        for pk, path, attempts in failed:
            self.stdout.write(f"Ditandai gagal: {path} ({pk}) setelah {attempts} percobaan")
        self.stdout.write(f"Tugas macet: {len(requeued)} diantrekan lagi, {len(failed)} ditandai gagal.")
