"""The portal's proposal page links to the agreement's reporting pages (planning and budget, monev,
the annual foreign report of the report year), each only when the user may open it: every link
shown answers 200 for that user, and a user who may file nothing sees no link."""

import re

import pytest
from django.urls import reverse

from reporting import services

pytestmark = pytest.mark.django_db

PERSONAS = ["opd_a_staff", "opd_b_staff", "reviewer", "kabag", "pimpinan", "tkksd_member"]


@pytest.fixture(autouse=True)
def _report_year(monkeypatch):
    monkeypatch.setattr(services, "current_report_year", lambda today=None: 2025)  # the world is built around 2025


def shown(client, agreement):
    """{testid: href} of the reporting links on the proposal page."""
    response = client.get(reverse("proposal_detail", args=[agreement.pk]))
    if response.status_code != 200:
        return None
    page = response.content.decode()
    section = re.search(r'data-testid="reporting-links">(.*?)</section>', page, re.S)
    if section is None:
        return {}
    return {m[1]: m[0] for m in re.findall(r'<a href="([^"]+)" data-testid="reporting-(\w+)"', section.group(1))}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", ["wisata", "bencana", "sampah", "draft", "ended"])
def test_every_link_shown_opens(world, client, request, persona, which):
    client.force_login(request.getfixturevalue(persona))
    links = shown(client, getattr(world, which))
    for key, url in (links or {}).items():
        assert client.get(url).status_code == 200, (persona, which, key, url)


def test_the_opd_sees_planning_monev_and_the_annual_report_of_its_foreign_agreement(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert shown(client, world.wisata) == {
        "planning": reverse("reporting:planning_link", args=[world.wisata.pk]),
        "monev": reverse("reporting:monev_file", args=[world.wisata.pk]),
        "foreign": reverse("reporting:foreign_edit", args=[world.wisata.pk, 2025]),
    }


def test_the_bagian_kerja_sama_sees_them_on_any_opds_agreement(world, client, reviewer):
    client.force_login(reviewer)
    assert set(shown(client, world.bencana)) == {"planning", "monev", "foreign"}


def test_a_domestic_agreement_has_no_annual_foreign_report(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert set(shown(client, world.sampah)) == {"planning", "monev"}


def test_an_unsigned_proposal_links_to_its_planning_only(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert set(shown(client, world.draft)) == {"planning"}


def test_a_foreign_agreement_not_in_force_in_the_report_year_has_no_report_link(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert "foreign" not in shown(client, world.ended)


@pytest.mark.parametrize("persona", ["pimpinan", "tkksd_member"])
def test_readers_who_file_nothing_see_no_link(world, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert shown(client, world.wisata) == {}


def test_an_executing_opd_files_too(world, client, opd_b, opd_b_staff):
    world.wisata.executing_opds.add(opd_b)
    client.force_login(opd_b_staff)
    links = shown(client, world.wisata)
    assert set(links) == {"planning", "monev", "foreign"}
    assert all(client.get(url).status_code == 200 for url in links.values())


def test_the_planning_link_shows_what_the_proposal_realises(world, client, opd_a_staff, opd_a):
    from agreements.models import Urusan
    from reporting.models import AgreementPlanning, PotentialMapping

    entry = PotentialMapping.objects.create(opd=opd_a, urusan=Urusan.objects.get(code="2.11"), potential="Bank sampah desa",
                                            partner_type="badan_usaha", expected_benefit="-", year_from=2026, year_to=2026,
                                            status="approved")
    AgreementPlanning.objects.create(agreement=world.sampah, mapping=entry, reference_text="Renja DLH 2026")
    client.force_login(opd_a_staff)
    page = client.get(reverse("proposal_detail", args=[world.sampah.pk])).content.decode()
    assert "Mewujudkan: 2.11 · Bank sampah desa" in page and "Renja DLH 2026" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_monev_link_on_the_reports_page_opens(world, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("reporting:index")).content.decode()
    links = set(re.findall(r'href="(/laporan/(?:monev|perencanaan)/\d+/)"', page))
    if persona in ("reviewer", "opd_a_staff"):
        assert links  # the overdue monev (world.sampah) is linked for those who file it
    for url in links:
        assert client.get(url).status_code == 200, (persona, url)
