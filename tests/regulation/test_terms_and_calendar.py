"""Terms, the extension calendar and working days: Permendagri 25/2020 Pasal 17, 32, 33."""

import datetime

import pytest
from django.core import mail

from agreements import legal_calendar, services, workflow
from agreements.choices import HolidayKind, Kind, ParentRelation, Stage, SubKind
from agreements.models import Holiday
from agreements.pathing import DECISION_DATA, ensure_attachments
from notifications import reminders
from notifications.models import ReminderLog

from ..factories import AgreementFactory, document_type

pytestmark = pytest.mark.django_db


def ksdpl(opd, **kwargs):
    return AgreementFactory(
        kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd, **kwargs
    )


def refusals(agreement):
    return services.submission_check(agreement).errors


FIVE_YEARS = "paling lama 5 tahun"


# --- item 1: the five-year limit is measured from the dates ------------------------------------------


def test_seven_years_of_dates_cannot_hide_behind_sixty_typed_months(opd_a):
    agreement = ksdpl(opd_a, start_date=datetime.date(2026, 1, 15), end_date=datetime.date(2033, 1, 14), duration_months=60)
    assert any(FIVE_YEARS in str(e) for e in refusals(agreement))


@pytest.mark.parametrize(
    "end,refused",
    [
        (datetime.date(2031, 1, 14), False),  # "berlaku 5 tahun" from 15 January 2026
        (datetime.date(2031, 1, 15), False),  # the fifth anniversary itself
        (datetime.date(2031, 1, 16), True),
    ],
)
def test_five_years_from_15_january_2026(opd_a, end, refused):
    agreement = ksdpl(opd_a, start_date=datetime.date(2026, 1, 15), end_date=end, duration_months=None)
    assert any(FIVE_YEARS in str(e) for e in refusals(agreement)) is refused


def test_the_month_count_is_used_only_without_dates(opd_a):
    agreement = ksdpl(opd_a, start_date=None, end_date=None, duration_months=72)
    assert any(FIVE_YEARS in str(e) for e in refusals(agreement))
    agreement.duration_months = 60
    assert not any(FIVE_YEARS in str(e) for e in refusals(agreement))


# --- item 2: the extension due date, its reminders, and the foreign perpanjangan path ----------------


def test_extension_is_due_six_months_before_the_end(opd_a):
    agreement = ksdpl(opd_a, start_date=datetime.date(2026, 1, 15), end_date=datetime.date(2031, 1, 14))
    assert agreement.extension_request_due == datetime.date(2030, 7, 14)
    agreement.end_date = datetime.date(2031, 8, 31)
    assert agreement.extension_request_due == datetime.date(2031, 2, 28)  # clamped to the month's end
    assert AgreementFactory(opd_initiator=opd_a).extension_request_due is None  # domestic: no such rule


@pytest.mark.immediate_tasks  # the reminder mail is a task; run it in place
def test_extension_reminders_come_ahead_of_the_due_date_once_each(opd_a, drive):
    agreement = ksdpl(opd_a)
    drive(agreement, Stage.PELAKSANAAN)
    due = agreement.extension_request_due
    assert due == legal_calendar.add_months(agreement.end_date, -6)
    report = reminders.run(today=due - datetime.timedelta(days=60))
    assert [lead for a, lead, _r in report.reminded if a == agreement] == [60]
    message = mail.outbox[-1]
    assert "Ajukan perpanjangan" in message.subject and "Pasal 33" in message.body
    assert ReminderLog.objects.filter(agreement=agreement, lead_days=60, end_date=due).exists()
    again = reminders.run(today=due - datetime.timedelta(days=60))
    assert not [a for a, *_ in again.reminded if a == agreement]
    later = reminders.run(today=due - datetime.timedelta(days=7))
    assert [lead for a, lead, _r in later.reminded if a == agreement] == [7]
    # the expiry reminders (180 days before the end) would come only after the due date
    assert agreement.end_date - datetime.timedelta(days=180) > due


def test_no_extension_reminder_once_an_extension_is_under_way(opd_a, opd_a_staff, drive):
    agreement = ksdpl(opd_a)
    drive(agreement, Stage.PELAKSANAAN)
    services.create_child(agreement, opd_a_staff, ParentRelation.PERPANJANGAN, document_type("MOU"))
    report = reminders.run(today=agreement.extension_request_due - datetime.timedelta(days=30))
    assert not [a for a, *_ in report.reminded if a == agreement]


def signed_ksdpl_and_extension(opd_a, opd_a_staff, drive):
    parent = ksdpl(opd_a)
    drive(parent, Stage.PELAKSANAAN)
    child = services.create_child(parent, opd_a_staff, ParentRelation.PERPANJANGAN, document_type("MOU"), title="Perpanjangan")
    return parent, child


def test_foreign_extension_walks_its_own_short_path(opd_a, opd_a_staff, drive):
    _parent, child = signed_ksdpl_and_extension(opd_a, opd_a_staff, drive)
    assert workflow.flow_key_for(child) == "perpanjangan_ln"
    drive(child, Stage.PELAKSANAAN)
    stages = [e.to_stage for e in child.events.order_by("id") if e.action not in ("create", "tkksd")]
    assert stages == [
        Stage.DIAJUKAN, Stage.PERMOHONAN_PERPANJANGAN, Stage.JAWABAN_PERPANJANGAN, Stage.PENANDATANGANAN_PERPANJANGAN,
        Stage.DITANDATANGANI, Stage.PELAKSANAAN,
    ]
    for stage in (Stage.PENJAJAKAN, Stage.PERNYATAAN_KEHENDAK, Stage.PEMBAHASAN_NASKAH):
        assert stage not in stages


def test_extension_request_needs_its_copies_and_a_late_one_is_flagged(opd_a, opd_a_staff, drive, reviewer):
    parent, child = signed_ksdpl_and_extension(opd_a, opd_a_staff, drive)
    drive(child, Stage.PERMOHONAN_PERPANJANGAN)
    ensure_attachments(child, ["permohonan_perpanjangan"], reviewer)
    with pytest.raises(services.TransitionError) as refused:
        services.advance(child, reviewer, data={"letter_number": "000.3/1", "letter_date": datetime.date.today()})
    text = " ".join(refused.value.messages)
    assert "ditembuskan kepada DPRD" in text and "kepada Gubernur" in text  # Klaten is a kabupaten
    late = parent.extension_request_due + datetime.timedelta(days=1)
    data = {**DECISION_DATA[workflow.PERMOHONAN_PERPANJANGAN](late.isoformat())}
    services.advance(child, reviewer, data=data)
    event = child.events.latest("id")
    assert child.stage == Stage.JAWABAN_PERPANJANGAN
    assert any("enam bulan sebelum berakhir" in w for w in event.data["warnings"])


# --- item 7: 45 working days with the holiday table -------------------------------------------------


def test_holidays_are_seeded_from_the_package_with_cuti_bersama_and_keep_admin_edits():
    Holiday.objects.all().delete()
    Holiday.objects.create(date=datetime.date(2026, 12, 24), name="Cuti bersama Natal (SKB 2026)", kind=HolidayKind.CUTI_BERSAMA)
    created = legal_calendar.seed_holidays(Holiday, [2026])
    assert created > 15
    assert Holiday.objects.get(date=datetime.date(2026, 8, 17)).kind == HolidayKind.NASIONAL
    assert Holiday.objects.get(date=datetime.date(2026, 12, 24)).name == "Cuti bersama Natal (SKB 2026)"
    assert Holiday.objects.filter(kind=HolidayKind.CUTI_BERSAMA, date__month=3).exists()  # Idul Fitri
    assert legal_calendar.seed_holidays(Holiday, [2026]) == 0


def test_deemed_dprd_approval_waits_for_the_real_45th_working_day(opd_a, drive, reviewer):
    Holiday.objects.all().delete()
    legal_calendar.seed_holidays(Holiday, [2026, 2027])
    received = datetime.date(2026, 11, 2)  # Monday
    # Monday–Friday alone would end on 4 January 2027; cuti bersama 24 December, Natal 25 December,
    # 1 January and Isra Mikraj 5 January 2027 are not working days
    plain = received + datetime.timedelta(days=63)
    assert plain == datetime.date(2027, 1, 4)
    due = services.add_working_days(received, 45)
    assert due == datetime.date(2027, 1, 8)
    agreement = ksdpl(opd_a)
    drive(agreement, Stage.PERSETUJUAN_DPRD)
    deemed = {"result": "dianggap_disetujui", "received_date": received}
    for day in (plain + datetime.timedelta(days=1), due):
        with pytest.raises(services.TransitionError, match="08-01-2027"):
            services.advance(agreement, reviewer, data=deemed, today=day)
    services.advance(agreement, reviewer, data=deemed, today=due + datetime.timedelta(days=1))
    assert agreement.stage == Stage.VERIFIKASI_MENTERI


def test_a_cuti_bersama_added_in_the_admin_moves_the_deadline():
    Holiday.objects.all().delete()
    received = datetime.date(2026, 9, 1)
    assert services.add_working_days(received, 45) == datetime.date(2026, 11, 3)
    Holiday.objects.create(date=datetime.date(2026, 10, 1), name="Cuti bersama", kind=HolidayKind.CUTI_BERSAMA)
    assert services.add_working_days(received, 45) == datetime.date(2026, 11, 4)
