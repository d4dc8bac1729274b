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
    title_en = models.CharField(
        _("document title in English"),
        max_length=120,
        blank=True,
        help_text=_("E.g. MEMORANDUM OF UNDERSTANDING. With an English title the naskah of a foreign cooperation is printed in Indonesian and English."),
    )
    recitals_en = models.TextField(_("recitals in English"), blank=True)
    formula_en = models.TextField(_("agreement formula in English"), blank=True)
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
            "title_en": self.title_en,
            "recitals_en": self.recitals_en,
            "formula_en": self.formula_en,
            "clauses": [
                {"heading": c.heading, "body": c.body, "heading_en": c.heading_en, "body_en": c.body_en}
                for c in self.clauses.all()
            ],
        }

    def clean(self):
        errors = {}
        if self.connector.strip().upper() not in ("DAN", "DENGAN"):
            errors["connector"] = _("Use DAN or DENGAN.")
        if self.is_active and self.document_flow:
            clash = ClauseTemplate.objects.active().filter(document_flow=self.document_flow, kind=self.kind)
            if clash.exclude(pk=self.pk).exists():
                errors["kind"] = _("Another active template already exists for this document type and kind.")
        _validate_template_fields(self, ("recitals", "formula", "recitals_en", "formula_en"), errors)
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
    heading_en = models.CharField(_("heading in English"), max_length=200, blank=True)
    body_en = models.TextField(
        _("text in English"), blank=True, help_text=_("Printed beside the Indonesian text in a bilingual naskah.")
    )

    class Meta:
        verbose_name = _("clause (pasal)")
        verbose_name_plural = _("clauses (pasal)")
        ordering = ["order", "id"]

    def __str__(self):
        return self.heading

    def clean(self):
        errors = {}
        _validate_template_fields(self, ("heading", "body", "heading_en", "body_en"), errors)
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


class EnglishText(models.Model):
    """The English wording of an agreement's own texts (subject, purpose, scope, …) for the bilingual
    naskah of a foreign cooperation; what is left empty prints the Indonesian text."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="english", verbose_name=_("agreement")
    )
    title = models.CharField(_("subject in English"), max_length=500, blank=True)
    purpose = models.TextField(_("purpose and objectives in English"), blank=True)
    scope = models.TextField(_("object and scope in English"), blank=True)
    benefits = models.TextField(_("benefits in English"), blank=True)
    location = models.CharField(_("location in English"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("English text of an agreement")
        verbose_name_plural = _("English texts of agreements")

    def __str__(self):
        return self.title or str(self.agreement)


class LetterKind(models.TextChoices):
    """The letters (naskah dinas) the Bagian Kerja Sama writes around an agreement."""

    PENAWARAN = "penawaran", _("Offer of cooperation to a partner")
    DPRD = "dprd", _("Request for DPRD approval")
    KONSULTASI = "konsultasi", _("Consultation of the Minister before a Letter of Intent")
    PERTIMBANGAN = "pertimbangan", _("Request for the Minister's consideration (pertimbangan)")
    PERPANJANGAN = "perpanjangan", _("Request to extend a foreign agreement")
    LAPORAN = "laporan", _("Report of the place and date of signing")
    KUASA = "kuasa", _("Power of attorney (surat kuasa) to sign a PKS")
    UNDANGAN = "undangan", _("Invitation to a TKKSD meeting")


class LetterTemplate(models.Model):
    """A letter's text as the Bagian Kerja Sama writes it, in the pemda's naskah dinas format: hal,
    sifat, lampiran, addressee, body, signatory and tembusan, with the same sandboxed placeholders
    as the clause templates plus the letter's own (documents/letters.py)."""

    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    stages = models.CharField(
        _("offered at the stages"),
        max_length=300,
        blank=True,
        help_text=_("Stage codes separated by commas (e.g. penawaran); the workflow panel offers the letter there."),
    )
    classification = models.CharField(
        _("classification code"), max_length=30, blank=True, help_text=_("Used in the number, e.g. 000.3.3 or 800.1.11.")
    )
    sifat = models.CharField(_("nature (sifat)"), max_length=60, default="Biasa")
    lampiran = models.CharField(_("enclosures (lampiran)"), max_length=300, blank=True)
    hal = models.CharField(_("subject (hal)"), max_length=500)
    addressee = models.TextField(_("addressee (Yth.)"), help_text=_("One line per line of the address."))
    body = models.TextField(_("body"), help_text=_("Paragraphs separated by an empty line; lines starting with “- ” become a list."))
    signer_title = models.CharField(_("signatory's title"), max_length=300, default="{{ kepala_daerah|upper }},")
    signer_name = models.CharField(_("signatory's name"), max_length=300, default="{{ nama_kepala_daerah }}")
    tembusan = models.TextField(_("copies (tembusan)"), blank=True, help_text=_("One recipient per line."))
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    TEXT_FIELDS = ("lampiran", "hal", "addressee", "body", "signer_title", "signer_name", "tembusan")

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            self.version = (LetterTemplate.objects.filter(pk=self.pk).values_list("version", flat=True).first() or 0) + 1
        super().save(*args, **kwargs)

    def stage_list(self):
        return [code.strip() for code in self.stages.split(",") if code.strip()]

    def clean(self):
        from .letters import validate_letter_text

        errors = {}
        for field in self.TEXT_FIELDS:
            try:
                validate_letter_text(getattr(self, field))
            except ValidationError as exc:
                errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)


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
    letter = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices, blank=True)
    letter_version = models.PositiveIntegerField(_("letter template version"), null=True, blank=True)
    number = models.CharField(_("letter number"), max_length=120, blank=True)
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
