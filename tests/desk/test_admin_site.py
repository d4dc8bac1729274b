"""The desk's admin site builds its list of apps only for the pages that show it: the index and the
navigation sidebar of every page but the register, which gives its columns the whole width."""

import pytest
from django.contrib import admin
from django.urls import reverse

from desk.sites import DeskAdminSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    """How many times the list of apps was built."""
    calls = []
    original = admin.AdminSite.get_app_list

    def counting(self, request, app_label=None):
        calls.append(app_label)
        return original(self, request, app_label)

    monkeypatch.setattr(admin.AdminSite, "get_app_list", counting)
    return calls


def test_the_admin_site_is_the_desks(reviewer):
    assert isinstance(admin.site._wrapped if hasattr(admin.site, "_wrapped") else admin.site, DeskAdminSite)


def test_the_register_shows_no_sidebar_and_builds_no_app_list(client, reviewer, built):
    client.force_login(reviewer)
    response = client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="nav-sidebar"' not in page and 'id="changelist"' in page
    assert built == []


def test_other_pages_keep_the_sidebar_and_the_index_lists_the_apps(client, reviewer, built):
    client.force_login(reviewer)
    partners = client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert 'id="nav-sidebar"' in partners and reverse("admin:agreements_agreement_changelist") in partners
    assert built == [None]
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:partners_partner_changelist") in index
    assert client.get(reverse("admin:app_list", args=["partners"])).status_code == 200
    assert client.get("/admin/tidak-ada/").status_code == 404


def test_a_user_without_permissions_sees_no_app_in_the_list(client, opd_a_staff, built):
    """The lazy list is the same list: built in the viewer's permissions."""
    opd_a_staff.is_staff = True
    opd_a_staff.save(update_fields=["is_staff"])
    client.force_login(opd_a_staff)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:partners_partner_changelist") not in index.content.decode()
