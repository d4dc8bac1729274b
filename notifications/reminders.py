"""Daily upkeep of the registry, run by ``manage.py send_reminders`` (cron):

1. date-driven states through ``services.refresh_dates`` (ditandatangani → pelaksanaan →
   akan_berakhir → berakhir, each with its stage event);
2. expiry reminders at the configured lead times (``KERJASAMA["REMINDER_LEAD_DAYS"]``) to the
   OPD contacts and the Bagian Kerja Sama, each once per agreement, lead time and end date;
3. the list of proposals waiting longer than ``KERJASAMA["STALE_STAGE_DAYS"]`` at one stage;
4. for foreign cooperation, reminders ahead of the extension request's due date (six months before
   the end, Permendagri 25/2020 Pasal 33) at ``KERJASAMA["EXTENSION_REMINDER_LEAD_DAYS"]``.

Idempotent and safe to run twice at once: a reminder's ``ReminderLog`` row is inserted (and
committed) before its mail is queued, and its unique constraint lets only one run insert it.  The
mail itself is an ``OutboundMail`` sent by the ``send_mail`` task: retried with backoff, and a
message that failed every attempt stays visible (and resendable) in the desk.  ``refresh_dates`` locks the row and
re-checks the stage, so two runs never flip an agreement twice.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import roles
from agreements import services
from agreements.choices import Stage
from agreements.models import Agreement

from . import services as notify
from .models import Notification, ReminderLog

logger = logging.getLogger(__name__)

REMINDED_STAGES = (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR)


@dataclass
class Report:
    flipped: list = field(default_factory=list)  # (agreement, [to_stage, ...])
    reminded: list = field(default_factory=list)  # (agreement, lead_days, recipients)
    skipped: int = 0  # reminders another run (or an earlier one) already sent
    stale: list = field(default_factory=list)  # (agreement, days)


def lead_times():
    return sorted({int(d) for d in settings.KERJASAMA["REMINDER_LEAD_DAYS"] if int(d) >= 0})


def due_lead(days_left, leads):
    """The lead time a reminder is due for: the smallest lead not shorter than the days left.
    A run that missed a day still sends the most urgent reminder, never the stale ones."""
    for lead in leads:
        if days_left <= lead:
            return lead
    return None


# --- 1. date-driven states ------------------------------------------------------------------------


def date_candidates(today):
    soon = settings.KERJASAMA["EXPIRING_SOON_DAYS"]
    return Agreement.objects.filter(
        Q(stage=Stage.DITANDATANGANI, start_date__lte=today)
        | Q(stage=Stage.PELAKSANAAN, end_date__lte=today + datetime.timedelta(days=soon))
        | Q(stage=Stage.AKAN_BERAKHIR, end_date__lt=today)
    ).order_by("pk")


def refresh_states(today, dry_run, report):
    for agreement in date_candidates(today).iterator(chunk_size=500):
        if dry_run:
            report.flipped.append((agreement, [_would_become(agreement, today)]))
            continue
        events = services.refresh_dates(agreement, today=today)
        if events:
            report.flipped.append((agreement, [e.to_stage for e in events]))


def _would_become(agreement, today):
    if agreement.end_date and agreement.end_date < today:
        return Stage.BERAKHIR
    if agreement.stage == Stage.DITANDATANGANI:
        return Stage.PELAKSANAAN
    return Stage.AKAN_BERAKHIR


# --- 2. expiry reminders --------------------------------------------------------------------------


def kerjasama_emails():
    User = get_user_model()
    users = User.objects.filter(is_active=True, groups__name__in=[roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD])
    return {e for e in users.values_list("email", flat=True) if e} | set(settings.BAGIAN_KERJA_SAMA_EMAIL)


def opd_recipients(agreement):
    """E-mail addresses and users of the OPD side: contacts, the OPDs' addresses and staff."""
    User = get_user_model()
    opd_ids = [agreement.opd_initiator_id, *agreement.executing_opds.values_list("pk", flat=True)]
    users = list(User.objects.filter(is_active=True, opd_membership__opd_id__in=opd_ids))
    emails = {c.email for c in agreement.contacts.all() if c.email}
    emails |= {u.email for u in users if u.email}
    from accounts.models import Opd

    emails |= {e for e in Opd.objects.filter(pk__in=opd_ids).values_list("email", flat=True) if e}
    return emails, users


def reminder_candidates(today, leads):
    return (
        Agreement.objects.filter(
            stage__in=REMINDED_STAGES, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=max(leads))
        )
        .select_related("document_type", "opd_initiator")
        .order_by("end_date", "pk")
    )


def reminder_message(agreement, days_left):
    when = date_format(agreement.end_date, "DATE_FORMAT")
    if days_left == 0:
        lead = _("ends today (%(date)s)") % {"date": when}
    else:
        lead = ngettext(
            "ends in %(days)d day, on %(date)s", "ends in %(days)d days, on %(date)s", days_left
        ) % {"days": days_left, "date": when}
    subject = _("[Kerja Sama] %(document)s %(title)s %(lead)s") % {
        "document": agreement.document_type.name,
        "title": agreement.title[:100],
        "lead": lead,
    }
    body = "\n".join(
        [
            _("The %(document)s on %(title)s %(lead)s.")
            % {"document": agreement.document_type.name, "title": agreement.title, "lead": lead},
            _("Initiating OPD: %(opd)s") % {"opd": agreement.opd_initiator.name},
            "",
            _("If the cooperation is to continue, prepare the extension (perpanjangan) or an addendum in time; "
              "a foreign cooperation must request its extension at least 6 months before it ends."),
        ]
    )
    return subject, body


def send_reminder(agreement, lead, today, kerjasama, report, reminded_date=None, message=None):
    """Insert the log row first (committed), then queue the mail; a duplicate insert means already
    queued.  Delivery (retries, a failure kept for the desk) is the ``send_mail`` task's.
    ``reminded_date`` and ``message`` default to the expiry reminder's."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(agreement=agreement, lead_days=lead, end_date=reminded_date or agreement.end_date)
    except IntegrityError:
        report.skipped += 1
        return
    days_left = (agreement.end_date - today).days
    subject, body = message or reminder_message(agreement, days_left)
    link = notify.portal_link(agreement)
    if link:
        body += "\n\n" + _("Open the agreement: %(link)s") % {"link": link}
    emails, users = opd_recipients(agreement)
    recipients = sorted(emails | kerjasama)
    if recipients:
        notify.queue_mail(f"reminder:{agreement.pk}:{lead}:{reminded_date or agreement.end_date}", recipients, subject, body, agreement)
    Notification.objects.bulk_create(
        [Notification(user=user, agreement=agreement, message=notify.clean_header(subject, 500)) for user in users]
    )
    report.reminded.append((agreement, lead, recipients))


def send_reminders(today, dry_run, report):
    leads = lead_times()
    if not leads:
        return
    kerjasama = kerjasama_emails()
    for agreement in reminder_candidates(today, leads).iterator(chunk_size=500):
        lead = due_lead((agreement.end_date - today).days, leads)
        if lead is None:
            continue
        if dry_run:
            if ReminderLog.objects.filter(agreement=agreement, lead_days=lead, end_date=agreement.end_date).exists():
                report.skipped += 1
            else:
                report.reminded.append((agreement, lead, []))
            continue
        send_reminder(agreement, lead, today, kerjasama, report)


# --- 3. proposals stuck at a stage --------------------------------------------------------------


def stale_proposals(now=None, days=None):
    days = settings.KERJASAMA["STALE_STAGE_DAYS"] if days is None else days
    now = now or timezone.now()
    return (
        Agreement.objects.filter(stage__in=Stage.in_process(), stage_changed_at__lt=now - datetime.timedelta(days=days))
        .select_related("opd_initiator")
        .order_by("stage_changed_at", "pk")
    )


def run(today=None, dry_run=False):
    today = today or timezone.localdate()
    report = Report()
    refresh_states(today, dry_run, report)
    send_reminders(today, dry_run, report)
    send_extension_reminders(today, dry_run, report)
    now = timezone.now() + (today - timezone.localdate())
    for agreement in stale_proposals(now=now):
        report.stale.append((agreement, (now - agreement.stage_changed_at).days))
    return report


# --- 4. foreign extension requests (Permendagri 25/2020 Pasal 33) ---------------------------------


def extension_lead_times():
    return sorted({int(d) for d in settings.KERJASAMA["EXTENSION_REMINDER_LEAD_DAYS"] if int(d) >= 0})


def extension_candidates(today, leads):
    """Foreign agreements whose extension request falls due within the longest lead time (or is
    overdue) and that have no extension under way: ``AgreementQuerySet.extension_due``, the
    definition the desk's work queue counts too.  Only those not yet overdue are reminded of."""
    return (
        Agreement.objects.extension_due(today, within_days=max(leads))
        .select_related("document_type", "opd_initiator")
        .order_by("end_date", "pk")
    )


def extension_message(agreement, due, today):
    when = date_format(due, "DATE_FORMAT")
    subject = _("[Kerja Sama] Request the extension of %(title)s by %(date)s") % {"title": agreement.title[:100], "date": when}
    body = "\n".join(
        [
            _("The %(document)s on %(title)s ends on %(end)s. If it is to continue, the written request for its "
              "extension must reach the Minister of Home Affairs by %(date)s (%(days)s days from today), six months "
              "before the end, copied to the DPRD and, for a regency/city, to the Governor (Permendagri 25/2020 Pasal 33).")
            % {
                "document": agreement.document_type.name, "title": agreement.title,
                "end": date_format(agreement.end_date, "DATE_FORMAT"), "date": when, "days": (due - today).days,
            },
            _("Initiating OPD: %(opd)s") % {"opd": agreement.opd_initiator.name},
        ]
    )
    return subject, body


def send_extension_reminders(today, dry_run, report):
    """Remind ahead of the extension due date at EXTENSION_REMINDER_LEAD_DAYS.  The ReminderLog row
    keeps the due date as the date reminded of (never equal to the end date), so these never clash
    with the expiry reminders and each goes once."""
    leads = extension_lead_times()
    if not leads:
        return
    kerjasama = None
    for agreement in extension_candidates(today, leads).iterator(chunk_size=500):
        due = agreement.extension_request_due
        if due is None or due < today:
            continue
        lead = due_lead((due - today).days, leads)
        if lead is None:
            continue
        if dry_run:
            report.reminded.append((agreement, lead, []))
            continue
        kerjasama = kerjasama_emails() if kerjasama is None else kerjasama
        send_reminder(agreement, lead, today, kerjasama, report, due, extension_message(agreement, due, today))
