"""The dashboard's figures are exact after every kind of change: they equal a plain COUNT over
what the user may see after creates, transitions through the stage engine, direct ``update()``,
urusan and executing-OPD changes, deletes, a bulk spreadsheet import and a rolled-back change,
for the whole registry and for an OPD's own scope.  On PostgreSQL the figures come from the
trigger-maintained tally (``RegistryTally``), which must also equal a fresh live aggregation."""

import datetime
import io
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from agreements.choices import Stage
from agreements.models import Agreement, Urusan
from registry import dashboard
from registry.filters import AgreementFilterSet
from registry.models import RegistryTally
from tests.factories import AgreementFactory

IMPORT_FILES = Path(__file__).resolve().parent.parent / "transfer" / "files"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tally's triggers are PostgreSQL's")


def plain_figures(user, today=None):
    """The dashboard's numbers counted the plain way, one COUNT at a time."""
    today = today or timezone.localdate()
    visible = Agreement.objects.for_user(user)
    kinds = set(visible.values_list("kind", flat=True))
    stages = set(visible.values_list("stage", flat=True))
    years = {d.year for d in visible.signed().exclude(signing_date=None).values_list("signing_date", flat=True)}
    return {
        "total": visible.count(),
        "by_kind": {k: visible.filter(kind=k).count() for k in kinds},
        "by_stage": {s: visible.filter(stage=s).count() for s in stages},
        "signed_per_year": {y: visible.signed().filter(signing_date__year=y).count() for y in years},
        "by_opd": {o: visible.filter(opd_initiator_id=o).count() for o in set(visible.values_list("opd_initiator_id", flat=True))},
        "by_urusan": {u.code: visible.filter(urusan=u).count() for u in Urusan.objects.all() if visible.filter(urusan=u).exists()},
        "expiring": [visible.expiring_within(days, today=today).count() for days in dashboard.EXPIRY_WINDOWS],
        "in_force": visible.in_force().count(),
        "in_process": visible.in_process().count(),
    }


def shown_figures(user):
    figures = dashboard.figures_for(user)
    return {
        "total": figures["total"],
        "by_kind": {r["key"]: r["n"] for r in figures["by_kind"]},
        "by_stage": {r["key"]: r["n"] for r in figures["by_stage"]},
        "signed_per_year": {r["key"]: r["n"] for r in figures["signed_per_year"]},
        "by_opd": {r["key"]: r["n"] for r in figures["by_opd"]},
        "by_urusan": {r["key"]: r["n"] for r in figures["by_urusan"]},
        "expiring": [e["n"] for e in figures["expiring"]],
        "in_force": figures["in_force"],
        "in_process": figures["in_process"],
    }


def assert_exact(*users):
    for user in users:
        assert shown_figures(user) == plain_figures(user), user.username
    if dashboard.tally_enabled():
        assert dashboard.tally_matches()


def test_figures_equal_plain_counts_through_every_kind_of_change(
    world, pimpinan, opd_a_staff, opd_b_staff, opd_b, drive, proposal, reviewer
):
    users = (pimpinan, opd_a_staff, opd_b_staff)
    assert_exact(*users)

    # Through the stage engine (StageEvents, saves under select_for_update).
    drive(proposal, Stage.PELAKSANAAN)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PELAKSANAAN
    assert_exact(*users)

    # A plain create, then links: urusan and an executing OPD (OPD B now sees it, counted once).
    extra = AgreementFactory(opd_initiator=world.sampah.opd_initiator)
    extra.urusan.set([Urusan.objects.get(code="2.11"), Urusan.objects.get(code="3.26")])
    extra.executing_opds.add(opd_b)
    assert_exact(*users)
    world.air.executing_opds.add(opd_b)  # already OPD B's own: still counted once
    assert_exact(*users)

    # QuerySet.update() (no signals, no save()): a stage, a date, the initiating OPD.
    Agreement.objects.filter(pk=world.rahasia.pk).update(stage=Stage.PELAKSANAAN, end_date=world.today + datetime.timedelta(days=20))
    Agreement.objects.filter(pk=extra.pk).update(opd_initiator=opd_b)
    assert_exact(*users)

    # Removing links and deleting agreements (their links go first, as Django deletes them).
    extra.urusan.remove(Urusan.objects.get(code="3.26"))
    world.wisata.executing_opds.clear()
    assert_exact(*users)
    world.adendum.delete()
    extra.delete()
    assert_exact(*users)


def test_a_rolled_back_change_leaves_the_figures_as_they_were(world, pimpinan):
    before = shown_figures(pimpinan)
    with pytest.raises(RuntimeError), transaction.atomic():
        AgreementFactory(opd_initiator=world.sampah.opd_initiator)
        Agreement.objects.filter(pk=world.air.pk).update(stage=Stage.DIAKHIRI)
        raise RuntimeError
    assert shown_figures(pimpinan) == before
    assert_exact(pimpinan)


def test_a_bulk_spreadsheet_import_is_counted(world, pimpinan, reviewer, opd_a_staff):
    before = plain_figures(pimpinan)["total"]
    call_command("import_agreements", str(IMPORT_FILES / "valid.xlsx"), user=reviewer.username, stdout=io.StringIO())
    assert plain_figures(pimpinan)["total"] > before
    assert_exact(pimpinan, opd_a_staff)


def test_the_dashboard_page_shows_the_fresh_figure_on_the_next_load(client, reviewer, world):
    client.force_login(reviewer)
    assert client.get(reverse("dashboard")).context["figures"]["total"] == 6
    AgreementFactory(opd_initiator=world.sampah.opd_initiator)
    assert client.get(reverse("dashboard")).context["figures"]["total"] == 7
    Agreement.objects.filter(pk=world.air.pk).delete()
    assert client.get(reverse("dashboard")).context["figures"]["total"] == 6


@postgres_only
def test_the_tally_is_maintained_in_sql_and_can_be_rebuilt(world, pimpinan):
    total = RegistryTally.objects.filter(scope=0, dimension="ksy").values_list("n", flat=True)
    assert sum(total) == Agreement.objects.count() == 6
    # Emptied by hand (e.g. a restore that skipped the table): the dashboard repairs it.
    RegistryTally.objects.all().delete()
    assert shown_figures(pimpinan) == plain_figures(pimpinan)
    assert dashboard.tally_matches()
    # A save that changes nothing counted leaves the tally as it was.
    snapshot = sorted(RegistryTally.objects.values_list("scope", "dimension", "key", "n"))
    world.sampah.title = "Pengelolaan Sampah Regional Terpadu"
    world.sampah.save()
    assert sorted(RegistryTally.objects.values_list("scope", "dimension", "key", "n")) == snapshot


@postgres_only
def test_truncating_the_links_recounts_the_tally(db):
    # ``manage.py flush`` truncates every table at once; a TRUNCATE of the links alone recounts.
    AgreementFactory().urusan.set([Urusan.objects.get(code="2.11")])
    assert RegistryTally.objects.get(scope=0, dimension="urusan").n == 1
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks first
        cursor.execute(f"TRUNCATE {Agreement.urusan.through._meta.db_table}")
    assert dashboard.tally_matches()
    assert not RegistryTally.objects.filter(dimension="urusan").exclude(n=0).exists()


@pytest.mark.parametrize("params", [
    {},
    {"sort": "judul"},
    {"kind": "ksdd_sukarela"},
    {"stage": ["pelaksanaan", "berakhir"]},
    {"year": "2025"},
    {"kind": ["ksdd_sukarela", "ksdpk"], "stage": "pelaksanaan", "year": "2024"},
    {"kind": "ksdpl", "year": "1999"},
])
def test_the_registry_total_of_a_kind_stage_or_year_is_exact_past_the_count_cap(
    client, world, reviewer, opd_a_staff, monkeypatch, params
):
    """Unfiltered or filtered by kind, stage and year only, the list's total is the exact number
    (from the tally on PostgreSQL), never "about N" or "more than N"; what the page lists agrees with it, for the Bagian Kerja
    Sama (everything) and for an OPD's staff (their own scope)."""
    from registry import views

    monkeypatch.setattr(views, "COUNT_CAP", 1)
    for user in (reviewer, opd_a_staff):
        client.force_login(user)
        response = client.get(reverse("registry_list"), params)
        query = QueryDict(urlencode(params, doseq=True))
        filterset = AgreementFilterSet(query, queryset=Agreement.objects.for_user(user))
        assert filterset.is_valid()
        expected = filterset.qs.count()
        if connection.vendor == "postgresql":
            assert (response.context["total"], response.context["total_capped"]) == (expected, False)
            assert not response.context["total_estimated"]
            assert f'data-total="{expected}"' in response.content.decode()
        else:  # no tally: the capped count
            assert response.context["total"] == min(expected, 1)
        assert len(response.context["page"].object_list) == min(expected, views.PER_PAGE)


@postgres_only
def test_the_registry_total_counts_what_the_list_filters_after_a_change(client, world, reviewer):
    """A stage change is in the next total at once (the tally changes in the same statement)."""
    client.force_login(reviewer)
    before = client.get(reverse("registry_list"), {"stage": "pelaksanaan"}).context["total"]
    Agreement.objects.filter(pk=world.air.pk).update(stage=Stage.PELAKSANAAN)
    assert client.get(reverse("registry_list"), {"stage": "pelaksanaan"}).context["total"] == before + 1
    assert client.get(reverse("registry_list"), {"stage": "berakhir"}).context["total"] == 0
    # other filters (here an urusan) still count the rows themselves
    assert client.get(reverse("registry_list"), {"stage": "pelaksanaan", "urusan": "2.11"}).context["total"] == 2
