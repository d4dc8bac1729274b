"""One definition of "the foreign extension request is due" (Permendagri 25/2020 Pasal 33):
``AgreementQuerySet.extension_due``, counted by the desk's work queue and written about by the
daily reminders, so the two never disagree."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.choices import Kind, ParentRelation, Stage
from agreements.legal_calendar import add_months
from agreements.models import Agreement
from desk import queue
from notifications import reminders
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 10)


def signed(opd, end, kind=Kind.KSDPL, stage=Stage.PELAKSANAAN, title=""):
    agreement = AgreementFactory(opd_initiator=opd, kind=kind, title=title or f"Kerja sama {kind} {end}")
    Agreement.objects.filter(pk=agreement.pk).update(stage=stage, start_date=end.replace(year=end.year - 3), end_date=end)
    agreement.refresh_from_db()
    return agreement


def end_for_due_in(days):
    """An end date whose extension request is due ``days`` from TODAY."""
    return add_months(TODAY + datetime.timedelta(days=days), 6)


def test_desk_queue_and_reminders_list_the_same_agreements(opd_a, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "EXTENSION_REMINDER_LEAD_DAYS": [60, 30, 7]}
    expected = {
        signed(opd_a, end_for_due_in(5), title="due in 5 days"),
        signed(opd_a, end_for_due_in(60), kind=Kind.KSDLL, title="due in 60 days, KSDLL"),
        signed(opd_a, end_for_due_in(-20), stage=Stage.AKAN_BERAKHIR, title="overdue, still running"),
        signed(opd_a, end_for_due_in(30), stage=Stage.DITANDATANGANI, title="signed, not started"),
    }
    rejected_extension = signed(opd_a, end_for_due_in(10), title="its extension was rejected")
    AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL, parent=rejected_extension,
                     parent_relation=ParentRelation.PERPANJANGAN, stage=Stage.DITOLAK)
    expected.add(rejected_extension)
    # not due: too far ahead, ended, domestic, closed, or an extension already under way
    signed(opd_a, end_for_due_in(61), title="due in 61 days")
    signed(opd_a, TODAY - datetime.timedelta(days=1), stage=Stage.AKAN_BERAKHIR, title="ended yesterday")
    signed(opd_a, end_for_due_in(5), kind=Kind.KSDD_SUKARELA, title="domestic")
    signed(opd_a, end_for_due_in(5), stage=Stage.DIAKHIRI, title="terminated")
    extended = signed(opd_a, end_for_due_in(5), title="extension under way")
    AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL, parent=extended, parent_relation=ParentRelation.PERPANJANGAN)

    candidates = set(reminders.extension_candidates(TODAY, reminders.extension_lead_times()))
    in_queue = set(Agreement.objects.filter(queue.ITEMS_BY_KEY["perpanjangan"].condition(TODAY)))
    assert {a.title for a in candidates} == {a.title for a in expected}
    assert in_queue == candidates


def test_the_desk_count_and_its_register_list_are_the_reminder_candidates(opd_a, reviewer, client, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "EXTENSION_REMINDER_LEAD_DAYS": [60, 30, 7]}
    today = timezone.localdate()
    for days in (-3, 0, 12, 59, 75):
        due = today + datetime.timedelta(days=days)
        signed(opd_a, add_months(due, 6), title=f"due in {days} days")
    candidates = {a.title for a in reminders.extension_candidates(today, reminders.extension_lead_times())}
    assert candidates == {"due in -3 days", "due in 0 days", "due in 12 days", "due in 59 days"}
    client.force_login(reviewer)
    index = client.get(reverse("admin:index"))
    row = {row["item"].key: row for row in queue.build(index.wsgi_request.user)}["perpanjangan"]
    assert row["count"] == len(candidates)
    listed = client.get(row["url"])
    assert {a.title for a in listed.context["cl"].result_list} == candidates


def test_due_date_clamped_to_the_month_end_is_counted_on_its_day(opd_a):
    # 31 August ends: the request is due on 28 February (clamped), so it is due on 28 February, not after
    end = datetime.date(2027, 8, 31)
    agreement = signed(opd_a, end)
    assert agreement.extension_request_due == datetime.date(2027, 2, 28)
    assert list(Agreement.objects.extension_due(datetime.date(2027, 2, 28), within_days=0)) == [agreement]
    assert list(Agreement.objects.extension_due(datetime.date(2027, 2, 27), within_days=0)) == []
