"""Personas and shared fixtures.  Every view and action is tried by each persona that must be refused."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

from accounts import roles
from agreements import pathing

from .factories import AgreementFactory, OpdFactory, UserFactory, document_type

# Every persona is a real user with a password; PBKDF2's million rounds cost ~0.3 s per user and
# most of the suite's setup time.  Tests hash with MD5 (Django's own advice for test speed); the
# production hasher is the default one, untouched by this (subprocess tests use their own settings).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
get_hashers.cache_clear()
get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def opd_a(db):
    return OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")


@pytest.fixture
def opd_b(db):
    return OpdFactory(code="DINKES", name="Dinas Kesehatan")


@pytest.fixture
def opd_a_staff(opd_a):
    return UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd_a)


@pytest.fixture
def opd_b_staff(opd_b):
    return UserFactory(username="staf_dinkes", role=roles.OPD_STAFF, opd=opd_b)


@pytest.fixture
def reviewer(db):
    """Bagian Kerja Sama staff."""
    return UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)


@pytest.fixture
def kabag(db):
    return UserFactory(username="kabag_kerjasama", role=roles.KERJASAMA_HEAD)


@pytest.fixture
def tkksd_member(db):
    return UserFactory(username="anggota_tkksd", role=roles.TKKSD_MEMBER)


@pytest.fixture
def pimpinan(db):
    return UserFactory(username="pimpinan", role=roles.PIMPINAN)


@pytest.fixture
def proposal(opd_a, opd_a_staff):
    """A complete draft KSB of OPD A, ready to submit."""
    return AgreementFactory(opd_initiator=opd_a, created_by=opd_a_staff)


@pytest.fixture
def drive(opd_a_staff, reviewer, tkksd_member):
    """drive(agreement, stage): take an agreement along its path with every condition met."""

    def _drive(agreement, target, **kwargs):
        submitter = kwargs.pop("submitter", None)
        if submitter is None:
            from accounts.models import OpdMembership

            member = OpdMembership.objects.filter(opd=agreement.opd_initiator).select_related("user").first()
            submitter = member.user if member else reviewer
        return pathing.drive_to(agreement, target, submitter=submitter, reviewer=reviewer, tkksd=tkksd_member, **kwargs)

    return _drive


@pytest.fixture
def doc_type():
    return document_type


@pytest.fixture(autouse=True)
def _task_backend(request, settings):
    """Tasks go to the database queue, as in production (nothing runs until a worker does); a test
    marked ``immediate_tasks`` runs each task inside the caller instead."""
    if request.node.get_closest_marker("immediate_tasks"):
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    else:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker():
    """run_worker(): drain the database task queue in this process (``db_worker --batch``)."""
    from django.core.management import call_command

    def _run():
        from unittest import mock

        # The worker closes "old" connections between tasks; inside the test's transaction that
        # would close the test's own connection (PostgreSQL), so in-process it keeps it.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)

    return _run


@pytest.fixture(scope="session")
def _site_template(tmp_path_factory):
    from .workers import migrated_template

    return migrated_template(tmp_path_factory.mktemp("site-template"))


@pytest.fixture
def site(_site_template, tmp_path):
    """A throw-away installation (SQLite file, media, mail folder) for real manage.py processes."""
    from .workers import Site

    return Site(tmp_path / "site", _site_template)
