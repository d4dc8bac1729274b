"""django-import-export resources for the registry, tuned for large legacy files.

The library runs the import (one transaction, dry run rolled back, per-row results for the admin
preview); this resource replaces its per-row field pipeline with:

* human keys looked up in memory (``importing.Lookups``: a handful of queries per import);
* every existing agreement the file may touch loaded in bulk before the first row, so that
  "unchanged" is decided by comparing fingerprints, not by one query per row;
* new agreements written by batches of ``CHUNK`` rows while the file is read (never in a dry run),
  entering at their real stage through ``services.register_imported_many``, with multi-row
  inserts (``Inserter``: one array per column through ``UNNEST`` on PostgreSQL) for the agreements,
  their history, stage events, parties and urusan; updates in bulk at the end;
* no diff rendering: the preview shows a few key columns and a note per row, and the management
  command (``keep_rows=False``) keeps only the totals and the rows in error.

A row with an error, or a file touching another OPD's rows (for an OPD user), writes nothing: the
import is one transaction, rolled back whole when any row is invalid (``import_data``).
"""

import contextlib
import datetime
import gc
from collections import defaultdict, namedtuple

import tablib
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import roles
from agreements import services
from agreements.bulk import CHUNK, Inserter, chunks
from agreements.models import Agreement, AgreementParty
from partners.models import Partner

from . import importing

# --- formats: the first sheet of an XLSX, a CSV with "," or ";" --------------------------------


def _dataset(raw_rows):
    dataset = tablib.Dataset()
    if raw_rows:
        dataset.headers = [f"_{i}" for i in range(len(raw_rows[0]))]
        dataset._data = [tablib.core.Row(row) for row in raw_rows]
    return dataset


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        """Every row of the first sheet (the header row is found later, after title rows)."""
        return _dataset(importing.read_table(in_stream, "file.xlsx"))


class CSV(base_formats.CSV):
    """Read as bytes: the encoding (UTF-8 with or without a BOM, Windows-1252) is found by
    ``importing.decode_text``, not assumed by the library."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(importing.read_table(in_stream, "file.csv"))


def dataset_from_file(data, filename):
    return _dataset(importing.read_table(data, filename))


def preview_file(data, filename, user, **options):
    """The parse step alone: a file's bytes to the dry-run result the admin preview shows (rows as
    understood, warnings, unknown values, ignored columns, row errors); nothing is written.  For a
    background task.  ``options`` go to ``AgreementResource`` (default_opd, value_map, keep_rows,
    on_row, create_partners).  An unreadable file raises ``importing.UnreadableFile`` (its message
    is Indonesian and may be shown as is)."""
    dataset = dataset_from_file(data, filename)
    resource = AgreementResource(user=user, **options)
    return resource.import_data(dataset, dry_run=True, raise_errors=False, file_name=filename, user=user)


# --- agreements -------------------------------------------------------------------------------


@contextlib.contextmanager
def _without_cyclic_gc():
    """Python's cycle collector off while a file is imported: the rows, lookups and plans held for
    the whole file are hundreds of thousands of containers, which every full collection walks
    again (40 % of a 100k-row import).  The import makes no reference cycles worth collecting;
    reference counting frees what it drops, and the collector is back on at the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# a registered party, as held in memory for every agreement a file may touch (a tuple, not a dict:
# a quarter of the memory when a large file is imported again)
Party = namedtuple("Party", "pk partner_id is_home document_number order")


class SummaryResult(Result):
    """A result that counts rows instead of keeping one per row (errors are still kept)."""

    def append_row_result(self, row_result):
        if row_result.errors:
            self.rows.append(row_result)


PREVIEW_COLUMNS = ["home_number", "title"]


class AgreementResource(resources.ModelResource):
    """Agreements by human keys; see the module docstring."""

    class Meta:
        model = Agreement
        fields = ()
        use_bulk = True
        batch_size = None  # everything is written once, after the last row is read
        skip_diff = True
        skip_html_diff = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = False
        import_id_fields = ()

    def __init__(self, user=None, default_opd=None, create_partners=True, progress=None, keep_rows=True,
                 value_map=None, on_row=None, **kwargs):
        """``keep_rows=False`` (the management command): the result keeps the totals and the rows in
        error only, not a preview per row, so that memory stays bounded on very large files."""
        super().__init__(**kwargs)
        self.keep_rows = keep_rows
        self.dry_run = False
        self.created_partners, self.created_count, self.write_errors = {}, 0, []
        self.user = user
        self.default_opd = default_opd
        self.create_partners = create_partners
        self.progress = progress
        self.refusal = None
        self.warning_count = 0
        self.new, self.updates, self.failed, self.other_opd = [], [], [], []
        self.restrict_to_opd = None  # the command's --opd: rows of another OPD are refused
        self.value_map = value_map or {}
        self.on_row = on_row  # on_row(sheet row, description, warnings): the command's dry run

    # what the admin shows of the column set
    def get_result_class(self):
        return super().get_result_class() if self.keep_rows else SummaryResult

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, collect_failed_rows=False,
                    rollback_on_validation_errors=False, **kwargs):
        """Always one transaction, rolled back if any row is invalid: new agreements are written in
        batches while the file is read (memory stays bounded), so a bad row near the end must undo
        the batches before it."""
        self.dry_run = dry_run
        with _without_cyclic_gc():
            return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
                                       collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
                                       **kwargs)

    def get_user_visible_fields(self):
        return [fields.Field(column_name=c.header) for c in importing.COLUMNS]

    def get_diff_headers(self):
        return [importing.COLUMN_BY_KEY[c].header for c in PREVIEW_COLUMNS] + [
            _("Understood as"), _("Warnings"), _("Note")]

    def _check_import_id_fields(self, headers):
        return None

    def _progress(self, message):
        if self.progress:
            self.progress(message)

    # --- before the first row: the table, the lookups, the existing agreements --------------------

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        self.source = kwargs.get("file_name") or "spreadsheet"
        raw = [list(r) for r in dataset]
        self.table = importing.build_table(raw)
        dataset.wipe()
        if "title" not in self.table.columns:
            self.table.rows = []
            raise ValidationError(
                _("No header row with a title column (“Judul”, “Tentang”, …) was found in the first rows of the file.")
            )
        self.kerjasama = self.user is not None and roles.is_kerjasama(self.user)
        if "opd" not in self.table.columns and self.default_opd is None and self.kerjasama:
            # said once for the file, not once per row
            self.table.rows = []
            raise ValidationError(
                _("The file has no OPD column; choose the OPD its agreements belong to (the default OPD of the "
                  "import form, or --opd CODE).")
            )
        dataset.headers = self.table.columns + ["__row__"]
        dataset._data = [
            tablib.core.Row(values + [number]) for values, number in zip(self.table.rows, self.table.sheet_rows, strict=True)
        ]
        self.lookups = importing.Lookups(self.value_map)
        self.user_opd_id = roles.user_opd_id(self.user)
        if not self.kerjasama and self.default_opd is None and self.user_opd_id:
            self.default_opd = self.lookups.opd_by_id.get(self.user_opd_id)
        self.total = len(dataset)
        self.new, self.updates, self.failed, self.other_opd = [], [], [], []
        self.created_partners, self.created_count, self.write_errors = {}, 0, []
        self.warning_count = 0
        self.seen = {}
        self.title_rows = {}  # title key -> [(sheet row, partner keys, fingerprint)]
        self.parents = []  # (new agreement id, parent number, relation): linked after the last write
        self._load_existing()
        self.table.rows = None  # the dataset holds the rows from here on
        self._progress(_("%(count)s rows read; checking …") % {"count": self.total})

    def _load_existing(self):
        """Every agreement a row may match (by the home number, a partner's number, or title and
        signing date), with its parties and urusan: a few queries for the whole file."""
        home_numbers, partner_numbers, titles, parent_numbers = set(), set(), set(), set()
        columns = self.table.columns
        for values in self.table.rows:
            row = dict(zip(columns, values, strict=True))
            number = importing.text(row.get("home_number"))
            if number:
                home_numbers.add(number)
            partner_numbers.update(importing.split_list(row.get("partner_number")))
            parent = importing.text(row.get("parent_number"))
            if parent:
                home_numbers.add(parent)
                parent_numbers.add(parent)
            # titles: for rows no number identifies, and the agreement a renewal names (the unindexed
            # title column is read once per chunk of titles: not for every numbered row of a large file)
            title = importing.text(row.get("title"))
            if not number:
                titles.add(title)
            bare = importing.renewal_base(title)
            if bare != title:
                titles.add(bare)
        self.by_home, self.by_partner, self.by_title, self.parent_by_number = {}, {}, {}, {}
        ids = set()
        numbers = home_numbers | partner_numbers
        for part in self._text_in(numbers):
            for agreement_id, partner_id, is_home, number, signed in AgreementParty.objects.filter(
                document_number__in=part
            ).values_list("agreement_id", "partner_id", "partner__is_home", "document_number", "agreement__signing_date"):
                if is_home:
                    self.by_home.setdefault((number, signed.year if signed else None), agreement_id)
                    if number in parent_numbers:
                        self.parent_by_number.setdefault(number, agreement_id)
                else:
                    self.by_partner.setdefault((partner_id, number), agreement_id)
                ids.add(agreement_id)
        for part in self._text_in(titles):
            for pk, title in Agreement.objects.filter(title__in=part).values_list("pk", "title"):
                self.by_title.setdefault(importing.key(title), []).append(pk)
                ids.add(pk)
        self.existing = {}
        wanted = ["pk", "stage", "parent_id", *importing.FIELD_COLUMNS]
        for part in chunks(ids):
            for row in Agreement.objects.filter(pk__in=part).values(*wanted):
                row["parties"] = []
                row["urusan"] = []
                self.existing[row["pk"]] = row
            for pk, agreement_id, partner_id, is_home, number, order in AgreementParty.objects.filter(
                agreement_id__in=part
            ).values_list("pk", "agreement_id", "partner_id", "partner__is_home", "document_number", "order"):
                self.existing[agreement_id]["parties"].append(Party(pk, partner_id, is_home, number, order))
            for agreement_id, urusan_id in Agreement.urusan.through.objects.filter(agreement_id__in=part).values_list(
                "agreement_id", "urusan_id"
            ):
                self.existing[agreement_id]["urusan"].append(urusan_id)

    @staticmethod
    def _text_in(values):
        """Right-hand sides of ``__in`` for many texts.  PostgreSQL: one array for all of them, so the
        (unindexed) number and title columns are scanned once, not once per chunk of 2000 (the
        difference between 1 s and minutes when re-importing 100k rows); elsewhere, chunks."""
        if not values:
            return
        if connections[router.db_for_read(AgreementParty)].vendor == "postgresql":
            yield RawSQL("SELECT unnest(%s::text[])", (sorted(values),))
        else:
            yield from chunks(values)

    # --- each row -------------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs.get("row_number", 0)
        if self.progress and number % 2000 == 0:
            self._progress(_("%(done)s of %(total)s rows checked") % {"done": number, "total": self.total})
        result = self.get_row_result_class()()
        result.import_type = RowResult.IMPORT_TYPE_NEW
        plan, errors = importing.parse_row(
            row, self.table, self.lookups, default_opd=self.default_opd, create_partners=self.create_partners
        )
        if plan is not None:
            errors = self._scope_errors(plan)
        if errors:
            return self._invalid(result, row, errors)
        duplicate = self._duplicate_of(plan)
        if duplicate is not None and not duplicate[1] and plan.match_keys[0][0] == "title":
            # no number to say it is the same document: a second agreement, and a warning
            plan.warnings.append(_("Same title, date and partners as row %(row)s but other details: the same request "
                                   "entered twice? Check before importing.") % {"row": duplicate[0]})
            duplicate = None
        if duplicate is not None:
            earlier, same = duplicate
            if not same:
                return self._invalid(
                    result, row, {self._header("home_number"): [
                        _("Same number as row %(row)s but with different contents.") % {"row": earlier}]},
                )
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return self._preview(result, row, _("duplicate of row %(row)s") % {"row": earlier}, plan)
        existing = self._match(plan)
        self._repeat_warnings(plan, existing)
        scoped = self.restrict_to_opd.pk if self.restrict_to_opd is not None else (None if self.kerjasama else self.user_opd_id or -1)
        if existing is not None and scoped is not None and existing["opd_initiator_id"] != scoped:
            self.other_opd.append(plan.sheet_row)
            return self._invalid(result, row, {self._header("home_number"): [
                _("This number belongs to another OPD's agreement.")]})
        if existing is None:
            # the Agreement itself is built when it is written, by batches (not at all in a dry run)
            if not self.dry_run and not self.failed:
                self.new.append((plan, result if self.keep_rows else None))
                if len(self.new) >= CHUNK:
                    self._flush_new()
            return self._preview(result, row, "; ".join([*map(str, plan.notes)]), plan)
        changes = self._changes(plan, existing)
        if not changes:
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return self._preview(result, row, _("unchanged"), plan)
        result.import_type = RowResult.IMPORT_TYPE_UPDATE
        if self.keep_rows:  # for the admin's log entries
            instance = Agreement(pk=existing["pk"], **{k: existing[k] for k in importing.FIELD_COLUMNS})
            instance.document_type = self.lookups.doc_type_by_id.get(existing["document_type_id"])
            result.instance = instance
            result.object_id = existing["pk"]
        self.updates.append((plan, existing, None, changes))
        for change in changes["parties"]:
            if change[0] == "add":
                name = change[1].name if isinstance(change[1], importing.NewPartner) else self.lookups.partner_names.get(change[1])
                plan.warnings.append(_("Adds the partner “%(name)s” to the agreement already registered.") % {"name": name})
        return self._preview(result, row, _("changes: %(fields)s") % {"fields": ", ".join(changes["labels"])}, plan)

    def _header(self, column):
        return self.table.headers.get(column) or importing.COLUMN_BY_KEY[column].header

    def _invalid(self, result, row, errors):
        result.import_type = RowResult.IMPORT_TYPE_INVALID
        result.validation_error = ValidationError(errors)
        self.failed.append(row.get("__row__"))
        self._preview(result, row, "")
        return result

    def _preview(self, result, row, note, plan=None):
        """The preview of a row: its number and title, what it was understood as, its warnings."""
        if self.on_row is not None and plan is not None:
            self.on_row(plan.sheet_row, importing.describe_text(plan, self.lookups), [str(w) for w in plan.warnings], note)
        if not self.keep_rows:
            return result
        values = []
        for column in PREVIEW_COLUMNS:
            value = row.get(column)
            values.append(value.strftime("%d-%m-%Y") if isinstance(value, (datetime.date, datetime.datetime)) else importing.text(value))
        understood = importing.describe_text(plan, self.lookups) if plan is not None else ""
        warnings = "; ".join(str(w) for w in plan.warnings) if plan is not None else ""
        result.diff = values + [understood, warnings, note]
        result.warnings = [str(w) for w in plan.warnings] if plan is not None else []
        if plan is not None and plan.warnings:
            self.warning_count += 1
        return result

    def _repeat_warnings(self, plan, existing):
        """Requests entered twice and renewals: said in the preview, naming the rows (or the
        registered agreement) they repeat; the clerk decides."""
        title = importing.key(plan.values.get("title"))
        partners = hash(plan.partner_keys())  # an int per row, not the set: memory stays low on large files
        same = [r for r, p in self.title_rows.get(title, []) if p == partners]
        if same:
            if not plan.warnings or not any(str(same[0]) in str(w) for w in plan.warnings):
                plan.warnings.append(_("Same title and partners as row %(row)s: the same request entered twice, or a "
                                       "renewal? Check before importing.") % {"row": same[0]})
        else:
            others = [r for r, _p in self.title_rows.get(title, [])]
            if others:
                plan.notes.append(_("same title as row %(rows)s with other partners: a separate agreement")
                                  % {"rows": ", ".join(map(str, others[:5]))})
        self.title_rows.setdefault(title, []).append((plan.sheet_row, partners))
        base = importing.key(importing.renewal_base(plan.values.get("title")))
        if base != title and not plan.parent_number:  # an addendum naming its parent is no surprise
            rows = [r for r, _p in self.title_rows.get(base, [])]
            if rows:
                plan.warnings.append(_("A renewal of row %(rows)s?") % {"rows": ", ".join(map(str, rows[:5]))})
        if existing is None:
            for candidate in (title, base):
                for pk in self.by_title.get(candidate, []):
                    found = self.existing[pk]
                    number = next((p.document_number for p in found["parties"] if p.is_home), "") or "–"
                    plan.warnings.append(
                        _("An agreement titled like this is already registered (number %(number)s, signed %(date)s): "
                          "a renewal or the same agreement?")
                        % {"number": number, "date": found["signing_date"].strftime("%d-%m-%Y") if found["signing_date"] else "–"})
                    break

    def _scope_errors(self, plan):
        opd_id = plan.values.get("opd_initiator_id")
        allowed = self.restrict_to_opd.pk if self.restrict_to_opd is not None else None
        if self.kerjasama and allowed is None:
            return None
        if not self.kerjasama and self.user_opd_id is not None and allowed not in (None, self.user_opd_id):
            allowed = -1  # an OPD user asking for another OPD's file
        allowed = allowed if allowed is not None else self.user_opd_id
        if allowed is None or opd_id != allowed:
            self.other_opd.append(plan.sheet_row)
            opd = self.lookups.opd_by_id.get(opd_id)
            return {self._header("opd"): [
                _("This row belongs to %(opd)s; you may only import rows of your own OPD.") % {"opd": opd or "-"}]}
        return None

    def _duplicate_of(self, plan):
        fingerprint = plan.digest()  # 16 bytes per row instead of the row's values
        found = None
        for match_key in plan.match_keys:
            if match_key in self.seen:
                earlier, earlier_fp = self.seen[match_key]
                found = (earlier, earlier_fp == fingerprint)
                break
        if found is None:
            for match_key in plan.match_keys:
                self.seen[match_key] = (plan.sheet_row, fingerprint)
        return found

    def _match(self, plan):
        for match_key in plan.match_keys:
            if match_key[0] == "home":
                pk = self.by_home.get((match_key[1], match_key[2]))
            elif match_key[0] == "partner":
                pk = self.by_partner.get((match_key[1], match_key[2]))
            else:
                pk = self._same_title_date_partners(plan)
            if pk is not None:
                existing = self.existing[pk]
                home = next((p.document_number for p in existing["parties"] if p.is_home), "")
                if match_key[0] == "partner" and plan.home_number and home and home != plan.home_number:
                    continue  # the partner reused its number; our own numbers say it is another document
                return existing
        return None

    def _same_title_date_partners(self, plan):
        """A registered agreement with the same title, date of signing and partners (never one with
        other partners: that is another document of the same day)."""
        partners = {p for p, _n in plan.partners if isinstance(p, int)}
        if len(partners) != len(plan.partners):
            return None
        for pk in self.by_title.get(importing.key(plan.values.get("title")), []):
            existing = self.existing[pk]
            others = {p.partner_id for p in existing["parties"] if not p.is_home}
            if existing["signing_date"] == plan.values.get("signing_date") and others == partners:
                return pk
        return None

    def _changes(self, plan, existing):
        """What the row would change in an existing agreement; empty when nothing."""
        fields_changed = {k: plan.values[k] for k in plan.compared if existing.get(k) != plan.values[k]}
        labels = [self._header(importing.FIELD_COLUMNS[k]) for k in fields_changed]
        urusan = None
        if plan.urusan_ids is not None and set(plan.urusan_ids) != set(existing["urusan"]):
            urusan = plan.urusan_ids
            labels.append(self._header("urusan"))
        parties = {p.partner_id: p for p in existing["parties"]}
        home = next((p for p in existing["parties"] if p.is_home), None)
        party_changes = []
        if "home_number" in plan.columns and home is not None and home.document_number != plan.home_number:
            party_changes.append(("number", home.pk, plan.home_number))
        for partner, number in plan.partners:
            current = parties.get(partner) if isinstance(partner, int) else None
            if current is None:
                party_changes.append(("add", partner, number))
            elif "partner_number" in plan.columns and current.document_number != number:
                party_changes.append(("number", current.pk, number))
        if party_changes:
            labels.append(self._header("partners"))
        if plan.parent_number:
            parent = self.parent_by_number.get(plan.parent_number)
            if parent is not None and parent != existing["parent_id"]:
                fields_changed["parent_id"] = parent
                fields_changed["parent_relation"] = plan.parent_relation
                labels.append(self._header("parent_number"))
        if not (fields_changed or urusan is not None or party_changes):
            return None
        return {"fields": fields_changed, "urusan": urusan, "parties": party_changes, "labels": labels}

    # --- after the last row: all or nothing -----------------------------------------------------

    def after_import(self, dataset, result, **kwargs):
        numbers = self.table.sheet_rows if hasattr(self, "table") else []
        for invalid in result.invalid_rows:
            if 0 < invalid.number <= len(numbers):
                invalid.number = numbers[invalid.number - 1]
        if self.other_opd:
            self.refusal = _(
                "The file contains rows of another OPD (rows %(rows)s); the whole file is refused. "
                "You may only import your own OPD's agreements."
            ) % {"rows": ", ".join(str(n) for n in self.other_opd[:20])}
        result.refusal = self.refusal if not result.base_errors else None
        result.new_partners = sorted(p.name for p in self.lookups.new_partners.values()) if hasattr(self, "lookups") else []
        result.unknown_values = self.lookups.unknown_values() if hasattr(self, "lookups") else []
        result.ignored_headers = self.table.ignored_headers if hasattr(self, "table") else []
        result.warning_count = self.warning_count

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run or self.failed or not hasattr(self, "lookups"):
            self.new = []
            return
        self._flush_new()
        if not self.write_errors:
            try:
                with transaction.atomic():
                    self._link_parents()
            except Exception as exc:
                self.write_errors.append(exc)
        for exc in self.write_errors:
            self.handle_import_error(result, exc, raise_errors)

    def _flush_new(self):
        """Write the agreements planned so far (a savepoint: a failed batch leaves the transaction
        usable; ``import_data`` rolls everything back at the end)."""
        batch, self.new = self.new, []
        if self.write_errors:
            return
        try:
            with transaction.atomic():
                self._write_new(batch)
        except Exception as exc:
            self.write_errors.append(exc)

    def _link_parents(self):
        """Families (KSB → PKS → adendum): a child names its parent by the parent's number in the
        home register; the parent may come later in the file, so links are made after the last
        batch (the parent's number within the file first, then the registry)."""
        if not self.parents:
            return
        wanted = {number for _a, number, _r in self.parents}
        found = {}
        for part in chunks(wanted):
            for number, agreement_id in AgreementParty.objects.filter(
                partner__is_home=True, document_number__in=part
            ).order_by("-agreement__signing_date").values_list("document_number", "agreement_id"):
                found.setdefault(number, agreement_id)
        linked = []
        for pk, number, relation in self.parents:
            parent = found.get(number)
            if parent is not None and parent != pk:
                linked.append(Agreement(pk=pk, parent_id=parent, parent_relation=relation))
        Agreement.objects.bulk_update(linked, ["parent", "parent_relation"], batch_size=1000)
        self.parents = []

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run or self.failed or self.write_errors or not hasattr(self, "lookups"):
            self.updates = []
            return
        try:
            with transaction.atomic():
                self._write_updates()
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)

    def bulk_delete(self, using_transactions, dry_run, raise_errors, result=None):
        return None

    def _create_partners(self):
        """Create the partners planned since the last batch; returns every partner created so far."""
        planned = [p for p in self.lookups.new_partners.values() if id(p) not in self.created_partners]
        if not planned:
            return self.created_partners
        from partners.models import Region

        regions = Region.objects.in_bulk([p.region_id for p in planned if p.region_id])
        objs = []
        for new in planned:
            if new.region_id in regions:  # "Pemkab Sukoharjo" is registered as its official name
                new.name = regions[new.region_id].government_name
                new.normalized = importing.normalize_partner_name(new.name)
            partner = Partner(name=new.name, partner_type=new.partner_type, region_id=new.region_id, country=new.country)
            partner.normalized_name = new.normalized
            objs.append(partner)
        bulk_create_with_history(objs, Partner, batch_size=1000, default_user=self.user)
        self._progress(_("%(count)s new partners created") % {"count": len(objs)})
        self.created_partners.update({id(new): obj.pk for new, obj in zip(planned, objs, strict=True)})
        return self.created_partners

    def _partner_id(self, partner, created):
        return partner if isinstance(partner, int) else created[id(partner)]

    def _write_new(self, batch):
        """One batch of new agreements: built here, not per row while checking (a dry run never
        builds them), created directly at their real stage with the import's stage events, their
        parties and urusan."""
        created = self._create_partners()
        if not batch:
            return
        home = self.lookups.home
        if home is None:
            raise ValidationError(_("The home regional government (is_home) is not registered as a partner."))
        items = []
        created_by = self.user.pk if self.user is not None else None
        for plan, _row_result in batch:
            # field values, not model instances: building 100k Agreements costs seconds
            items.append(({**plan.values, "created_by_id": created_by}, plan.stage,
                          {"approximate_signing_date": True} if plan.approximate else None))
        services.register_imported_many(items, self.user, self.source)
        for (plan, row_result), (values, *_rest) in zip(batch, items, strict=True):
            if plan.parent_number:
                self.parents.append((values["id"], plan.parent_number, plan.parent_relation))
            if row_result is not None:  # the admin's log entries name the new agreements
                agreement = Agreement(**values)
                agreement.document_type = self.lookups.doc_type_by_id[values["document_type_id"]]
                row_result.instance = agreement
        home_label, labels = importing.PARTY_LABELS[0], importing.PARTY_LABELS
        rows, urusan = [], []
        for (plan, _row_result), (values, *_rest) in zip(batch, items, strict=True):
            pk = values["id"]
            rows.append((pk, home.pk, 1, home_label, plan.home_number))
            for index, (partner, number) in enumerate(plan.partners, start=2):
                rows.append((pk, self._partner_id(partner, created), index,
                             labels[min(index - 1, len(labels) - 1)], number))
            urusan.extend((pk, urusan_id) for urusan_id in plan.urusan_ids or ())
        # the parties' own history starts with their next change: the import itself is recorded by
        # the agreement's history and its stage event (saves a third of the import's inserts)
        Inserter(AgreementParty).insert_rows(["agreement_id", "partner_id", "order", "role_label", "document_number"],
                                             rows)
        Inserter(Agreement.urusan.through).insert_rows(["agreement_id", "urusan_id"], urusan)
        self.created_count += len(batch)
        self._progress(_("%(count)s agreements created") % {"count": self.created_count})

    def _write_updates(self):
        if not self.updates:
            return
        created = self._create_partners()
        by_fields = defaultdict(list)
        changing = [existing["pk"] for _plan, existing, _instance, changes in self.updates if changes["fields"]]
        loaded = {}
        for part in chunks(changing):
            loaded.update(Agreement.objects.in_bulk(part))
        for _plan, existing, _instance, changes in self.updates:
            if changes["fields"]:
                instance = loaded[existing["pk"]]
                for name, value in changes["fields"].items():
                    setattr(instance, name, value)
                by_fields[tuple(sorted(changes["fields"]))].append(instance)
        for names, instances in by_fields.items():
            bulk_update_with_history(instances, Agreement, list(names), batch_size=1000, default_user=self.user)
        through = Agreement.urusan.through
        numbers, new_parties, links, unlink = [], [], [], []
        for _plan, existing, _instance, changes in self.updates:
            next_order = max([p.order for p in existing["parties"]] or [1]) + 1
            for change in changes["parties"]:
                if change[0] == "number":
                    numbers.append(AgreementParty(pk=change[1], document_number=change[2]))
                else:
                    label = importing.PARTY_LABELS[min(next_order - 1, len(importing.PARTY_LABELS) - 1)]
                    new_parties.append(AgreementParty(agreement_id=existing["pk"], partner_id=self._partner_id(change[1], created),
                                                      order=next_order, role_label=label, document_number=change[2]))
                    next_order += 1
            if changes["urusan"] is not None:
                unlink.append(existing["pk"])
                links.extend(through(agreement_id=existing["pk"], urusan_id=u) for u in changes["urusan"])
        if numbers:
            AgreementParty.objects.bulk_update(numbers, ["document_number"], batch_size=1000)
        if new_parties:
            bulk_create_with_history(new_parties, AgreementParty, batch_size=2000, default_user=self.user)
        for part in chunks(unlink):
            through.objects.filter(agreement_id__in=part).delete()
        through.objects.bulk_create(links, batch_size=2000)
        self._progress(_("%(count)s agreements updated") % {"count": len(self.updates)})

    # --- export through the library (the admin and views use ``exporting`` directly) ----------

    def export(self, queryset=None, **kwargs):
        from . import exporting

        dataset = tablib.Dataset(headers=importing.HEADERS)
        for row in exporting.iter_rows(queryset if queryset is not None else Agreement.objects.all()):
            dataset.append(row)
        return dataset


# --- partners ---------------------------------------------------------------------------------


class PartnerResource(resources.ModelResource):
    """Partners by name (matched on the normalised name), region by Kemendagri code."""

    name = fields.Field(attribute="name", column_name="Nama")
    partner_type = fields.Field(attribute="partner_type", column_name="Jenis Mitra")
    region = fields.Field(attribute="region_id", column_name="Kode Wilayah")
    country = fields.Field(attribute="country", column_name="Negara")
    address = fields.Field(attribute="address", column_name="Alamat")
    city = fields.Field(attribute="city", column_name="Kota")
    nib = fields.Field(attribute="nib", column_name="NIB")
    npwp = fields.Field(attribute="npwp", column_name="NPWP")
    leader_name = fields.Field(attribute="leader_name", column_name="Nama Pimpinan")
    leader_title = fields.Field(attribute="leader_title", column_name="Jabatan Pimpinan")
    email = fields.Field(attribute="email", column_name="Email")
    phone = fields.Field(attribute="phone", column_name="Telepon")

    class Meta:
        model = Partner
        fields = ("name", "partner_type", "region", "country", "address", "city", "nib", "npwp", "leader_name",
                  "leader_title", "email", "phone")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        skip_diff = True

    def before_import(self, dataset, **kwargs):
        self.lookups = importing.Lookups()
        self.by_norm = dict(Partner.objects.values_list("normalized_name", "pk"))

    def get_instance(self, instance_loader, row):
        pk = self.by_norm.get(importing.normalize_partner_name(row.get("Nama")))
        return Partner.objects.filter(pk=pk).first() if pk else None

    def export(self, queryset=None, **kwargs):
        """The library's export, every cell made safe to open (formulas neutralised, control
        characters dropped), as the agreements' exports."""
        from . import exporting

        dataset = super().export(queryset, **kwargs)
        return tablib.Dataset(*[exporting.safe_row(list(row)) for row in dataset], headers=dataset.headers)

    def before_import_row(self, row, **kwargs):
        for column, value in list(row.items()):  # an apostrophe our exports put before = + - @
            if isinstance(value, str) and value.startswith(importing.NEUTRALISED):
                row[column] = value[1:]
        for column in ("Alamat", "Kota", "NIB", "NPWP", "Nama Pimpinan", "Jabatan Pimpinan", "Email", "Telepon", "Negara"):
            if column in row:
                row[column] = importing.text(row[column])
        if row.get("Jenis Mitra"):
            ptype = self.lookups.partner_types.get(importing.key(row["Jenis Mitra"]))
            if ptype is None:
                raise ValidationError({"Jenis Mitra": _("Unknown partner type “%(value)s”.") % {"value": row["Jenis Mitra"]}})
            row["Jenis Mitra"] = ptype
        else:
            row["Jenis Mitra"] = importing.guess_partner_type(row.get("Nama"))
        if row.get("Kode Wilayah"):
            region = self.lookups.region(row["Kode Wilayah"])
            if region is None:
                raise ValidationError({"Kode Wilayah": _("Region “%(value)s” is not known.") % {"value": row["Kode Wilayah"]}})
            row["Kode Wilayah"] = region
        else:
            row["Kode Wilayah"] = None

    def dehydrate_partner_type(self, partner):
        return partner.get_partner_type_display()
