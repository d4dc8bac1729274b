"""Multi-row INSERTs for large writes (legacy imports): ``Inserter`` sends one array per column
through ``UNNEST`` on PostgreSQL and multi-row ``VALUES`` elsewhere; ``insert_history`` writes the
matching django-simple-history rows.  Part of the domain because ``services.register_imported_many``
writes with it; ``transfer.resources`` uses it for parties and urusan."""

import datetime
import uuid
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db import connections, router
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
# ``get_db_prep_save`` would return them unchanged.  Anything else goes through Django's preparation.
_PORTABLE_TYPES = {
    **dict.fromkeys(("CharField", "TextField", "EmailField", "SlugField", "URLField"), (str,)),
    **dict.fromkeys(("IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField",
                     "SmallIntegerField", "BigIntegerField", "AutoField", "BigAutoField", "SmallAutoField"), (int,)),
}
_POSTGRES_TYPES = {
    **_PORTABLE_TYPES,
    "BooleanField": (bool,),
    "DateField": (datetime.date,),
    "UUIDField": (uuid.UUID,),
    "DecimalField": (Decimal,),
}


class Inserter:
    """INSERT many rows of one model with multi-row ``VALUES`` in batches: what the ORM's
    ``bulk_create`` writes (defaults, ``auto_now``, primary keys set back), without building a model
    instance per row nor running Django's per-value preparation for values the driver takes as
    they are.  On a 10k-row import this is most of the difference between the ORM's bulk_create
    and the database's own speed.  Values are given by field ``attname``; fields left out take
    their default, evaluated per row when it is a callable."""

    def __init__(self, model):
        self.model = model
        self.using = router.db_for_write(model)
        self.connection = connections[self.using]
        opts = model._meta
        for f in opts.concrete_fields:
            if getattr(f, "generated", False) or f.db_default is not NOT_PROVIDED:
                raise NotImplementedError(f"{model.__name__}.{f.name}: database defaults are not supported")
        self.fields = [f for f in opts.concrete_fields if not isinstance(f, AutoFieldMixin)]
        self.attnames = [f.attname for f in self.fields]
        self.returns_pk = isinstance(opts.pk, AutoFieldMixin)
        types = _POSTGRES_TYPES if self.connection.vendor == "postgresql" else _PORTABLE_TYPES
        self.converters = [self._converter(f, types) for f in self.fields]
        self.pre_save = [(i, f) for i, f in enumerate(self.fields) if type(f).pre_save is not Field.pre_save]
        qn = self.connection.ops.quote_name
        self.sql = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in self.fields)}) VALUES "
        self.returning = f" RETURNING {qn(opts.pk.column)}"
        self.placeholder = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        # PostgreSQL: one array per column through UNNEST, as Django's own bulk_create does; the
        # server plans it far faster than thousands of VALUES rows
        self.unnest = self.connection.vendor == "postgresql" and all(
            (f.target_field if f.is_relation else f).get_internal_type() in self.connection.data_types
            and not hasattr(f, "get_placeholder")
            for f in self.fields
        )
        if self.unnest:
            arrays = ", ".join(f"(%s)::{f.db_type(self.connection).split('(')[0]}[]" for f in self.fields)
            self.unnest_sql = self.sql[: -len(" VALUES ")] + f" SELECT * FROM UNNEST({arrays})"
        max_params = self.connection.features.max_query_params
        self.batch_size = max(1, min(1000, max_params // len(self.fields))) if max_params else 1000

    def _converter(self, field, types):
        internal = (field.target_field if field.is_relation else field).get_internal_type()
        passes = types.get(internal, ())
        prepare, connection = field.get_db_prep_save, self.connection
        if internal == "DateTimeField" and connection.vendor == "postgresql" and settings.USE_TZ:

            def convert(value):
                if value is None or (type(value) is datetime.datetime and value.tzinfo is not None):
                    return value
                return prepare(value, connection)

            return convert

        def convert(value):
            if value is None or type(value) in passes:
                return value
            return prepare(value, connection)

        return convert

    def insert_objects(self, objs):
        """Insert unsaved instances (``auto_now`` fields filled as ``save()`` does) and set their
        primary keys."""
        getter = attrgetter(*self.attnames)
        for batch in chunks(objs, self.batch_size):
            rows = []
            for obj in batch:
                values = list(getter(obj)) if len(self.attnames) > 1 else [getter(obj)]
                for index, field in self.pre_save:
                    values[index] = field.pre_save(obj, True)
                rows.append(values)
            pks = self._execute(rows, returning=self.returns_pk)
            for obj, pk in zip(batch, pks or (), strict=False):
                obj.pk = pk
            for obj in batch:
                obj._state.adding = False
                obj._state.db = self.using

    def insert_rows(self, columns, rows, returning=False):
        """Insert ``rows`` (sequences of values aligned with ``columns``, field attnames); returns
        the new primary keys in order when ``returning``."""
        index = {name: i for i, name in enumerate(columns)}
        unknown = set(columns) - set(self.attnames)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no column {sorted(unknown)}")
        now, today = timezone.now(), datetime.date.today()
        plan = []  # per field: (position in the row or None, constant, callable default)
        for field in self.fields:
            if field.attname in index:
                plan.append((index[field.attname], None, None))
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                plan.append((None, now if isinstance(field, DateTimeField) else today, None))
            elif field.has_default() and callable(field.default):
                plan.append((None, None, field.default))
            else:
                plan.append((None, field.get_default(), None))
        pks = []
        batch = []
        for row in rows:
            values = []
            for position, constant, factory in plan:
                values.append(row[position] if position is not None else (factory() if factory else constant))
            batch.append(values)
            if len(batch) == self.batch_size:
                pks.extend(self._execute(batch, returning) or ())
                batch = []
        if batch:
            pks.extend(self._execute(batch, returning) or ())
        return pks if returning else None

    def _execute(self, rows, returning):
        converters = self.converters
        if self.unnest:
            params = [[convert(values[i]) for values in rows] for i, convert in enumerate(converters)]
            with self.connection.cursor() as cursor:
                cursor.execute(self.unnest_sql + self.returning if returning else self.unnest_sql, params)
                return [row[0] for row in cursor.fetchall()] if returning else None
        params = [convert(value) for values in rows for convert, value in zip(converters, values, strict=True)]
        with self.connection.cursor() as cursor:
            if returning and not self.connection.features.can_return_rows_from_bulk_insert:
                pks = []
                size = len(self.fields)
                for start in range(0, len(params), size):
                    cursor.execute(self.sql + self.placeholder, params[start : start + size])
                    pks.append(cursor.lastrowid)
                return pks
            sql = self.sql + ", ".join([self.placeholder] * len(rows))
            cursor.execute(sql + self.returning if returning else sql, params)
            return [row[0] for row in cursor.fetchall()] if returning else None


def insert_history(objs, model, user, reason, now=None):
    """The "+" history rows django-simple-history's ``bulk_history_create`` writes for objects just
    created, written by ``Inserter``; the library's own method when the history model has columns
    of its own (a history relation, custom attributes)."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager = get_history_manager_for_model(model)
    history = manager.model
    now = now or timezone.now()
    tracked = [f.attname for f in history.tracked_fields]
    extra = {"history_date": now, "history_user_id": user.pk if user is not None else None,
             "history_change_reason": reason, "history_type": "+"}
    inserter = Inserter(history)
    limit = history._meta.get_field("history_change_reason").max_length
    if reason and limit and len(reason) > limit:
        extra["history_change_reason"] = reason = reason[: limit - 1] + "…"
    if set(inserter.attnames) != set(tracked) | set(extra) or hasattr(history, "history_relation"):
        manager.bulk_history_create(objs, batch_size=1000, default_user=user, default_change_reason=reason,
                                    default_date=now)
        return
    getter = attrgetter(*tracked)
    constants = tuple(extra.values())
    inserter.insert_rows(tracked + list(extra), (getter(obj) + constants for obj in objs))
