"""The leaders' dashboard shows the pemetaan's funnel per urusan: what was mapped, what was
proposed against it, what was signed; within the viewer's scope and in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.choices import Stage
from agreements.models import Agreement, Urusan
from reporting.models import AgreementPlanning, PotentialMapping, ReviewStatus
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def mapping(opd, code, status=ReviewStatus.APPROVED, potential="Potensi"):
    return PotentialMapping.objects.create(
        opd=opd, urusan=Urusan.objects.get(code=code), potential=potential, partner_type="badan_usaha",
        expected_benefit="Manfaat", year_from=2026, year_to=2026, status=status,
    )


def link(agreement, entry):
    return AgreementPlanning.objects.create(agreement=agreement, mapping=entry)


@pytest.fixture
def planned(world, opd_a, opd_b):
    sampah = mapping(opd_a, "2.11", potential="Bank sampah desa")
    daur = mapping(opd_a, "2.11", potential="Daur ulang plastik")
    mapping(opd_a, "2.11", status=ReviewStatus.SUBMITTED, potential="Belum divalidasi")
    bencana = mapping(opd_b, "1.05", potential="Sistem peringatan dini")
    link(world.sampah, sampah)  # signed
    link(world.draft, daur)  # proposed, not signed
    link(world.bencana, bencana)  # signed, OPD B
    return world


def funnel(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    panel = next(p for p in response.context["panels"] if p["template"] == "reporting/panels/mapping_funnel.html")
    return {row["code"]: (row["mapped"], row["proposed"], row["signed"]) for _name, row in panel["context"]["rows"]}, response


@pytest.mark.parametrize("persona", ["reviewer", "pimpinan"])
def test_leaders_see_mapped_proposed_and_signed_per_urusan(planned, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    rows, response = funnel(client)
    assert rows == {"2.11": (2, 2, 1), "1.05": (1, 1, 1)}
    page = response.content.decode()
    assert 'data-testid="mapping-funnel"' in page and reverse("reporting:mapping_list") in page
    assert "Dari pemetaan ke kerja sama, per urusan" in page


def test_opd_staff_see_their_own_opd_only(planned, client, opd_a_staff, opd_b_staff):
    client.force_login(opd_a_staff)
    assert funnel(client)[0] == {"2.11": (2, 2, 1)}
    client.force_login(opd_b_staff)
    assert funnel(client)[0] == {"1.05": (1, 1, 1)}


def test_the_dashboard_and_the_mapping_page_say_the_same(planned, client, opd_a_staff):
    client.force_login(opd_a_staff)
    on_page = {row["code"]: (row["mapped"], row["proposed"], row["signed"])
               for _name, row in client.get(reverse("reporting:mapping_list")).context["progress"]}
    assert on_page == funnel(client)[0]


def test_a_proposal_the_viewer_cannot_see_is_not_counted(world, client, opd_b, opd_b_staff):
    # The Bagian Kerja Sama may link any proposal to any entry: OPD A's proposal against OPD B's entry.
    link(world.sampah, mapping(opd_b, "2.11"))
    client.force_login(opd_b_staff)
    assert funnel(client)[0] == {"2.11": (1, 0, 0)}


def test_the_dashboard_query_count_stays_flat_with_more_urusan_and_rows(planned, client, reviewer, opd_a_staff, opd_a):
    def count(user):
        client.force_login(user)
        client.get(reverse("dashboard"))  # warm the session and per-process caches
        with CaptureQueriesContext(connection) as queries:
            rows, _response = funnel(client)
        return len(queries), rows

    before = {user: count(user)[0] for user in (reviewer, opd_a_staff)}
    codes = list(Urusan.objects.exclude(code__in=["2.11", "1.05"]).order_by("code").values_list("code", flat=True)[:6])
    assert len(codes) == 6
    for code in codes:
        for number in range(5):
            entry = mapping(opd_a, code, potential=f"Potensi {code} {number}")
            agreement = AgreementFactory(opd_initiator=opd_a)
            if number % 2:
                Agreement.objects.filter(pk=agreement.pk).update(stage=Stage.PELAKSANAAN)
            link(agreement, entry)
    for user in (reviewer, opd_a_staff):
        queries, rows = count(user)
        assert queries == before[user], user
        assert all(rows[code] == (5, 5, 2) for code in codes)
    assert before[reviewer] <= 14


def test_the_registry_stands_without_the_tile(planned, client, reviewer, settings):
    settings.REGISTRY_DASHBOARD_PANELS = []
    client.force_login(reviewer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and 'data-testid="mapping-funnel"' not in response.content.decode()
