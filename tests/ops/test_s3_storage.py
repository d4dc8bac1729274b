"""Files on S3-compatible object storage (``STORAGE_BACKEND=s3``), against moto's S3 server."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from agreements.pathing import ensure_attachments

pytestmark = pytest.mark.django_db

BUCKET = "kerjasama-uji"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    executable = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    port = _free_port()
    process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        import boto3

        boto3.client("s3", endpoint_url=url, aws_access_key_id="uji", aws_secret_access_key="uji", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def s3(settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": s3_server, "region_name": "us-east-1",
                "access_key": "uji", "secret_key": "uji", "default_acl": "private",
                "querystring_auth": True, "file_overwrite": False,
            },
        },
    }
    import boto3

    return boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="uji", aws_secret_access_key="uji", region_name="us-east-1")


def test_an_attachment_goes_to_the_bucket_and_comes_back_only_through_the_checked_view(s3, proposal, opd_a_staff, opd_b_staff, client):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    attachment = proposal.attachments.get()
    stored = s3.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    assert stored.startswith(b"%PDF")
    assert "s3" in type(attachment.file.storage._wrapped).__module__
    url = reverse("attachment_download", args=[proposal.pk, attachment.pk])
    client.force_login(opd_a_staff)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored
    client.force_login(opd_b_staff)
    assert client.get(url).status_code == 404  # another OPD: refused, whatever the storage
    # A signed URL, when one is handed out, is short-lived and private.
    signed = attachment.file.url
    assert "Signature=" in signed or "X-Amz-Signature=" in signed


def test_health_and_backup_work_on_the_bucket(s3, proposal, opd_a_staff, client, tmp_path):
    from kerjasama import backup

    ensure_attachments(proposal, ["kak"], opd_a_staff)
    body = client.get("/kesehatan/").json()
    assert body["checks"]["storage"]["ok"], body
    manifest = backup.backup(tmp_path / "cadangan.tar.gz", include_database=False)  # files part (the drill does all)
    name = proposal.attachments.get().file.name
    assert name in manifest["files"]
    s3.delete_object(Bucket=BUCKET, Key=name)
    assert backup.verify(manifest) == [f"missing file {name}"]
