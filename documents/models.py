from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import DocumentFlow, Kind
from agreements.models import Agreement


def _validate_template_fields(instance, fields, errors):
    """Check the placeholders and syntax of each template text field; errors go into ``errors``."""
    from .clauses import validate_text

    for field in fields:
        try:
            validate_text(getattr(instance, field))
        except ValidationError as exc:
            errors[field] = exc.messages

class ClauseTemplateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_agreement(self, agreement):
        """The template for this agreement's document type and kind: one written for the kind
        wins over the general one (blank kind)."""
        flow = agreement.document_type.flow
        candidates = self.active().filter(document_flow=flow).filter(Q(kind=agreement.kind) | Q(kind=""))
        return candidates.order_by("-kind", "pk").first()


class ClauseTemplate(models.Model):
    """The text of a document type (KSB, PKS, Nota Kesepakatan, Adendum, …) as the Bagian Kerja
    Sama writes it: title, recitals, the agreement formula and the ordered Pasal.  Texts hold
    placeholders such as ``{{ pihak_kesatu.nama }}`` filled from the agreement through a
    whitelisted context (documents/clauses.py).  Every saved change becomes a new
    :class:`ClauseTemplateVersion`; a draft records the version it was printed with."""

    name = models.CharField(_("name"), max_length=200)
    document_flow = models.CharField(_("document type"), max_length=10, choices=DocumentFlow.choices)
    kind = models.CharField(
        _("kind of cooperation"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Leave empty for a template used by every kind that has no template of its own."),
    )
    title = models.CharField(
        _("document title"), max_length=120, help_text=_("In capitals, e.g. KESEPAKATAN BERSAMA.")
    )
    connector = models.CharField(
        _("word between two parties"), max_length=10, default="DENGAN", help_text=_("DAN or DENGAN.")
    )
    recitals = models.TextField(
        _("recitals"),
        blank=True,
        help_text=_("One recital per paragraph (separate paragraphs with an empty line); they are numbered 1., 2., …"),
    )
    formula = models.TextField(
        _("agreement formula"), help_text=_("The sentence before the first Pasal: “… dengan ketentuan sebagai berikut:”")
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClauseTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("clause template")
        verbose_name_plural = _("clause templates")
        ordering = ["document_flow", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_flow", "kind"], condition=Q(is_active=True), name="clause_template_one_active"
            )
        ]

    def __str__(self):
        return self.name

    def snapshot(self):
        """The content that makes a version: what a draft printed with it contained."""
        return {
            "title": self.title,
            "connector": self.connector,
            "recitals": self.recitals,
            "formula": self.formula,
            "clauses": [{"heading": c.heading, "body": c.body} for c in self.clauses.all()],
        }

    def clean(self):
        errors = {}
        if self.connector.strip().upper() not in ("DAN", "DENGAN"):
            errors["connector"] = _("Use DAN or DENGAN.")
        if self.is_active and self.document_flow:
            clash = ClauseTemplate.objects.active().filter(document_flow=self.document_flow, kind=self.kind)
            if clash.exclude(pk=self.pk).exists():
                errors["kind"] = _("Another active template already exists for this document type and kind.")
        _validate_template_fields(self, ("recitals", "formula"), errors)
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def record_version(self, user=None):
        """Store the current content as a new version when it differs from the last one."""
        locked = ClauseTemplate.objects.select_for_update().get(pk=self.pk)
        content = locked.snapshot()
        last = locked.versions.order_by("-number").first()
        if last and last.content == content:
            return last
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ClauseTemplateVersion.objects.create(template=locked, number=number, content=content, created_by=user)
        ClauseTemplate.objects.filter(pk=self.pk).update(version=number)
        self.version = number
        return version

    def current_version(self):
        return self.versions.order_by("-number").first() or self.record_version()


class Clause(models.Model):
    """One Pasal of a clause template: its heading and its text (ayat are paragraphs)."""

    template = models.ForeignKey(ClauseTemplate, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("template"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200, help_text=_("E.g. MAKSUD DAN TUJUAN."))
    body = models.TextField(
        _("text"),
        help_text=_(
            "Each paragraph (separated by an empty line) is an ayat, numbered (1), (2), … when there is more than one. "
            "Lines starting with “- ” become a list a., b., c. A clause whose text comes out empty is left out."
        ),
    )

    class Meta:
        verbose_name = _("clause (pasal)")
        verbose_name_plural = _("clauses (pasal)")
        ordering = ["order", "id"]

    def __str__(self):
        return self.heading

    def clean(self):
        errors = {}
        _validate_template_fields(self, ("heading", "body"), errors)
        if errors:
            raise ValidationError(errors)


class ClauseTemplateVersion(models.Model):
    """An immutable snapshot of a clause template as it was saved."""

    template = models.ForeignKey(
        ClauseTemplate, on_delete=models.PROTECT, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("clause template version")
        verbose_name_plural = _("clause template versions")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="clause_version_unique")]

    def __str__(self):
        return f"{self.template} v{self.number}"


class DraftRecord(models.Model):
    """One generated draft (or signed scan served): which agreement, format, who asked, and which
    clause template version it was printed with."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        SIGNED_SCAN = "scan", _("Signed scan")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("agreement"))
    template_version = models.ForeignKey(
        ClauseTemplateVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("clause template version"),
    )
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    is_signed = models.BooleanField(_("agreement signed"), default=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("generated draft")
        verbose_name_plural = _("generated drafts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.agreement_id} {self.format} {self.created_at:%Y-%m-%d %H:%M}"


class DraftBundle(models.Model):
    """A ZIP of drafts asked for in the desk: built by a task (``documents.tasks.build_drafts_zip``),
    its progress shown to the user, its file kept ``GENERATED_FILES_KEEP_HOURS`` then removed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("in progress")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    agreement_ids = models.JSONField(_("agreements"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file = models.FileField(_("file"), upload_to="generated/zip/%Y/%m/%d/", blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("ZIP of drafts")
        verbose_name_plural = _("ZIPs of drafts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"ZIP {self.pk} ({self.done}/{self.total})"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def expires_at(self):
        import datetime

        return (self.finished_at or self.created_at) + datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
