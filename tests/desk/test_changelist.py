"""The register: columns, filters, search, and a query count that does not grow with the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.choices import Kind, Stage
from agreements.models import Agreement
from desk.admin import awaiting_stages
from tests.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:agreements_agreement_changelist")
TODAY = datetime.date.today()


def titles(response):
    return {a.title for a in response.context["cl"].result_list}


def test_columns_show_numbers_partners_badge_and_days_left(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PELAKSANAAN)
    content = client_for(reviewer).get(URL).content.decode()
    home, partner = proposal.parties.all()
    assert home.document_number in content and partner.document_number in content
    assert "Pemerintah Kabupaten Boyolali" in content
    assert 'class="ks-badge ks-success"' in content
    days = (proposal.end_date - TODAY).days
    assert f"{days:,}".replace(",", ".") in content or str(days) in content


def test_query_count_is_the_same_for_10_and_a_full_page_of_rows(opd_a, reviewer, client_for):
    client = client_for(reviewer)

    def count(n):
        missing = n - Agreement.objects.count()
        for _ in range(missing):
            AgreementFactory(opd_initiator=opd_a)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert len(response.context["cl"].result_list) == n
        return len(ctx.captured_queries)

    from desk.admin import AgreementAdmin

    assert count(10) == count(AgreementAdmin.list_per_page)


def test_search_by_title_number_and_partner_name(opd_a, reviewer, client_for):
    a = AgreementFactory(opd_initiator=opd_a, title="Pengelolaan Air Minum Lintas Batas")
    b = AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPK, complete__partners=[PartnerFactory(name="PT Tirta Klaten Makmur")])
    home = a.home_party
    home.document_number = "000.3.3/77/Kerjasama/2026"
    home.save()
    client = client_for(reviewer)
    assert titles(client.get(URL, {"q": "Air Minum"})) == {a.title}
    assert titles(client.get(URL, {"q": "3.3/77/"})) == {a.title}
    assert titles(client.get(URL, {"q": "Tirta Klaten"})) == {b.title}


def test_partner_type_and_year_signed_filters(opd_a, drive, reviewer, client_for):
    third = AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPK, complete__partners=[PartnerFactory(name="PT Maju Jaya")])
    signed = AgreementFactory(opd_initiator=opd_a)
    drive(signed, Stage.PELAKSANAAN)
    client = client_for(reviewer)
    assert titles(client.get(URL, {"jenis_mitra": "badan_usaha"})) == {third.title}
    assert titles(client.get(URL, {"tahun_ttd": str(TODAY.year)})) == {signed.title}
    assert titles(client.get(URL, {"tahun_ttd": "belum"})) == {third.title}


def test_ending_within_filter(opd_a, drive, reviewer, client_for):
    soon = AgreementFactory(opd_initiator=opd_a, end_date=TODAY + datetime.timedelta(days=40))
    later = AgreementFactory(opd_initiator=opd_a)
    drive(soon, Stage.AKAN_BERAKHIR)
    drive(later, Stage.PELAKSANAAN)
    client = client_for(reviewer)
    assert titles(client.get(URL, {"berakhir_dalam": "60"})) == {soon.title}
    assert titles(client.get(URL, {"berakhir_dalam": "30"})) == set()


def test_waiting_for_my_action_matches_the_stage_engine(opd_a, drive, reviewer, tkksd_member, pimpinan, client_for):
    draft = AgreementFactory(opd_initiator=opd_a)
    submitted = AgreementFactory(opd_initiator=opd_a)
    drive(submitted, Stage.DIAJUKAN)
    drafting = AgreementFactory(opd_initiator=opd_a)
    drive(drafting, Stage.PENYUSUNAN_KSB)
    in_force = AgreementFactory(opd_initiator=opd_a)
    drive(in_force, Stage.PELAKSANAAN)
    everything = [draft, submitted, drafting, in_force]
    decision = {"verify", "advance", "sign", "start", "tkksd"}
    for user, expected in ((reviewer, {submitted, drafting}), (tkksd_member, {drafting})):
        by_engine = {a for a in everything if decision & set(services.available_actions(a, user))}
        assert by_engine == expected
        response = client_for(user).get(URL, {"menunggu": "saya"})
        assert titles(response) == {a.title for a in expected}
    assert awaiting_stages(pimpinan) == set()
    assert "menunggu=saya" not in client_for(pimpinan).get(URL).content.decode()


def test_stage_group_filter(opd_a, drive, reviewer, client_for):
    draft = AgreementFactory(opd_initiator=opd_a)
    submitted = AgreementFactory(opd_initiator=opd_a)
    drive(submitted, Stage.DIAJUKAN)
    client = client_for(reviewer)
    assert titles(client.get(URL, {"tahap": "proses"})) == {submitted.title}
    assert titles(client.get(URL, {"tahap": "persiapan"})) == {draft.title}


def test_no_delete_action_and_no_full_count(reviewer, client_for, opd_a):
    AgreementFactory(opd_initiator=opd_a)
    response = client_for(reviewer).get(URL)
    assert "delete_selected" not in response.content.decode()
    assert response.context["cl"].show_full_result_count is False


# --- at scale: no full count, no DISTINCT, no scan for the filter and date choices ---------------


def sql_of(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def agreement_queries(statements):
    return [s for s in statements if "agreements_agreement" in s]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner")
def test_unfiltered_list_never_counts_the_whole_table(opd_a, reviewer, client_for, monkeypatch):
    from desk.changelist import EstimatedCountPaginator

    monkeypatch.setattr(EstimatedCountPaginator, "CAP", 3)
    for _ in range(5):
        AgreementFactory(opd_initiator=opd_a)
    response, statements = sql_of(client_for(reviewer))
    counts = [s for s in agreement_queries(statements) if "COUNT(" in s.upper()]
    assert counts, "the paginator counts (capped)"
    assert all("LIMIT 4" in s for s in counts), counts  # at most CAP + 1 rows are counted
    assert not any("DISTINCT" in s for s in agreement_queries(statements))
    cl = response.context["cl"]
    assert cl.paginator.estimated and cl.result_count >= 4
    assert "sekitar" in response.content.decode()  # "about N agreements": the planner's estimate


def test_capped_count_is_exact_below_the_cap(opd_a, reviewer, client_for):
    for _ in range(3):
        AgreementFactory(opd_initiator=opd_a)
    response, statements = sql_of(client_for(reviewer))
    cl = response.context["cl"]
    assert cl.result_count == 3 and not cl.paginator.estimated
    assert not any(s.upper().startswith("SELECT COUNT(*) AS") for s in statements)  # Django's plain full count


def test_search_over_partners_has_no_duplicates_and_no_distinct(opd_a, reviewer, client_for):
    partner = PartnerFactory(name="PT Tirta Klaten Makmur")
    both = AgreementFactory(opd_initiator=opd_a, kind=Kind.KSDPK, title="Air Klaten", complete__partners=[partner])
    AgreementFactory(opd_initiator=opd_a, title="Pengelolaan Sampah")
    response, statements = sql_of(client_for(reviewer), {"q": "Klaten"})
    assert [a.pk for a in response.context["cl"].result_list] == [both.pk]  # title and partner match: once
    assert not any("DISTINCT" in s for s in agreement_queries(statements))


def test_date_hierarchy_offers_signing_years_months_and_days_without_reading_rows(opd_a, drive, reviewer, client_for):
    signed = AgreementFactory(opd_initiator=opd_a)
    drive(signed, Stage.PELAKSANAAN)
    AgreementFactory(opd_initiator=opd_a)  # a draft: no signing date
    signed.refresh_from_db()
    year = signed.signing_date.year
    client = client_for(reviewer)
    response, statements = sql_of(client)
    assert not any("DISTINCT" in s or "DATE_TRUNC" in s.upper() or "django_date_trunc" in s for s in statements)
    hierarchy = response.context["cl"].light_date_hierarchy
    assert [c["title"] for c in hierarchy["choices"]] == [str(year)]
    response, _ = sql_of(client, {"signing_date__year": year})
    assert titles(response) == {signed.title}
    months = response.context["cl"].light_date_hierarchy["choices"]
    assert len(months) == 12 and months[0]["title"] == f"Januari {year}"
    response, _ = sql_of(client, {"signing_date__year": year, "signing_date__month": 2})
    assert len(response.context["cl"].light_date_hierarchy["choices"]) in (28, 29)
    # within a signing year the newest signed come first (the signing_date index), not the newest created
    assert response.context["cl"].get_ordering(response.wsgi_request, Agreement.objects.all())[0] == "-signing_date"


def test_deep_pages_keep_the_order_and_the_rows(opd_a, reviewer, client_for, monkeypatch):
    from desk.admin import AgreementAdmin
    from desk.changelist import EstimatedCountPaginator

    monkeypatch.setattr(EstimatedCountPaginator, "DEEP_OFFSET", 0)
    monkeypatch.setattr(AgreementAdmin, "list_per_page", 2)
    made = [AgreementFactory(opd_initiator=opd_a) for _ in range(5)]
    newest_first = [a.pk for a in sorted(made, key=lambda a: (a.created_at, a.pk), reverse=True)]
    client = client_for(reviewer)
    pages = [[a.pk for a in client.get(URL, {"p": p}).context["cl"].result_list] for p in (1, 2, 3)]
    assert pages == [newest_first[:2], newest_first[2:4], newest_first[4:]]


def test_sorted_column_breaks_ties_in_its_own_direction(opd_a, reviewer, client_for):
    AgreementFactory(opd_initiator=opd_a)
    client = client_for(reviewer)
    ascending = client.get(URL, {"o": "5"})  # kind
    cl = ascending.context["cl"]
    assert cl.get_ordering(ascending.wsgi_request, Agreement.objects.all()) == ["kind", "pk"]
    descending = client.get(URL, {"o": "-5"})
    cl = descending.context["cl"]
    assert cl.get_ordering(descending.wsgi_request, Agreement.objects.all()) == ["-kind", "-pk"]


def test_urusan_filter_lists_each_agreement_once(opd_a, reviewer, client_for):
    from agreements.models import Urusan

    two = AgreementFactory(opd_initiator=opd_a)
    other = Urusan.objects.exclude(code="2.11").first()
    two.urusan.add(other)
    AgreementFactory(opd_initiator=opd_a, title="Tanpa urusan lain")
    response, statements = sql_of(client_for(reviewer), {"urusan": str(other.pk)})
    assert [a.pk for a in response.context["cl"].result_list] == [two.pk]
    main = Urusan.objects.get(code="2.11")
    response, _ = sql_of(client_for(reviewer), {"urusan": str(main.pk)})
    assert len(response.context["cl"].result_list) == 2


def test_ending_within_lists_what_ends_soonest_first(opd_a, drive, reviewer, client_for):
    later = AgreementFactory(opd_initiator=opd_a, end_date=TODAY + datetime.timedelta(days=80))
    sooner = AgreementFactory(opd_initiator=opd_a, end_date=TODAY + datetime.timedelta(days=20))
    drive(later, Stage.AKAN_BERAKHIR)
    drive(sooner, Stage.AKAN_BERAKHIR)
    response = client_for(reviewer).get(URL, {"berakhir_dalam": "90"})
    assert [a.pk for a in response.context["cl"].result_list] == [sooner.pk, later.pk]
    # a sorted column still wins
    response = client_for(reviewer).get(URL, {"berakhir_dalam": "90", "o": "-7"})
    assert [a.pk for a in response.context["cl"].result_list] == [later.pk, sooner.pk]


def test_no_facet_counts_even_when_asked(opd_a, reviewer, client_for):
    AgreementFactory(opd_initiator=opd_a)
    response, statements = sql_of(client_for(reviewer), {"_facets": "True"})
    assert not any("COUNT(" in s.upper() and "LIMIT" not in s.upper() for s in agreement_queries(statements))


def test_register_rows_are_the_cells_django_renders_without_its_lookups(proposal, drive, opd_a, reviewer, client_for, monkeypatch):
    from django.contrib.admin.templatetags import admin_list

    from desk.templatetags import kerjasama_admin

    drive(proposal, Stage.PELAKSANAAN)
    AgreementFactory(opd_initiator=opd_a, title="Judul <b>tebal</b> & “kutip”")
    client = client_for(reviewer)
    cl = client.get(URL).context["cl"]
    assert [list(row) for row in kerjasama_admin.register_rows(cl)] == [list(row) for row in admin_list.results(cl)]

    def refuse(cl):
        raise AssertionError("the register fell back to Django's per-cell lookups")

    monkeypatch.setattr(kerjasama_admin, "results", refuse)
    content = client.get(URL).content.decode()
    assert "Judul &lt;b&gt;tebal&lt;/b&gt; &amp; “kutip”" in content and 'class="field-opd_initiator nowrap"' in content
