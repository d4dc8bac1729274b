"""The desk's work queue: what waits for the Bagian Kerja Sama, its head and the TKKSD.

Each item is a condition on the agreements (``ITEMS``); the admin index shows, for the items the
user's role acts on, how many agreements meet it and how long the oldest has waited, and links to
the register filtered by the same condition (``QueueFilter``, parameter ``antrean``).  Each item
costs two index-served queries whatever the number of rows: a count capped at ``COUNT_CAP`` (shown
as "more than 500") and the oldest row's date; the DPRD clock lists its few oldest agreements with
one more.  (One aggregate with ``COUNT … FILTER`` over the union of the conditions read every
matching row, 140 ms at 100,000 agreements.)

Late monev is ``reporting.services.monev_overdue`` (in force, no monitoring entry for six months);
mail that failed is ``notifications.OutboundMail`` in status *failed*, linked to its own list in
the desk where it can be sent again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from agreements import workflow
from agreements.choices import Kind, Stage
from agreements.legal_calendar import add_working_days, holidays_between, working_days_between
from agreements.models import EXTENSION_STAGES, Agreement, AgreementQuerySet
from notifications.models import OutboundMail
from reporting.services import monev_overdue

QUEUE_PARAM = "antrean"
DPRD_LISTED = 5
COUNT_CAP = 500


def tkksd_stages():
    """Stages left only with the TKKSD's recommendation (drafting a KSB, PKS, nota or adendum)."""
    return sorted({spec.stage for flow in workflow.FLOWS.values() for spec in flow.stages if spec.decision == workflow.TKKSD})


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    hint: str
    # "since": days since stage_changed_at; "left": days until end_date; "none": no clock
    clock: str
    who: tuple  # "kerjasama" and/or "tkksd"

    def condition(self, today):
        if self.key == "verifikasi":
            return Q(stage=Stage.DIAJUKAN)
        if self.key == "tkksd":
            return Q(stage__in=tkksd_stages())
        if self.key == "dikembalikan":
            return Q(stage=Stage.DIKEMBALIKAN)
        if self.key == "dprd":
            return Q(stage=Stage.PERSETUJUAN_DPRD)
        if self.key == "berakhir":
            soon = today + datetime.timedelta(days=settings.KERJASAMA["EXPIRING_SOON_DAYS"])
            return Q(stage__in=Stage.in_force(), end_date__gte=today, end_date__lte=soon)
        if self.key == "perpanjangan":
            return AgreementQuerySet.extension_due_q(today)
        if self.key == "monev":
            return Q(pk__in=monev_overdue(today=today).values("pk"))
        raise KeyError(self.key)

    def stages(self):
        """The stages the condition keeps to, when several (the oldest row is found per stage)."""
        return {"tkksd": tkksd_stages(), "berakhir": Stage.in_force(), "perpanjangan": list(EXTENSION_STAGES)}.get(self.key)


ITEMS = [
    Item("verifikasi", _("Waiting for verification"), _("Submitted by an OPD; verify or return it."), "since", ("kerjasama",)),
    Item(
        "tkksd",
        _("Waiting for the TKKSD recommendation"),
        _("Drafts the TKKSD must recommend before they go on."),
        "since",
        ("kerjasama", "tkksd"),
    ),
    Item(
        "dikembalikan",
        _("Returned, not yet resubmitted"),
        _("The OPD has the proposal back; remind it if it waits long."),
        "since",
        ("kerjasama",),
    ),
    Item(
        "dprd",
        _("DPRD approval in progress"),
        _("The DPRD decides within 45 working days; for foreign cooperation silence then counts as approval."),
        "since",
        ("kerjasama",),
    ),
    Item(
        "berakhir",
        _("Ending soon"),
        _("In force and ending within the warning period: plan an extension or the closing."),
        "left",
        ("kerjasama",),
    ),
    Item(
        "perpanjangan",
        _("Extension request due"),
        _(
            "Foreign cooperation whose extension request (six months before the end, Permendagri 25/2020 "
            "Article 33) is due soon or overdue, with no extension under way: the agreements the reminders write about."
        ),
        "left",
        ("kerjasama",),
    ),
]
ITEMS.append(
    Item(
        "monev",
        _("Monitoring and evaluation overdue"),
        _("In force with no monitoring entry in the last six months: ask the OPD for its monev."),
        "none",
        ("kerjasama",),
    )
)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}
FAILED_MAIL = Item(
    "surat_gagal",
    _("E-mail that failed"),
    _("Messages the mail server refused after every retry; read the error and send them again."),
    "since",
    ("kerjasama",),
)


def items_for(user):
    who = set()
    if roles.is_kerjasama(user):
        who.add("kerjasama")
    if roles.is_tkksd(user):
        who.add("tkksd")
    return [item for item in ITEMS if who & set(item.who)]


def build(user, today=None, now=None):
    """The queue rows for ``user``: dicts with the item, count, oldest wait and register link."""
    items = items_for(user)
    if not items:
        return []
    today = today or timezone.localdate()
    now = now or timezone.now()
    changelist = reverse("admin:agreements_agreement_changelist")
    rows = []
    for item in items:
        matching = Agreement.objects.filter(item.condition(today)).order_by()
        count = matching.values("pk")[: COUNT_CAP + 1].count()
        field = "stage_changed_at" if item.clock == "since" else "end_date"
        at = oldest(matching, field, item.stages()) if count and item.clock != "none" else None
        days = None
        if at is not None:
            days = (now - at).days if item.clock == "since" else (at - today).days
        rows.append(
            {
                "item": item,
                "count": min(count, COUNT_CAP),
                "more": count > COUNT_CAP,
                "days": days,
                "url": f"{changelist}?{QUEUE_PARAM}={item.key}",
                "dprd": dprd_clock(today) if item.key == "dprd" and count else [],
            }
        )
    if "kerjasama" in {who for item in items for who in item.who} and roles.is_kerjasama(user):
        rows.append(failed_mail_row(now))
    return rows


def oldest(matching, field, stages=None):
    """The smallest ``field`` of ``matching``.  Over several stages, one index probe per stage (a
    ``UNION ALL`` of ``LIMIT 1``s): ``ORDER BY field LIMIT 1`` over ``stage IN (…)`` reads and sorts
    every row of those stages (18 ms for the four drafting stages at a million agreements)."""
    values = matching.order_by(field).values_list(field, flat=True)
    if not stages or len(stages) < 2 or not connections[matching.db].features.supports_slicing_ordering_in_compound:
        return values.first()
    parts = [values.filter(stage=stage)[:1] for stage in stages]
    return min((value for value in parts[0].union(*parts[1:], all=True) if value is not None), default=None)


def failed_mail_row(now):
    failed = OutboundMail.objects.filter(status=OutboundMail.Status.FAILED).order_by()
    count = failed.values("pk")[: COUNT_CAP + 1].count()
    oldest = failed.order_by("updated_at").values_list("updated_at", flat=True).first() if count else None
    changelist = reverse("admin:notifications_outboundmail_changelist")
    return {
        "item": FAILED_MAIL,
        "count": min(count, COUNT_CAP),
        "more": count > COUNT_CAP,
        "days": (now - oldest).days if oldest else None,
        "url": f"{changelist}?status__exact={OutboundMail.Status.FAILED}",
        "dprd": [],
    }


def dprd_clock(today):
    """The oldest agreements at the DPRD stage with their 45-working-day clock, counted from the
    day they entered the stage (the request's receipt date is only recorded with the decision)."""
    limit = settings.KERJASAMA["DPRD_DEEMED_APPROVAL_WORKING_DAYS"]
    rows = []
    agreements = (
        Agreement.objects.filter(stage=Stage.PERSETUJUAN_DPRD)
        .only("pk", "title", "kind", "stage_changed_at")
        .order_by("stage_changed_at", "pk")[:DPRD_LISTED]
    )
    agreements = list(agreements)
    entered_on = {a.pk: timezone.localtime(a.stage_changed_at).date() for a in agreements}
    first = min(entered_on.values(), default=today)
    # One read of the holiday table for every clock: from the oldest entry to the latest deadline.
    off = holidays_between(first, max(today, *entered_on.values(), first) + datetime.timedelta(days=limit * 2 + 60))
    for agreement in agreements:
        entered = entered_on[agreement.pk]
        used = working_days_between(entered, today, off)
        rows.append(
            {
                "agreement": agreement,
                "url": reverse("admin:agreements_agreement_change", args=[agreement.pk]),
                "used": used,
                "limit": limit,
                "due": add_working_days(entered, limit, off),
                "over": used > limit,
                "foreign": agreement.kind in Kind.foreign(),
            }
        )
    return rows
