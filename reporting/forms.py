"""Forms the OPD fills in on the reporting pages: a mapping entry, a monev entry, the annual
foreign report; and the admin's planning-reference upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.choices import MonevRecommendation
from agreements.models import MonitoringEntry

from .models import HEADING_FIELDS, BudgetLine, ForeignAnnualReport, PlanningReference, PotentialMapping


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


class MappingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PotentialMapping
        fields = [
            "urusan", "potential", "description", "partner_type", "candidate_partners", "expected_benefit",
            "priority", "year_from", "year_to",
        ]


class MonitoringForm(BootstrapMixin, forms.ModelForm):
    partner_assessor = forms.CharField(label=_("Partner's official who assessed"), max_length=200, required=False)
    partner_rating = forms.IntegerField(label=_("Partner's rating (1–5)"), min_value=1, max_value=5, required=False)
    partner_recommendation = forms.ChoiceField(
        label=_("Partner's recommendation"), choices=[("", "---------"), *MonevRecommendation.choices], required=False
    )
    partner_note = forms.CharField(label=_("Partner's assessment"), widget=forms.Textarea, required=False)

    class Meta:
        model = MonitoringEntry
        fields = ["entry_type", "period", "date", "summary", "obstacles", "rating", "recommendation"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs.update({"min": 1, "max": 5})
        self.fields["period"].help_text = _("E.g. Semester I 2026, Triwulan III 2026.")

    def clean(self):
        data = super().clean()
        partner = [data.get(n) for n in ("partner_assessor", "partner_rating", "partner_recommendation", "partner_note")]
        if any(partner) and not (data.get("partner_assessor") and data.get("partner_note")):
            raise forms.ValidationError(_("A partner's assessment needs the official's name and the assessment itself."))
        return data

    def entry_data(self):
        """The MonitoringEntry fields and, when given, the partner's assessment."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        if self.cleaned_data.get("partner_assessor"):
            data["partner_assessment"] = {
                "assessor": self.cleaned_data["partner_assessor"],
                "rating": self.cleaned_data.get("partner_rating"),
                "recommendation": self.cleaned_data.get("partner_recommendation") or "",
                "note": self.cleaned_data["partner_note"],
            }
        return data


class ForeignReportForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ForeignAnnualReport
        fields = HEADING_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in HEADING_FIELDS if name != "judul"}


class PlanningImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("Columns: dokumen (rpjmd/rkpd/renja), tahun, tingkat (program/kegiatan/sub_kegiatan), kode, nama, opd (OPD code, optional)."),
    )


class PlanningLinkForm(BootstrapMixin, forms.Form):
    mapping = forms.ModelChoiceField(label=_("Mapping entry realised"), queryset=PotentialMapping.objects.none(), required=False)
    reference = forms.ModelChoiceField(label=_("Planning reference (RPJMD/RKPD/Renja)"), queryset=PlanningReference.objects.none(), required=False)
    reference_text = forms.CharField(
        label=_("Planning reference (free text)"), max_length=400, required=False,
        help_text=_("Where no code applies, e.g. a programme named in the RPJMD without a code."),
    )

    def __init__(self, *args, mappings, references, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings
        self.fields["reference"].queryset = references


class BudgetLineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "account_code", "description", "amount", "realised"]


BudgetLineFormSet = forms.modelformset_factory(BudgetLine, form=BudgetLineForm, extra=1, can_delete=False)
