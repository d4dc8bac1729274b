"""The work queue on the admin index: what waits for whom, how long, and a link to exactly those rows."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.choices import Kind, ParentRelation, Stage
from agreements.models import Agreement
from desk import queue
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
REGISTER = reverse("admin:agreements_agreement_changelist")
TODAY = timezone.localdate()


def put(agreement, stage, days_ago=0, **fields):
    Agreement.objects.filter(pk=agreement.pk).update(
        stage=stage, stage_changed_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )
    agreement.refresh_from_db()
    return agreement


def rows(response):
    """The queue the page was rendered with (the template tag's rows for the requesting user)."""
    return {row["item"].key: row for row in queue.build(response.wsgi_request.user)}


def titles(response):
    return {a.title for a in response.context["cl"].result_list}


def test_counts_days_waiting_and_links_to_the_filtered_register(opd_a, reviewer, client_for):
    submitted = put(AgreementFactory(opd_initiator=opd_a), Stage.DIAJUKAN, days_ago=9)
    put(AgreementFactory(opd_initiator=opd_a), Stage.DIAJUKAN, days_ago=2)
    returned = put(AgreementFactory(opd_initiator=opd_a), Stage.DIKEMBALIKAN, days_ago=20)
    drafting = put(AgreementFactory(opd_initiator=opd_a), Stage.PENYUSUNAN_KSB, days_ago=4)
    ending = put(AgreementFactory(opd_initiator=opd_a), Stage.AKAN_BERAKHIR, end_date=TODAY + datetime.timedelta(days=40))
    put(AgreementFactory(opd_initiator=opd_a), Stage.PELAKSANAAN, end_date=TODAY + datetime.timedelta(days=900))
    client = client_for(reviewer)
    response = client.get(INDEX)
    queue_rows = rows(response)
    assert [key for key in queue_rows] == ["verifikasi", "tkksd", "dikembalikan", "dprd", "berakhir", "perpanjangan", "monev", "surat_gagal"]
    assert (queue_rows["verifikasi"]["count"], queue_rows["verifikasi"]["days"]) == (2, 9)
    assert (queue_rows["dikembalikan"]["count"], queue_rows["dikembalikan"]["days"]) == (1, 20)
    assert (queue_rows["tkksd"]["count"], queue_rows["berakhir"]["count"], queue_rows["dprd"]["count"]) == (1, 1, 0)
    assert queue_rows["berakhir"]["days"] == 40
    content = response.content.decode()
    assert "Menunggu verifikasi" in content and "Yang terlama sudah menunggu 9 hari." in content
    assert f'href="{REGISTER}?antrean=verifikasi"' in content
    # each link lists exactly the rows counted, the longest waiting first
    listed = client.get(REGISTER, {"antrean": "verifikasi"})
    assert [a.title for a in listed.context["cl"].result_list][0] == submitted.title
    assert len(listed.context["cl"].result_list) == 2
    assert titles(client.get(REGISTER, {"antrean": "dikembalikan"})) == {returned.title}
    assert titles(client.get(REGISTER, {"antrean": "tkksd"})) == {drafting.title}
    assert titles(client.get(REGISTER, {"antrean": "berakhir"})) == {ending.title}


def test_dprd_clock_counts_45_working_days(opd_a, reviewer, client_for):
    entered = TODAY - datetime.timedelta(days=70)  # 10 weeks: 50 working days
    at_dprd = put(AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL), Stage.PERSETUJUAN_DPRD, days_ago=70)
    response = client_for(reviewer).get(INDEX)
    clock = rows(response)["dprd"]["dprd"][0]
    assert clock["agreement"].pk == at_dprd.pk
    assert clock["used"] == 50 and clock["over"] and clock["foreign"]
    assert clock["due"] == datetime.date.fromordinal(entered.toordinal() + 63)  # 9 weeks = 45 working days
    assert "50/45" in response.content.decode() and "dianggap disetujui" in response.content.decode()


def test_extension_due_only_without_a_registered_extension(opd_a, reviewer, client_for):
    end = TODAY + datetime.timedelta(days=120)
    due = put(AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL), Stage.PELAKSANAAN, end_date=end)
    extended = put(AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL), Stage.PELAKSANAAN, end_date=end)
    AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPL, parent=extended, parent_relation=ParentRelation.PERPANJANGAN)
    put(AgreementFactory(opd_initiator=opd_a), Stage.PELAKSANAAN, end_date=end)  # domestic: no such rule
    client = client_for(reviewer)
    assert rows(client.get(INDEX))["perpanjangan"]["count"] == 1
    assert titles(client.get(REGISTER, {"antrean": "perpanjangan"})) == {due.title}


def test_each_role_sees_its_own_items(opd_a, tkksd_member, pimpinan, kabag, client_for):
    member = client_for(tkksd_member).get(INDEX)
    assert [row["item"].key for row in rows(member).values()] == ["tkksd"]
    assert "Menunggu rekomendasi TKKSD" in member.content.decode() and "Menunggu verifikasi" not in member.content.decode()
    assert len(rows(client_for(kabag).get(INDEX))) == len(queue.ITEMS) + 1  # and the failed mail
    leader = client_for(pimpinan).get(INDEX)
    assert rows(leader) == {} and "Antrean kerja" not in leader.content.decode()


def test_query_count_does_not_grow_with_rows(opd_a, reviewer, client_for):
    client = client_for(reviewer)

    def count(n):
        for _ in range(n):
            put(AgreementFactory(opd_initiator=opd_a), Stage.PERSETUJUAN_DPRD, days_ago=3)
            put(AgreementFactory(opd_initiator=opd_a), Stage.DIAJUKAN, days_ago=3)
        with CaptureQueriesContext(connection) as ctx:
            client.get(INDEX)
        return len(ctx.captured_queries)

    assert count(1) == count(8)


def test_working_days_between():
    monday = datetime.date(2026, 11, 2)
    assert queue.working_days_between(monday, monday) == 0
    assert queue.working_days_between(monday, monday + datetime.timedelta(days=4)) == 4
    assert queue.working_days_between(monday - datetime.timedelta(days=3), monday) == 1  # Friday to Monday
    assert queue.working_days_between(monday, monday + datetime.timedelta(days=14)) == 10


def test_view_on_site_leads_to_the_proposal_page_each_user_may_see(opd_a, opd_a_staff, opd_b_staff, reviewer, client_for):
    agreement = AgreementFactory(opd_initiator=opd_a)
    url = agreement.get_absolute_url()
    assert url == reverse("proposal_detail", args=[agreement.pk])
    change = client_for(reviewer).get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    content_type = ContentType.objects.get_for_model(Agreement)
    assert reverse("admin:view_on_site", args=[content_type.pk, agreement.pk]) in change
    assert client_for(reviewer).get(url).status_code == 200
    assert client_for(opd_a_staff).get(url).status_code == 200
    assert client_for(opd_b_staff).get(url).status_code == 404


def test_indonesian_formats_on_a_signed_agreement(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    content = client_for(reviewer).get(reverse("admin:agreements_agreement_change", args=[proposal.pk])).content.decode()
    assert "Rp1.250.000.000" in content and "1250000000,00" not in content
    register = client_for(reviewer).get(REGISTER).content.decode()
    assert date_format(proposal.end_date, "j F Y") in register


def test_the_new_document_form_has_two_different_labels(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    form = client_for(reviewer).get(reverse("admin:agreements_agreement_tool", args=[proposal.pk, "turunan"])).context["form"]
    labels = [str(form.fields[name].label) for name in ("relation", "document_type")]
    assert labels[0] != labels[1] and "Jenis naskah" in labels


def test_the_register_is_called_a_register(reviewer, client_for):
    content = client_for(reviewer).get(REGISTER).content.decode()
    assert "<h1>Register kerja sama</h1>" in content and "untuk diubah" not in content


def test_the_dprd_clock_skips_a_cuti_bersama_of_the_holiday_table():
    from agreements.choices import HolidayKind
    from agreements.models import Holiday

    monday = datetime.date(2026, 11, 2)
    Holiday.objects.update_or_create(
        date=monday + datetime.timedelta(days=2), defaults={"name": "Cuti bersama", "kind": HolidayKind.CUTI_BERSAMA}
    )
    assert queue.working_days_between(monday, monday + datetime.timedelta(days=4)) == 3


def test_overdue_monev_and_failed_mail_are_in_the_queue(opd_a, reviewer, client_for):
    from agreements.models import MonitoringEntry
    from notifications.models import OutboundMail

    year_ago = TODAY - datetime.timedelta(days=365)
    silent = put(AgreementFactory(opd_initiator=opd_a), Stage.PELAKSANAAN, start_date=year_ago, end_date=TODAY + datetime.timedelta(days=900))
    reported = put(AgreementFactory(opd_initiator=opd_a), Stage.PELAKSANAAN, start_date=year_ago, end_date=TODAY + datetime.timedelta(days=900))
    MonitoringEntry.objects.create(agreement=reported, entry_type=MonitoringEntry.EntryType.MONEV, date=TODAY - datetime.timedelta(days=20), summary="Berjalan sesuai rencana")
    OutboundMail.objects.create(key="x", to=["a@example.go.id"], subject="S", body="B", status=OutboundMail.Status.FAILED, error="refused")
    OutboundMail.objects.create(key="y", to=["b@example.go.id"], subject="S", body="B", status=OutboundMail.Status.SENT)
    client = client_for(reviewer)
    queue_rows = rows(client.get(INDEX))
    assert queue_rows["monev"]["count"] == 1
    assert titles(client.get(REGISTER, {"antrean": "monev"})) == {silent.title}
    assert queue_rows["surat_gagal"]["count"] == 1
    failed_list = client.get(queue_rows["surat_gagal"]["url"])
    assert failed_list.status_code == 200 and len(failed_list.context["cl"].result_list) == 1


def test_the_oldest_wait_is_found_across_the_stages_of_an_item(opd_a, reviewer):
    # one index probe per stage (PostgreSQL), the same answer as one ORDER BY over them all
    put(AgreementFactory(opd_initiator=opd_a), Stage.PENYUSUNAN_KSB, days_ago=3)
    put(AgreementFactory(opd_initiator=opd_a), Stage.PENYUSUNAN_PKS, days_ago=11)
    put(AgreementFactory(opd_initiator=opd_a), Stage.PENYUSUNAN_NOTA, days_ago=7)
    put(AgreementFactory(opd_initiator=opd_a), Stage.AKAN_BERAKHIR, end_date=TODAY + datetime.timedelta(days=50))
    put(AgreementFactory(opd_initiator=opd_a), Stage.PELAKSANAAN, end_date=TODAY + datetime.timedelta(days=20))
    queue_rows = {row["item"].key: row for row in queue.build(reviewer)}
    assert (queue_rows["tkksd"]["count"], queue_rows["tkksd"]["days"]) == (3, 11)
    assert (queue_rows["berakhir"]["count"], queue_rows["berakhir"]["days"]) == (2, 20)


def test_working_days_are_counted_without_walking_each_day():
    """The DPRD clock of an agreement that waited for years: whole weeks by arithmetic, the same
    count as walking the calendar day by day, holidays on weekends not taken twice."""
    import random

    from agreements.legal_calendar import working_days_between

    rnd = random.Random(17)
    for _ in range(300):
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=rnd.randint(0, 2000))
        end = start + datetime.timedelta(days=rnd.randint(-3, 900))
        off = {start + datetime.timedelta(days=rnd.randint(-30, 930)) for _ in range(rnd.randint(0, 40))}
        walked = sum(
            1
            for n in range(1, (end - start).days + 1)
            if (day := start + datetime.timedelta(days=n)).weekday() < 5 and day not in off
        )
        assert working_days_between(start, end, off) == walked
