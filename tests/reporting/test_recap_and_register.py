"""The recap of all cooperation (totals per kind, urusan and OPD against plain counts), its XLSX,
PDF and command; the Buku Register; the leader's summary."""

import openpyxl
import pytest
from django.core.management import call_command

from agreements.choices import Kind, Stage
from agreements.models import Agreement, Urusan
from reporting import services
from reporting.reports import recap_pdf

from .conftest import d, pdf_text

pytestmark = pytest.mark.django_db


def plain(start, end):
    """The recap's definition, counted plainly: signed, term touching the period."""
    return Agreement.objects.filter(stage__in=Stage.signed(), start_date__lte=end).exclude(end_date__lt=start)


@pytest.mark.parametrize("semester", [None, 1, 2])
def test_recap_totals_match_plain_counts(world, semester):
    data = services.recap(2025, semester)
    start, end = services.period_bounds(2025, semester)
    agreements = plain(start, end)
    assert data["total"] == agreements.count() == len(data["rows"])
    by_kind = dict(data["by_kind"])
    for kind in Kind:
        count = agreements.filter(kind=kind).count()
        assert by_kind.get(kind.label, 0) == count, kind
    by_urusan = dict(data["by_urusan"])
    for urusan in Urusan.objects.all():
        assert by_urusan.get(urusan.name, 0) == agreements.filter(urusan=urusan).count(), urusan
    by_opd = dict(data["by_opd"])
    assert sum(by_opd.values()) == data["total"]
    for name, count in by_opd.items():
        assert count == agreements.filter(opd_initiator__name=name).count(), name  # test OPDs have no short name


def test_recap_periods_include_what_they_should(world):
    assert {r["title"] for r in services.recap(2025)["rows"]} == {
        world.wisata.title, world.bencana.title, world.sampah.title, world.air.title, world.lama.title}
    # Perpustakaan Keliling ended 31 March 2025: in semester I, not in semester II.
    assert world.lama.title in {r["title"] for r in services.recap(2025, 1)["rows"]}
    assert world.lama.title not in {r["title"] for r in services.recap(2025, 2)["rows"]}
    # Air Minum started 1 August 2025.
    assert world.air.title not in {r["title"] for r in services.recap(2025, 1)["rows"]}


def test_recap_row_carries_realisation_and_last_monev_recommendation(world):
    row = next(r for r in services.recap(2025)["rows"] if r["agreement"] == world.wisata)
    assert row["realised"] == 231_500_000
    assert row["recommendation"] == "Diperluas"
    assert row["partners"] == "Gyeongju City" and row["number"] == "MOU/001/2024"


def test_recap_xlsx_rows_and_totals(world, tmp_path):
    call_command("recap_report", year=2025, output=str(tmp_path / "rekap.xlsx"), verbosity=0)
    book = openpyxl.load_workbook(tmp_path / "rekap.xlsx")
    sheet = book["Rekap"]
    titles = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert sorted(titles) == sorted(plain(d(2025, 1, 1), d(2025, 12, 31)).values_list("title", flat=True))
    totals = {row[0]: row[1] for row in book["Jumlah"].iter_rows(values_only=True) if row and row[0]}
    assert totals["Jumlah kerja sama"] == 5
    assert totals[str(Kind.KSDD_SUKARELA.label)] == 2


def test_recap_pdf_has_kop_and_rows(world, tmp_path):
    call_command("recap_report", year=2025, semester=2, output=str(tmp_path / "rekap.pdf"), verbosity=0)
    text = pdf_text((tmp_path / "rekap.pdf").read_bytes())
    assert "PEMERINTAH KABUPATEN KLATEN" in text and "REKAPITULASI KERJA SAMA DAERAH" in text
    assert "jumlah 4 kerja sama" in text
    assert world.lama.title not in text
    assert "200/PKS/2025" in pdf_text(recap_pdf(services.recap(2025)))


def test_buku_register_lists_home_numbers_per_year_and_document_type(world):
    data = services.register(2025)
    groups = dict(data["groups"])
    numbers = sorted(row["number"] for rows in groups.values() for row in rows)
    assert numbers == ["100/KSB/2025", "200/PKS/2025", "MOU/002/2025"]
    assert [row["number"] for row in groups["Perjanjian Kerja Sama"]] == ["200/PKS/2025"]
    only_pks = services.register(2025, world.air.document_type)
    assert [name for name, _rows in only_pks["groups"]] == ["Perjanjian Kerja Sama"]
    assert services.register(2020)["total"] == 1


def test_leader_summary(world, pimpinan):
    summary = services.leader_summary(pimpinan, today=d(2025, 9, 1))
    assert {a.title for a in summary["signed"]} == {world.bencana.title, world.sampah.title, world.air.title}
    assert summary["report_year"] == 2024
    assert {a.title for a in summary["missing"]} == {world.wisata.title}  # in force in 2024, never reported
    assert summary["schedule"]["addressee"] == "Gubernur Jawa Tengah"


def test_pdf_of_mapping_register_and_summary_open(world, client, reviewer, download):
    client.force_login(reviewer)
    for url in ["/laporan/buku-register.pdf?tahun=2025", "/laporan/ringkasan.pdf", "/laporan/pemetaan/unduh.pdf"]:
        response, content = download(url)
        assert response["Content-Type"] == "application/pdf", url
        assert "PEMERINTAH KABUPATEN KLATEN" in pdf_text(content)
    assert "100/KSB/2025" in pdf_text(download("/laporan/buku-register.pdf?tahun=2025")[1])


def test_recap_and_register_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        services.recap(2025)
    with django_assert_max_num_queries(6):
        services.register(2025)
