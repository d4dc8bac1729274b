"""Parsers of hand-typed cells, and the partner import."""

import datetime

import pytest
import tablib

from partners.choices import PartnerType
from partners.models import Partner
from transfer.importing import ParseError, parse_date, parse_duration, parse_money
from transfer.resources import PartnerResource


@pytest.mark.parametrize("value, expected", [
    ("23 November 2026", datetime.date(2026, 11, 23)),
    ("Senin, 23 Nopember 2026", datetime.date(2026, 11, 23)),
    ("23-11-2026", datetime.date(2026, 11, 23)),
    ("23/11/2026", datetime.date(2026, 11, 23)),
    ("2026-11-23", datetime.date(2026, 11, 23)),
    (46349, datetime.date(2026, 11, 23)),
    ("46349", datetime.date(2026, 11, 23)),
    (datetime.datetime(2026, 11, 23, 0, 0), datetime.date(2026, 11, 23)),
    ("", None),
    (None, None),
])
def test_indonesian_dates(value, expected):
    assert parse_date(value) == expected


def test_bad_dates_are_explained():
    with pytest.raises(ParseError, match="31 Februari 2020"):
        parse_date("31 Februari 2020")
    with pytest.raises(ParseError):
        parse_date("kemarin sore")


@pytest.mark.parametrize("text, months", [
    ("5 (lima) tahun", 60), ("36 bulan", 36), ("lima tahun", 60), ("dua belas bulan", 12),
    ("1 tahun 6 bulan", 18), ("2,5 tahun", 30), ("tiga puluh lima tahun", 420), ("selama 3 (tiga) tahun", 36),
    ("", None), ("sesuai kesepakatan", None),
])
def test_durations_keep_the_text_and_count_months(text, months):
    duration = parse_duration(text)
    assert (duration.text, duration.months) == (text, months)


def test_duration_until_a_year():
    duration = parse_duration("Sampai dengan Tahun 2024", start=datetime.date(2020, 1, 1))
    assert (duration.end_date, duration.months) == (datetime.date(2024, 12, 31), 60)


def test_money():
    assert str(parse_money("Rp1.250.000.000,00")) == "1250000000.00"
    assert parse_money("") is None


@pytest.mark.django_db
def test_partner_import_matches_pt_variants_and_is_idempotent(world):
    Partner.objects.create(name="PT. Air Bersih Sejahtera", partner_type=PartnerType.BADAN_USAHA)
    data = tablib.Dataset(headers=["Nama", "Jenis Mitra", "Kode Wilayah", "NIB"])
    data.append(["PT Air Bersih Sejahtera", "Badan usaha", "", ""])
    data.append(["Pemerintah Kabupaten Sukoharjo", "", "33.11", None])
    result = PartnerResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert Partner.objects.filter(normalized_name="air bersih sejahtera").count() == 1
    assert Partner.objects.get(region_id="33.11").partner_type == PartnerType.PEMDA
    again = PartnerResource().import_data(data, dry_run=False)
    assert again.totals["new"] == 0
