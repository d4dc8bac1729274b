import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import roles
from accounts.models import Opd
from partners.models import Partner

from .choices import (
    DocumentFlow,
    FundingSource,
    HolidayKind,
    Initiative,
    Kind,
    MonevRecommendation,
    ParentRelation,
    PlanningBasis,
    SigningCapacity,
    Stage,
    SubKind,
    TerminationCause,
    UrusanGroup,
    stage_badge,
)
from .legal_calendar import add_months

# --- Reference tables the Bagian Kerja Sama extends in the admin ----------------------------------


class Urusan(models.Model):
    """One of the 32 urusan pemerintahan konkuren (UU 23/2014 Pasal 11–12; domain.md §8.2)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=UrusanGroup.choices)

    class Meta:
        verbose_name = _("government affair (urusan)")
        verbose_name_plural = _("government affairs (urusan)")
        ordering = ["code"]

    def __str__(self):
        return self.name


class DocumentType(models.Model):
    """A kind of cooperation document: KSB, PKS, Nota Kesepakatan, LoI, MoU, Adendum, …

    ``flow`` tells the stage engine which path a document of this type follows."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    flow = models.CharField(_("workflow"), max_length=10, choices=DocumentFlow.choices, default=DocumentFlow.LAINNYA)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AttachmentType(models.Model):
    """A kind of attached file: KAK, studi kelayakan, surat penawaran, persetujuan DPRD, …

    The stage engine refers to the fixed ``code`` values; names are editable."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("attachment type")
        verbose_name_plural = _("attachment types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# --- The agreement --------------------------------------------------------------------------------


# Signed and not ended: an extension may still be requested (and is reminded of).
EXTENSION_STAGES = (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR)


class AgreementQuerySet(models.QuerySet):
    def for_user(self, user):
        """What ``user`` may see: everything for the Bagian Kerja Sama, TKKSD and Pimpinan; for OPD
        staff only their own OPD's agreements (as pemrakarsa or pelaksana); nothing otherwise."""
        if roles.sees_everything(user):
            return self
        opd_id = roles.user_opd_id(user)
        if opd_id is None:
            return self.none()
        executing = Agreement.executing_opds.through.objects.filter(opd_id=opd_id).values("agreement_id")
        return self.filter(Q(opd_initiator_id=opd_id) | Q(pk__in=executing))

    def signed(self):
        return self.filter(stage__in=Stage.signed())

    def in_force(self):
        return self.filter(stage__in=Stage.in_force())

    def in_process(self):
        return self.filter(stage__in=Stage.in_process())

    def expiring_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.in_force().filter(end_date__gte=today, end_date__lte=today + timedelta(days=days))

    def published(self):
        return self.filter(is_published=True, stage__in=Stage.signed())

    def extension_due(self, today=None, within_days=None):
        """Foreign cooperation, signed and not ended, whose extension request (six months before the
        end, Permendagri 25/2020 Pasal 33: ``Agreement.extension_request_due``) falls due by ``today +
        within_days`` — overdue ones included while the agreement still runs — and that has no
        extension under way (one that was not rejected or withdrawn).

        ``within_days`` defaults to the longest of ``EXTENSION_REMINDER_LEAD_DAYS``: the desk's work
        queue lists exactly the agreements the daily reminders write about."""
        return self.filter(self.extension_due_q(today, within_days))

    @staticmethod
    def extension_due_q(today=None, within_days=None):
        """``extension_due`` as a condition on the agreement's own row (a ``Q``, for the desk's queue
        filters), served by the partial index ``agreement_extension_due``."""
        today = today or timezone.localdate()
        if within_days is None:
            within_days = max([0, *(int(d) for d in settings.KERJASAMA["EXTENSION_REMINDER_LEAD_DAYS"])])
        months = settings.KERJASAMA["EXTENSION_REQUEST_MONTHS"]
        due_by = today + timedelta(days=within_days)
        # The last end date whose due date (clamped to a month's end) is not after ``due_by``.
        last_end = add_months(due_by, months) + timedelta(days=3)
        while add_months(last_end, -months) > due_by:
            last_end -= timedelta(days=1)
        under_way = (
            Agreement.objects.filter(parent_relation=ParentRelation.PERPANJANGAN, parent__isnull=False)
            .exclude(stage__in=[Stage.DITOLAK, Stage.DITARIK])
            .values("parent_id")
        )
        return Q(kind__in=Kind.foreign(), stage__in=EXTENSION_STAGES, end_date__gte=today, end_date__lte=last_end) & ~Q(
            pk__in=under_way
        )

    def with_list_relations(self):
        return self.select_related("document_type", "opd_initiator").prefetch_related("parties__partner")


class Agreement(models.Model):
    """A cooperation document from proposal (usulan) to its end: one KSB, one PKS, one Nota
    Kesepakatan, one foreign naskah or one adendum.  A PKS points to its KSB and an adendum or
    extension to the document it changes, so the registry can show the whole family."""

    kind = models.CharField(_("kind of cooperation"), max_length=20, choices=Kind.choices)
    subkind = models.CharField(_("sub-kind"), max_length=20, choices=SubKind.choices, blank=True)
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("document type")
    )
    title = models.CharField(_("title (tentang …)"), max_length=500)
    background = models.TextField(_("background"), blank=True)
    purpose = models.TextField(_("purpose and objectives (maksud dan tujuan)"), blank=True)
    scope = models.TextField(_("object and scope (ruang lingkup)"), blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    benefits = models.TextField(_("benefits (manfaat)"), blank=True)
    urusan = models.ManyToManyField(Urusan, related_name="agreements", verbose_name=_("government affairs"), blank=True)
    planning_basis = models.CharField(
        _("planning basis"), max_length=20, choices=PlanningBasis.choices, default=PlanningBasis.RENCANA
    )
    planning_reference = models.CharField(_("RPJMD/RKPD reference"), max_length=255, blank=True)
    initiative = models.CharField(_("initiative (prakarsa)"), max_length=10, choices=Initiative.choices, default=Initiative.DAERAH)
    regime_reference = models.CharField(
        _("sectoral regime reference"),
        max_length=255,
        blank=True,
        help_text=_("For KSDPK on assets, investment, infrastructure or procurement: the regulation it runs under."),
    )

    opd_initiator = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="initiated_agreements", verbose_name=_("initiating OPD (pemrakarsa)")
    )
    executing_opds = models.ManyToManyField(
        Opd, related_name="executed_agreements", verbose_name=_("executing OPD (pelaksana)"), blank=True
    )

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent document")
    )
    parent_relation = models.CharField(_("relation to parent"), max_length=15, choices=ParentRelation.choices, blank=True)

    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.PERSIAPAN, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    resume_stage = models.CharField(_("stage to resume after revision"), max_length=30, choices=Stage.choices, blank=True)

    signing_place = models.CharField(_("place of signing"), max_length=255, blank=True)
    signing_date = models.DateField(_("date of signing"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)
    duration_text = models.CharField(_("term (as written)"), max_length=255, blank=True)
    duration_months = models.PositiveIntegerField(_("term in months"), null=True, blank=True)
    term_override_reason = models.TextField(
        _("reason for a term over the limit"),
        blank=True,
        help_text=_("Required when a foreign cooperation runs longer than 5 years (Permendagri 25/2020 Pasal 32)."),
    )

    funding_source = models.CharField(_("source of funding"), max_length=15, choices=FundingSource.choices, blank=True)
    value = models.DecimalField(_("value (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True)

    # DPRD approval (PP 28/2018 Pasal 6(2)): suggested from these two facts, overridable with a reason.
    burdens_community = models.BooleanField(_("burdens the community and the region"), default=False)
    not_budgeted = models.BooleanField(_("funding not yet in this year's APBD"), default=False)
    dprd_required_override = models.BooleanField(_("DPRD approval required (override)"), null=True, blank=True)
    dprd_override_reason = models.TextField(_("reason for the override"), blank=True)

    no_ksb_reason = models.TextField(
        _("justification for no Kesepakatan Bersama"),
        blank=True,
        help_text=_("For KSDPK under a sectoral regime, which needs no KSB."),
    )

    # Penerusan KSDLL (Permendagri 25/2020 Pasal 29–30).
    commercial_or_asset_based = models.BooleanField(
        _("commercial, or uses regional assets"),
        default=False,
        help_text=_("A penerusan KSDLL that is commercial or uses regional assets needs a feasibility study (Pasal 29)."),
    )
    foreign_nonprofit = models.BooleanField(_("the partner is a foreign non-profit organisation"), default=False)
    izin_prinsip_number = models.CharField(_("Izin Prinsip number (Kemlu)"), max_length=120, blank=True)
    izin_operasional_number = models.CharField(_("Izin Operasional number"), max_length=120, blank=True)

    termination_cause = models.CharField(
        _("cause of termination"), max_length=25, choices=TerminationCause.choices, blank=True
    )
    termination_note = models.TextField(_("termination note"), blank=True)

    is_published = models.BooleanField(
        _("published on the transparency page"), default=False, help_text=_("Only signed agreements are shown.")
    )
    tracking_token = models.UUIDField(_("tracking code"), default=uuid.uuid4, unique=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["stage_changed_at", "updated_at"])

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="agreement_value_not_negative"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")), name="agreement_not_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "end_date"], name="agreement_stage_end"),
            # The foreign agreements still running, by end date: the extension requests that fall due
            # (``AgreementQuerySet.extension_due``), a few thousand entries in a million.
            models.Index(
                fields=["end_date", "id"],
                condition=Q(kind__in=Kind.foreign(), stage__in=list(EXTENSION_STAGES)),
                name="agreement_extension_due",
            ),
            # The registry's "waiting longest at its stage" order over every stage.
            models.Index(fields=["stage_changed_at", "id"], name="agreement_waiting_since"),
        ]

    def __str__(self):
        return f"{self.document_type.name if self.document_type_id else ''} {self.title}".strip()

    def get_absolute_url(self):
        """The proposal page (``proposal_detail``): each signed-in user sees it if it is theirs to
        see (``for_user``), else a 404; the admin's "Lihat di situs" leads there."""
        from django.urls import reverse

        return reverse("proposal_detail", args=[self.pk])

    # --- facts derived from the regulation --------------------------------------------------------

    @property
    def is_foreign(self):
        return self.kind in Kind.foreign()

    @property
    def is_signed(self):
        return self.stage in Stage.signed()

    @property
    def is_editable_by_opd(self):
        return self.stage in Stage.editable_by_opd()

    @property
    def stage_badge(self):
        return stage_badge(self.stage)

    @property
    def dprd_required_suggested(self):
        """The DPRD matrix of domain.md §4.1."""
        if self.kind in Kind.foreign():
            if self.kind == Kind.KSDLL and self.subkind == SubKind.PENERUSAN:
                return settings.KERJASAMA["KSDLL_PENERUSAN_REQUIRES_DPRD"]
            return True
        if self.kind in Kind.domestic_ksd():
            return self.burdens_community or self.not_budgeted
        return False

    @property
    def dprd_required(self):
        # KSDPL and "persetujuan Pusat" KSDLL always need the DPRD (Permendagri 25/2020 Pasal 16).
        if self.kind == Kind.KSDPL or (self.kind == Kind.KSDLL and self.subkind != SubKind.PENERUSAN):
            return True
        if self.dprd_required_override is not None:
            return self.dprd_required_override
        return self.dprd_required_suggested

    @property
    def extension_request_due(self):
        """The last day to request the extension of a foreign cooperation from the Menteri: six
        months before the end date (Permendagri 25/2020 Pasal 33)."""
        if self.kind not in Kind.foreign() or not self.end_date:
            return None
        from .legal_calendar import add_months

        return add_months(self.end_date, -settings.KERJASAMA["EXTENSION_REQUEST_MONTHS"])

    @property
    def home_party(self):
        for party in self.parties.all():
            if party.partner.is_home:
                return party
        return None

    @property
    def partner_parties(self):
        return [p for p in self.parties.all() if not p.partner.is_home]

    def days_left(self, today=None):
        if not self.end_date:
            return None
        return (self.end_date - (today or timezone.localdate())).days

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.subkind:
            from .choices import SUBKINDS_BY_KIND

            if self.subkind not in SUBKINDS_BY_KIND.get(self.kind, []):
                errors["subkind"] = _("This sub-kind does not belong to the chosen kind of cooperation.")
        if self.dprd_required_override is not None and self.dprd_required_override != self.dprd_required_suggested:
            if not self.dprd_override_reason.strip():
                errors["dprd_override_reason"] = _("Give the reason why the DPRD rule is overridden.")
        if self.parent_id and not self.parent_relation:
            errors["parent_relation"] = _("Say how this document relates to its parent.")
        if errors:
            raise ValidationError(errors)


class AgreementParty(models.Model):
    """A party to a document, with its label (PIHAK KESATU, PIHAK KEDUA, …), its signatory and the
    number the document carries in that party's own register."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement"))
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreement_parties", verbose_name=_("partner"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    role_label = models.CharField(_("role label"), max_length=40, default="PIHAK KESATU")
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title (jabatan)"), max_length=255, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=30, blank=True)
    signing_capacity = models.CharField(
        _("signing capacity"), max_length=15, choices=SigningCapacity.choices, blank=True
    )
    power_of_attorney = models.CharField(_("power of attorney (surat kuasa) number"), max_length=120, blank=True)
    document_number = models.CharField(_("document number"), max_length=120, blank=True)
    # The home pemda's number register: set on the home party's row when it carries a number; 0 when
    # the number pattern holds the year (the text carries it), else the year the number belongs to.
    # The partial unique constraint below makes a number, once issued or typed, unique per pemda.
    register_year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True, editable=False)
    needs_stamp_duty = models.BooleanField(_("signs over a meterai"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "partner"], name="party_once_per_agreement"),
            models.UniqueConstraint(fields=["agreement", "order"], name="party_order_unique"),
            models.UniqueConstraint(
                fields=["document_number", "register_year"],
                condition=Q(register_year__isnull=False),
                name="home_number_unique_in_register",
            ),
        ]

    def __str__(self):
        return f"{self.role_label}: {self.partner}"

    def save(self, *args, **kwargs):
        """Keep the home pemda's register: a home number is entered in it, and a clash is refused with
        a clear message (``numbering.NumberClash``) instead of a database error."""
        from .numbering import register_party_number

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "document_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "register_year"}
        if update_fields is None or "document_number" in update_fields:
            return register_party_number(self, lambda: super(AgreementParty, self).save(*args, **kwargs))
        return super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_number = instance.__dict__.get("document_number")
        return instance


class ContactPerson(models.Model):
    """A contact person for an agreement (Samarinda practice: at least two, with a surat tugas)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("agreement"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["id"]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    """Files are stored under non-guessable names; the original name is kept in the row."""
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A typed file attached to an agreement.  Files are never served by URL, only through a view
    that checks the user may see the agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("agreement")
    )
    attachment_type = models.ForeignKey(
        AttachmentType, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("attachment type")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("note"), max_length=255, blank=True)
    revision_round = models.PositiveSmallIntegerField(_("revision round"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    is_removed = models.BooleanField(_("removed"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["attachment_type__order", "-uploaded_at"]

    def __str__(self):
        return f"{self.attachment_type}: {self.original_name}"


class StageEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guard
        raise ValidationError(_("Stage history cannot be changed."))

    def delete(self):  # pragma: no cover - guard
        raise ValidationError(_("Stage history cannot be deleted."))


class StageEvent(models.Model):
    """An immutable entry in an agreement's history: who did what, when, from which stage to which,
    with the note and the data of the decision.  Written only by ``agreements.services``."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="events", verbose_name=_("agreement"))
    action = models.CharField(_("action"), max_length=40)
    from_stage = models.CharField(_("from stage"), max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=30, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("decision data"), default=dict, blank=True)

    objects = StageEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage event")
        verbose_name_plural = _("stage history")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["agreement", "created_at"], name="event_agreement_time")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.from_stage} → {self.to_stage}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Stage history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Stage history cannot be deleted."))

    def get_action_display(self):
        from .workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)


class MonitoringEntry(models.Model):
    """A progress report or a monitoring & evaluation entry during pelaksanaan."""

    class EntryType(models.TextChoices):
        REPORT = "laporan", _("Progress report")
        MONEV = "monev", _("Monitoring and evaluation")
        ANNUAL = "tahunan", _("Annual report (foreign cooperation)")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="monitoring", verbose_name=_("agreement"))
    entry_type = models.CharField(_("type"), max_length=10, choices=EntryType.choices)
    period = models.CharField(_("period"), max_length=60, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("progress and results"))
    obstacles = models.TextField(_("obstacles"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=15, choices=MonevRecommendation.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report / monitoring entry")
        verbose_name_plural = _("reports and monitoring")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="monitoring_rating_1_5"
            )
        ]

    def __str__(self):
        return f"{self.get_entry_type_display()} {self.date}"


class NumberSequence(models.Model):
    """The last number the home pemda gave a document type in a year (the numbering register)."""

    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("document type"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    # every number taken and every hand correction of the register, for its history page
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["document_type", "year"], name="number_sequence_unique")]

    def __str__(self):
        return f"{self.document_type} {self.year}: {self.last_number}"


class HolidayQuerySet(models.QuerySet):
    def dates_between(self, start, end):
        return set(self.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


class Holiday(models.Model):
    """A day that is not a working day although it falls on Monday–Friday: a national holiday
    (seeded from the ``holidays`` package) or a cuti bersama (decided each year by SKB, edited
    here).  Counts such as the DPRD's 45 working days (Permendagri 25/2020 Pasal 17) skip them."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=HolidayKind.choices, default=HolidayKind.NASIONAL)
    note = models.CharField(_("note"), max_length=255, blank=True, help_text=_("E.g. the SKB that set this cuti bersama."))

    objects = HolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays and cuti bersama")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


class AdjacentRegion(models.Model):
    """Two regions that share a border (berbatasan), for KSDD wajib (PP 28/2018 Pasal 3(2)).  One
    row per pair; the order of the two does not matter."""

    region = models.ForeignKey(
        "partners.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    neighbour = models.ForeignKey(
        "partners.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("adjacent region")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("adjacent region")
        verbose_name_plural = _("adjacent regions")
        ordering = ["region", "neighbour"]
        constraints = [
            models.UniqueConstraint(fields=["region", "neighbour"], name="adjacent_region_pair_unique"),
            models.CheckConstraint(condition=~Q(region=F("neighbour")), name="adjacent_region_not_itself"),
        ]

    def __str__(self):
        return f"{self.region} – {self.neighbour}"

    @classmethod
    def adjacent(cls, a, b):
        """Whether regions ``a`` and ``b`` (codes) border each other: a row in either order, or a
        kabupaten/kota and its own province (PP 28/2018 Pasal 3; domain.md §2.1)."""
        if not a or not b or a == b:
            return False
        kabkota, other = (a, b) if "." in a else (b, a)
        if "." not in other and kabkota.split(".")[0] == other:
            return True
        return cls.objects.filter(Q(region_id=a, neighbour_id=b) | Q(region_id=b, neighbour_id=a)).exists()
