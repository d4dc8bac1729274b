"""One test per filter of the registry FilterSet, on the small fixed world of conftest.py."""

import datetime

import pytest

from accounts.models import Opd
from agreements.models import Agreement
from registry.filters import AgreementFilterSet

from .conftest import titles

pytestmark = pytest.mark.django_db


def run(params, public=False, queryset=None):
    queryset = queryset if queryset is not None else (Agreement.objects.published() if public else Agreement.objects.all())
    filterset = AgreementFilterSet(params, queryset=queryset, public=public)
    assert filterset.is_valid(), filterset.errors
    return titles(filterset.qs)


def test_kind_filter_takes_several_kinds(world):
    assert run({"kind": ["ksdpk", "sinergi"]}) == ["Pendampingan Hukum Perdata", "Penyediaan Air Minum Perdesaan"]


def test_stage_filter_takes_several_stages(world):
    assert run({"stage": ["berakhir", "penyusunan_rencana"]}) == ["Kota Kembar Promosi Wisata", "Penyediaan Air Minum Perdesaan"]


def test_public_status_filter_tells_amended_from_in_force(world):
    assert run({"status": ["diubah"]}) == ["Pengelolaan Sampah Regional"]
    assert run({"status": ["berlaku"]}) == ["Adendum Pengelolaan Sampah Regional", "Pertukaran Data Kependudukan"]
    assert run({"status": ["berakhir", "diakhiri"]}) == ["Pendampingan Hukum Perdata", "Penyediaan Air Minum Perdesaan"]


def test_year_filter_is_the_year_signed(world):
    assert run({"year": "2025"}) == ["Adendum Pengelolaan Sampah Regional", "Pertukaran Data Kependudukan"]


def test_year_filter_keeps_its_year_in_every_order_and_beside_opd_and_urusan(world):
    """Newest first, the year is an EXTRACT read from its own index on PostgreSQL; with an OPD and an
    urusan, the urusan is checked row by row: the same agreements in every case."""
    from .conftest import _set

    _set(world.hukum, signing_date=datetime.date(2024, 12, 31))  # the year's last day belongs to it
    _set(world.air, signing_date=datetime.date(2025, 1, 1))
    for sort in ("baru", "judul", "-ttd", "berakhir"):
        assert run({"year": "2024", "sort": sort}) == ["Pendampingan Hukum Perdata", "Pengelolaan Sampah Regional"]
        assert run({"year": "2025", "sort": sort}) == [
            "Adendum Pengelolaan Sampah Regional", "Penyediaan Air Minum Perdesaan", "Pertukaran Data Kependudukan",
        ]
    assert run({"year": "2025", "urusan": "2.11"}) == ["Adendum Pengelolaan Sampah Regional"]
    assert run({"year": "2025", "urusan": "2.11", "opd": "DLH"}) == ["Adendum Pengelolaan Sampah Regional"]
    assert run({"year": "2025", "urusan": "2.11,2.12", "opd": "DLH"}) == [
        "Adendum Pengelolaan Sampah Regional", "Pertukaran Data Kependudukan",
    ]
    assert run({"year": "2024", "urusan": "2.11", "opd": "DLH"}) == ["Pengelolaan Sampah Regional"]
    assert run({"year": "2025", "urusan": "1.02", "opd": "DLH"}) == []
    assert run({"year": "2023"}) == []


def test_proposed_year_filter_is_the_year_created(world):
    year = world.sampah.created_at.year
    assert len(run({"proposed_year": str(year)})) == 6
    assert run({"proposed_year": str(year - 1)}) == []


def test_opd_filter_by_code_or_id_includes_executing_opd(world, opd_b):
    by_code = run({"opd": "DINKES"})
    assert by_code == ["Kota Kembar Promosi Wisata", "Pendampingan Hukum Perdata", "Penyediaan Air Minum Perdesaan"]
    assert run({"opd": str(opd_b.pk)}) == by_code
    assert run({"opd": "TIDAK-ADA"}) == []


def test_opd_filter_is_the_same_when_the_executed_agreements_are_too_many_to_inline(world, opd_b, monkeypatch):
    from registry import filters

    inline = run({"opd": "DINKES", "urusan": "3.26"})
    monkeypatch.setattr(filters, "INLINE_IDS", 0)  # the subquery form, for OPDs executing thousands
    assert run({"opd": "DINKES", "urusan": "3.26"}) == inline == ["Kota Kembar Promosi Wisata"]
    assert run({"opd": "DINKES"}) == ["Kota Kembar Promosi Wisata", "Pendampingan Hukum Perdata", "Penyediaan Air Minum Perdesaan"]


def test_urusan_filter_by_code_without_duplicates(world):
    assert run({"urusan": "2.11"}) == ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]
    both = run({"urusan": "2.11,3.26"})
    assert both == sorted(set(both)) and len(both) == 3


def test_partner_filter_by_id(world):
    assert run({"partner": str(world.pt.pk)}) == ["Penyediaan Air Minum Perdesaan"]


def test_partner_type_filter_ignores_the_home_pemda(world):
    assert run({"partner_type": ["instansi_vertikal", "pemda_ln"]}) == ["Kota Kembar Promosi Wisata", "Pendampingan Hukum Perdata"]
    pemda = run({"partner_type": ["pemda"]})
    assert "Penyediaan Air Minum Perdesaan" not in pemda and len(pemda) == 3


def test_province_filter_matches_partners_in_that_province(world):
    assert run({"province": "34"}) == ["Pertukaran Data Kependudukan"]
    assert run({"province": "33"}) == ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]


def test_region_filter_by_kode_wilayah(world):
    assert run({"region": "33.09"}) == ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]


def test_value_range_filter(world):
    assert run({"value_min": "400000000", "value_max": "1300000000"}) == ["Pengelolaan Sampah Regional", "Penyediaan Air Minum Perdesaan"]


def test_end_date_range_filter(world):
    assert run({"end_from": "2023-01-01", "end_to": "2023-12-31"}) == ["Penyediaan Air Minum Perdesaan"]


def test_expiring_within_days_counts_only_agreements_in_force(world):
    assert run({"expiring_within": "90"}) == ["Pengelolaan Sampah Regional"]
    assert run({"expiring_within": "30"}) == []


@pytest.mark.parametrize(
    "q, expected",
    [
        ("sampah", ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]),
        ("SAMPAH regional adendum", ["Adendum Pengelolaan Sampah Regional"]),
        ("100/KS/2024", ["Pengelolaan Sampah Regional"]),
        ("abn-01", ["Penyediaan Air Minum Perdesaan"]),
        ("nusantara", ["Penyediaan Air Minum Perdesaan"]),
        ("kitakyushu", ["Kota Kembar Promosi Wisata"]),
        ("klaten", ["Pendampingan Hukum Perdata"]),  # the home pemda's name matches nothing
        ("tidakadasamasekali", []),
    ],
)
def test_free_text_search_over_title_numbers_and_partner_names(world, q, expected):
    assert run({"q": q}) == expected


def test_sort_orders_and_unknown_sort_falls_back(world):
    filterset = AgreementFilterSet({"sort": "-nilai"}, queryset=Agreement.objects.exclude(value=None))
    assert [a.title for a in filterset.qs][:2] == ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]
    assert AgreementFilterSet({"sort": "hack"}, queryset=Agreement.objects.all()).sort_key == "baru"


def test_public_filterset_has_no_private_filters_and_searches_no_numbers(world):
    filterset = AgreementFilterSet({}, queryset=Agreement.objects.published(), public=True)
    assert not {"stage", "opd", "value_min", "value_max", "expiring_within", "proposed_year"} & set(filterset.filters)
    assert run({"q": "100/KS/2024"}, public=True) == []
    assert run({"q": "sampah"}, public=True) == ["Pengelolaan Sampah Regional"]
    # a private filter in the URL is ignored, it does not narrow nor reveal
    assert run({"value_min": "1000000000000"}, public=True) == run({}, public=True)


def test_filters_keep_the_scope_they_are_given(world, opd_a):
    scoped = Agreement.objects.filter(opd_initiator=opd_a)
    assert run({"kind": ["ksdpk"]}, queryset=scoped) == []
    assert Opd.objects.count() >= 2


@pytest.mark.parametrize("q, expected", [
    ("sampah", ["Adendum Pengelolaan Sampah Regional", "Pengelolaan Sampah Regional"]),
    ("100/KS/2024", ["Pengelolaan Sampah Regional"]),
    ("nusantara", ["Penyediaan Air Minum Perdesaan"]),
    ("klaten", ["Pendampingan Hukum Perdata"]),
])
def test_common_word_plan_finds_the_same_agreements(world, monkeypatch, q, expected):
    from registry.filters import SearchMixin

    monkeypatch.setattr(SearchMixin, "DENSE_MATCHES", 0)
    assert run({"q": q}) == expected


@pytest.mark.django_db
def test_end_date_filters_list_what_ends_first_unless_a_sort_is_chosen(opd_a):
    import datetime

    from django.http import QueryDict
    from django.utils import timezone

    from agreements.choices import Stage
    from tests.factories import AgreementFactory

    today = timezone.localdate()
    for title, days in (("ends later", 80), ("ends first", 10), ("ends between", 40)):
        agreement = AgreementFactory(opd_initiator=opd_a, title=title)
        Agreement.objects.filter(pk=agreement.pk).update(stage=Stage.PELAKSANAAN, end_date=today + datetime.timedelta(days=days))
    filterset = AgreementFilterSet(QueryDict("expiring_within=90"), queryset=Agreement.objects.all())
    assert [a.title for a in filterset.qs] == ["ends first", "ends between", "ends later"]
    assert filterset.sort_key == "berakhir" and filterset.form["sort"].value() == "berakhir"
    chosen = AgreementFilterSet(QueryDict("expiring_within=90&sort=-berakhir"), queryset=Agreement.objects.all())
    assert [a.title for a in chosen.qs] == ["ends later", "ends between", "ends first"]


def test_a_common_word_is_probed_once_then_known_common(world, monkeypatch):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.filters import SearchMixin

    cache.clear()
    monkeypatch.setattr(SearchMixin, "DENSE_MATCHES", 0)  # every word with a match counts as common
    with CaptureQueriesContext(connection) as first:
        found = run({"q": "sampah"})
    with CaptureQueriesContext(connection) as again:
        assert run({"q": "sampah"}) == found
    probes = [q["sql"] for q in first.captured_queries if "UNION ALL" in q["sql"]]
    assert len(probes) == 1 and not [q for q in again.captured_queries if "UNION ALL" in q["sql"]]
    # a rare word is probed every time: its ids come from the probe
    monkeypatch.setattr(SearchMixin, "DENSE_MATCHES", 2000)
    for _ in range(2):
        with CaptureQueriesContext(connection) as rare:
            run({"q": "sampah"})
        assert [q for q in rare.captured_queries if "UNION ALL" in q["sql"]]
