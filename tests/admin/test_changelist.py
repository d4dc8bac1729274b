"""The register: columns, filters, search, and a query count that does not grow with the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.admin import awaiting_stages
from agreements.choices import Kind, Stage
from agreements.models import Agreement
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


def test_query_count_is_the_same_for_25_and_100_rows(opd_a, reviewer, client_for):
    client = client_for(reviewer)

    def count(n):
        missing = n - Agreement.objects.count()
        for _ in range(missing):
            AgreementFactory(opd_initiator=opd_a)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert len(response.context["cl"].result_list) == n
        return len(ctx.captured_queries)

    assert count(25) == count(100)


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
