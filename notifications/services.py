"""E-mail and in-app notifications about stage changes.

``agreements.services`` sends the ``agreements.signals.stage_changed`` signal after commit and
``on_stage_changed`` (connected in ``notifications.apps``) calls ``stage_changed``: never inside the
transaction, so a mail problem can never undo a transition.  The callback only reads the database
and writes the in-app Notification rows (fast, local); the e-mails are handed to a background
sender thread, so the request that changed the stage never waits for a mail server.  Each recipient
gets their own message (addresses are not disclosed to each other); a failed delivery is retried
and then logged.

Set ``KERJASAMA_MAIL_ASYNC = False`` to send in the calling thread (the default under tests, so
``mail.outbox`` is filled at once); ``wait()`` blocks until the background queue is empty.
"""

import logging
import queue
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import roles
from agreements.choices import Stage

logger = logging.getLogger(__name__)

RETRIES = 3
RETRY_DELAY_SECONDS = 5


def _kerjasama_users():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(groups__name__in=[roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD])
    ).distinct()


def _opd_users(agreement):
    User = get_user_model()
    return User.objects.filter(is_active=True, opd_membership__opd_id=agreement.opd_initiator_id)


def _link(agreement):
    try:
        path = reverse("proposal_detail", args=[agreement.pk])
    except NoReverseMatch:  # pragma: no cover - portal URLs not installed
        return ""
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def on_stage_changed(sender, agreement_id, event_id, **kwargs):
    stage_changed(agreement_id, event_id)


def stage_changed(agreement_id, event_id):
    """Notify the OPD (and, on submission, the Bagian Kerja Sama) of a stage change."""
    from agreements.models import Agreement, StageEvent

    from .models import Notification

    with translation.override(settings.LANGUAGE_CODE):
        try:
            agreement = Agreement.objects.select_related("document_type").get(pk=agreement_id)
            event = StageEvent.objects.select_related("actor").get(pk=event_id)
        except (Agreement.DoesNotExist, StageEvent.DoesNotExist):
            return
        message = _("%(title)s: %(action)s — now “%(stage)s”.") % {
            "title": agreement.title[:200],
            "action": event.get_action_display(),
            "stage": agreement.get_stage_display(),
        }
        submitted = event.to_stage == Stage.DIAJUKAN
        opd_users = list(_opd_users(agreement))
        kerjasama_users = list(_kerjasama_users()) if submitted else []
        recipients = {u.pk: u for u in opd_users + kerjasama_users if u.pk != event.actor_id}
        Notification.objects.bulk_create(
            [Notification(user=u, agreement=agreement, message=message[:500]) for u in recipients.values()]
        )

        emails = {c.email.lower() for c in agreement.contacts.all() if c.email}
        emails |= {u.email.lower() for u in opd_users if u.email}
        if submitted:
            emails |= {u.email.lower() for u in kerjasama_users if u.email}
            emails |= {e.lower() for e in settings.BAGIAN_KERJA_SAMA_EMAIL}
        if not emails:
            return
        body = [message]
        if event.note:
            body += ["", _("Note: %(note)s") % {"note": event.note}]
        link = _link(agreement)
        if link:
            body += ["", _("Open the proposal: %(link)s") % {"link": link}]
        body += ["", "—", settings.PEMDA["name"]]
        subject = _("[Kerja Sama] %(title)s") % {"title": agreement.title[:120]}
        messages = [
            EmailMessage(subject, "\n".join(body), settings.DEFAULT_FROM_EMAIL, [address]) for address in sorted(emails)
        ]
    deliver(messages)


# --- delivery ---------------------------------------------------------------------------------------

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def _is_async():
    return getattr(settings, "KERJASAMA_MAIL_ASYNC", not getattr(settings, "TESTING", False))


def deliver(messages):
    """Send ``messages`` now (synchronous mode) or hand them to the background sender."""
    if not messages:
        return
    if not _is_async():
        _send(messages, retries=1)
        return
    _ensure_worker()
    _queue.put(messages)


def _send(messages, retries=RETRIES, delay=RETRY_DELAY_SECONDS):
    for attempt in range(1, retries + 1):
        try:
            get_connection(fail_silently=False).send_messages(messages)
            return True
        except Exception:  # a mail server problem is logged, never raised into a request
            if attempt == retries:
                logger.exception("Notification mail to %s failed", ", ".join(m.to[0] for m in messages))
                return False
            time.sleep(delay * attempt)
    return False


def _run():
    while True:
        messages = _queue.get()
        try:
            _send(messages)
        finally:
            _queue.task_done()


def _ensure_worker():
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="kerjasama-mail", daemon=True)
            _worker.start()


def wait():
    """Block until every queued notification mail has been handed to the mail backend."""
    _queue.join()
