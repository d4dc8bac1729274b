"""Property: whatever the cells of a register, the import never raises, never writes part of a
file, and every refusal names a row and a column of the file."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.models import Agreement, AgreementParty, StageEvent
from partners.models import Partner
from transfer.resources import AgreementResource, _dataset, dataset_from_file

pytestmark = pytest.mark.django_db

HEADERS = ["Nomor", "Judul", "Mitra", "OPD", "Tanggal Penandatanganan", "Jangka Waktu", "Status", "Nilai",
           "Jenis Kerja Sama", "Jenis Dokumen", "Urusan", "Kode Wilayah Mitra", "Negara Mitra", "Nomor Induk"]
REALISTIC = {
    "Nomor": ["119/01/PEM/2024", "119/02/PEM/2024", "", "7271"],
    "Judul": ["Pengelolaan Sampah Regional", "Penyediaan Air Bersih", "Perpanjangan Penyediaan Air Bersih", ""],
    "Mitra": ["PT Air Bersih Sejahtera", "Pemerintah Kabupaten Boyolali", "Kota Palu", "BNN Kota Palu",
              "Gyeonggi Province (Korea Selatan)", "Pemkab Sigi; PT X", ""],
    "OPD": ["DLH", "DINKES", "Dinas LH", ""],
    "Tanggal Penandatanganan": ["23 November 2022", "2021", "31-02-2020", "", "Senin, 2 Jan 2023"],
    "Jangka Waktu": ["5 (lima) tahun", "s.d. Desember 2027", "menyesuaikan", "99 tahun", ""],
    "Status": ["Berlaku", "Usulan Masuk", "Dalam Pembahasan", "Menunggu Jadwal TTD", "Tahap Monev", ""],
    "Nilai": ["Rp1.250.000.000,00", "-5", "1e309", "NaN", ""],
    "Jenis Kerja Sama": ["KSDPK", "KSDD", "KSDPL", "Sinergi", "lainnya", "??", ""],
    "Jenis Dokumen": ["PKS", "MoU", "KB", "Adendum", "Surat", ""],
    "Urusan": ["Kesehatan", "Bidang Kesehatan", "Persampahan", ""],
    "Kode Wilayah Mitra": ["33.09", "7271", "99.99", ""],
    "Negara Mitra": ["Korea Selatan", "Atlantis", ""],
    "Nomor Induk": ["119/01/PEM/2024", "", "tidak ada"],
}
HOSTILE = ["=1+1", "'=SUM(A1)", "NaN", "#N/A", "1e309", "\x00", "a\x0bb", "x" * 25_000, "\ufeff", "-", ";", "\"", "\n"]


def cell(column):
    return st.one_of(
        st.sampled_from(REALISTIC[column]),
        st.sampled_from(HOSTILE),
        st.text(max_size=20),
        st.integers(min_value=-10**20, max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)),
    )


rows_strategy = st.lists(st.tuples(*[cell(c) for c in HEADERS]), min_size=1, max_size=6)


def snapshot():
    return (Agreement.objects.count(), AgreementParty.objects.count(), StageEvent.objects.count(),
            Partner.objects.count(), Agreement.urusan.through.objects.count())


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=rows_strategy, through_csv=st.booleans())
def test_generated_registers_never_crash_never_half_write_and_name_row_and_column(reviewer, world, rows, through_csv):
    with transaction.atomic():
        before = snapshot()
        dataset = dataset_from_file(as_csv(rows), "x.csv") if through_csv else _dataset([HEADERS, *map(list, rows)])
        result = AgreementResource(user=reviewer).import_data(dataset, dry_run=False, file_name="x.csv", user=reviewer)
        for error in result.base_errors:  # a refusal of the whole file, never a traceback
            assert isinstance(error.error, ValidationError), error.traceback
        if result.has_errors() or result.has_validation_errors():
            assert snapshot() == before  # nothing half-written
            for invalid in result.invalid_rows:
                assert 2 <= invalid.number <= len(rows) + 1  # the sheet's row
                assert invalid.field_specific_errors and set(invalid.field_specific_errors) <= set(HEADERS)
                assert all(str(m) for reasons in invalid.field_specific_errors.values() for m in reasons)
        else:
            totals = result.totals
            assert totals["new"] + totals["update"] + totals["skip"] == len(dataset)
            assert Agreement.objects.count() - before[0] == totals["new"]
        transaction.set_rollback(True)
