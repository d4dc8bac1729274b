"""The dashboard's figures: counts by kind, stage, year, OPD and urusan, expiring agreements and
the proposals waiting longest at each stage.

Aggregating a million rows takes about a second, so the figures are cached per scope (everything,
or one OPD) and per day.  The cache key carries a version that changes whenever the registry
does: a counter bumped by the signals below (enough with a shared cache such as Redis) plus the
newest ``updated_at`` of the scope's agreements (one index lookup, so processes with their own
local-memory cache see a change made by another process too).
"""

import datetime

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from accounts import roles
from accounts.models import Opd

from .choices import Kind, Stage
from .models import Agreement, StageEvent, Urusan

VERSION_KEY = "registry:dashboard:version"
TIMEOUT = 15 * 60
EXPIRY_WINDOWS = (30, 90, 180)
WAITING_PER_STAGE = 3


def bump_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


@receiver(post_save, sender=Agreement, dispatch_uid="registry_dashboard_agreement_saved")
@receiver(post_delete, sender=Agreement, dispatch_uid="registry_dashboard_agreement_deleted")
@receiver(post_save, sender=StageEvent, dispatch_uid="registry_dashboard_event")
def _registry_changed(sender, **kwargs):
    bump_version()


@receiver(m2m_changed, sender=Agreement.urusan.through, dispatch_uid="registry_dashboard_urusan")
@receiver(m2m_changed, sender=Agreement.executing_opds.through, dispatch_uid="registry_dashboard_opds")
def _links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_version()


def scope_key(user):
    if roles.sees_everything(user):
        return "all"
    return f"opd{roles.user_opd_id(user) or 'none'}"


def figures_for(user, today=None):
    """The dashboard figures for what ``user`` may see, from the cache when nothing changed."""
    today = today or timezone.localdate()
    queryset = Agreement.objects.for_user(user)
    stamp = queryset.aggregate(last=Max("updated_at"))["last"]
    version = cache.get(VERSION_KEY, 0)
    key = f"registry:dashboard:{scope_key(user)}:{today.isoformat()}:{version}:{stamp.timestamp() if stamp else 0}"
    figures = cache.get(key)
    if figures is None:
        figures = compute(queryset, today)
        cache.set(key, figures, TIMEOUT)
    return figures


def compute(queryset, today):
    """Every figure from a handful of GROUP BY queries over ``queryset``."""
    kind_labels = dict(Kind.choices)
    stage_labels = dict(Stage.choices)

    # kind x stage x year signed: one pass gives the counts by kind, by stage and signed per year.
    rows = queryset.order_by().values("kind", "stage", year=ExtractYear("signing_date")).annotate(n=Count("id"))
    by_kind, by_stage, signed_per_year = {}, {}, {}
    total = 0
    for row in rows:
        total += row["n"]
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        by_stage[row["stage"]] = by_stage.get(row["stage"], 0) + row["n"]
        if row["year"] and row["stage"] in Stage.signed():
            signed_per_year[row["year"]] = signed_per_year.get(row["year"], 0) + row["n"]

    proposed_per_year = {
        row["year"]: row["n"]
        for row in queryset.order_by().values(year=ExtractYear("created_at")).annotate(n=Count("id"))
    }

    opd_names = dict(Opd.objects.values_list("pk", "short_name"))
    opd_full = dict(Opd.objects.values_list("pk", "name"))
    by_opd = [
        {"key": row["opd_initiator_id"], "label": opd_names.get(row["opd_initiator_id"]) or opd_full.get(row["opd_initiator_id"], "?"), "n": row["n"]}
        for row in queryset.order_by().values("opd_initiator_id").annotate(n=Count("id"))
    ]
    by_opd.sort(key=lambda r: (-r["n"], r["label"]))

    urusan = {u.pk: u for u in Urusan.objects.all()}
    links = Agreement.urusan.through.objects.filter(agreement_id__in=queryset.values("pk"))
    if queryset.query.where is None or not queryset.query.where.children:
        links = Agreement.urusan.through.objects.all()
    by_urusan = [
        {"key": urusan[row["urusan_id"]].code, "label": urusan[row["urusan_id"]].name, "n": row["n"]}
        for row in links.order_by().values("urusan_id").annotate(n=Count("id"))
        if row["urusan_id"] in urusan
    ]
    by_urusan.sort(key=lambda r: (-r["n"], r["key"]))

    horizon = today + datetime.timedelta(days=max(EXPIRY_WINDOWS))
    expiring = queryset.in_force().filter(end_date__gte=today, end_date__lte=horizon).aggregate(
        **{
            f"d{days}": Count("id", filter=Q(end_date__lte=today + datetime.timedelta(days=days)))
            for days in EXPIRY_WINDOWS
        }
    )

    waiting_rows = (
        queryset.filter(stage__in=Stage.in_process())
        .annotate(rank=Window(RowNumber(), partition_by=[F("stage")], order_by=[F("stage_changed_at").asc(), F("id").asc()]))
        .filter(rank__lte=WAITING_PER_STAGE)
        .values("pk", "title", "stage", "stage_changed_at", "opd_initiator_id")
    )
    now = timezone.now()
    waiting = {}
    for row in waiting_rows:
        row["days"] = (now - row["stage_changed_at"]).days
        row["opd"] = opd_names.get(row["opd_initiator_id"]) or opd_full.get(row["opd_initiator_id"], "")
        waiting.setdefault(row["stage"], []).append(row)
    stage_order = {value: index for index, value in enumerate(Stage.values)}
    waiting_list = [
        {"stage": stage, "label": stage_labels[stage], "count": by_stage.get(stage, 0), "items": items}
        for stage, items in sorted(waiting.items(), key=lambda kv: -kv[1][0]["days"])
    ]

    return {
        "total": total,
        "in_force": sum(by_stage.get(s, 0) for s in Stage.in_force()),
        "in_process": sum(by_stage.get(s, 0) for s in Stage.in_process()),
        "by_kind": [{"key": k, "label": str(kind_labels[k]), "n": by_kind[k]} for k in Kind.values if k in by_kind],
        "by_stage": [
            {"key": s, "label": str(stage_labels[s]), "n": by_stage[s]}
            for s in sorted(by_stage, key=lambda s: stage_order.get(s, 99))
        ],
        "signed_per_year": [{"key": y, "label": str(y), "n": n} for y, n in sorted(signed_per_year.items())],
        "proposed_per_year": [{"key": y, "label": str(y), "n": n} for y, n in sorted(proposed_per_year.items()) if y],
        "by_opd": by_opd,
        "by_urusan": by_urusan,
        "expiring": [{"days": days, "n": expiring[f"d{days}"]} for days in EXPIRY_WINDOWS],
        "waiting": waiting_list,
        "computed_at": now,
    }
