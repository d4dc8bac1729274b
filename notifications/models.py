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

    class Meta:
        db_table = "agreements_notification"  # made before the notifications app; kept as it is
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

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
