"""E-mail and in-app notifications about stage changes.

Called from ``agreements.services`` through ``transaction.on_commit``: never inside the
transaction, and a mail failure never undoes a transition.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import roles

from .choices import Stage

logger = logging.getLogger(__name__)


def _kerjasama_users():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(groups__name__in=[roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD])
    ).distinct()


def _opd_users(agreement):
    User = get_user_model()
    return User.objects.filter(is_active=True, opd_membership__opd_id=agreement.opd_initiator_id)


def stage_changed(agreement_id, event_id):
    from .models import Agreement, Notification, StageEvent

    try:
        agreement = Agreement.objects.select_related("document_type").get(pk=agreement_id)
        event = StageEvent.objects.get(pk=event_id)
    except (Agreement.DoesNotExist, StageEvent.DoesNotExist):
        return
    message = _("%(title)s: %(action)s — now “%(stage)s”.") % {
        "title": agreement.title[:200],
        "action": event.get_action_display(),
        "stage": agreement.get_stage_display(),
    }
    recipients = list(_opd_users(agreement))
    if event.to_stage == Stage.DIAJUKAN:
        recipients += list(_kerjasama_users())
    Notification.objects.bulk_create(
        [Notification(user=u, agreement=agreement, message=message[:500]) for u in {u.pk: u for u in recipients}.values()]
    )
    emails = {c.email for c in agreement.contacts.all() if c.email}
    emails |= {u.email for u in _opd_users(agreement) if u.email}
    if event.to_stage == Stage.DIAJUKAN:
        emails |= {u.email for u in _kerjasama_users() if u.email} | set(settings.BAGIAN_KERJA_SAMA_EMAIL)
    body = message
    if event.note:
        body += "\n\n" + _("Note: %(note)s") % {"note": event.note}
    if emails:
        try:
            send_mail(
                _("[Kerja Sama] %(title)s") % {"title": agreement.title[:120]},
                body,
                settings.DEFAULT_FROM_EMAIL,
                sorted(emails),
                fail_silently=False,
            )
        except Exception:  # a mail server problem must never undo or block a transition
            logger.exception("Notification mail for agreement %s failed", agreement_id)
