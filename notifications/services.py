"""E-mail and in-app notifications, sent by tasks (Django's task framework, django-tasks).

``agreements.services`` sends ``agreements.signals.stage_changed`` after commit; ``on_stage_changed``
(connected in ``notifications.apps``) only enqueues the task ``notify_stage_change`` (one row
in the task table: the request never waits for a mail server).  That task writes the in-app
Notification rows and one ``OutboundMail`` row per message, each with a unique key, and enqueues
one ``send_mail`` task per message.  ``send_outbound`` sends a message once: it claims the row
(``queued`` → ``sending``) with a conditional update, so a task run twice sends once; a failed
delivery goes back to ``queued`` and is retried with exponential backoff, and after
``MAIL_MAX_ATTEMPTS`` it stays ``failed`` with its error, visible and resendable in the desk
(``notifications.admin``).

Links are absolute (``SITE_URL``): the Bagian Kerja Sama gets the desk page of the agreement, the
OPD its portal page.  Subjects never carry a newline or control character, whatever a title holds.
"""

import datetime
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from agreements.choices import Stage

from .models import Notification, OutboundMail

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def clean_header(text, limit=200):
    """One line, no control characters: a newline in a title can never break a mail header."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())[:limit]


def clean_address(address):
    address = (address or "").strip().lower()
    return address if address and not _CONTROL.search(address) and "@" in address else ""


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def desk_link(agreement):
    return absolute(reverse("admin:agreements_agreement_change", args=[agreement.pk]))


def portal_link(agreement):
    try:
        return absolute(reverse("proposal_detail", args=[agreement.pk]))
    except NoReverseMatch:  # pragma: no cover - portal URLs not installed
        return ""


def _kerjasama_users():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(groups__name__in=[roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD])
    ).distinct()


def _opd_users(agreement):
    User = get_user_model()
    return User.objects.filter(is_active=True, opd_membership__opd_id=agreement.opd_initiator_id)


# --- enqueueing -----------------------------------------------------------------------------------


def enqueue(task, *args):
    """Enqueue ``task`` so that it runs only after the data it reads is committed.

    The database backend writes the task row in the caller's transaction (it commits or rolls back
    with the data); an outside queue (RQ) gets the task after the commit."""
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    if connection.in_atomic_block and not isinstance(task.get_backend(), (DatabaseBackend, ImmediateBackend)):
        transaction.on_commit(lambda: task.enqueue(*args), robust=True)
    else:
        task.enqueue(*args)


def on_stage_changed(sender, agreement_id, event_id, **kwargs):
    from . import tasks

    enqueue(tasks.notify_stage_change, agreement_id, event_id)


def queue_mail(key, to, subject, body, agreement=None):
    """Write one OutboundMail (once per ``key``) and enqueue its delivery.  Returns it, or None when
    a message with this key was already queued (nothing new is sent)."""
    from . import tasks

    to = sorted({a for a in map(clean_address, to) if a})
    if not to:
        return None
    try:
        with transaction.atomic():
            mail = OutboundMail.objects.create(
                key=key[:200], to=to, subject=clean_header(subject, 255), body=body, agreement=agreement
            )
    except IntegrityError:
        return None
    enqueue(tasks.send_mail, mail.pk)
    return mail


# --- stage changes ----------------------------------------------------------------------------------

# What happened, per action, naming the stage at most once: where the action's own words already say
# where the agreement stands ("returned for revision", "rejected", "signed"), the stage is not named.
HAPPENED = {
    "submit": gettext_lazy("“%(title)s” was submitted to the Bagian Kerja Sama and awaits verification."),
    "verify": gettext_lazy("“%(title)s” was verified; it goes on to the stage “%(stage)s”."),
    "return": gettext_lazy("“%(title)s” was returned for revision."),
    "reject": gettext_lazy("“%(title)s” was rejected; the proposal is closed."),
    "withdraw": gettext_lazy("“%(title)s” was withdrawn; the proposal is closed."),
    "advance": gettext_lazy("“%(title)s” goes on to the stage “%(stage)s”."),
    "tkksd": gettext_lazy("The TKKSD recommendation on “%(title)s” was recorded; the stage is “%(stage)s”."),
    "sign": gettext_lazy("“%(title)s” was signed."),
    "start": gettext_lazy("“%(title)s” is in force: its implementation has started."),
    "expiring": gettext_lazy("“%(title)s” ends on %(end)s."),
    "expire": gettext_lazy("The term of “%(title)s” has ended."),
    "terminate": gettext_lazy("“%(title)s” was terminated before its term."),
}
OTHER_ACTION = gettext_lazy("“%(title)s”: %(action)s; the stage is “%(stage)s”.")
# What the reader does next: (to the OPD, to the Bagian Kerja Sama).
FOLLOW = gettext_lazy("Follow its next steps on the proposal page and answer the Bagian Kerja Sama's requests.")
NEXT_STEP = {
    "submit": (
        gettext_lazy("Nothing to do for now: you will be told when it is verified or returned."),
        gettext_lazy("Verify the proposal or return it to the OPD with a note."),
    ),
    "verify": (FOLLOW, None),
    "return": (gettext_lazy("Revise the proposal as the note says and submit it again."), None),
    "reject": (gettext_lazy("Read the reason below; a new proposal may be made if the cooperation is still needed."), None),
    "advance": (FOLLOW, None),
    "sign": (gettext_lazy("Prepare the implementation; it starts on the start date."), None),
    "start": (gettext_lazy("Record its monitoring and evaluation (monev) at least every six months."), None),
    "expiring": (gettext_lazy("If it is to continue, prepare the extension or an addendum in time."), None),
}


def stage_message(agreement, event):
    """One sentence saying what happened to ``agreement``, naming its stage at most once."""
    text = HAPPENED.get(event.action, OTHER_ACTION)
    return str(text) % {
        "title": clean_header(agreement.title),
        "stage": agreement.get_stage_display(),
        "action": event.get_action_display(),
        "end": date_format(agreement.end_date, "j F Y") if agreement.end_date else "—",
    }


def next_step(event, desk):
    """What the reader does next (to the Bagian Kerja Sama when ``desk``), or ""."""
    steps = NEXT_STEP.get(event.action, (None, None))
    step = steps[1] if desk else steps[0]
    return str(step) if step else ""


def stage_changed(agreement_id, event_id):
    """Notify the OPD (and, on submission, the Bagian Kerja Sama) of a stage change.  Idempotent.

    The in-app notification says what happened (the portal's list adds the next step and the note,
    as they stand when it is read); the e-mail says what happened, what to do, and the note."""
    from agreements.models import Agreement, StageEvent

    with translation.override(settings.LANGUAGE_CODE):
        try:
            agreement = Agreement.objects.select_related("document_type").get(pk=agreement_id)
            event = StageEvent.objects.select_related("actor").get(pk=event_id)
        except (Agreement.DoesNotExist, StageEvent.DoesNotExist):
            return 0
        message = stage_message(agreement, event)
        submitted = event.to_stage == Stage.DIAJUKAN
        opd_users = list(_opd_users(agreement))
        kerjasama_users = list(_kerjasama_users()) if submitted else []
        recipients = {u.pk: u for u in opd_users + kerjasama_users if u.pk != event.actor_id}
        key = f"stage:{event_id}"
        Notification.objects.bulk_create(
            [Notification(user=u, agreement=agreement, message=message[:500], key=key) for u in recipients.values()],
            ignore_conflicts=True,
        )

        opd_emails = {c.email for c in agreement.contacts.all() if c.email} | {u.email for u in opd_users if u.email}
        desk_emails = set()
        if submitted:
            desk_emails = {u.email for u in kerjasama_users if u.email} | set(settings.BAGIAN_KERJA_SAMA_EMAIL)
        desk_emails = {a for a in map(clean_address, desk_emails) if a}
        opd_emails = {a for a in map(clean_address, opd_emails) if a} - desk_emails

        subject = _("[Kerja Sama] %(title)s") % {"title": clean_header(agreement.title, 120)}
        note = []
        if event.note:
            note = ["", _("Note from %(who)s: %(note)s") % {"who": _actor(event), "note": event.note}]
        queued = 0
        for emails, link, label, desk in (
            (desk_emails, desk_link(agreement), _("Open it in the desk: %(link)s"), True),
            (opd_emails, portal_link(agreement), _("Open the proposal: %(link)s"), False),
        ):
            step = next_step(event, desk)
            body = [message] + ([step] if step else []) + note
            body += (["", label % {"link": link}] if link else []) + ["", "—", settings.PEMDA["name"]]
            for address in sorted(emails):
                if queue_mail(f"{key}:{address}", [address], subject, "\n".join(body), agreement):
                    queued += 1
    return queued


def _actor(event):
    actor = event.actor
    if actor is None:
        return _("the system")
    return actor.get_full_name() or actor.get_username()


# --- reminders from the desk --------------------------------------------------------------------------


def queue_manual_reminders(agreements, actor=None):
    """The desk's "send a reminder" action: one message per agreement to its OPD contacts, queued.
    Returns (queued, skipped: agreements without an address)."""
    queued, skipped = 0, 0
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    with translation.override(settings.LANGUAGE_CODE):
        for agreement in agreements.select_related("opd_initiator").prefetch_related("contacts"):
            addresses = {c.email for c in agreement.contacts.all() if c.email}
            if agreement.opd_initiator.email:
                addresses.add(agreement.opd_initiator.email)
            body = [
                _("Reminder from the Bagian Kerja Sama about the cooperation:"),
                "",
                agreement.title,
                _("Stage: %(stage)s") % {"stage": agreement.get_stage_display()},
            ]
            if agreement.end_date:
                body.append(_("End date: %(date)s") % {"date": date_format(agreement.end_date, "j F Y")})
            if agreement.stage == Stage.DIKEMBALIKAN:
                body.append(_("Please revise and resubmit the proposal."))
            link = portal_link(agreement)
            if link:
                body += ["", _("Open the proposal: %(link)s") % {"link": link}]
            subject = _("[Kerja Sama] Reminder: %(title)s") % {"title": clean_header(agreement.title, 120)}
            key = f"manual:{agreement.pk}:{actor.pk if actor else 0}:{stamp}"
            if queue_mail(key, addresses, subject, "\n".join(body), agreement):
                queued += 1
            else:
                skipped += 1
    return queued, skipped


# --- delivery -----------------------------------------------------------------------------------------


def backoff(attempts):
    """Seconds to wait before the next try after ``attempts`` failed ones: base · 2^(attempts-1)."""
    return settings.MAIL_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)


def send_outbound(outbound_id):
    """Send one OutboundMail, at most once.  Returns its status afterwards."""
    from . import tasks

    claimed = OutboundMail.objects.filter(pk=outbound_id, status=OutboundMail.Status.QUEUED).update(
        status=OutboundMail.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:  # sent already, being sent by another worker, gone, or failed for good
        status = OutboundMail.objects.filter(pk=outbound_id).values_list("status", flat=True).first()
        return status or "missing"
    mail = OutboundMail.objects.get(pk=outbound_id)
    try:
        EmailMessage(clean_header(mail.subject, 255), mail.body, settings.DEFAULT_FROM_EMAIL, mail.to).send()
    except Exception as error:  # a mail server problem: kept on the row, retried, never raised
        mail.error = f"{type(error).__name__}: {error}"[:2000]
        if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
            mail.status = OutboundMail.Status.FAILED
            mail.save(update_fields=["status", "error", "updated_at"])
            logger.error("Mail %s to %s failed for good after %s attempts: %s", mail.pk, ", ".join(mail.to), mail.attempts, mail.error)
            return mail.status
        mail.status = OutboundMail.Status.QUEUED
        mail.save(update_fields=["status", "error", "updated_at"])
        delay = backoff(mail.attempts)
        logger.warning("Mail %s attempt %s failed (%s); retrying in %ss", mail.pk, mail.attempts, mail.error, delay)
        task = tasks.send_mail
        if task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        enqueue(task, mail.pk)
        return mail.status
    mail.status = OutboundMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.error = ""
    mail.save(update_fields=["status", "sent_at", "error", "updated_at"])
    return mail.status


def resend(mails):
    """Queue failed (or stuck) messages again from the desk.  Returns how many."""
    from . import tasks

    count = 0
    for mail in mails.exclude(status=OutboundMail.Status.SENT):
        OutboundMail.objects.filter(pk=mail.pk).update(status=OutboundMail.Status.QUEUED, attempts=0)
        enqueue(tasks.send_mail, mail.pk)
        count += 1
    return count
