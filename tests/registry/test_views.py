"""Registry list, detail, dashboard, public page, open data and tracking link, per persona."""

import csv
import io
import json
import uuid

import pytest
from django.urls import reverse

from agreements import pathing, services
from agreements.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


# --- registry list ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_from_registry_and_dashboard(client, world):
    for name in ("registry_list", "dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/" in response["Location"] or "login" in response["Location"]
    assert client.get(reverse("registry_detail", args=[world.sampah.pk])).status_code == 302


def test_reviewer_sees_every_agreement_in_the_registry(client, reviewer, world):
    client.force_login(reviewer)
    body = client.get(reverse("registry_list")).content.decode()
    for agreement in (world.sampah, world.air, world.wisata, world.hukum, world.adendum, world.rahasia):
        assert agreement.title in body


def test_opd_staff_sees_only_own_opd_in_registry(client, opd_a_staff, world):
    client.force_login(opd_a_staff)
    body = client.get(reverse("registry_list")).content.decode()
    assert world.sampah.title in body and world.wisata.title in body
    assert world.air.title not in body and world.hukum.title not in body


def test_opd_staff_cannot_open_other_opd_agreement(client, opd_a_staff, world):
    client.force_login(opd_a_staff)
    assert client.get(reverse("registry_detail", args=[world.air.pk])).status_code == 404
    assert client.get(reverse("registry_detail", args=[world.sampah.pk])).status_code == 200


def test_registry_filter_is_kept_in_links_and_export(client, reviewer, world):
    client.force_login(reviewer)
    response = client.get(reverse("registry_list"), {"kind": "ksdpk", "q": "air"})
    body = response.content.decode()
    assert world.air.title in body and world.sampah.title not in body
    assert "/registri/ekspor/xlsx/?kind=ksdpk&amp;q=air" in body
    assert "sort=judul" in body and "kind=ksdpk" in body


def test_registry_pages_without_exact_count(client, reviewer, world, monkeypatch):
    from registry import views as registry

    client.force_login(reviewer)
    monkeypatch.setattr(registry, "PER_PAGE", 2)
    first = client.get(reverse("registry_list"), {"sort": "judul"})
    second = client.get(reverse("registry_list"), {"sort": "judul", "page": "2"})
    last = client.get(reverse("registry_list"), {"sort": "judul", "page": "3"})
    assert first.context["page"].has_next and not first.context["page"].has_previous
    assert [a.title for a in second.context["page"]] == ["Pendampingan Hukum Perdata", "Pengelolaan Sampah Regional"]
    assert not last.context["page"].has_next
    assert first.context["total"] == 6


@pytest.mark.parametrize("name", ["registry_list", "public_list"])
def test_deep_pages_list_the_same_rows_in_the_same_order(client, reviewer, world, monkeypatch, name):
    """Past Page.DEEP_OFFSET a page reads its ids first, then its rows: same rows, same order."""
    from registry import views as registry

    client.force_login(reviewer)
    monkeypatch.setattr(registry, "PER_PAGE", 2)

    def pages(sort):
        shown = []
        for number in (1, 2, 3):
            page = client.get(reverse(name), {"sort": sort, "page": number}).context["page"]
            shown.append(([a.title for a in page], page.has_next))
        return shown

    for sort in ("judul", "-ttd", "berakhir", "-nilai"):
        shallow = pages(sort)
        monkeypatch.setattr(registry.Page, "DEEP_OFFSET", 2)
        assert pages(sort) == shallow
        monkeypatch.setattr(registry.Page, "DEEP_OFFSET", 1000)
    assert [title for titles, _next in pages("judul") for title in titles] == sorted(
        title for titles, _next in pages("judul") for title in titles
    )


@pytest.mark.parametrize("params", [{"opd": "DLH"}, {"urusan": "2.11,2.12", "sort": "judul"}, {"q": "Sampah", "sort": "-ttd"},
                                    {"partner_type": "pemda"}])
def test_a_narrow_list_paged_from_its_ids_lists_what_its_filters_list(client, reviewer, opd_a_staff, world, monkeypatch, params):
    """A filtered list of up to NARROW_LIST agreements is paged from the ids its count read: the same
    rows, order, pages and total as running its filters for the page, in each user's scope."""
    from registry import views as registry

    monkeypatch.setattr(registry, "PER_PAGE", 2)

    def pages():
        shown = []
        for number in (1, 2, 3):
            response = client.get(reverse("registry_list"), {**params, "page": number})
            shown.append(([a.title for a in response.context["page"]], response.context["page"].has_next,
                          response.context["total"]))
        return shown

    for user in (reviewer, opd_a_staff):
        client.force_login(user)
        narrow = pages()
        monkeypatch.setattr(registry, "NARROW_LIST", 0)
        assert pages() == narrow
        assert any(titles for titles, _next, _total in narrow)
        monkeypatch.setattr(registry, "NARROW_LIST", 250)


def test_registry_cells_read_as_the_template_filters_wrote_them():
    """The list's own formatting of dates, Rupiah and long titles equals Django's filters in Indonesian."""
    import datetime
    from decimal import Decimal

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.template.defaultfilters import date, floatformat, truncatechars
    from django.utils import translation

    from registry.views import CellFormats

    with translation.override("id"):
        cells = CellFormats()
        for day in (datetime.date(2022, 5, 17), datetime.date(2026, 1, 1), datetime.date(2031, 12, 31), datetime.date(2024, 8, 9)):
            assert cells.date(day) == date(day, "j M Y")
        assert cells.date(datetime.date(2022, 5, 17)) == "17 Mei 2022"
        for value in (Decimal("0"), Decimal("999"), Decimal("1250000"), Decimal("1250000.50"), Decimal("1250000.49"),
                      Decimal("75000000000.00"), 1_250_000_000, Decimal("-2500.5")):
            assert cells.rupiah(value) == intcomma(floatformat(value, 0)), value
        assert cells.rupiah(Decimal("1250000")) == "1.250.000"
        assert cells.date(None) == cells.rupiah(None) == "—"
        for length in (109, 110, 111, 300):
            title = ("Kerja Sama Pengelolaan Sampah Regional Terpadu " * 8)[:length]
            assert cells.truncate(title, 110) == truncatechars(title, 110)


def test_bad_page_and_bad_filter_values_do_not_break_the_list(client, reviewer, world):
    client.force_login(reviewer)
    assert client.get(reverse("registry_list"), {"page": "x"}).status_code == 200
    response = client.get(reverse("registry_list"), {"year": "abc", "kind": "bukan"})
    assert response.status_code == 200
    assert "tidak valid" in response.content.decode() or "not valid" in response.content.decode()


def test_registry_list_query_count_does_not_grow_with_rows(client, reviewer, world, django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("registry_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("registry_list"))
    for _ in range(8):
        AgreementFactory(opd_initiator=world.sampah.opd_initiator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry_list"))
    assert len(response.context["page"].object_list) == 14


def test_export_uses_the_current_filter(client, reviewer, world, monkeypatch):
    exporting = pytest.importorskip("transfer.exporting")
    seen = {}

    def fake_export(queryset, fmt, filename):
        from django.http import HttpResponse

        seen["titles"] = sorted(a.title for a in queryset)
        seen["fmt"] = fmt
        return HttpResponse("ok")

    monkeypatch.setattr(exporting, "export_response", fake_export)
    client.force_login(reviewer)
    client.get(reverse("registry_export", args=["csv"]), {"kind": "ksdpk"})
    assert seen == {"titles": ["Penyediaan Air Minum Perdesaan"], "fmt": "csv"}


# --- detail ------------------------------------------------------------------------------------------


def test_detail_shows_parties_numbers_family_and_history(client, reviewer, world):
    client.force_login(reviewer)
    body = client.get(reverse("registry_detail", args=[world.adendum.pk])).content.decode()
    assert "Pemerintah Kabupaten Boyolali" in body
    assert world.sampah.title in body  # the parent it amends
    sampah = client.get(reverse("registry_detail", args=[world.sampah.pk])).content.decode()
    assert "100/KS/2024" in sampah and "BOY/7/2024" in sampah
    assert reverse("registry_detail", args=[world.adendum.pk]) in sampah


def test_detail_timeline_lists_stage_events(client, reviewer, proposal, opd_a_staff):
    pathing.attach(proposal, "kak", opd_a_staff)
    services.submit(proposal, opd_a_staff, note="Mohon diverifikasi")
    client.force_login(reviewer)
    body = client.get(reverse("registry_detail", args=[proposal.pk])).content.decode()
    assert "Mohon diverifikasi" in body


# --- dashboard ------------------------------------------------------------------------------------------


def test_dashboard_figures_link_to_the_filtered_list(client, pimpinan, world):
    client.force_login(pimpinan)
    response = client.get(reverse("dashboard"))
    figures = response.context["figures"]
    assert figures["total"] == 6
    assert {row["key"]: row["n"] for row in figures["by_kind"]}["ksdd_sukarela"] == 3
    assert {row["key"]: row["n"] for row in figures["signed_per_year"]} == {2020: 1, 2022: 1, 2024: 1, 2025: 2}
    assert [e["n"] for e in figures["expiring"]] == [0, 1, 1]
    assert figures["waiting"][0]["items"][0]["title"] == "Kota Kembar Promosi Wisata"
    assert figures["waiting"][0]["items"][0]["days"] >= 45
    body = response.content.decode()
    assert "/registri/?kind=ksdpk" in body and "/registri/?urusan=2.11" in body and "/registri/?year=2025" in body
    assert "/registri/?expiring_within=90" in body
    assert "vendor/chartjs/chart.umd.min.js" in body


def test_opd_staff_dashboard_counts_only_own_opd(client, opd_b_staff, world):
    client.force_login(opd_b_staff)
    figures = client.get(reverse("dashboard")).context["figures"]
    assert figures["total"] == 3  # air, hukum, and wisata (executed by OPD B)


def test_dashboard_query_count_is_constant(client, reviewer, opd_a_staff, world, django_assert_max_num_queries):
    """No cache: every load computes the figures, in the same few queries however many rows."""
    for user in (reviewer, opd_a_staff):
        client.force_login(user)
        client.get(reverse("dashboard"))
        for _ in range(5):
            AgreementFactory(opd_initiator=world.sampah.opd_initiator).urusan.set([world.sampah.urusan.first()])
        with django_assert_max_num_queries(13):  # 12 + the pemetaan tile's one aggregate (reporting.panels)
            response = client.get(reverse("dashboard"))
        assert response.context["figures"]["total"] == Agreement.objects.for_user(user).count()


# --- public page ------------------------------------------------------------------------------------------


def test_public_page_shows_only_published_signed_agreements(client, world):
    response = client.get(reverse("public_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.sampah.title in body and world.air.title in body and world.hukum.title in body
    assert world.rahasia.title not in body  # signed, not published
    assert world.wisata.title not in body  # in process
    assert world.adendum.title not in body  # not published


def test_public_page_never_shows_unpublished_even_when_flag_is_set_on_a_proposal(client, world):
    Agreement.objects.filter(pk=world.wisata.pk).update(is_published=True)
    assert world.wisata.title not in client.get(reverse("public_list")).content.decode()
    assert world.wisata.title not in client.get(reverse("public_list"), {"q": "kembar"}).content.decode()


def test_public_page_shows_public_statuses(client, world):
    page = client.get(reverse("public_list")).context["page"]
    statuses = {a.title: a.public_status for a in page}
    assert statuses == {
        "Pengelolaan Sampah Regional": "diubah",
        "Penyediaan Air Minum Perdesaan": "berakhir",
        "Pendampingan Hukum Perdata": "diakhiri",
    }
    body = client.get(reverse("public_list")).content.decode()
    assert "Diubah" in body or "Amended" in body


def test_public_page_and_open_data_never_show_contacts_attachments_or_notes(client, world, reviewer):
    from agreements.pathing import attach

    attach(world.sampah, "kak", reviewer)
    Agreement.objects.filter(pk=world.sampah.pk).update(termination_note="CATATAN INTERNAL RAHASIA")
    pages = [
        client.get(reverse("public_list")).content.decode(),
        b"".join(client.get(reverse("public_download", args=["csv"])).streaming_content).decode(),
        b"".join(client.get(reverse("public_download", args=["json"])).streaming_content).decode(),
    ]
    for body in pages:
        assert "Pengelolaan Sampah Regional" in body
        for secret in ("Rina Kurniasih", "rina@example.go.id", "0812-2700-1111", "kak.pdf", "Kerangka Acuan",
                       "CATATAN INTERNAL", "Drs. H. Ahmad Subekti", "100/KS/2024", "1250000000", "1.250.000.000"):
            assert secret not in body, secret


def test_open_data_csv_and_json_follow_the_filter(client, world):
    response = client.get(reverse("public_download", args=["csv"]), {"status": "berakhir"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert [r["judul"] for r in rows] == ["Penyediaan Air Minum Perdesaan"]
    assert rows[0]["mitra"] == "PT Air Bersih Nusantara" and rows[0]["urusan"] == "Kesehatan"
    data = json.loads(b"".join(client.get(reverse("public_download", args=["json"])).streaming_content))
    assert sorted(r["judul"] for r in data["data"]) == [
        "Pendampingan Hukum Perdata", "Pengelolaan Sampah Regional", "Penyediaan Air Minum Perdesaan"]
    assert set(data["data"][0]) == {"id", "judul", "jenis_dokumen", "jenis_kerja_sama", "urusan", "mitra",
                                    "tanggal_penandatanganan", "tanggal_mulai", "tanggal_berakhir", "status"}


def test_public_page_query_count_is_constant(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # the first view also renders the (then cached) filter panel
        client.get(reverse("public_list"))
    for _ in range(6):
        a = AgreementFactory(opd_initiator=world.sampah.opd_initiator)
        Agreement.objects.filter(pk=a.pk).update(stage="pelaksanaan", is_published=True)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("public_list"), {"page": "1"})
    assert len(response.context["page"].object_list) == 9


# --- tracking link ------------------------------------------------------------------------------------------


def test_tracking_link_shows_stages_and_dates_without_names_or_notes(client, proposal, opd_a_staff, reviewer):
    pathing.attach(proposal, "kak", opd_a_staff)
    services.submit(proposal, opd_a_staff, note="Catatan pengusul")
    services.return_for_revision(proposal, reviewer, "Lengkapi KAK dan studi")
    response = client.get(reverse("tracking", args=[proposal.tracking_token]))
    body = response.content.decode()
    assert response.status_code == 200 and proposal.title in body
    assert response["X-Robots-Tag"].startswith("noindex")
    for secret in ("Catatan pengusul", "Lengkapi KAK", reviewer.username, opd_a_staff.username, "Rina"):
        assert secret not in body
    assert [s["stage"] for s in response.context["timeline"]][-2:] == ["diajukan", "dikembalikan"]


def test_tracking_link_with_unknown_token_is_404(client, world):
    assert client.get(reverse("tracking", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/lacak/123/").status_code == 404


def test_real_csv_export_contains_only_the_filtered_agreements_in_scope(client, opd_a_staff, world):
    pytest.importorskip("transfer.exporting")
    client.force_login(opd_a_staff)
    response = client.get(reverse("registry_export", args=["csv"]), {"q": "sampah"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
    assert "Pengelolaan Sampah Regional" in body and "Adendum Pengelolaan Sampah Regional" in body
    assert "Penyediaan Air Minum" not in body and "Kota Kembar" not in body


def test_detail_links_documents_to_the_permission_checked_download(client, reviewer, world):
    from agreements.pathing import attach

    attachment = attach(world.sampah, "kak", reviewer)
    client.force_login(reviewer)
    body = client.get(reverse("registry_detail", args=[world.sampah.pk])).content.decode()
    assert reverse("attachment_download", args=[world.sampah.pk, attachment.pk]) in body
