"""The ZIP of drafts is a background job: the request only queues it, a worker lays the drafts out
with progress the user sees, and the user downloads the ZIP from its page."""

import io
import zipfile

import pytest
from django.urls import reverse

from agreements.models import Agreement
from documents import tasks
from documents.models import DraftBundle, DraftRecord
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _print(client, ids):
    return client.post(
        reverse("admin:agreements_agreement_changelist"), {"action": "print_drafts_action", "_selected_action": ids}
    )


@pytest.mark.slow
def test_a_zip_of_200_drafts_is_built_in_the_background_with_progress(client, reviewer, opd_a, run_worker, monkeypatch):
    ids = [AgreementFactory(opd_initiator=opd_a).pk for _ in range(200)]
    client.force_login(reviewer)
    response = _print(client, ids)
    bundle = DraftBundle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:bundle", args=[bundle.pk])
    assert (bundle.status, bundle.done, bundle.total) == ("queued", 0, 200)  # nothing laid out in the request
    assert not DraftRecord.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "0 dari 200" in page and 'http-equiv="refresh"' in page

    seen = []
    monkeypatch.setattr(tasks, "PROGRESS_EVERY_SECONDS", 0)
    real = DraftBundle.objects.filter

    def watch(*args, **kwargs):  # what the progress page would read at each save
        seen.append(DraftBundle.objects.values_list("done", flat=True).get(pk=bundle.pk))
        return real(*args, **kwargs)

    monkeypatch.setattr(DraftBundle.objects, "filter", watch)
    run_worker()
    monkeypatch.undo()

    bundle.refresh_from_db()
    assert bundle.status == "ready" and bundle.done == bundle.total == 200
    assert len(set(seen)) > 100 and seen == sorted(seen)  # progress grew one draft at a time
    page = client.get(reverse("documents:bundle", args=[bundle.pk])).content.decode()
    assert "200 dari 200" in page and reverse("documents:bundle_download", args=[bundle.pk]) in page
    download = client.get(reverse("documents:bundle_download", args=[bundle.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 200 and archive.read(archive.namelist()[-1]).startswith(b"%PDF")
    assert DraftRecord.objects.filter(created_by=reviewer).count() == 200


def test_only_the_user_who_asked_sees_the_zip(client, reviewer, kabag, proposal, run_worker):
    client.force_login(reviewer)
    _print(client, [proposal.pk])
    run_worker()
    bundle = DraftBundle.objects.get()
    assert client.get(reverse("documents:bundle_download", args=[bundle.pk])).status_code == 200
    client.force_login(kabag)
    assert client.get(reverse("documents:bundle", args=[bundle.pk])).status_code == 404
    assert client.get(reverse("documents:bundle_download", args=[bundle.pk])).status_code == 404


def test_a_bundle_cut_short_is_started_again_and_old_ones_are_removed(client, reviewer, proposal, run_worker):
    import datetime

    from django.utils import timezone

    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1, status="running", done=0)
    DraftBundle.objects.filter(pk=bundle.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(reviewer)
    client.get(reverse("documents:bundle", args=[bundle.pk]))  # the user looks: the stalled job is queued again
    run_worker()
    bundle.refresh_from_db()
    assert bundle.status == "ready" and bundle.file.storage.exists(bundle.file.name)
    name = bundle.file.name
    assert tasks.remove_expired(now=timezone.now() + datetime.timedelta(days=2)) == 1
    assert not DraftBundle.objects.exists() and not bundle.file.storage.exists(name)
    assert Agreement.objects.filter(pk=proposal.pk).exists()
