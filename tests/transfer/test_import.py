"""Importing legacy registers: each fixture file's behaviour, all-or-nothing, OPD scoping."""

import datetime

import pytest
from django.core.management.base import CommandError

from agreements.choices import Kind, Stage
from agreements.models import Agreement, AgreementParty, StageEvent
from partners.choices import PartnerType
from partners.models import Partner

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        StageEvent.objects.count(),
        Partner.objects.count(),
        Agreement.history.count(),
        sorted(Agreement.objects.values_list("title", "stage", "start_date", "end_date", "duration_text")),
        sorted(AgreementParty.objects.values_list("agreement__title", "partner__name", "document_number")),
    )


def by_number(number):
    return Agreement.objects.get(parties__partner__is_home=True, parties__document_number=number)


def test_valid_file_enters_legacy_agreements_at_their_real_stage(run_import, reviewer, world):
    out, _err = run_import("valid.xlsx", reviewer)
    assert "4 baru" in out
    expired = by_number("119/01/PEM/2019")
    assert expired.stage == Stage.BERAKHIR
    assert expired.kind == Kind.KSDPK
    assert expired.document_type.code == "PKS"
    assert (expired.start_date, expired.end_date) == (datetime.date(2019, 11, 23), datetime.date(2024, 11, 22))
    assert (expired.duration_text, expired.duration_months) == ("5 (lima) tahun", 60)
    event = expired.events.get(action="import")
    assert event.actor == reviewer and "valid.xlsx" in event.note and event.to_stage == Stage.BERAKHIR
    parties = {p.partner.name: p.document_number for p in expired.parties.select_related("partner")}
    assert parties == {"Pemerintah Kabupaten Klaten": "119/01/PEM/2019", "PT. Air Bersih Sejahtera": "14/PT.ABS/MoU/XI/2019"}
    assert Partner.objects.get(name="PT. Air Bersih Sejahtera").partner_type == PartnerType.BADAN_USAHA

    # "Sampai dengan Tahun 2030": the end of 2030, months counted from the start; the registered pemda is reused
    regional = by_number("119/02/PEM/2021")
    assert regional.end_date == datetime.date(2030, 12, 31) and regional.duration_months == 118
    assert regional.kind == Kind.KSDD_SUKARELA and regional.document_type.code == "KSB"
    assert world["boyolali"] in [p.partner for p in regional.parties.all()]
    assert set(regional.urusan.values_list("code", flat=True)) == {"2.11", "1.03"}
    assert regional.stage == Stage.PELAKSANAAN

    # an Excel serial date, "36 bulan", no stage given: signed, then the dates decide (ended 14-03-2026)
    health = by_number("119/03/KES/2023")
    assert health.opd_initiator == world["opd_b"]
    assert (health.start_date, health.end_date) == (datetime.date(2023, 3, 15), datetime.date(2026, 3, 14))
    assert list(health.events.values_list("action", flat=True)) == ["import", "start", "expire"]

    # "MoU" between two daerah is a KSB; "Pemkab Sukoharjo" becomes the registered pemda of 33.11
    tourism = by_number("119/04/PEM/2024")
    assert tourism.document_type.code == "KSB"
    sukoharjo = Partner.objects.get(region_id="33.11", partner_type=PartnerType.PEMDA)
    assert sukoharjo.name == "Pemerintah Kabupaten Sukoharjo"
    assert tourism.duration_months == 60


def test_reimporting_the_same_file_changes_nothing(run_import, reviewer, world):
    run_import("valid.xlsx", reviewer)
    before = snapshot()
    out, _err = run_import("valid.xlsx", reviewer)
    assert "0 baru, 0 diperbarui, 4 tidak berubah" in out
    assert snapshot() == before


def test_changed_row_is_updated_not_duplicated(run_import, reviewer, world, tmp_path):
    run_import("valid.xlsx", reviewer)
    text = (run_import.__globals__["FILES"] / "duplicates.csv").read_text(encoding="utf-8")
    changed = tmp_path / "changed.csv"
    changed.write_text(text.replace("Penyediaan Air Bersih Kawasan Industri Ceper", "Penyediaan Air Bersih Kawasan Ceper"), encoding="utf-8")
    out, _err = run_import(changed, reviewer)
    assert "0 baru, 1 diperbarui" in out
    assert by_number("119/01/PEM/2019").title == "Penyediaan Air Bersih Kawasan Ceper"
    assert Agreement.objects.count() == 4


def test_duplicates_in_a_file_are_imported_once(run_import, reviewer, world):
    out, _err = run_import("duplicates.csv", reviewer)
    assert "2 baru, 0 diperbarui, 2 tidak berubah atau duplikat" in out
    assert Agreement.objects.count() == 2
    # "PT." and "PT" are the same partner
    assert Partner.objects.filter(normalized_name="air bersih sejahtera").count() == 1


def test_errors_file_saves_nothing_and_says_where_and_why(run_import, reviewer, world):
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was saved|Tidak ada yang disimpan"):
        run_import("errors.xlsx", reviewer)
    assert snapshot() == before
    try:
        run_import("errors.xlsx", reviewer)
    except CommandError:
        pass


def test_errors_are_reported_per_row_and_column(world, reviewer):
    from transfer.resources import AgreementResource, dataset_from_file

    path = run_files() / "errors.xlsx"
    result = AgreementResource(user=reviewer).import_data(
        dataset_from_file(path.read_bytes(), path.name), dry_run=True, file_name=path.name, user=reviewer
    )
    errors = {(row.number, column): " ".join(map(str, reasons))
              for row in result.invalid_rows for column, reasons in row.field_specific_errors.items()}
    assert set(errors) == {(3, "Tanggal Penandatanganan"), (3, "Tanggal Mulai"), (4, "OPD"), (5, "Tanggal Berakhir"), (6, "Judul")}
    assert "31 Februari 2020" in errors[(3, "Tanggal Penandatanganan")]
    assert "Dinas Antah Berantah" in errors[(4, "OPD")]
    assert "01-03-2019" in errors[(5, "Tanggal Berakhir")]
    assert Agreement.objects.count() == 0


def run_files():
    from .conftest import FILES

    return FILES


def test_header_aliases_are_understood(run_import, reviewer, world):
    out, _err = run_import("aliases.csv", reviewer)
    assert "3 baru" in out
    waste = by_number("119/21/DLH/2022")
    assert waste.title == "Pengolahan Limbah Medis"
    assert waste.signing_date == datetime.date(2022, 8, 12) and waste.end_date == datetime.date(2025, 8, 11)
    assert waste.duration_months == 36
    bumn = Partner.objects.get(name="PT. Bumi Hijau Lestari (Persero)")
    assert bumn.partner_type == PartnerType.BUMN
    study = by_number("119/22/DLH/2023")
    assert study.end_date == datetime.date(2026, 12, 31)
    assert Partner.objects.get(name="Universitas Widya Dharma").partner_type == PartnerType.PERGURUAN_TINGGI
    # an empty "Bidang" cell leaves the urusan empty instead of breaking
    park = by_number("119/23/DLH/2023")
    assert park.urusan.count() == 0 and park.end_date == datetime.date(2025, 7, 6)


def test_title_rows_and_merged_two_row_header(run_import, reviewer, world):
    out, _err = run_import("merged_header.xlsx", reviewer)
    assert "2 baru" in out
    flood = by_number("119/31/PEM/2018")
    assert flood.end_date == datetime.date(2023, 6, 30) and flood.stage == Stage.BERAKHIR
    partner_party = flood.parties.get(partner__is_home=False)
    assert partner_party.document_number == "050/456/2018"
    assert partner_party.partner.region_id == "33.72"
    seeds = by_number("119/32/PEM/2020")
    assert seeds.start_date == datetime.date(2020, 1, 15) and seeds.duration_months == 84


def test_opd_user_file_touching_another_opd_is_refused_whole(run_import, opd_a_staff, world):
    before = snapshot()
    with pytest.raises(CommandError):
        run_import("other_opd.csv", opd_a_staff)
    assert snapshot() == before


def test_opd_user_imports_own_rows(run_import, opd_a_staff, world, tmp_path):
    text = (run_files() / "other_opd.csv").read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.csv"
    own.write_text("\n".join(text[:2]) + "\n", encoding="utf-8")
    out, _err = run_import(own, opd_a_staff)
    assert "1 baru" in out
    assert Agreement.objects.get().opd_initiator == world["opd_a"]


def test_kerjasama_imports_every_opd(run_import, reviewer, world):
    out, _err = run_import("other_opd.csv", reviewer)
    assert "2 baru" in out


def test_opd_option_refuses_rows_of_another_opd(run_import, reviewer, world):
    with pytest.raises(CommandError):
        run_import("other_opd.csv", reviewer, opd="DLH")
    assert Agreement.objects.count() == 0


def test_dry_run_writes_nothing(run_import, reviewer, world):
    before = snapshot()
    out, _err = run_import("valid.xlsx", reviewer, dry_run=True)
    assert "4 baru" in out
    assert snapshot() == before


def test_failing_row_in_the_middle_of_a_large_file_leaves_nothing(run_import, reviewer, world, tmp_path):
    lines = ["Nomor;Judul;Mitra;OPD;Tanggal Mulai;Jangka Waktu"]
    for i in range(600):
        start = "30 Februari 2021" if i == 300 else "1 Maret 2021"
        lines.append(f"119/{i}/PEM/2021;Kerja Sama Uji {i};PT. Mitra {i % 7};DLH;{start};2 tahun")
    big = tmp_path / "besar.csv"
    big.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError):
        run_import(big, reviewer)
    assert snapshot() == before


def test_failure_while_writing_rolls_back_everything(run_import, reviewer, world, monkeypatch):
    from agreements import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "register_imported_many", broken)
    before = snapshot()
    with pytest.raises(CommandError):
        run_import("valid.xlsx", reviewer)
    assert snapshot() == before


def test_command_explains_bad_arguments(run_import, reviewer, world, tmp_path):
    with pytest.raises(CommandError, match="not found|tidak ditemukan"):
        run_import(tmp_path / "nope.xlsx", reviewer)
    bad = tmp_path / "data.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(CommandError):
        run_import(bad, reviewer)
    with pytest.raises(CommandError):
        run_import("valid.xlsx", reviewer, opd="TIDAKADA")
