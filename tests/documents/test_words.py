"""Indonesian number, amount and date words (domain.md §5.4)."""

import datetime

import pytest

from documents import words


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (2026, "dua ribu dua puluh enam"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (1000000, "satu juta"),
        (1250000000, "satu miliar dua ratus lima puluh juta"),
        (32090000000, "tiga puluh dua miliar sembilan puluh juta"),
        (1000000000000, "satu triliun"),
    ],
)
def test_terbilang_known_values(number, expected):
    assert words.terbilang(number) == expected


def test_rupiah_amount_with_words_as_a_naskah_writes_it():
    assert words.rupiah(1250000000) == "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh juta rupiah)"
    assert words.rupiah("32090000000") == "Rp32.090.000.000,00 (tiga puluh dua miliar sembilan puluh juta rupiah)"
    assert words.format_rupiah("1500.5") == "Rp1.500,50"
    assert words.rupiah_words("1500.50") == "seribu lima ratus rupiah lima puluh sen"


def test_23_november_2026_is_senin_and_reads_in_words():
    date = datetime.date(2026, 11, 23)
    assert words.day_name(date) == "Senin"
    assert words.opening_sentence(date, "Klaten") == (
        "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam "
        "(23-11-2026), bertempat di Klaten,"
    )


def test_every_day_and_month_name():
    monday = datetime.date(2026, 11, 23)
    names = [words.day_name(monday + datetime.timedelta(days=i)) for i in range(7)]
    assert names == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    assert words.month_name(1) == "Januari" and words.month_name(8) == "Agustus" and words.month_name(12) == "Desember"


def test_unsigned_opening_leaves_dotted_blanks():
    text = words.opening_sentence(None, "")
    assert text.startswith("Pada hari ini …") and "tanggal …" in text and "bertempat di …" in text


def test_small_helpers():
    assert words.number_with_words(5) == "5 (lima)"
    assert words.long_date(datetime.date(2026, 1, 2)) == "2 Januari 2026"
    assert words.roman(4) == "IV" and words.roman(14) == "XIV"
    assert words.join_words(["A", "B", "C"]) == "A, B, dan C"
    assert words.join_words(["A", "B"]) == "A dan B"
