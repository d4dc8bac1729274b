"""The small forms behind the workflow buttons of the agreement's admin page.

Each form collects what one step records and calls ``agreements.services`` in ``perform()``;
the admin view runs ``perform()`` inside ``transaction.atomic`` and shows a refused transition
(``TransitionError``) as an error message, with nothing saved.  Files go through
``agreements.uploads`` (content check, size limit) and are stored as typed attachments.
The rules themselves (what a stage needs, who may act) stay in the services and the workflow
table: these forms only gather the data.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements import money, numbering, services, workflow
from agreements.choices import (
    TERMINATION_CAUSES_BY_KIND,
    MonevRecommendation,
    ParentRelation,
    SigningCapacity,
    Stage,
    TerminationCause,
)
from agreements.models import AttachmentType, DocumentType, MonitoringEntry
from agreements.text import CleanTextMixin, clean_form_data
from agreements.uploads import store_attachment, validate_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- Rupiah, as the Bagian Kerja Sama writes it ---------------------------------------------------

def parse_rupiah(text):
    """An amount as people type it (``agreements.money.parse``), or the box's Indonesian error."""
    try:
        return money.parse(text)
    except ValueError:
        raise ValidationError(_("Enter an amount in rupiah, e.g. Rp1.250.000 or 1.250.000,50."), code="invalid") from None


class RupiahInput(forms.TextInput):
    """A text box with "Rp" before it that shows "1.250.000", not the database's "1250000.00"."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "class": "ks-rupiah-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return money.group(value)
        return super().format_value(value)  # what was typed, shown again with its error

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html('<span class="ks-rupiah"><span class="ks-rupiah-prefix" aria-hidden="true">Rp</span>{}</span>', box)


class RupiahField(forms.DecimalField):
    """The agreement's value in rupiah (``parse_rupiah``), checked against the column's digits."""

    widget = RupiahInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_rupiah(value)

    def widget_attrs(self, widget):
        return {}  # no "step"/"min": the box is text, the digits are checked in clean()


def _date_field(label, required=False, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


NOTE_LABEL = _("Note")


def _note_field(label=NOTE_LABEL, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class UploadField(forms.FileField):
    """A file checked by its content (PDF, DOCX, XLSX, JPG, PNG) before anything is stored."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data:
            validate_upload(data)
        return data


def attachment_name(code):
    row = AttachmentType.objects.filter(code=code).only("name").first()
    return row.name if row else code


class WorkflowForm(CleanTextMixin, forms.Form):
    """Base of the step forms.  ``perform()`` returns the success message (or raises)."""

    title = ""
    intro = ""
    submit_label = _("Save")
    submit_style = "default"
    # (button name, label) of a second submit button, e.g. "take a number from the register"
    extra_submit = None

    def __init__(self, *args, agreement=None, user=None, **kwargs):
        if agreement is not None:
            self.agreement = agreement
        if user is not None:
            self.user = user
        self.stored = []
        self.result_url = None
        super().__init__(*args, **kwargs)
        # the stage this form was made for: the service refuses when the agreement has moved since
        self.fields["expected_stage"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=getattr(self, "agreement", None) and self.agreement.stage
        )

    @property
    def expected_stage(self):
        return (self.cleaned_data.get("expected_stage") or "").strip() or None

    def store(self, code, uploaded, note=""):
        """Store one uploaded file as an attachment of type ``code`` (inside the view's transaction)."""
        attachment_type = AttachmentType.objects.get(code=code)
        attachment = store_attachment(self.agreement, attachment_type, uploaded, self.user, note=note)
        self.stored.append(attachment)
        return attachment

    def cleanup_files(self):
        """The transaction was rolled back: remove the stored files from the disk too."""
        for attachment in self.stored:
            attachment.file.storage.delete(attachment.file.name)
        self.stored = []

    def perform(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def done(self, action_label):
        return gettext("%(action)s. The stage is now “%(stage)s”.") % {
            "action": action_label,
            "stage": self.agreement.get_stage_display(),
        }


# --- proposal review ---------------------------------------------------------------------------


class SubmitForm(WorkflowForm):
    title = _("Submit the proposal")
    intro = _("The proposal goes to verification by the Bagian Kerja Sama.")
    submit_label = _("Submit")
    note = _note_field()

    def perform(self):
        _agreement, warnings = services.submit(
            self.agreement, self.user, self.cleaned_data["note"], expected_stage=self.expected_stage
        )
        message = self.done(gettext("Submitted"))
        if warnings:
            message += " " + gettext("Note: %(warnings)s") % {"warnings": " ".join(str(w) for w in warnings)}
        return message


class WithdrawForm(WorkflowForm):
    title = _("Withdraw the proposal")
    intro = _("A withdrawn proposal stays in the registry with its history; it cannot be resumed.")
    submit_label = _("Withdraw")
    submit_style = "danger"
    note = _note_field(_("Reason"), required=True)

    def perform(self):
        services.withdraw(self.agreement, self.user, self.cleaned_data["note"], expected_stage=self.expected_stage)
        return self.done(gettext("Withdrawn"))


class VerifyForm(WorkflowForm):
    title = _("Verify the proposal")
    intro = _("The proposal is complete and enters the regulation's path. You cannot verify a proposal you submitted.")
    submit_label = _("Verify")
    note = _note_field()

    def perform(self):
        services.verify(self.agreement, self.user, self.cleaned_data["note"], expected_stage=self.expected_stage)
        return self.done(gettext("Verified"))


class ReturnForm(WorkflowForm):
    title = _("Return for revision")
    intro = _("The OPD revises and resubmits; the proposal then resumes at the current stage.")
    submit_label = _("Return for revision")
    submit_style = "warning"
    note = _note_field(_("What must be revised"), required=True)

    def perform(self):
        services.return_for_revision(
            self.agreement, self.user, self.cleaned_data["note"], expected_stage=self.expected_stage
        )
        return self.done(gettext("Returned for revision"))


class RejectForm(WorkflowForm):
    title = _("Reject")
    intro = _("A rejected proposal stays in the registry with its history; it cannot be resumed.")
    submit_label = _("Reject")
    submit_style = "danger"
    reason = _note_field(_("Reason for the rejection"), required=True)

    def perform(self):
        services.reject(self.agreement, self.user, self.cleaned_data["reason"], expected_stage=self.expected_stage)
        return self.done(gettext("Rejected"))


# --- TKKSD ---------------------------------------------------------------------------------------

TKKSD_RESULT_CHOICES = [
    ("setuju", _("Agree")),
    ("setuju_dengan_catatan", _("Agree with notes")),
    ("tidak_setuju", _("Disagree")),
]


class TkksdForm(WorkflowForm):
    title = _("TKKSD recommendation")
    intro = _("The TKKSD's recommendation on the draft; a positive one lets the stage be completed.")
    submit_label = _("Record the recommendation")
    date = _date_field(_("Date of the TKKSD meeting"), required=True)
    result = forms.ChoiceField(label=_("Result"), choices=TKKSD_RESULT_CHOICES, widget=forms.RadioSelect)
    notes = _note_field(_("Notes"))
    minutes = UploadField(label=_("Minutes (notulen / berita acara)"))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def perform(self):
        data = self.cleaned_data
        self.store("notulen_tkksd", data["minutes"], note=gettext("TKKSD meeting of %(date)s") % {"date": data["date"].strftime("%d-%m-%Y")})
        services.record_tkksd_recommendation(
            self.agreement, self.user, data["date"], data["result"], data["notes"], expected_stage=self.expected_stage
        )
        return gettext("The TKKSD recommendation is recorded.")


# --- completing a stage (advance) with the decision it needs ------------------------------------

DPRD_RESULT_CHOICES = [("disetujui", _("Approved by the DPRD")), ("dianggap_disetujui", _("Deemed approved (45 working days)"))]

DECISION_TITLES = {
    None: _("Complete this stage"),
    workflow.TKKSD: _("Complete this stage"),
    workflow.DPRD: _("Record the DPRD decision"),
    workflow.MENTERI_TANGGAPAN: _("Record the Minister's reply and the signed LoI"),
    workflow.PERTIMBANGAN: _("Record the Minister's consideration (pertimbangan)"),
    workflow.SURAT_KONFIRMASI: _("Record Kemlu's Surat Konfirmasi"),
    workflow.PERSETUJUAN_MENTERI: _("Record the Minister's approval"),
}


class AdvanceForm(WorkflowForm):
    """Leave the current stage: upload what it still lacks and record its decision."""

    submit_label = _("Complete the stage")
    note = _note_field()

    # decision -> [(field name, field factory)], and the optional extra file per decision
    DECISION_FILES = {
        workflow.DPRD: ("persetujuan_dprd", _("DPRD approval letter")),
        workflow.MENTERI_TANGGAPAN: ("tanggapan_menteri", _("The Minister's reply (file)")),
        workflow.PERTIMBANGAN: ("pertimbangan_menteri", _("The Minister's consideration letter (file)")),
        workflow.SURAT_KONFIRMASI: ("surat_konfirmasi", _("Surat Konfirmasi (file)")),
        workflow.PERSETUJUAN_MENTERI: ("persetujuan_menteri", _("The Minister's approval letter (file)")),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = self.agreement
        self.spec = workflow.stage_spec(agreement, agreement.stage)
        self.decision = self.spec.decision if self.spec else None
        self.title = DECISION_TITLES.get(self.decision, DECISION_TITLES[None])
        next_stage = workflow.next_stage(agreement, agreement.stage) if self.spec else None
        if next_stage:
            self.intro = gettext("Next stage: %(stage)s.") % {"stage": Stage(next_stage).label}
        present = set(agreement.attachments.filter(is_removed=False).values_list("attachment_type__code", flat=True))
        self.file_codes = []
        codes = list(self.spec.exit_attachments) if self.spec else []
        extra = self.DECISION_FILES.get(self.decision)
        if extra and extra[0] not in codes:
            codes.append(extra[0])
        for code in codes:
            if code in present:
                continue
            label = extra[1] if extra and extra[0] == code else attachment_name(code)
            self.fields[f"file_{code}"] = UploadField(label=label, required=False)
            self.file_codes.append(code)
        d = self.decision
        if d == workflow.DPRD:
            choices = DPRD_RESULT_CHOICES if agreement.is_foreign else DPRD_RESULT_CHOICES[:1]
            self.fields["result"] = forms.ChoiceField(label=_("DPRD decision"), choices=choices, widget=forms.RadioSelect, initial="disetujui")
            self.fields["letter_number"] = forms.CharField(label=_("Number of the DPRD's approval letter"), required=False)
            self.fields["letter_date"] = _date_field(_("Date of the DPRD's approval letter"))
            if agreement.is_foreign:
                self.fields["received_date"] = _date_field(
                    _("Date the DPRD secretariat received the request"),
                    help_text=_("Without a decision within 45 working days the DPRD is deemed to approve (Permendagri 25/2020 Pasal 17)."),
                )
        elif d == workflow.MENTERI_TANGGAPAN:
            self.fields["reply_number"] = forms.CharField(label=_("Number of the Minister's reply"), required=False)
            self.fields["reply_date"] = _date_field(_("Date of the Minister's reply"))
            self.fields["loi_signed_date"] = _date_field(_("Date the LoI was signed"))
        elif d == workflow.PERTIMBANGAN:
            self.fields["letter_number"] = forms.CharField(label=_("Number of the Minister's letter"), required=False)
            self.fields["letter_date"] = _date_field(_("Date of the Minister's letter"))
            self.intro = (self.intro + " " + gettext(
                "When the Minister asks for a revised cooperation plan, use “Return for revision” instead."
            )).strip()
        elif d in (workflow.SURAT_KONFIRMASI, workflow.PERSETUJUAN_MENTERI):
            self.fields["letter_number"] = forms.CharField(label=_("Letter number"), required=False)
            self.fields["letter_date"] = _date_field(_("Letter date"))
            if d == workflow.PERSETUJUAN_MENTERI:
                self.fields["full_power_number"] = forms.CharField(label=_("Full Power letter number (if any)"), required=False)
                self.fields["file_full_power"] = UploadField(label=_("Full Power letter (file, if any)"), required=False)
        elif d == workflow.TKKSD:
            self.intro = (self.intro + " " + gettext("Needs the TKKSD's positive recommendation, recorded first.")).strip()
        add_regulation_fields(self)
        # keep the note last
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def decision_data(self):
        core = self._core_decision_data()
        extra = regulation_data(self)
        return {**(core or {}), **extra} or None

    def _core_decision_data(self):
        data = self.cleaned_data
        if self.decision == workflow.DPRD:
            return {k: data.get(k) for k in ("result", "letter_number", "letter_date", "received_date") if data.get(k)}
        if self.decision == workflow.MENTERI_TANGGAPAN:
            return {k: data.get(k) for k in ("reply_number", "reply_date", "loi_signed_date") if data.get(k)}
        if self.decision == workflow.PERTIMBANGAN:
            return {"result": "lanjut", **{k: data.get(k) for k in ("letter_number", "letter_date") if data.get(k)}}
        if self.decision in (workflow.SURAT_KONFIRMASI, workflow.PERSETUJUAN_MENTERI):
            return {k: data.get(k) for k in ("letter_number", "letter_date", "full_power_number") if data.get(k)}
        return None

    def perform(self):
        for code in self.file_codes:
            if self.cleaned_data.get(f"file_{code}"):
                self.store(code, self.cleaned_data[f"file_{code}"])
        if self.cleaned_data.get("file_full_power"):
            self.store("full_power", self.cleaned_data["file_full_power"])
        services.advance(
            self.agreement, self.user, self.cleaned_data["note"], self.decision_data(), expected_stage=self.expected_stage
        )
        return self.done(gettext("Stage completed"))


# --- signing -----------------------------------------------------------------------------------

CHECKLIST_LABELS = {
    "paraf": _("Initials (paraf) on every page"),
    "meterai": _("Stamp duty (meterai) on the signatures"),
    "stempel": _("Official seal (stempel)"),
}


class SigningForm(WorkflowForm):
    title = _("Record the signing")
    intro = _(
        "Check the signed scan. When initials, stamp duty or seal are missing, leave the box empty: the document "
        "is returned for revision with that reason."
    )
    submit_label = _("Record the signing")
    signing_date = _date_field(_("Date of signing"), required=True)
    signing_place = forms.CharField(label=_("Place of signing"), max_length=255)
    start_date = _date_field(_("Start date"))
    end_date = _date_field(_("End date"))
    signed_scan = UploadField(label=_("Signed document (scan)"), required=False)
    auto_number = forms.BooleanField(
        label=_("Take the home region's number from the register"), required=False,
        help_text=_("Only when the home region's number is still empty."),
    )
    paraf = forms.BooleanField(label=CHECKLIST_LABELS["paraf"], required=False)
    meterai = forms.BooleanField(label=CHECKLIST_LABELS["meterai"], required=False)
    stempel = forms.BooleanField(label=CHECKLIST_LABELS["stempel"], required=False)
    confirm_return = forms.BooleanField(
        label=_("Yes, return it for revision: an item of the check is missing"), required=False,
    )
    note = _note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = self.agreement
        self.initial.setdefault("signing_place", agreement.signing_place)
        self.initial.setdefault("start_date", agreement.start_date)
        self.initial.setdefault("end_date", agreement.end_date)
        self.parties = list(agreement.parties.select_related("partner"))
        self.party_fields = []
        for party in self.parties:
            prefix = f"party_{party.pk}_"
            self.fields[prefix + "number"] = forms.CharField(
                label=gettext("Number of %(party)s") % {"party": party.partner.name},
                required=False, initial=party.document_number, max_length=120,
            )
            self.fields[prefix + "signatory_name"] = forms.CharField(
                label=gettext("Signatory of %(party)s") % {"party": party.partner.name},
                required=False, initial=party.signatory_name, max_length=200,
            )
            self.fields[prefix + "signatory_title"] = forms.CharField(
                label=gettext("Title (jabatan)"), required=False, initial=party.signatory_title, max_length=255
            )
            self.party_fields.append((party, prefix))
        present = agreement.attachments.filter(is_removed=False, attachment_type__code="naskah_ditandatangani").exists()
        if present:
            self.fields["signed_scan"].help_text = _("Already attached; upload only to add a better scan.")
        ordered = ["signing_date", "signing_place", "start_date", "end_date"]
        ordered += [p + suffix for _party, p in self.party_fields for suffix in ("number", "signatory_name", "signatory_title")]
        ordered += ["auto_number", "signed_scan", "paraf", "meterai", "stempel", "confirm_return", "note"]
        self.order_fields(ordered)
        # meterai is checked only for the parties who sign over one
        stamped = [p.partner.name for p in self.parties if p.needs_stamp_duty]
        if stamped:
            self.fields["meterai"].help_text = gettext("Only for: %(parties)s.") % {"parties": ", ".join(stamped)}
        else:
            del self.fields["meterai"]
        self.fields["start_date"].help_text = _("A start date after today is fine: the agreement then waits, signed, until that day.")

    def missing_items(self):
        data = getattr(self, "cleaned_data", {})
        return [item for item in services.SIGNING_CHECKLIST if item in self.fields and not data.get(item)]

    def clean(self):
        data = super().clean()
        missing = self.missing_items()
        if missing:
            items = ", ".join(str(CHECKLIST_LABELS[item]) for item in missing)
            if not data.get("confirm_return"):
                self.add_error(
                    "confirm_return",
                    gettext("Not ticked: %(items)s. Saving now returns the agreement for revision; tick to confirm.")
                    % {"items": items},
                )
            if not (data.get("note") or "").strip():
                self.add_error("note", gettext("Give the reason for returning it (what is missing on the signed scan)."))
        return data

    def perform(self):
        data = self.cleaned_data
        numbers = {}
        for party, prefix in self.party_fields:
            changed = []
            for name in ("signatory_name", "signatory_title"):
                value = (data.get(prefix + name) or "").strip()
                if value != getattr(party, name):
                    setattr(party, name, value)
                    changed.append(name)
            if changed:
                party._history_user = self.user
                party.save(update_fields=changed)
            numbers[party.pk] = data.get(prefix + "number") or ""
        if data.get("auto_number"):
            home = next((p for p in self.parties if p.partner.is_home), None)
            if home is not None and not numbers.get(home.pk) and not home.document_number:
                numbered = numbering.assign_home_number(self.agreement, self.user)
                numbers[home.pk] = numbered.document_number
        if data.get("signed_scan"):
            self.store("naskah_ditandatangani", data["signed_scan"])
        services.record_signing(
            self.agreement,
            self.user,
            signing_date=data["signing_date"],
            signing_place=data["signing_place"],
            numbers=numbers,
            checklist={item: data.get(item) if item in self.fields else True for item in services.SIGNING_CHECKLIST},
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            note=data["note"],
            expected_stage=self.expected_stage,
        )
        if self.agreement.stage == Stage.DIKEMBALIKAN:
            last = self.agreement.events.order_by("-created_at", "-id").first()
            return gettext("Returned for revision: %(reason)s") % {"reason": last.note if last else ""}
        start = self.agreement.start_date
        today = timezone.localdate()
        if start and start > today:
            return gettext(
                "Signing recorded. It comes into force on %(date)s, in %(days)s days; until then it stays “%(stage)s”."
            ) % {"date": date_format(start, "j F Y"), "days": (start - today).days, "stage": self.agreement.get_stage_display()}
        return self.done(gettext("Signing recorded"))


class StartForm(WorkflowForm):
    title = _("Start implementation")
    intro = _("The agreement is signed; implementation (pelaksanaan) starts now.")
    submit_label = _("Start implementation")
    note = _note_field()

    def perform(self):
        services.start_implementation(
            self.agreement, self.user, self.cleaned_data["note"], expected_stage=self.expected_stage
        )
        return self.done(gettext("Implementation started"))


class TerminateForm(WorkflowForm):
    title = _("Terminate the agreement")
    intro = _(
        "Only the statutory causes of this kind of cooperation are offered, plus a clause of the agreement "
        "(PP 28/2018 Pasal 9 and 22; Permendagri 25/2020 Pasal 34). A change of leadership is not a cause."
    )
    submit_label = _("Terminate")
    submit_style = "danger"
    cause = forms.ChoiceField(label=_("Cause"))
    note = _note_field(help_text=_("Required for a clause of the agreement: name the clause."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        causes = list(TERMINATION_CAUSES_BY_KIND.get(self.agreement.kind, [])) + [TerminationCause.KLAUSUL_KONTRAK]
        self.fields["cause"].choices = [("", "---------")] + [(c.value, c.label) for c in causes]

    def perform(self):
        services.terminate(
            self.agreement, self.user, self.cleaned_data["cause"], self.cleaned_data["note"],
            expected_stage=self.expected_stage,
        )
        return self.done(gettext("Terminated"))


# --- during implementation: reports and monev ----------------------------------------------------


class MonitoringForm(forms.ModelForm, WorkflowForm):
    title = _("Report or monitoring and evaluation")
    intro = _("Progress reports and monitoring & evaluation results; the recommendation guides an extension.")
    submit_label = _("Save the entry")
    file = UploadField(label=_("Report file"), required=False)

    class Meta:
        model = MonitoringEntry
        fields = ["entry_type", "period", "date", "summary", "obstacles", "rating", "recommendation"]
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4, "cols": 60}),
            "obstacles": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "rating": forms.Select(choices=[("", "---------")] + [(i, str(i)) for i in range(1, 6)]),
        }

    def __init__(self, *args, agreement, user, **kwargs):
        # ModelForm.__init__ reaches WorkflowForm.__init__ through the MRO without these keywords
        self.agreement = agreement
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = clean_form_data(self, super().clean())  # BaseModelForm.clean does not reach the mixin
        if data.get("entry_type") == MonitoringEntry.EntryType.MONEV:
            if not data.get("rating"):
                self.add_error("rating", _("A monitoring and evaluation entry needs a rating."))
            if not data.get("recommendation"):
                self.add_error("recommendation", _("A monitoring and evaluation entry needs a recommendation."))
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", _("The date cannot be in the future."))
        return data

    def perform(self):
        entry = self.save(commit=False)
        entry.agreement = self.agreement
        entry.created_by = self.user
        entry._history_user = self.user
        entry.save()
        if self.cleaned_data.get("file"):
            code = "monev" if entry.entry_type == MonitoringEntry.EntryType.MONEV else "laporan"
            self.store(code, self.cleaned_data["file"], note=str(entry))
        message = gettext("The entry is saved.")
        if entry.recommendation == MonevRecommendation.DIHENTIKAN:
            message += " " + gettext("The recommendation is to stop: consider terminating the agreement.")
        return message


# --- perubahan and perpanjangan --------------------------------------------------------------------

CHILD_CHOICES = {
    ParentRelation.ADENDUM: ("ADD", _("Addendum (perubahan)")),
    ParentRelation.PERPANJANGAN: (None, _("Extension (perpanjangan)")),
    ParentRelation.PELAKSANAAN: ("PKS", _("Perjanjian Kerja Sama under this KSB")),
}


class ChildForm(WorkflowForm):
    title = _("New linked document")
    intro = _(
        "A signed agreement changes only through an addendum; an extension is a new proposal following the full "
        "procedure. Parties, urusan and contacts are copied; numbers are not."
    )
    submit_label = _("Create the proposal")
    relation = forms.ChoiceField(label=_("Relation to this agreement"), widget=forms.RadioSelect)
    document_type = forms.ModelChoiceField(label=_("Document type"), queryset=DocumentType.objects.none(), required=False)
    title_text = forms.CharField(label=_("Title"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relations = [ParentRelation.ADENDUM, ParentRelation.PERPANJANGAN]
        if self.agreement.document_type.flow == "ksb":
            relations.append(ParentRelation.PELAKSANAAN)
        self.fields["relation"].choices = [(r.value, CHILD_CHOICES[r][1]) for r in relations]
        self.fields["document_type"].queryset = DocumentType.objects.filter(is_active=True)
        self.fields["document_type"].help_text = _("Leave empty: addendum → Adendum, extension → same type, PKS → PKS.")
        self.fields["title_text"].initial = self.agreement.title

    def perform(self):
        relation = self.cleaned_data["relation"]
        document_type = self.cleaned_data.get("document_type")
        if document_type is None:
            code = CHILD_CHOICES[relation][0]
            document_type = DocumentType.objects.get(code=code) if code else self.agreement.document_type
        child = services.create_child(
            self.agreement, self.user, relation, document_type, title=self.cleaned_data.get("title_text") or None
        )
        self.result_url = child
        return gettext("A new proposal is created: %(title)s. Complete it and submit it.") % {"title": child.title}


# --- numbers, attachments, publication -----------------------------------------------------------


class NumbersForm(WorkflowForm):
    title = _("Document numbers")
    intro = _(
        "Each party numbers the document in its own register. The home region's number is taken from the "
        "register; typing it by hand, or replacing a number, needs a reason that is kept in the history."
    )
    submit_label = _("Save the numbers")
    reason = _note_field(_("Reason for the change"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(self.agreement.parties.select_related("partner"))
        for party in self.parties:
            label = gettext("Number of %(party)s") % {"party": party.partner.name}
            if party.partner.is_home:
                label += " " + gettext("(home region)")
            self.fields[f"number_{party.pk}"] = forms.CharField(
                label=label, required=False, initial=party.document_number, max_length=120
            )
        self.order_fields([f"number_{p.pk}" for p in self.parties] + ["reason"])
        home = next((p for p in self.parties if p.partner.is_home), None)
        if home is not None and not home.document_number:
            self.extra_submit = ("ambil", _("Take the next number from the register"))

    def perform(self):
        if self.data.get("ambil"):
            party = numbering.assign_home_number(self.agreement, self.user)
            return gettext("The home region's number is %(number)s.") % {"number": party.document_number}
        changed = 0
        for party in self.parties:
            number = (self.cleaned_data.get(f"number_{party.pk}") or "").strip()
            if number != party.document_number:
                numbering.set_number(party, number, self.user, self.cleaned_data["reason"])
                changed += 1
        if not changed:
            return gettext("No number was changed.")
        return gettext("The numbers are saved.")


class AttachmentForm(WorkflowForm):
    title = _("Upload an attachment")
    intro = _("PDF, DOCX, XLSX, JPG or PNG. Files are never deleted; a newer file of the same type is kept beside it.")
    submit_label = _("Upload")
    attachment_type = forms.ModelChoiceField(label=_("Attachment type"), queryset=AttachmentType.objects.none())
    file = UploadField(label=_("File"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment_type"].queryset = AttachmentType.objects.filter(is_active=True)

    def perform(self):
        attachment = self.store(self.cleaned_data["attachment_type"].code, self.cleaned_data["file"], self.cleaned_data["note"])
        return gettext("%(name)s is attached.") % {"name": attachment.original_name}


class PublishForm(WorkflowForm):
    title = _("Transparency page")
    intro = _("Only signed agreements can be published; the public sees the title, parties, dates and stage.")
    submit_label = _("Save")
    is_published = forms.BooleanField(label=_("Publish on the transparency page"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_published"].initial = self.agreement.is_published

    def perform(self):
        from agreements.models import Agreement

        value = self.cleaned_data["is_published"]
        if value and not self.agreement.is_signed:
            raise services.TransitionError(gettext("Only signed agreements can be published."))
        locked = Agreement.objects.select_for_update().get(pk=self.agreement.pk)
        locked.is_published = value
        locked._history_user = self.user
        locked._change_reason = gettext("Published") if value else gettext("Withdrawn from publication")
        locked.save(update_fields=["is_published", "updated_at"])
        self.agreement.is_published = value
        return gettext("Published on the transparency page.") if value else gettext("No longer published.")


# --- regulation calendar (issue 13): the decisions' further facts, foreign follow-ups -----------


def _text(label):
    return forms.CharField(label=label, required=False)


def _gubernur_route():
    return [
        ("sent_to_gubernur_date", _date_field(_("Date sent to the Governor (regency/city)"))),
        ("gubernur_forwarded_date", _date_field(_("Date the Governor forwarded it to the Minister"))),
        ("sent_directly_date", _date_field(
            _("Date sent directly to the Minister"),
            help_text=_("Only after the Governor let five working days pass (Permendagri 25/2020 Pasal 18)."),
        )),
    ]


REGULATION_FIELDS = {
    workflow.MENTERI_TANGGAPAN: lambda form: [
        ("consultation_number", _text(_("Number of the consultation letter to the Minister and the Foreign Minister"))),
        ("consultation_date", _date_field(_("Date of the consultation letter"))),
        ("loi_signatory", _text(_("Signatory of the LoI"))),
        ("loi_signatory_capacity", forms.ChoiceField(
            label=_("The LoI was signed by"), choices=SigningCapacity.choices, initial=SigningCapacity.KEPALA_DAERAH,
        )),
        ("copy_to_menteri_date", _date_field(_("Date the copy of the LoI was sent to the Minister"))),
    ],
    workflow.PERTIMBANGAN: lambda form: _gubernur_route() if services.home_is_kabkota(form.agreement) else [],
    workflow.PERSETUJUAN_MENTERI: lambda form: _gubernur_route() if services.home_is_kabkota(form.agreement) else [],
    workflow.RAPAT_ANTAR_KL: lambda form: [
        ("meeting_date", _date_field(_("Date of the inter-ministerial meeting"))),
        ("minutes_number", _text(_("Number of the minutes"))),
        ("technical_ministry", _text(_("Technical ministry or agency appointed"))),
    ],
    workflow.PERMOHONAN_PERPANJANGAN: lambda form: [
        ("letter_number", _text(_("Number of the extension request"))),
        ("letter_date", _date_field(_("Date of the extension request"))),
        ("copy_to_dprd", forms.BooleanField(label=_("Copied (tembusan) to the DPRD"), required=False)),
        ("copy_to_gubernur", forms.BooleanField(label=_("Copied (tembusan) to the Governor"), required=False)),
    ],
    workflow.JAWABAN_PERPANJANGAN: lambda form: [
        ("result", forms.ChoiceField(label=_("The Minister's answer"), choices=[("disetujui", _("Extension approved"))])),
        ("letter_number", _text(_("Letter number"))),
        ("letter_date", _date_field(_("Letter date"))),
    ],
}
DECISION_TITLES.update({
    workflow.RAPAT_ANTAR_KL: _("Record the inter-ministerial meeting"),
    workflow.PERMOHONAN_PERPANJANGAN: _("Record the extension request to the Minister"),
    workflow.JAWABAN_PERPANJANGAN: _("Record the Minister's answer on the extension"),
})


def add_regulation_fields(form):
    form.regulation_fields = []
    for name, field in REGULATION_FIELDS.get(form.decision, lambda f: [])(form):
        form.fields[name] = field
        form.regulation_fields.append(name)


def regulation_data(form):
    return {name: form.cleaned_data.get(name) for name in form.regulation_fields if form.cleaned_data.get(name)}


class ForeignFollowupForm(WorkflowForm):
    """Record the original naskah sent to the Minister, the Secretary General's salinan received, or
    the rencana kegiatan tahunan (Permendagri 25/2020 Pasal 25–26), each with its date and document."""

    title = _("Foreign follow-up (original, copy, annual plan)")
    submit_label = _("Record")
    action = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("naskah_asli", _("Original text sent to the Minister")),
            ("salinan_sekjen", _("Secretary General's copy received")),
            ("rencana_tahunan", _("Annual activity plan recorded")),
        ],
    )
    date = _date_field(_("Date"), required=True)
    document = UploadField(label=_("Document"), required=False)
    note = _note_field()

    def perform(self):
        action = self.cleaned_data["action"]
        code = services.FOREIGN_FOLLOWUPS[action][0]
        if self.cleaned_data.get("document"):
            self.store(code, self.cleaned_data["document"])
        services.record_foreign_followup(self.agreement, self.user, action, self.cleaned_data["date"], self.cleaned_data["note"])
        return self.done(gettext("Recorded"))
