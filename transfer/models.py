"""A large admin import, run as a background job (``transfer.tasks``).

An upload with more than ``IMPORT_JOB_THRESHOLD_ROWS`` rows is stored (Django's storage API: the
private folder or the S3 bucket, as the other generated files) in an ``ImportJob``; a task reads it
once, keeps its rows as JSON beside it, and computes the dry-run preview with progress; the
clerk's "Konfirmasi" queues a second task that writes those stored rows — never the file again —
in one transaction.  Jobs a day old (``GENERATED_FILES_KEEP_HOURS``) are removed with their files
by the next check task (``tasks.remove_expired``)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked: waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed: waiting to be imported")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("user"))
    opd_scope = models.ForeignKey("accounts.Opd", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("OPD scope"),
                                  help_text=_("Empty: every OPD (the Bagian Kerja Sama)."))
    default_opd = models.ForeignKey("accounts.Opd", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("default OPD"))
    value_map = models.JSONField(_("value map"), default=list, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="generated/import/%Y/%m/%d/", max_length=300)
    rows_file = models.FileField(_("rows read"), upload_to="generated/import/%Y/%m/%d/", max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    unknown_values = models.JSONField(_("unknown values"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True, default="")
    run_token = models.CharField(_("run"), max_length=32, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def in_progress(self):
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.CONFIRMED, self.Status.IMPORTING)

    @property
    def can_confirm(self):
        return self.status == self.Status.CHECKED and not self.errors and not self.message

    @property
    def expires_at(self):
        return (self.finished_at or self.created_at) + datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
