"""In-app notifications and the log of reminders sent (the tables were made by ``agreements``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notification for a user (the same event may also go out by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user"))
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("agreement")
    )
    message = models.CharField(_("message"), max_length=500)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # What the notification is about (e.g. "stage:<event id>"): a task run twice notifies once.
    key = models.CharField(_("key"), max_length=100, blank=True, default="")

    class Meta:
        db_table = "agreements_notification"  # made before the notifications app; kept as it is
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once_per_user_and_key"
            )
        ]

    def __str__(self):
        return self.message


class ReminderLog(models.Model):
    """One expiry reminder sent for one agreement at one lead time: makes reminders idempotent."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("agreement"))
    lead_days = models.IntegerField(_("days before the end"))
    end_date = models.DateField(_("end date reminded of"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        db_table = "agreements_reminderlog"
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "lead_days", "end_date"], name="reminder_once_per_lead_time")
        ]


class OutboundMail(models.Model):
    """One e-mail message to send, written before it is handed to a task.

    ``key`` names what the message is about and to whom (``stage:<event>:<address>``,
    ``reminder:<agreement>:<lead>:<end date>``…); its uniqueness makes queueing idempotent, and
    the status makes sending idempotent: a message is sent by whoever moves it from ``queued`` to
    ``sending``, once.  A message that failed every attempt stays ``failed`` with its error, for the
    desk to see and resend."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agreement")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject
