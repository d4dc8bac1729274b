"""Rupiah, one convention everywhere (``agreements.money``): what the desk's and the portal's amount
boxes read, and what the naskah, the desk, the registry and the reports write."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements import money
from desk.forms import parse_rupiah
from documents.words import format_rupiah
from portal.forms import RupiahField
from registry.views import CellFormats
from reporting.services import _money

TYPED = [
    ("Rp1.250.000", Decimal("1250000")),
    ("Rp 1.250.000", Decimal("1250000")),
    ("rp. 1.250.000", Decimal("1250000")),
    ("Rp\u00a01.250.000,50", Decimal("1250000.50")),
    ("1.250.000,00", Decimal("1250000")),
    ("1.250.000,5", Decimal("1250000.50")),
    ("1250000", Decimal("1250000")),
    ("1250000.00", Decimal("1250000")),  # a spreadsheet's decimal point, not a thousands dot
    ("1250000.5", Decimal("1250000.50")),
    ("1.250", Decimal("1250")),  # a dot groups thousands: one thousand two hundred fifty
    ("0", Decimal("0")),
]
REFUSED = ["1,250,000", "1.25.000", "Rp-5", "satu juta", "1.250.000,505", "12.34.56", "1e6", "NaN"]


@pytest.mark.parametrize("typed, amount", TYPED)
def test_the_desk_and_the_portal_read_an_amount_the_same_way(typed, amount):
    assert money.parse(typed) == amount
    assert parse_rupiah(typed) == amount
    assert RupiahField(required=False).clean(typed) == amount


@pytest.mark.parametrize("typed", REFUSED)
def test_what_is_not_an_amount_is_refused_everywhere(typed):
    with pytest.raises(ValueError):
        money.parse(typed)
    with pytest.raises(ValidationError):
        parse_rupiah(typed)
    with pytest.raises(ValidationError):
        RupiahField(required=False).clean(typed)


def test_blank_is_no_amount():
    assert money.parse("") is money.parse("  ") is parse_rupiah(" ") is RupiahField(required=False).clean("") is None


@pytest.mark.parametrize("amount, when_any, always, never", [
    (Decimal("1250000"), "1.250.000", "1.250.000,00", "1.250.000"),
    (Decimal("1250000.50"), "1.250.000,50", "1.250.000,50", "1.250.001"),  # whole rupiah round half up
    (Decimal("1250000.49"), "1.250.000,49", "1.250.000,49", "1.250.000"),
    (Decimal("1250000.005"), "1.250.000,01", "1.250.000,01", "1.250.000"),
    (Decimal("999"), "999", "999,00", "999"),
    (0, "0", "0,00", "0"),
    (12_500_000_000, "12.500.000.000", "12.500.000.000,00", "12.500.000.000"),
    (Decimal("-2500.5"), "-2.500,50", "-2.500,50", "-2.501"),
])
def test_amounts_are_grouped_with_dots_and_sen_after_a_comma(amount, when_any, always, never):
    assert money.group(amount) == when_any
    assert money.group(amount, sen=money.ALWAYS) == always
    assert money.group(amount, sen=money.NEVER) == never
    assert money.rupiah(amount) == (f"-Rp{when_any[1:]}" if when_any.startswith("-") else f"Rp{when_any}")


def test_every_place_that_writes_rupiah_writes_it_the_same_way():
    """No space after "Rp", dots for thousands: the naskah with sen, the reports with sen only when
    there are any, the registry's column in whole rupiah."""
    assert format_rupiah(Decimal("1250000000")) == "Rp1.250.000.000,00"
    assert format_rupiah(Decimal("-1000.5")) == "-Rp1.000,50"
    assert _money(Decimal("231500000")) == "Rp231.500.000"
    assert _money(Decimal("231500000.75")) == "Rp231.500.000,75"
    assert _money(None) == ""
    assert CellFormats.rupiah(Decimal("125000000.00")) == "125.000.000"
    for _typed, amount in TYPED:
        assert money.parse(money.group(amount)) == amount  # what is written reads back
