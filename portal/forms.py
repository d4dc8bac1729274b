"""OPD portal forms: the proposal (usulan) in sections, its partners, contacts and attachments.

The proposal form saves a draft with whatever is filled in; completeness is judged by
``services.submission_check`` when the OPD presses *Ajukan*, so the two never disagree.
"""

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts import roles
from accounts.models import Opd
from agreements import money
from agreements.choices import KIND_HELP, SUBKINDS_BY_KIND, DocumentFlow, Kind
from agreements.models import Agreement, AttachmentType, ContactPerson, DocumentType, Urusan
from agreements.text import CleanTextMixin
from agreements.uploads import validate_upload
from partners.choices import PartnerType
from partners.models import Partner, Region, normalize_partner_name

# Which partner section of the form a kind uses.
PARTNER_SECTION = {
    Kind.KSDD_WAJIB: "daerah",
    Kind.KSDD_SUKARELA: "daerah",
    Kind.KSDPK: "pihak_ketiga",
    Kind.LAINNYA: "pihak_ketiga",
    Kind.SINERGI: "instansi",
    Kind.KSDPL: "luar_negeri",
    Kind.KSDLL: "luar_negeri",
}
FOREIGN_TYPE = {Kind.KSDPL: PartnerType.PEMDA_LUAR_NEGERI, Kind.KSDLL: PartnerType.LEMBAGA_LUAR_NEGERI}

# The document types (codes of ``agreements.reference.DOCUMENT_TYPES``) a new proposal of each kind
# may be, the first being the default: KSB for KSDD and KSDPK, the LoI that opens a foreign
# cooperation (or its MoU), a Nota Kesepakatan for Sinergi, a contract under a sectoral regime.
DOC_TYPES_BY_KIND = {
    Kind.KSDD_WAJIB: ("KSB", "PKS"),
    Kind.KSDD_SUKARELA: ("KSB", "PKS"),
    Kind.KSDPK: ("KSB", "PKS", "KONTRAK"),
    Kind.KSDPL: ("LOI", "MOU", "RKS"),
    Kind.KSDLL: ("MOU", "LOI", "RKS"),
    Kind.SINERGI: ("NK",),
    Kind.LAINNYA: ("KONTRAK", "PKS"),
}


def partner_types_for(kind):
    """The partner types an existing partner of a proposal of ``kind`` may have."""
    section = PARTNER_SECTION.get(kind)
    if section == "pihak_ketiga":
        return list(PartnerType.third_party())
    if section == "instansi":
        return [PartnerType.INSTANSI_VERTIKAL]
    if section == "luar_negeri":
        return [FOREIGN_TYPE[kind]]
    return []


class PartnerSelect(forms.Select):
    """A partner <select> whose options carry their partner type, so the page can offer only the
    partners the chosen kind allows (``portal.js``)."""

    types = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        partner_type = self.types.get(str(getattr(value, "value", value)))
        if partner_type:
            option["attrs"]["data-type"] = partner_type
        return option


class KindRadioSelect(forms.RadioSelect):
    """Radio buttons for the kind, each with the one-line explanation of domain.md §2."""

    option_template_name = "portal/widgets/kind_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = KIND_HELP.get(value, "")
        return option


class RupiahField(forms.CharField):
    """An amount in rupiah as people type it (``agreements.money.parse``): "1.250.000.000",
    "Rp 1.250.000.000,50", "1250000000", "1250000000.00"."""

    def to_python(self, value):
        value = super().to_python(value)
        if value.strip().startswith("-"):
            raise ValidationError(_("The value cannot be negative."), code="negative")
        try:
            amount = money.parse(value)
        except ValueError:
            raise ValidationError(_("Enter an amount in rupiah, e.g. 1.250.000.000."), code="invalid") from None
        if amount is None:
            return None
        if amount >= Decimal(10) ** 16:
            raise ValidationError(_("The value is too large."), code="too_large")
        return amount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _subkind_choices():
    groups = [("", "—")]
    for kind, subkinds in SUBKINDS_BY_KIND.items():
        groups.append((Kind(kind).label, [(s.value, s.label) for s in subkinds]))
    return groups


class ProposalForm(CleanTextMixin, forms.ModelForm):
    """The proposal's own fields, grouped in the template by section."""

    value = RupiahField(label=_("value (Rp)"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "subkind",
            "document_type",
            "title",
            "background",
            "purpose",
            "scope",
            "location",
            "benefits",
            "urusan",
            "planning_basis",
            "planning_reference",
            "initiative",
            "regime_reference",
            "no_ksb_reason",
            "commercial_or_asset_based",
            "foreign_nonprofit",
            "izin_prinsip_number",
            "izin_operasional_number",
            "opd_initiator",
            "executing_opds",
            "start_date",
            "end_date",
            "duration_text",
            "duration_months",
            "term_override_reason",
            "funding_source",
            "value",
            "burdens_community",
            "not_budgeted",
        ]
        widgets = {
            "kind": KindRadioSelect,
            "title": forms.TextInput(attrs={"placeholder": _("e.g. Pengelolaan Sampah Regional Terpadu")}),
            "background": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "no_ksb_reason": forms.Textarea(attrs={"rows": 2}),
            "term_override_reason": forms.Textarea(attrs={"rows": 2}),
            "urusan": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "executing_opds": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "start_date": DateInput,
            "end_date": DateInput,
        }
        help_texts = {
            "title": _("The full subject of the agreement, as it will read after “tentang”."),
            "document_type": _("A Perjanjian Kerja Sama under a signed Kesepakatan Bersama is proposed from the KSB's page (“Propose a PKS”)."),
            "duration_text": _("As it will be written, e.g. “5 (lima) tahun”."),
            "burdens_community": _("Tick when the plan puts a burden on the community and the region (PP 28/2018 Article 6(2))."),
            "not_budgeted": _("Tick when the costs are not yet in this year's APBD (PP 28/2018 Article 6(2))."),
            "executing_opds": _("Other OPDs that will carry out the cooperation; they can follow it too."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        self.fields["kind"].choices = list(Kind.choices)
        self.fields["subkind"] = forms.ChoiceField(
            label=self.fields["subkind"].label, choices=_subkind_choices(), required=False
        )
        doc_types = DocumentType.objects.filter(is_active=True).exclude(flow=DocumentFlow.ADENDUM)
        if instance.pk and instance.document_type_id:
            doc_types = DocumentType.objects.filter(Q(pk__in=doc_types) | Q(pk=instance.document_type_id))
        self.fields["document_type"].queryset = doc_types
        self.fields["document_type"].empty_label = None
        self.fields["urusan"].queryset = Urusan.objects.order_by("code")
        self.fields["urusan"].label_from_instance = lambda u: f"{u.code} {u.name}"
        self.fields["executing_opds"].queryset = Opd.objects.filter(is_active=True)
        self.fields["executing_opds"].required = False
        if instance.parent_id:
            # A PKS or adendum keeps the kind and document type of the family it belongs to.
            for name in ("kind", "subkind", "document_type"):
                self.fields[name].disabled = True
        if roles.is_kerjasama(user):
            self.fields["opd_initiator"].queryset = Opd.objects.filter(is_active=True)
            if not instance.pk and roles.user_opd_id(user):
                self.fields["opd_initiator"].initial = roles.user_opd_id(user)
        else:
            del self.fields["opd_initiator"]
        if not instance.pk:
            self.fields["document_type"].initial = DocumentType.objects.filter(code="KSB").values_list("pk", flat=True).first()
        self.doc_type_codes = dict(doc_types.values_list("pk", "code"))
        if instance.value is not None and not self.is_bound:
            self.initial["value"] = money.group(instance.value)  # the sen too: saving unchanged keeps them
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        subkind = data.get("subkind")
        if subkind and kind and subkind not in SUBKINDS_BY_KIND.get(kind, []):
            self.add_error("subkind", _("This sub-kind does not belong to the chosen kind of cooperation."))
        if kind and kind not in SUBKINDS_BY_KIND:
            data["subkind"] = ""
        doc_type = data.get("document_type")
        keeps_own = self.instance.pk and doc_type is not None and doc_type.pk == self.instance.document_type_id
        if kind and doc_type is not None and not self.instance.parent_id and not keeps_own:
            if doc_type.code not in DOC_TYPES_BY_KIND.get(kind, ()):
                allowed = DocumentType.objects.filter(code__in=DOC_TYPES_BY_KIND.get(kind, ())).order_by("order")
                self.add_error(
                    "document_type",
                    _("A %(kind)s is laid down in: %(types)s.")
                    % {"kind": Kind(kind).label, "types": ", ".join(t.name for t in allowed)},
                )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


def home_partner():
    """The home pemda as a Partner (created from settings.PEMDA the first time it is needed)."""
    home = Partner.objects.filter(is_home=True).first()
    if home is None:
        from agreements.management.commands.load_reference_data import ensure_home_partner

        home = ensure_home_partner()
    return home


def resolve_region(text):
    """A Region from what the user typed: "33.09", "Kabupaten Boyolali", "Boyolali" or the
    type-ahead's "Kabupaten Boyolali (33.09)".  Raises ValidationError when none or several match."""
    text = (text or "").strip()
    code = re.search(r"\b(\d{2}(?:\.\d{2})?)\b", text)
    regions = Region.objects.filter(is_active=True)
    if code:
        region = regions.filter(code=code.group(1)).first()
        if region:
            return region
    name = re.sub(r"\(.*?\)", "", text).strip()
    exact = list(regions.filter(name__iexact=name)[:2])
    if len(exact) == 1:
        return exact[0]
    found = list(regions.filter(name__icontains=name)[:6]) if name else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(_("No region named “%(name)s” was found; type part of the name and pick from the list."), params={"name": text})
    raise ValidationError(
        _("“%(name)s” matches several regions (%(list)s); choose one."),
        params={"name": text, "list": ", ".join(f"{r.name} ({r.code})" for r in found[:5])},
    )


class PartyForm(CleanTextMixin, forms.Form):
    """One partner of the proposal.  Which fields count depends on the kind (PARTNER_SECTION):
    a region for KSDD; an existing partner or a new one with its identity for a pihak ketiga or
    a central agency; a country and institution for a foreign partner."""

    region = forms.CharField(
        label=_("Region (province / regency / city)"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "list": "region-options", "autocomplete": "off", "data-region-search": "1"}),
        help_text=_("Type part of the name or the Kemendagri code, e.g. “Boyolali” or “33.09”."),
    )
    partner = forms.ModelChoiceField(
        label=_("Existing partner"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(label=_("Name of a new partner / institution"), max_length=255, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    partner_type = forms.ChoiceField(
        label=_("Partner type"),
        choices=[("", "—")] + [(t.value, t.label) for t in map(PartnerType, PartnerType.third_party())],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False, widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}))
    npwp = forms.CharField(label=_("NPWP"), max_length=25, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    address = forms.CharField(label=_("Address"), required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    leader_name = forms.CharField(label=_("Leader's name"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    leader_title = forms.CharField(label=_("Leader's title (jabatan)"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    signatory_name = forms.CharField(
        label=_("Signatory's name"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Who signs for this partner; leave empty to use the leader."),
    )
    signatory_title = forms.CharField(
        label=_("Signatory's title (jabatan)"), max_length=255, required=False, widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, kind=None, partner_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        partners = Partner.objects.filter(is_active=True, is_home=False).exclude(partner_type=PartnerType.PEMDA)
        allowed = partner_types_for(kind)
        if allowed:
            partners = partners.filter(partner_type__in=allowed)
        self.fields["partner"].queryset = partners
        widget = PartnerSelect(
            attrs={"class": "form-select", "data-partner-picker": "1", "data-search-label": _("Search partners by name")}
        )
        widget.choices = self.fields["partner"].widget.choices
        widget.types = partner_types or {}
        self.fields["partner"].widget = widget
        self.fields["country"].choices = [("", "—")] + [(c.code, c.name) for c in countries if c.code != "ID"]

    def has_content(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("region", "partner", "name", "country"))

    def clean(self):
        data = super().clean()
        section = PARTNER_SECTION.get(self.kind)
        data["resolved"] = None
        if not any(data.get(name) for name in ("region", "partner", "name")):
            return data
        if section == "daerah":
            if not data.get("region"):
                self.add_error("region", _("Choose the partner region."))
                return data
            try:
                region = resolve_region(data["region"])
            except ValidationError as error:
                self.add_error("region", error)
                return data
            if region.code == settings.PEMDA["region_code"]:
                self.add_error("region", _("This is our own region; it is added automatically as PIHAK KESATU."))
                return data
            data["resolved"] = ("region", region)
            return data
        expected = {
            "pihak_ketiga": set(PartnerType.third_party()),
            "instansi": {PartnerType.INSTANSI_VERTIKAL},
            "luar_negeri": {FOREIGN_TYPE.get(self.kind)},
        }.get(section, set())
        if data.get("partner"):
            partner = data["partner"]
            if partner.partner_type not in expected:
                self.add_error("partner", _("%(partner)s is not a valid partner for this kind of cooperation.") % {"partner": partner})
                return data
            data["resolved"] = ("partner", partner)
            return data
        # A new partner.
        name = data.get("name", "").strip()
        if section == "pihak_ketiga":
            partner_type = data.get("partner_type")
            if not partner_type:
                self.add_error("partner_type", _("Choose the partner type."))
                return data
        elif section == "instansi":
            partner_type = PartnerType.INSTANSI_VERTIKAL
        else:
            partner_type = FOREIGN_TYPE.get(self.kind)
            if not data.get("country"):
                self.add_error("country", _("Choose the country."))
                return data
        if normalize_partner_name(name) and Partner.objects.matching_name(name).filter(partner_type=partner_type).exists():
            self.add_error("name", _("A partner with this name is already registered; choose it under “Existing partner”."))
            return data
        partner = Partner(
            name=name,
            partner_type=partner_type,
            country=data.get("country", "") if section == "luar_negeri" else "",
            nib=data.get("nib", "").strip(),
            npwp=data.get("npwp", "").strip(),
            address=data.get("address", "").strip(),
            leader_name=data.get("leader_name", "").strip(),
            leader_title=data.get("leader_title", "").strip(),
        )
        try:
            partner.full_clean(exclude=["normalized_name"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return data
        data["resolved"] = ("new", partner)
        return data


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args, kind=None, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "kind": self.kind, "partner_types": self.partner_types}

    @cached_property
    def partner_types(self):
        """Every active partner's type, read once for all rows' pickers."""
        partners = Partner.objects.filter(is_active=True, is_home=False).exclude(partner_type=PartnerType.PEMDA)
        return {str(pk): t for pk, t in partners.values_list("pk", "partner_type")}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, kind=None, partner_types=self.partner_types, renderer=self.renderer)
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            resolved = form.cleaned_data.get("resolved")
            if not resolved:
                continue
            key = (resolved[0] == "region" and resolved[1].code) or getattr(resolved[1], "pk", None) or normalize_partner_name(resolved[1].name)
            if key in seen:
                raise ValidationError(_("The same partner is listed twice."))
            seen.add(key)

    def resolved(self):
        return [f.cleaned_data["resolved"] for f in self.forms if f.cleaned_data.get("resolved")]

    def signatories(self):
        """(name, title) typed for each resolved partner, in the order of ``resolved``."""
        return [
            (f.cleaned_data.get("signatory_name", "").strip(), f.cleaned_data.get("signatory_title", "").strip())
            for f in self.forms
            if f.cleaned_data.get("resolved")
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0, max_num=10, absolute_max=10)


class ContactForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "phone", "email"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
            "position": forms.TextInput(attrs={"class": "form-control"}),
            "phone": forms.TextInput(attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
        }

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not re.fullmatch(r"\+?[\d\s\-().]{6,20}", phone):
            raise ValidationError(_("Enter a telephone number, e.g. 0812-2700-1111."))
        return phone

    def clean(self):
        data = super().clean()
        if any(data.get(f) for f in ("position", "phone", "email")) and not data.get("name"):
            self.add_error("name", _("Fill in the contact person's name."))
        return data


ContactFormSet = forms.inlineformset_factory(
    Agreement, ContactPerson, form=ContactForm, extra=0, can_delete=True, max_num=10, absolute_max=10
)


class AttachmentForm(CleanTextMixin, forms.Form):
    """One file with its type.  The file is checked by its content (uploads.validate_upload)."""

    attachment_type = forms.ModelChoiceField(
        label=_("Attachment type"),
        queryset=AttachmentType.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if not data.get("attachment_type"):
                self.add_error("attachment_type", _("Choose the type of this attachment."))
            try:
                validate_upload(upload)
            except ValidationError as error:
                self.add_error("file", error)
        return data


class BaseAttachmentFormSet(forms.BaseFormSet):
    def uploads(self):
        return [
            (f.cleaned_data["attachment_type"], f.cleaned_data["file"], f.cleaned_data.get("note", ""))
            for f in self.forms
            if f.cleaned_data.get("file")
        ]


AttachmentFormSet = forms.formset_factory(AttachmentForm, formset=BaseAttachmentFormSet, extra=3, max_num=10, absolute_max=10)


class ReviewForm(CleanTextMixin, forms.Form):
    """A note for a review action; required when returning or rejecting."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    # the stage the page showed: the service refuses when the agreement has moved since
    expected_stage = forms.CharField(required=False, widget=forms.HiddenInput)
