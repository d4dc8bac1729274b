"""Forms the OPD fills in on the reporting pages: a mapping entry, a monev entry, the annual
foreign report; and the admin's planning-reference upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import MonitoringEntry

from .models import HEADING_FIELDS, ForeignAnnualReport, PotentialMapping


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
    class Meta:
        model = MonitoringEntry
        fields = ["entry_type", "period", "date", "summary", "obstacles", "rating", "recommendation"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs.update({"min": 1, "max": 5})
        self.fields["period"].help_text = _("E.g. Semester I 2026, Triwulan III 2026.")


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
