from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from kerjasama import backup


class Command(BaseCommand):
    help = "Back up the database and every stored file into one .tar.gz (see docs/README-operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive to write (default: backups/kerjasama-<time>.tar.gz).")

    def handle(self, *args, **options):
        output = Path(options["output"] or f"backups/kerjasama-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        output.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup.backup(output)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Cadangan ditulis ke {output}: {rows} baris, {len(manifest['files'])} berkas.")
