"""Multi-row INSERTs for large writes (legacy imports): ``Inserter`` sends one array per varying
column through ``UNNEST`` on PostgreSQL and one ``executemany`` on SQLite; ``copy_history`` writes
the matching django-simple-history rows with one ``INSERT … SELECT`` inside the database.  Part of
the domain because ``services.register_imported_many`` writes with it; ``transfer.resources`` uses
it for parties and urusan."""

import datetime
import io
import json
import uuid
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import DateTimeField, Field
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

CHUNK = 2000


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- multi-row INSERTs for large imports ---------------------------------------------------------

# Python types each kind of column takes as they are: the driver adapts them and Django's
# ``get_db_prep_save`` would return them unchanged (or the same text: Django's SQLite backend
# registers the ISO adapter for dates).  Anything else goes through Django's preparation.
_PORTABLE_TYPES = {
    **dict.fromkeys(("CharField", "TextField", "EmailField", "SlugField", "URLField"), (str,)),
    **dict.fromkeys(("IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField",
                     "SmallIntegerField", "BigIntegerField", "AutoField", "BigAutoField", "SmallAutoField"), (int,)),
}
_SQLITE_TYPES = {
    **_PORTABLE_TYPES,
    "BooleanField": (bool,),
    "DateField": (datetime.date,),
}
_POSTGRES_TYPES = {
    **_PORTABLE_TYPES,
    "BooleanField": (bool,),
    "DateField": (datetime.date,),
    "UUIDField": (uuid.UUID,),
    "DecimalField": (Decimal,),
}
_VENDOR_TYPES = {"postgresql": _POSTGRES_TYPES, "sqlite": _SQLITE_TYPES}
# values a converter remembers its answers for within one insert (the same ``now`` or the same
# event data on every row), by identity
_MEMO_TYPES = (datetime.datetime, dict, list)


class Inserter:
    """INSERT many rows of one model: what the ORM's ``bulk_create`` writes (defaults,
    ``auto_now``, primary keys set back), without building a model instance per row nor running
    Django's per-value preparation for values the driver takes as they are.

    PostgreSQL: one statement per batch, an array per column that varies through ``UNNEST``,
    the columns every row shares (defaults, ``auto_now``) as single parameters.  SQLite: one
    ``executemany`` (SQLite allows 999 parameters per statement: multi-row ``VALUES`` would be
    21 rows of an agreement at a time); the new primary keys are the last ones allocated, SQLite
    letting one writer at a time in (the statement runs inside a transaction).  Other databases:
    multi-row ``VALUES``.  Values are given by field ``attname``; fields left out take their
    default, evaluated per row when it is a callable."""

    def __init__(self, model):
        self.model = model
        self.using = router.db_for_write(model)
        self.connection = connections[self.using]
        self.vendor = self.connection.vendor
        opts = model._meta
        for f in opts.concrete_fields:
            if getattr(f, "generated", False) or f.db_default is not NOT_PROVIDED:
                raise NotImplementedError(f"{model.__name__}.{f.name}: database defaults are not supported")
        self.fields = [f for f in opts.concrete_fields if not isinstance(f, AutoFieldMixin)]
        self.field_by_attname = {f.attname: f for f in self.fields}
        self.attnames = [f.attname for f in self.fields]
        self.returns_pk = isinstance(opts.pk, AutoFieldMixin)
        self.types = _VENDOR_TYPES.get(self.vendor, _PORTABLE_TYPES)
        self.pre_save = [(i, f) for i, f in enumerate(self.fields) if type(f).pre_save is not Field.pre_save]
        qn = self.connection.ops.quote_name
        self.table = qn(opts.db_table)
        self.pk_column = qn(opts.pk.column)
        # PostgreSQL: arrays through UNNEST, as Django's own bulk_create does; the server plans it
        # far faster than thousands of VALUES rows
        self.unnest = self.vendor == "postgresql" and all(
            (f.target_field if f.is_relation else f).get_internal_type() in self.connection.data_types
            and not hasattr(f, "get_placeholder")
            for f in self.fields
        )
        # PostgreSQL: rows go through COPY (text format) when every column has a text form written
        # here; new primary keys are drawn from the sequence first
        self.copy = self.unnest
        max_params = self.connection.features.max_query_params
        self.batch_size = max(1, min(1000, max_params // len(self.fields))) if max_params else 1000

    def _converter(self, field, memo=False):
        """value -> what the driver is given; ``memo``: remember the answers (for one insert only)."""
        internal = (field.target_field if field.is_relation else field).get_internal_type()
        passes = self.types.get(internal, ())
        prepare, connection = field.get_db_prep_save, self.connection
        if internal == "DateTimeField" and self.vendor == "postgresql" and settings.USE_TZ:

            def prepare(value, connection, prepare=prepare):
                if type(value) is datetime.datetime and value.tzinfo is not None:
                    return value
                return prepare(value, connection)

        text = str in passes  # a str subclass (a TextChoices member) is written as its text by both drivers

        if not memo:

            def convert(value):
                if value is None or type(value) in passes or (text and isinstance(value, str)):
                    return value
                return prepare(value, connection)

            return convert
        seen = {}  # id(value) -> (value, prepared): the same few objects on every row

        def convert(value):
            if value is None or type(value) in passes or (text and isinstance(value, str)):
                return value
            known = seen.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            prepared = prepare(value, connection)
            if isinstance(value, _MEMO_TYPES) and len(seen) < 64:
                seen[id(value)] = (value, prepared)
            return prepared

        return convert

    def _db_type(self, field):
        return field.db_type(self.connection).split("(")[0]

    def insert_objects(self, objs):
        """Insert unsaved instances (``auto_now`` fields filled as ``save()`` does) and set their
        primary keys."""
        getter = attrgetter(*self.attnames)
        rows = []
        for obj in objs:
            values = list(getter(obj)) if len(self.attnames) > 1 else [getter(obj)]
            for index, field in self.pre_save:
                values[index] = field.pre_save(obj, True)
            rows.append(values)
        pks = self.insert_rows(self.attnames, rows, returning=self.returns_pk)
        for obj, pk in zip(objs, pks or (), strict=False):
            obj.pk = pk
        for obj in objs:
            obj._state.adding = False
            obj._state.db = self.using

    def insert_dicts(self, dicts, returning=False):
        """Insert rows given as ``{attname: value}`` (keys may differ from row to row: a key left
        out takes the field's default, as ``Model(**values)`` would); returns the new primary keys
        in order when ``returning``."""
        columns = list(dict.fromkeys(name for values in dicts for name in values))
        missing = object()
        if all(len(values) == len(columns) for values in dicts):
            rows = ([values[name] for name in columns] for values in dicts)
        else:
            defaults = {name: self._default(self.field_by_attname[name]) for name in columns
                        if name in self.field_by_attname}
            rows = ([values.get(name, missing) for name in columns] for values in dicts)
            rows = ([self._fill(value, defaults[name], missing) for name, value in zip(columns, row, strict=True)]
                    for row in rows)
        return self.insert_rows(columns, rows, returning=returning)

    @staticmethod
    def _fill(value, default, missing):
        if value is not missing:
            return value
        constant, factory = default
        return factory() if factory else constant

    def _default(self, field, now=None, today=None):
        """(constant, factory) of a field left out: ``auto_now`` takes the moment of the insert."""
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            now = now or timezone.now()
            return (now if isinstance(field, DateTimeField) else (today or datetime.date.today())), None
        if field.has_default() and callable(field.default):
            return None, field.default
        return field.get_default(), None

    def insert_rows(self, columns, rows, returning=False):
        """Insert ``rows`` (sequences of values aligned with ``columns``, field attnames); returns
        the new primary keys in order when ``returning``."""
        index = {name: i for i, name in enumerate(columns)}
        unknown = set(columns) - set(self.attnames)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no column {sorted(unknown)}")
        now, today = timezone.now(), datetime.date.today()
        given, generated, constant = [], [], []  # (field, position | factory | prepared value)
        for field in self.fields:
            if field.attname in index:
                given.append((field, index[field.attname]))
                continue
            value, factory = self._default(field, now, today)
            if factory is not None:
                generated.append((field, factory))
            else:
                constant.append((field, self._converter(field)(value)))
        varying = [f for f, _p in given] + [f for f, _g in generated]
        if self.copy:  # the text COPY reads, column by column
            converters = [(position, self._copy_text(field)) for field, position in given]
            factories = [(factory, self._copy_text(field)) for field, factory in generated]
            constant = [(field, self._copy_text(field)(value)) for field, value in
                        ((f, self._default(f, now, today)[0]) for f, _v in constant)]
        else:
            converters = [(position, self._converter(field, memo=True)) for field, position in given]
            factories = [(factory, self._converter(field)) for field, factory in generated]

        def prepared(row):
            values = [convert(row[position]) for position, convert in converters]
            if factories:
                values.extend(convert(factory()) for factory, convert in factories)
            return values

        writer = self._writer(varying, constant, returning)
        pks = []
        batch = []
        for row in rows:
            batch.append(prepared(row))
            if len(batch) == self.write_batch:
                pks.extend(writer(batch) or ())
                batch = []
        if batch:
            pks.extend(writer(batch) or ())
        return pks if returning else None

    # --- the statements ------------------------------------------------------------------------

    @property
    def write_batch(self):
        """Rows per statement: no parameter limit applies to arrays and ``executemany``."""
        return 10 * CHUNK if self.vendor in ("postgresql", "sqlite") else self.batch_size

    def _writer(self, varying, constant, returning):
        """batch of prepared rows (values of ``varying``) -> new primary keys or None."""
        qn = self.connection.ops.quote_name
        names = ", ".join(qn(f.column) for f in varying + [f for f, _v in constant])
        returning_sql = f" RETURNING {self.pk_column}" if returning else ""
        connection = self.connection
        if self.copy:
            return self._copy_writer(varying, constant, returning)
        if self.unnest:
            arrays = ", ".join(f"(%s)::{self._db_type(f)}[]" for f in varying)
            scalars = "".join(f", %s::{self._db_type(f)}" for f, _v in constant)
            sql = (f"INSERT INTO {self.table} ({names}) SELECT u.*{scalars} FROM UNNEST({arrays}) AS u"
                   + returning_sql)
            tail = [value for _f, value in constant]

            def write(batch):
                params = tail + [list(column) for column in zip(*batch, strict=True)]
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return [row[0] for row in cursor.fetchall()] if returning else None

            return write
        tail = [value for _f, value in constant]
        width = len(varying) + len(tail)
        placeholder = "(" + ", ".join(["%s"] * width) + ")"
        if self.vendor == "sqlite":
            sql = f"INSERT INTO {self.table} ({names}) VALUES {placeholder}"

            def write(batch):
                with transaction.atomic(using=self.using, savepoint=False), connection.cursor() as cursor:
                    cursor.executemany(sql, [values + tail for values in batch])
                    if not returning:
                        return None
                    # one writer at a time: the rows just written took the last ids in order
                    cursor.execute("SELECT last_insert_rowid()")
                    last = cursor.fetchone()[0]
                    return list(range(last - len(batch) + 1, last + 1))

            return write
        base = f"INSERT INTO {self.table} ({names}) VALUES "
        size = max(1, self.batch_size * len(self.fields) // width)

        def write(batch):
            pks = []
            with connection.cursor() as cursor:
                for part in chunks(batch, size):
                    params = [value for values in part for value in values + tail]
                    if returning and not connection.features.can_return_rows_from_bulk_insert:
                        for values in part:
                            cursor.execute(base + placeholder, values + tail)
                            pks.append(cursor.lastrowid)
                        continue
                    cursor.execute(base + ", ".join([placeholder] * len(part)) + returning_sql, params)
                    if returning:
                        pks.extend(row[0] for row in cursor.fetchall())
            return pks if returning else None

        return write


    def _copy_text(self, field):
        """value -> its text in COPY's text format (``\\N`` for NULL, backslash escapes)."""
        internal = (field.target_field if field.is_relation else field).get_internal_type()
        if internal == "JSONField":
            encoder = field.encoder

            def text(value):
                return NULL if value is None else json.dumps(value, cls=encoder).translate(ESCAPES)

            return text
        convert = self._converter(field, memo=True)
        seen = {}

        def text(value):
            if value is None:
                return NULL
            kind = type(value)
            if kind is str:
                return value.translate(ESCAPES)
            if kind is int:
                return str(value)
            if kind is bool:
                return "t" if value else "f"
            known = seen.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            prepared = convert(value)
            written = NULL if prepared is None else (
                ("t" if prepared else "f") if type(prepared) is bool else str(prepared).translate(ESCAPES))
            if isinstance(value, _MEMO_TYPES) and len(seen) < 64:
                seen[id(value)] = (value, written)
            return written

        return text

    def _copy_writer(self, varying, constant, returning):
        qn = self.connection.ops.quote_name
        columns = ([self.model._meta.pk] if returning else []) + varying + [f for f, _v in constant]
        sql = f"COPY {self.table} ({', '.join(qn(f.column) for f in columns)}) FROM STDIN"
        tail = "".join("\t" + value for _f, value in constant)
        sequence = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
        connection, opts = self.connection, self.model._meta

        def write(batch):
            with connection.cursor() as cursor:
                pks = None
                if returning:
                    cursor.execute(sequence, [opts.db_table, opts.pk.column, len(batch)])
                    pks = [row[0] for row in cursor.fetchall()]
                    lines = [f"{pk}\t" + "\t".join(values) + tail for pk, values in zip(pks, batch, strict=True)]
                else:
                    lines = ["\t".join(values) + tail for values in batch]
                lines.append("")
                data = io.StringIO("\n".join(lines))
                if hasattr(cursor, "debug_sql"):  # seen by connection.queries and CaptureQueriesContext
                    with cursor.debug_sql(sql, many=True, params=batch):
                        cursor.copy_expert(sql, data)
                else:
                    cursor.copy_expert(sql, data)
                return pks

        return write


NULL = "\\N"
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _history_extra(history, user, reason, now):
    limit = history._meta.get_field("history_change_reason").max_length
    if reason and limit and len(reason) > limit:
        reason = reason[: limit - 1] + "…"
    return {"history_date": now, "history_user_id": user.pk if user is not None else None,
            "history_change_reason": reason, "history_type": "+"}


def _plain_history(history, extra):
    """Whether the history model holds the tracked fields and ``extra`` only (no history relation,
    no custom attributes): what the fast paths write."""
    inserter_columns = {f.attname for f in history._meta.concrete_fields if not isinstance(f, AutoFieldMixin)}
    tracked = {f.attname for f in history.tracked_fields}
    return inserter_columns == tracked | set(extra) and not hasattr(history, "history_relation")


def _history_of(model, user, reason, now):
    """(history manager, history model, time, the "+" row's own columns, whether ``Inserter`` can
    write them) for ``model``'s history rows."""
    manager = get_history_manager_for_model(model)
    now = now or timezone.now()
    extra = _history_extra(manager.model, user, reason, now)
    return manager, manager.model, now, extra, _plain_history(manager.model, extra)


def insert_history(objs, model, user, reason, now=None):
    """The "+" history rows django-simple-history's ``bulk_history_create`` writes for objects just
    created, written by ``Inserter``; the library's own method when the history model has columns
    of its own (a history relation, custom attributes)."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager, history, now, extra, plain = _history_of(model, user, reason, now)
    if not plain:
        manager.bulk_history_create(objs, batch_size=1000, default_user=user,
                                    default_change_reason=extra["history_change_reason"], default_date=now)
        return
    tracked = [f.attname for f in history.tracked_fields]
    getter = attrgetter(*tracked)
    constants = tuple(extra.values())
    Inserter(history).insert_rows(tracked + list(extra), (getter(obj) + constants for obj in objs))


def copy_history(model, pks, user, reason, now=None):
    """The "+" history rows of rows just inserted (``pks``), as ``insert_history`` writes them, but
    copied by the database itself (``INSERT INTO history … SELECT … FROM table``): no value goes
    through Python.  The library's own method, on instances, when the history model has columns of
    its own."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    _manager, history, now, extra, plain = _history_of(model, user, reason, now)
    if not plain:
        objs = []
        for part in chunks(pks):
            objs.extend(model._default_manager.filter(pk__in=part).order_by("pk"))
        insert_history(objs, model, user, reason, now)
        return
    using = router.db_for_write(history)
    connection = connections[using]
    qn = connection.ops.quote_name
    opts, hopts = model._meta, history._meta
    tracked = list(history.tracked_fields)
    targets = [hopts.get_field(f.name).column for f in tracked] + [hopts.get_field(name).column for name in extra]
    sources = [f"{qn(f.column)}" for f in tracked]
    params = [hopts.get_field(name).get_db_prep_save(value, connection) for name, value in extra.items()]
    if connection.vendor == "postgresql":
        casts = [f"%s::{hopts.get_field(name).db_type(connection).split('(')[0]}" for name in extra]
    else:
        casts = ["%s"] * len(extra)
    sql = (f"INSERT INTO {qn(hopts.db_table)} ({', '.join(qn(c) for c in targets)}) "
           f"SELECT {', '.join(sources + casts)} FROM {qn(opts.db_table)} WHERE {qn(opts.pk.column)} ")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + f"= ANY(%s) ORDER BY {qn(opts.pk.column)}", [*params, list(pks)])
            return
        runs = _runs(sorted(pks))
        if len(runs) <= 10:  # ids just allocated follow each other: a range selects exactly them
            for first, last in runs:
                cursor.execute(sql + f"BETWEEN %s AND %s ORDER BY {qn(opts.pk.column)}", [*params, first, last])
            return
        size = max(1, (connection.features.max_query_params or 1000) - len(params))
        for part in chunks(pks, min(size, 900)):
            cursor.execute(sql + f"IN ({', '.join(['%s'] * len(part))}) ORDER BY {qn(opts.pk.column)}",
                           [*params, *part])


def _runs(ordered):
    """[(first, last)] of the runs of consecutive integers in ``ordered``."""
    runs = []
    for value in ordered:
        if runs and value == runs[-1][1] + 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return [tuple(run) for run in runs]
