"""What the pemda plans before it cooperates and reports after: the pemetaan potensi kerja sama,
the planning references (RPJMD/RKPD/Renja codes), each proposal's link to them and its budget
lines, the rencana kegiatan tahunan of a foreign agreement and its annual report (Permendagri
25/2020 Pasal 26, 35–38).  Nothing here changes an agreement's stage."""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Opd
from agreements.choices import MonevRecommendation
from agreements.models import Agreement, MonitoringEntry, Urusan
from documents.models import DraftBundle
from partners.choices import PartnerType


class ReviewStatus(models.TextChoices):
    """Where an OPD's entry stands with the Bagian Kerja Sama."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Validated")

    @classmethod
    def editable_by_opd(cls):
        return [cls.DRAFT, cls.RETURNED]


REVIEW_BADGE = {
    ReviewStatus.DRAFT: "secondary",
    ReviewStatus.SUBMITTED: "info",
    ReviewStatus.RETURNED: "warning",
    ReviewStatus.APPROVED: "success",
}


class Priority(models.TextChoices):
    HIGH = "1", _("High")
    MEDIUM = "2", _("Medium")
    LOW = "3", _("Low")


class ReviewedEntry(models.Model):
    """What an OPD enters and the Bagian Kerja Sama reviews: its status and the review."""

    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    review_note = models.TextField(_("note of the Bagian Kerja Sama"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def status_badge(self):
        return REVIEW_BADGE.get(self.status, "secondary")


class PotentialMappingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Everything for those who see the whole registry; an OPD's own entries otherwise."""
        from accounts import roles

        if roles.sees_everything(user):
            return self
        opd_id = roles.user_opd_id(user)
        return self.filter(opd_id=opd_id) if opd_id else self.none()

    def validated(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def for_year(self, year):
        return self.filter(year_from__lte=year, year_to__gte=year)


class PotentialMapping(ReviewedEntry):
    """One line of the pemetaan potensi kerja sama: per urusan and OPD, what could be cooperated
    on, with whom, for what benefit, with which priority and for which planning years.  Entered
    by the OPD, validated by the Bagian Kerja Sama."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="potential_mappings", verbose_name=_("OPD"))
    urusan = models.ForeignKey(Urusan, on_delete=models.PROTECT, related_name="potential_mappings", verbose_name=_("government affair (urusan)"))
    potential = models.CharField(_("potential to cooperate on"), max_length=300)
    description = models.TextField(_("description and need"), blank=True)
    partner_type = models.CharField(_("kind of partner"), max_length=20, choices=PartnerType.choices)
    candidate_partners = models.CharField(_("candidate partners"), max_length=500, blank=True)
    expected_benefit = models.TextField(_("expected benefit"))
    priority = models.CharField(_("priority"), max_length=1, choices=Priority.choices, default=Priority.MEDIUM)
    year_from = models.PositiveSmallIntegerField(_("from planning year"))
    year_to = models.PositiveSmallIntegerField(_("to planning year"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PotentialMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation potential (pemetaan)")
        verbose_name_plural = _("cooperation potential mapping (pemetaan)")
        ordering = ["urusan__code", "priority", "opd__name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(year_to__gte=F("year_from")), name="mapping_years_in_order"),
        ]

    def __str__(self):
        return f"{self.urusan.code} · {self.potential}"

    @property
    def years(self):
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"

    def clean(self):
        if self.year_from and self.year_to and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("The last planning year cannot be before the first.")})


class PlanningDocument(models.TextChoices):
    RPJMD = "rpjmd", "RPJMD"
    RKPD = "rkpd", "RKPD"
    RENJA = "renja", _("Renja (OPD work plan)")


class PlanningLevel(models.TextChoices):
    PROGRAM = "program", _("Programme")
    KEGIATAN = "kegiatan", _("Activity (kegiatan)")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub-activity (sub-kegiatan)")


class PlanningReference(models.Model):
    """A programme, kegiatan or sub-kegiatan of the pemda's RPJMD, RKPD or Renja with the code the
    pemda uses for it; imported from the pemda's own XLSX, editable in the admin."""

    document = models.CharField(_("planning document"), max_length=10, choices=PlanningDocument.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=15, choices=PlanningLevel.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=400)
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="planning_references", verbose_name=_("OPD")
    )

    class Meta:
        verbose_name = _("planning reference")
        verbose_name_plural = _("planning references (RPJMD/RKPD/Renja)")
        ordering = ["document", "year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "year", "code"], name="planning_reference_unique"),
        ]

    def __str__(self):
        return f"{self.get_document_display()} {self.year} · {self.code} {self.name}"


class AgreementPlanning(models.Model):
    """A proposal's place in the plan: the mapping entry it realises and its planning reference
    (or free text where no code applies)."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="planning_link", verbose_name=_("agreement")
    )
    mapping = models.ForeignKey(
        PotentialMapping, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement_links",
        verbose_name=_("mapping entry realised"),
    )
    reference = models.ForeignKey(
        PlanningReference, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement_links",
        verbose_name=_("planning reference"),
    )
    reference_text = models.CharField(_("planning reference (free text)"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("planning link")
        verbose_name_plural = _("planning links")

    def __str__(self):
        return str(self.reference or self.reference_text or self.mapping or "—")


class BudgetLine(models.Model):
    """The budget line (APBD account) and amount an agreement has in a year, and what was spent."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("agreement"))
    year = models.PositiveSmallIntegerField(_("year"))
    account_code = models.CharField(_("budget line code"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("budgeted (Rp)"), max_digits=18, decimal_places=2)
    realised = models.DecimalField(_("realised (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "account_code"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "account_code"], name="budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.account_code}"


class PartnerAssessment(models.Model):
    """The partner's own assessment of a monitoring period (Samarinda practice: monev is filled in
    parallel by the partner, the OPD and the Bagian Kerja Sama), recorded with the OPD's entry."""

    entry = models.OneToOneField(
        MonitoringEntry, on_delete=models.CASCADE, related_name="partner_assessment", verbose_name=_("monitoring entry")
    )
    assessor = models.CharField(_("assessed by (partner's official)"), max_length=200)
    rating = models.PositiveSmallIntegerField(_("partner's rating (1–5)"), null=True, blank=True)
    recommendation = models.CharField(_("partner's recommendation"), max_length=15, choices=MonevRecommendation.choices, blank=True)
    note = models.TextField(_("partner's assessment"))

    class Meta:
        verbose_name = _("partner's assessment")
        verbose_name_plural = _("partners' assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="partner_assessment_rating_1_5"
            )
        ]

    def __str__(self):
        return self.assessor


class AnnualActivity(models.Model):
    """One activity of a foreign agreement's rencana kegiatan tahunan (Permendagri 25/2020
    Pasal 26): what, who does what, the expected result and its financing."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="annual_activities", verbose_name=_("agreement"))
    year = models.PositiveSmallIntegerField(_("year"))
    activity = models.CharField(_("activity"), max_length=300)
    roles = models.TextField(_("roles of the parties"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    financing = models.CharField(_("financing"), max_length=300, blank=True)
    beneficiaries = models.CharField(_("beneficiaries"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("annual activity (rencana kegiatan tahunan)")
        verbose_name_plural = _("annual activity plan (rencana kegiatan tahunan)")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.year}: {self.activity}"


# The nine headings of the Lampiran of Permendagri 25/2020 (Pasal 36): field name and the heading
# as the regulation writes it (legal text, not translated).
REPORT_HEADINGS = [
    ("judul", "Judul"),
    ("latar_belakang", "Latar Belakang"),
    ("maksud_tujuan_sasaran", "Maksud, Tujuan dan Sasaran"),
    ("ruang_lingkup", "Ruang Lingkup"),
    ("perkembangan_hasil", "Perkembangan dan Hasil Kerja Sama"),
    ("penerima_manfaat", "Penerima Manfaat"),
    ("pendanaan", "Pendanaan"),
    ("hambatan_tantangan", "Hambatan dan Tantangan"),
    ("analisis_tindak_lanjut", "Analisis dan Rencana Tindak Lanjut"),
]
HEADING_FIELDS = [name for name, _heading in REPORT_HEADINGS]


class ForeignAnnualReport(ReviewedEntry):
    """The annual report on one foreign agreement (KSDPL/KSDLL) for one year, under the nine
    headings of Permendagri 25/2020; prefilled from the agreement, its monev and its rencana
    kegiatan tahunan, completed by the OPD and approved by the Bagian Kerja Sama."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="foreign_reports", verbose_name=_("agreement"))
    year = models.PositiveSmallIntegerField(_("year reported"))
    judul = models.CharField(_("title"), max_length=500)
    latar_belakang = models.TextField(_("background"), blank=True)
    maksud_tujuan_sasaran = models.TextField(_("purpose, objectives and targets"), blank=True)
    ruang_lingkup = models.TextField(_("scope"), blank=True)
    perkembangan_hasil = models.TextField(_("progress and results"), blank=True)
    penerima_manfaat = models.TextField(_("beneficiaries"), blank=True)
    pendanaan = models.TextField(_("funding"), blank=True)
    hambatan_tantangan = models.TextField(_("obstacles and challenges"), blank=True)
    analisis_tindak_lanjut = models.TextField(_("analysis and follow-up plan"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("annual foreign cooperation report")
        verbose_name_plural = _("annual foreign cooperation reports")
        ordering = ["-year", "agreement__title"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="foreign_report_once_per_year"),
        ]

    def __str__(self):
        return f"{self.year} · {self.judul}"

    def sections(self):
        return [(heading, getattr(self, name)) for name, heading in REPORT_HEADINGS]


def report_fingerprint(kind, parameters):
    """What makes two report requests the same report: its kind and parameters."""
    return hashlib.sha256(json.dumps([kind, parameters], sort_keys=True, default=str).encode()).hexdigest()


class ReportJobQuerySet(models.QuerySet):
    def alive(self):
        """Jobs within their life (GENERATED_FILES_KEEP_HOURS from when they finished, or were
        asked for while unfinished), newest first."""
        cutoff = timezone.now() - datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
        return self.filter(Q(finished_at__gt=cutoff) | Q(finished_at__isnull=True, created_at__gt=cutoff)).order_by("-created_at", "-id")


class ReportJob(models.Model):
    """A report file asked for on a reporting page (PDF, XLSX or DOCX): built by a task
    (``reporting.tasks.build_report``) within what its owner may see, kept through the storage
    API for ``GENERATED_FILES_KEEP_HOURS`` and downloaded only by its owner (or a superuser).
    The same report asked again by the same user while a job lives reuses that job."""

    class Kind(models.TextChoices):
        MAPPING = "mapping", _("Cooperation potential mapping")
        FOREIGN = "foreign", _("Annual foreign report")
        RECAP = "recap", _("Recap")
        REGISTER = "register", _("Number register")
        SUMMARY = "summary", _("Leader's summary")

    Status = DraftBundle.Status  # waiting, in progress, ready, failed: as every generated file

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to="generated/reports/%Y/%m/%d/", blank=True, max_length=300)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "fingerprint", "created_at"], name="report_job_reuse")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    def save(self, *args, **kwargs):
        self.fingerprint = report_fingerprint(self.kind, self.parameters)
        super().save(*args, **kwargs)

    @property
    def expires_at(self):
        return (self.finished_at or self.created_at) + datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    @property
    def fmt(self):
        return self.parameters.get("fmt", "pdf")
