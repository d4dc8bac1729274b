"""Write the recap of all cooperation of a year or semester (UU 23/2014 Pasal 368; PP 28/2018
Pasal 44) to an XLSX or PDF file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import reports, services


class Command(BaseCommand):
    help = "Write the recap of all cooperation of --year [--semester 1|2] to --output (.xlsx or .pdf)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--semester", type=int, choices=[1, 2])
        parser.add_argument("--output", required=True, help="file to write: .xlsx or .pdf")

    def handle(self, *args, **options):
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise CommandError("--output must end in .xlsx or .pdf")
        data = services.recap(options["year"], options["semester"])
        output.write_bytes(reports.recap_file(data, suffix[1:]))
        if options["verbosity"] >= 1:
            self.stdout.write(f"{output}: {data['total']} agreement(s), {data['label']}")
