"""load_reporting_demo fills what makes the reports non-empty, and is idempotent."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from agreements.models import MonitoringEntry
from reporting import services
from reporting.models import AnnualActivity, BudgetLine, PlanningReference, PotentialMapping

pytestmark = pytest.mark.django_db


def test_needs_the_demo_first():
    with pytest.raises(CommandError):
        call_command("load_reporting_demo", verbosity=0)


def test_reporting_demo_loads_twice_and_fills_the_reports():
    call_command("load_demo", verbosity=0, quiet_logins=True)
    call_command("load_reporting_demo", verbosity=0)
    counts = [m.objects.count() for m in (PotentialMapping, PlanningReference, AnnualActivity, BudgetLine, MonitoringEntry)]
    call_command("load_reporting_demo", verbosity=0)
    assert [m.objects.count() for m in (PotentialMapping, PlanningReference, AnnualActivity, BudgetLine, MonitoringEntry)] == counts
    last_year = timezone.localdate().year - 1
    assert PotentialMapping.objects.validated().values("urusan").distinct().count() >= 4
    data = services.foreign_report(last_year)
    assert len(data["reports"]) == 2
    for item in data["reports"]:
        sections = dict(item["sections"])
        assert sections["Perkembangan dan Hasil Kerja Sama"] and sections["Hambatan dan Tantangan"]
        start = item["agreement"].start_date
        assert all(e.date >= start for e in item["agreement"].monitoring.all())  # no monev before it started
    assert services.missing_foreign_reports(last_year).count() == 1  # one approved, one still missing
    assert services.recap(last_year)["total"] > 0
