"""The import's fast writes: multi-row inserts that write what the ORM would, history and stage
events as ``register_imported`` would, the command's summary result, and a query count that does not
grow with the file."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.bulk import Inserter
from agreements.choices import Kind, Stage
from agreements.models import Agreement, AgreementParty, DocumentType, StageEvent
from transfer.importing import key, parse_date
from transfer.resources import AgreementResource, dataset_from_file

from .conftest import FILES

pytestmark = pytest.mark.django_db

HEADER = "Nomor;Judul;Mitra;OPD;Urusan;Tanggal Mulai;Jangka Waktu"
TODAY = timezone.localdate()


def csv_rows(count, start=0, opd="DLH", urusan="Lingkungan Hidup"):
    lines = [HEADER]
    for i in range(start, start + count):
        lines.append(f"119/{i}/BULK/2020;Kerja Sama Massal {i};PT Mitra Massal {i % 7};{opd};{urusan};01-01-2020;10 tahun")
    return "\n".join(lines).encode()


def new_agreement(world, **values):
    values = {"kind": Kind.KSDPK, "document_type": DocumentType.objects.get(code="PKS"), "title": "Uji",
              "opd_initiator": world["opd_a"], **values}
    return Agreement(**values)


def comparable(agreement):
    skip = {"id", "tracking_token", "created_at", "updated_at", "stage_changed_at"}
    return {f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields if f.attname not in skip}


def test_inserter_writes_what_save_writes(world, reviewer):
    values = {"title": "Penyediaan Air Bersih", "start_date": datetime.date(2020, 1, 1),
              "end_date": datetime.date(2024, 12, 31), "duration_text": "5 (lima) tahun", "duration_months": 60,
              "value": Decimal("1250000000.00"), "created_by": reviewer}
    saved = new_agreement(world, **values)
    saved.save()
    inserted = new_agreement(world, **values)
    before = timezone.now()
    Inserter(Agreement).insert_objects([inserted])

    assert inserted.pk is not None and not inserted._state.adding
    fresh = Agreement.objects.get(pk=inserted.pk)
    assert comparable(fresh) == comparable(Agreement.objects.get(pk=saved.pk))
    assert fresh.created_at >= before and fresh.updated_at >= before  # auto_now(_add) filled as save() does
    assert fresh.tracking_token != saved.tracking_token  # a default per row, not one for all


def test_inserter_fills_left_out_columns_with_their_defaults(world):
    agreement = new_agreement(world)
    agreement.save()
    partner = world["boyolali"]
    Inserter(AgreementParty).insert_rows(["agreement_id", "partner_id", "order", "document_number"],
                                         [(agreement.pk, partner.pk, 2, "12/2020")])
    party = AgreementParty.objects.get(agreement=agreement)
    default = AgreementParty(agreement=agreement, partner=partner, order=2, document_number="12/2020")
    fields = [f.attname for f in AgreementParty._meta.concrete_fields if f.attname != "id"]
    assert {f: getattr(party, f) for f in fields} == {f: getattr(default, f) for f in fields}


def test_register_imported_many_writes_history_and_the_same_stage_events(world, reviewer):
    ended = new_agreement(world, title="Sudah berakhir", start_date=datetime.date(2019, 1, 1),
                          end_date=datetime.date(2020, 12, 31))
    running = new_agreement(world, title="Masih berlaku", start_date=datetime.date(2020, 1, 1),
                            end_date=TODAY + datetime.timedelta(days=1000))
    signed = new_agreement(world, title="Belum mulai", start_date=TODAY + datetime.timedelta(days=30))
    count = services.register_imported_many(
        [(ended, Stage.DITANDATANGANI), (running, Stage.PELAKSANAAN), (signed, Stage.DITANDATANGANI)],
        reviewer, "register-2019.xlsx",
    )

    assert count == 5
    assert [a.stage for a in Agreement.objects.filter(pk__in=[ended.pk, running.pk, signed.pk]).order_by("pk")] == [
        Stage.BERAKHIR, Stage.PELAKSANAAN, Stage.DITANDATANGANI]
    events = list(StageEvent.objects.filter(agreement=ended).order_by("id"))
    assert [(e.action, e.from_stage, e.to_stage) for e in events] == [
        ("import", Stage.PERSIAPAN, Stage.DITANDATANGANI),
        ("start", Stage.DITANDATANGANI, Stage.PELAKSANAAN),
        ("expire", Stage.PELAKSANAAN, Stage.BERAKHIR),
    ]
    assert events[0].actor == reviewer and events[1].actor is None
    assert events[0].data == {"source": "register-2019.xlsx"} and events[1].data == {}
    assert "register-2019.xlsx" in events[0].note
    assert events[0].created_at == ended.stage_changed_at

    history = Agreement.history.get(id=ended.pk)
    assert (history.history_type, history.history_user, history.stage) == ("+", reviewer, Stage.BERAKHIR)
    assert "register-2019.xlsx" in history.history_change_reason
    assert history.title == "Sudah berakhir" and history.opd_initiator_id == world["opd_a"].pk


def test_history_reason_of_a_long_file_name_is_cut_to_fit(world, reviewer):
    agreement = new_agreement(world, start_date=datetime.date(2020, 1, 1))
    services.register_imported_many([(agreement, Stage.PELAKSANAAN)], reviewer, "x" * 300 + ".xlsx")
    reason = Agreement.history.get(id=agreement.pk).history_change_reason
    assert len(reason) <= 100 and reason.endswith("…")


def test_command_result_keeps_totals_and_errors_but_no_row_per_row(world, reviewer):
    data = csv_rows(30).decode().splitlines()
    data[12] = data[12].replace("01-01-2020", "31 Februari 2020")
    dataset = dataset_from_file("\n".join(data).encode(), "big.csv")
    result = AgreementResource(user=reviewer, keep_rows=False).import_data(
        dataset, dry_run=True, file_name="big.csv", user=reviewer)
    assert result.rows == []
    assert result.totals["new"] == 29 and result.totals["invalid"] == 1
    [invalid] = result.invalid_rows
    assert invalid.number == 13 and "Tanggal Mulai" in invalid.field_specific_errors


def test_preview_keeps_a_row_per_row(world, reviewer):
    dataset = dataset_from_file(csv_rows(5), "small.csv")
    result = AgreementResource(user=reviewer).import_data(dataset, dry_run=True, file_name="small.csv", user=reviewer)
    assert [row.diff[0] for row in result.rows] == [f"119/{i}/BULK/2020" for i in range(5)]


def test_query_count_does_not_grow_with_the_file(world, reviewer):
    def queries(count, start):
        dataset = dataset_from_file(csv_rows(count, start), "q.csv")
        with CaptureQueriesContext(connection) as captured:
            result = AgreementResource(user=reviewer, keep_rows=False).import_data(
                dataset, dry_run=False, file_name="q.csv", user=reviewer)
        assert not result.has_errors() and not result.has_validation_errors()
        return len(captured)

    small, large = queries(20, 0), queries(400, 1000)
    assert large - small < 400 / 5  # no query per row: a row adds a fraction of an INSERT statement
    if connection.vendor == "postgresql":  # no parameter limit: 1000 rows per statement
        assert large <= small  # (the first import also created the partners)
    assert Agreement.objects.filter(title__startswith="Kerja Sama Massal").count() == 420
    assert AgreementParty.objects.filter(agreement__title__startswith="Kerja Sama Massal").count() == 840
    assert Agreement.urusan.through.objects.filter(agreement__title__startswith="Kerja Sama Massal").count() == 420


def test_same_row_with_urusan_in_another_order_is_a_duplicate(run_import, reviewer, world, tmp_path):
    path = tmp_path / "order.csv"
    path.write_text(
        HEADER + "\n"
        '119/1/X/2020;Sampah Terpadu;PT Mitra;DLH;"Lingkungan Hidup; Kesehatan";01-01-2020;5 tahun\n'
        '119/1/X/2020;Sampah Terpadu;PT Mitra;DLH;"Kesehatan; Lingkungan Hidup";01-01-2020;5 tahun\n',
        encoding="utf-8",
    )
    out, _err = run_import(path, reviewer)
    assert "1 baru, 0 diperbarui, 1 tidak berubah atau duplikat" in out


def test_command_import_of_many_rows_is_all_or_nothing_and_idempotent(run_import, reviewer, world, tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(csv_rows(2500))  # more than one write batch
    out, _err = run_import(path, reviewer)
    assert "2500 baru" in out
    assert StageEvent.objects.filter(action="import").count() == 2500
    assert Agreement.history.filter(history_type="+").count() == 2500
    out, _err = run_import(path, reviewer)
    assert "0 baru, 0 diperbarui, 2500 tidak berubah" in out
    assert Agreement.objects.count() == 2500


def test_dry_run_of_a_large_file_writes_nothing_at_all(world, reviewer):
    dataset = dataset_from_file(csv_rows(2100), "big.csv")  # more than one write batch
    with CaptureQueriesContext(connection) as captured:
        result = AgreementResource(user=reviewer, keep_rows=False).import_data(
            dataset, dry_run=True, file_name="big.csv", user=reviewer)
    assert result.totals["new"] == 2100
    assert not [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.mark.parametrize("bad", ["date", "other_opd"])
def test_bad_row_after_the_first_written_batch_undoes_everything(world, opd_a_staff, tmp_path, bad):
    """New agreements are written by batches of 2000 while the file is read: a bad row after the
    first batch must still leave nothing behind."""
    lines = csv_rows(2300).decode().splitlines()
    if bad == "date":
        lines[2200] = lines[2200].replace("01-01-2020", "31 Februari 2020")
    else:
        lines[2200] = lines[2200].replace(";DLH;", ";DINKES;")
    dataset = dataset_from_file("\n".join(lines).encode(), "late.csv")
    with CaptureQueriesContext(connection) as captured:
        result = AgreementResource(user=opd_a_staff, keep_rows=False).import_data(
            dataset, dry_run=False, file_name="late.csv", user=opd_a_staff)
    assert any('"agreements_agreement" ("' in q["sql"] for q in captured)  # a batch was written…
    assert result.has_validation_errors()
    assert Agreement.objects.count() == 0 and StageEvent.objects.count() == 0  # …and undone
    assert AgreementParty.objects.count() == 0 and Agreement.history.count() == 0


def test_admin_confirmed_import_logs_each_new_agreement(client, reviewer, world):
    client.force_login(reviewer)
    url = reverse("admin:agreements_agreement_import")
    with open(FILES / "valid.xlsx", "rb") as handle:
        preview = client.post(url, {"format": "0", "import_file": handle, "resource": "0"})
    client.post(reverse("admin:agreements_agreement_process_import"), preview.context["confirm_form"].initial)
    logged = set(LogEntry.objects.filter(action_flag=ADDITION).values_list("object_id", flat=True))
    assert logged == {str(pk) for pk in Agreement.objects.values_list("pk", flat=True)} and len(logged) == 4


def test_memoised_parsing_keeps_types_apart():
    assert key(1) == "1" and key(True) == "true" and key(" Dinas  Kesehatan. ") == "dinas kesehatan"
    assert parse_date(2020) == datetime.date(2020, 1, 1)
    assert parse_date(2020, end_of_period=True) == datetime.date(2020, 12, 31)
    with pytest.raises(ValueError):
        parse_date(True)
    assert parse_date("23-11-2026") == parse_date("23 November 2026") == datetime.date(2026, 11, 23)
