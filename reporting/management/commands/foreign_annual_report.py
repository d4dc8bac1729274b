"""Write the annual report on foreign cooperation (Permendagri 25/2020 Pasal 35–38) of a year to a
PDF (kop and cover letter) or DOCX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import reports, services


class Command(BaseCommand):
    help = "Write the annual foreign cooperation report of --year to --output (.pdf or .docx)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the year reported on, e.g. 2026")
        parser.add_argument("--output", required=True, help="file to write: .pdf or .docx")

    def handle(self, *args, **options):
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("--output must end in .pdf or .docx")
        if not 2000 <= options["year"] <= 2100:
            raise CommandError("--year must be a year such as 2026")
        data = services.foreign_report(options["year"])
        output.write_bytes(reports.foreign_file(data, suffix[1:]))
        schedule = data["schedule"]
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{output}: {len(data['reports'])} agreement(s); to {schedule['addressee']} by {schedule['due']:%d-%m-%Y}"
                + (f", forwarded to {schedule['forwarded_to']} by {schedule['forward_due']:%d-%m-%Y}" if schedule["forwarded_to"] else "")
            )
            missing = services.missing_foreign_reports(options["year"]).count()
            if missing:
                self.stdout.write(f"report missing (not approved) for {missing} agreement(s)")
