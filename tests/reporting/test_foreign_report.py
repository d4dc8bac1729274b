"""The annual report on foreign cooperation (Permendagri 25/2020 Pasal 35–38): the nine headings
and their prefilled content, addressee and due dates by the home pemda's level, the report-missing
flag and the Pasal 38 warning, the PDF/DOCX and the command."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from partners.models import Region
from reporting import exports, services
from reporting.models import REPORT_HEADINGS, ForeignAnnualReport, ReviewStatus

from .conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db
HEADINGS = ["Judul", "Latar Belakang", "Maksud, Tujuan dan Sasaran", "Ruang Lingkup", "Perkembangan dan Hasil Kerja Sama",
            "Penerima Manfaat", "Pendanaan", "Hambatan dan Tantangan", "Analisis dan Rencana Tindak Lanjut"]


def test_the_nine_headings_are_those_of_the_lampiran():
    assert [heading for _name, heading in REPORT_HEADINGS] == HEADINGS


def test_prefill_takes_agreement_monev_and_rencana_kegiatan(world):
    text = services.prefill(world.wisata, 2025)
    assert text["judul"].endswith("antara Pemerintah Kabupaten Klaten dan Gyeongju City tentang Pertukaran Budaya dan Pariwisata")
    assert text["latar_belakang"].startswith("Klaten dan Gyeongju sama-sama kota warisan budaya.")
    assert "ditandatangani pada tanggal 14-09-2024" in text["latar_belakang"]
    assert text["maksud_tujuan_sasaran"] == "Meningkatkan kunjungan wisatawan."
    assert text["ruang_lingkup"] == "Promosi, pelatihan pemandu, pertukaran seniman."
    assert "Misi budaya di Gyeongju (target: Lima desa wisata dipromosikan)" in text["perkembangan_hasil"]  # rencana kegiatan
    assert "20-06-2025" in text["perkembangan_hasil"] and "18 peserta" in text["perkembangan_hasil"]  # monev
    assert text["penerima_manfaat"] == "Perajin lurik dan lima desa wisata"
    assert "APBD dan Gyeongju City" in text["pendanaan"] and "realisasi Rp231.500.000" in text["pendanaan"]
    assert text["hambatan_tantangan"] == "- Visa delegasi terlambat."
    assert "Diperluas" in text["analisis_tindak_lanjut"]  # last monev recommendation
    assert "Rencana kegiatan 2026: Festival lurik bersama" in text["analisis_tindak_lanjut"]


def test_prefill_ignores_monev_of_other_years(world):
    assert "18 peserta" not in services.prefill(world.wisata, 2026)["perkembangan_hasil"]


def test_kabupaten_reports_to_the_gubernur_by_the_first_week_then_forwarded_to_the_menteri(world):
    schedule = services.report_schedule(2025)  # the demo pemda is Kabupaten Klaten (33.10)
    assert schedule["addressee"] == "Gubernur Jawa Tengah"
    assert schedule["due"] == datetime.date(2026, 1, 7)
    assert schedule["forwarded_to"].startswith("Menteri Dalam Negeri")
    assert schedule["forward_due"] == datetime.date(2026, 1, 14)


def test_kota_reports_to_its_own_gubernur(db):
    schedule = services.report_schedule(2025, Region.objects.get(code="34.71"))
    assert schedule["addressee"] == "Gubernur Daerah Istimewa Yogyakarta"
    assert schedule["due"] == datetime.date(2026, 1, 7)


def test_province_reports_to_the_menteri_by_the_second_week(db, settings):
    settings.PEMDA = {**settings.PEMDA, "region_code": "33"}
    schedule = services.report_schedule(2025)
    assert schedule["addressee"].startswith("Menteri Dalam Negeri")
    assert schedule["due"] == datetime.date(2026, 1, 14)
    assert schedule["forwarded_to"] == "" and schedule["forward_due"] is None


def test_cover_letter_is_addressed_by_rule(world, settings):
    letter = services.foreign_report(2025)["letter"]
    assert letter["addressee"] == "Gubernur Jawa Tengah"
    assert letter["forwarded_to"].startswith("Menteri Dalam Negeri")
    settings.PEMDA = {**settings.PEMDA, "region_code": "33"}
    letter = services.foreign_report(2025)["letter"]
    assert letter["addressee"].startswith("Menteri Dalam Negeri") and letter["forwarded_to"] == ""


def test_only_foreign_agreements_in_force_in_the_year_are_reported(world):
    assert set(services.foreign_agreements(2025)) == {world.wisata, world.bencana}
    assert set(services.foreign_agreements(2023)) == {world.ended}


def test_report_missing_until_the_bagian_kerja_sama_approves_it(world, opd_a_staff, reviewer):
    assert set(services.missing_foreign_reports(2025)) == {world.wisata, world.bencana}
    report = services.report_for(world.wisata, 2025)
    services.save_report(report, opd_a_staff, submit=True)
    assert set(services.missing_foreign_reports(2025)) == {world.wisata, world.bencana}  # submitted is not sent
    services.review_report(report, reviewer, approve=True)
    assert set(services.missing_foreign_reports(2025)) == {world.bencana}


def test_pasal_38_warning_while_last_years_report_is_missing(world, opd_b_staff, reviewer):
    today = datetime.date(2026, 2, 1)
    warning = services.rencana_warning(today)
    assert "Pasal 38" in warning and "2025" in warning
    assert world.bencana.title in warning and world.wisata.title in warning
    for agreement, user in ((world.wisata, None), (world.bencana, opd_b_staff)):
        report = services.report_for(agreement, 2025)
        for name, _heading in REPORT_HEADINGS:
            setattr(report, name, getattr(report, name) or "Tidak ada.")
        services.save_report(report, user or reviewer, submit=True)
        services.review_report(report, reviewer, approve=True)
    assert services.rencana_warning(today) is None


def test_submitting_with_an_empty_heading_is_refused_and_nothing_is_saved(world, opd_a_staff):
    report = services.report_for(world.wisata, 2025)
    report.hambatan_tantangan = ""
    with pytest.raises(ValidationError) as exc:
        services.save_report(report, opd_a_staff, submit=True)
    assert "hambatan dan tantangan" in str(exc.value)
    assert not ForeignAnnualReport.objects.exists()


def test_an_approved_report_can_no_longer_be_changed_by_the_opd(world, opd_a_staff, reviewer):
    report = services.save_report(services.report_for(world.wisata, 2025), opd_a_staff, submit=True)
    services.review_report(report, reviewer, approve=True)
    report.refresh_from_db()
    report.judul = "Diubah"
    with pytest.raises(ValidationError):
        services.save_report(report, opd_a_staff)
    report.refresh_from_db()
    assert report.status == ReviewStatus.APPROVED and report.judul != "Diubah"


def test_returning_a_report_needs_a_note(world, opd_a_staff, reviewer):
    report = services.save_report(services.report_for(world.wisata, 2025), opd_a_staff, submit=True)
    with pytest.raises(ValidationError):
        services.review_report(report, reviewer, approve=False, note=" ")
    services.review_report(report, reviewer, approve=False, note="Lengkapi data penerima manfaat.")
    assert report.status == ReviewStatus.RETURNED


def test_pdf_has_kop_cover_letter_and_nine_headings_per_agreement(world):
    text = pdf_text(exports.pdf("reporting/pdf/foreign_report.html", services.foreign_report(2025, today=datetime.date(2026, 1, 3))))
    assert "PEMERINTAH KABUPATEN KLATEN" in text and "SEKRETARIAT DAERAH" in text
    assert "Yth. Gubernur Jawa Tengah" in text and "untuk diteruskan kepada Menteri Dalam Negeri" in text
    assert "Klaten, 3 Januari 2026" in text
    assert "Pasal 37 Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020" in text
    for number, heading in enumerate(HEADINGS, start=1):
        assert text.count(f"{number}. {heading}") == 2, heading  # once per agreement
    assert "Perajin lurik dan lima desa wisata" in text
    assert world.ended.title not in text and world.planned.title not in text


def test_docx_has_the_same_headings(world):
    data = services.foreign_report(2025)
    text = docx_text(exports.foreign_report_docx({**data, "kop": exports.kop()}))
    assert "Yth. Gubernur Jawa Tengah" in text
    for number, heading in enumerate(HEADINGS, start=1):
        assert text.count(f"{number}. {heading}") == 2


def test_command_writes_pdf_and_docx(world, tmp_path):
    call_command("foreign_annual_report", year=2025, output=str(tmp_path / "lap.pdf"), verbosity=0)
    assert "LAPORAN PELAKSANAAN KERJA SAMA LUAR NEGERI TAHUN 2025" in pdf_text((tmp_path / "lap.pdf").read_bytes())
    call_command("foreign_annual_report", "--year", "2025", "--output", str(tmp_path / "lap.docx"), verbosity=0)
    assert "9. Analisis dan Rencana Tindak Lanjut" in docx_text((tmp_path / "lap.docx").read_bytes())
    with pytest.raises(CommandError):
        call_command("foreign_annual_report", year=2025, output=str(tmp_path / "lap.txt"))
