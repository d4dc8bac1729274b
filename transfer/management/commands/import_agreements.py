"""python manage.py import_agreements FILE [--dry-run] [--opd CODE] [--user USERNAME] [--value-map MAP.csv]

With ``--dry-run`` every row is printed as the preview shows it (what it was understood as, its
warnings), then each unknown value of a closed column once, with the closest known value: the lines
to put in a value map (CSV: column, value as written, value to use)."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from import_export.results import RowResult

from transfer import importing
from transfer.importing import Lookups
from transfer.resources import AgreementResource, dataset_from_file


class Command(BaseCommand):
    help = (
        "Import a legacy registry of agreements from an XLSX or CSV file (one transaction: all rows "
        "or none). Re-running the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.add_argument("--opd", help="OPD code: rows without an OPD belong to it, rows of another OPD are refused")
        parser.add_argument("--user", help="username recorded as the importer (default: the first superuser)")
        parser.add_argument("--no-new-partners", action="store_true", help="refuse rows whose partner is not registered")
        parser.add_argument("--value-map", help="CSV: column, value as written, value to use (a register's own words)")
        parser.add_argument("--quiet-rows", action="store_true", help="with --dry-run: the summary only, not every row")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
            raise CommandError(_("Unsupported file type; use .xlsx or .csv."))
        user = self._user(options["user"])
        default_opd = None
        if options["opd"]:
            default_opd = Lookups().opd(options["opd"])
            if default_opd is None:
                raise CommandError(_("OPD “%(value)s” is not known; use the code or the name of a registered OPD.") % {"value": options["opd"]})
        verbosity = options["verbosity"]
        started = time.monotonic()
        value_map = read_value_map(Path(options["value_map"])) if options["value_map"] else {}
        try:
            dataset = dataset_from_file(path.read_bytes(), path.name)
        except importing.UnreadableFile as exc:
            raise CommandError(str(exc)) from None
        except OSError:
            raise CommandError(_("The file cannot be read: %(path)s") % {"path": path}) from None
        show_rows = options["dry_run"] and not options["quiet_rows"] and verbosity >= 1

        shown = [0]
        limit = None if verbosity >= 2 else 500

        def on_row(sheet_row, understood, warnings, note):
            shown[0] += 1
            if limit is not None and shown[0] > limit:
                if shown[0] == limit + 1:
                    self.stdout.write(_("… more rows not shown (use -v 2 to see every row)."))
                return
            self.stdout.write(_("Row %(row)s: %(understood)s") % {"row": sheet_row, "understood": understood}
                              + (f" ({note})" if note else ""))
            for warning in warnings:
                self.stdout.write("    " + _("warning: %(text)s") % {"text": warning})

        def progress(message):
            if verbosity >= 1:
                self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")

        resource = AgreementResource(
            user=user, default_opd=default_opd, create_partners=not options["no_new_partners"], progress=progress,
            keep_rows=False,  # a summary and the errors only: memory stays bounded on large files
            value_map=value_map, on_row=on_row if show_rows else None,
        )
        if default_opd is not None:
            resource.restrict_to_opd = default_opd
        result = resource.import_data(
            dataset, dry_run=options["dry_run"], raise_errors=False, file_name=path.name, user=user
        )
        problems = []
        if getattr(result, "refusal", None):
            problems.append(result.refusal)
        for error in result.base_errors:
            problems.append(str(error.error))
        for invalid in result.invalid_rows:
            for column, reasons in invalid.field_specific_errors.items():
                for reason in reasons:
                    problems.append(_("row %(row)s, column “%(column)s”: %(reason)s") % {"row": invalid.number, "column": column, "reason": reason})
        ignored = getattr(result, "ignored_headers", [])
        if ignored:
            self.stdout.write(_("Columns ignored: %(columns)s") % {"columns": ", ".join(map(str, ignored))})
        unknown = getattr(result, "unknown_values", [])
        if unknown:
            self.stderr.write(_("Unknown values (map each once with --value-map MAP.csv: column, value as written, value to use):"))
            for column, value, rows, suggestion in unknown:
                header = importing.COLUMN_BY_KEY[column].header
                self.stderr.write(f"  {header};{value};{suggestion}    " + _("(rows %(rows)s)") % {
                    "rows": ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")})
        totals = result.totals
        summary = _("%(new)s new, %(update)s updated, %(skip)s unchanged or duplicate") % {
            "new": totals[RowResult.IMPORT_TYPE_NEW], "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        warned = getattr(result, "warning_count", 0)
        if warned:
            summary += "; " + _("%(count)s row(s) with warnings") % {"count": warned}
        if problems:
            for line in problems[:200]:
                self.stderr.write(line)
            if len(problems) > 200:
                self.stderr.write(_("… and %(count)s more") % {"count": len(problems) - 200})
            raise CommandError(_("Nothing was saved: %(count)s problem(s) in %(file)s.") % {"count": len(problems), "file": path.name})
        elapsed = time.monotonic() - started
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing saved: %(summary)s (%(seconds).1f s).") % {"summary": summary, "seconds": elapsed})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s (%(seconds).1f s).") % {"summary": summary, "seconds": elapsed}))

    def _user(self, username):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(_("User “%(username)s” does not exist.") % {"username": username}) from None
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(_("Give the importing user with --user USERNAME."))
        return user


def read_value_map(path):
    """{(column key, value as written): value to use} from a CSV of three columns (a header row is
    allowed); the column is named by its header or any of its aliases."""
    if not path.is_file():
        raise CommandError(_("File not found: %(path)s") % {"path": path})
    try:
        rows = importing.read_table(path.read_bytes(), path.name if path.suffix else f"{path.name}.csv")
    except importing.UnreadableFile as exc:
        raise CommandError(str(exc)) from None
    mapping = {}
    for number, row in enumerate(rows, start=1):
        cells = [importing.text(v) for v in row[:3]] + [""] * 3
        column, written, target = cells[:3]
        if not column and not written:
            continue
        key = importing.column_for_header(column)
        if key is None or key not in importing.CLOSED_COLUMNS:
            if number == 1:  # the header row
                continue
            raise CommandError(_("Value map, row %(row)s: “%(column)s” is not a column that takes fixed values.")
                               % {"row": number, "column": column})
        mapping[(key, written)] = target
    return mapping
