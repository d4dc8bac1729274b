import tarfile

from django.core.management.base import BaseCommand, CommandError

from kerjasama import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: replaces the database and the stored files, then checks every "
        "row count and file hash against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask: the current data is replaced.")
        parser.add_argument("--keep-other-files", action="store_true", help="Keep stored files the backup does not have.")

    def handle(self, *args, **options):
        try:
            manifest = backup.read_manifest(options["archive"])
        except (OSError, KeyError, ValueError, tarfile.TarError) as error:
            raise CommandError(f"Berkas cadangan tidak dapat dibaca: {error}")
        if not options["yes"]:
            answer = input(f"Ganti seluruh data dengan cadangan {manifest['created']}? Ketik 'ya': ")
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan.")
        try:
            problems = backup.restore(options["archive"], prune=not options["keep_other_files"])
        except backup.BackupError as error:
            raise CommandError(str(error))
        if problems:
            raise CommandError("Pemulihan tidak cocok dengan cadangan:\n" + "\n".join(problems[:50]))
        self.stdout.write(
            f"Dipulihkan dari cadangan {manifest['created']}: {sum(manifest['counts'].values())} baris dan "
            f"{len(manifest['files'])} berkas, semuanya cocok."
        )
