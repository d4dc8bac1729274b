"""``{% reporting_links agreement %}``: the reporting pages of one agreement that the signed-in
user may open, for pages of other apps (the portal's proposal page) that must not import
reporting.  Each link is shown only when its view would answer 200 for this user: the same
checks as ``reporting.views`` (the agreement in ``Agreement.objects.for_user``, ``may_file``,
and for the annual report a foreign agreement in force in the report year)."""

from django import template
from django.urls import reverse

from agreements.choices import Kind, Stage

from .. import services
from ..models import AgreementPlanning, ForeignAnnualReport

register = template.Library()


def links_for(user, agreement, today=None):
    """{"planning": url, "monev": url, "foreign": url, "year": ..., "link": AgreementPlanning,
    "report": ForeignAnnualReport} — only the keys ``user`` may open; {} when none."""
    if not getattr(user, "is_authenticated", False) or not services.may_file(user, agreement):
        return {}
    links = {
        "planning": reverse("reporting:planning_link", args=[agreement.pk]),
        "link": AgreementPlanning.objects.filter(agreement=agreement).select_related("mapping__urusan", "reference").first(),
    }
    if agreement.stage in Stage.signed():
        links["monev"] = reverse("reporting:monev_file", args=[agreement.pk])
    if agreement.kind in Kind.foreign():
        year = services.current_report_year(today)
        if services.foreign_agreements(year).filter(pk=agreement.pk).exists():
            links["year"] = year
            links["foreign"] = reverse("reporting:foreign_edit", args=[agreement.pk, year])
            links["report"] = ForeignAnnualReport.objects.filter(agreement=agreement, year=year).first()
    return links


@register.inclusion_tag("reporting/includes/agreement_links.html", takes_context=True)
def reporting_links(context, agreement):
    request = context.get("request")
    return {"links": links_for(getattr(request, "user", None), agreement), "agreement": agreement}
