"""The restore drill: back up, wipe everything, restore; every row count and file hash is equal."""

import hashlib
import shutil

POPULATE = """
from accounts import roles
from agreements import services
from agreements.pathing import ensure_attachments
from tests.factories import AgreementFactory, OpdFactory, UserFactory
opd = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
staff = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)
for i in range(5):
    agreement = AgreementFactory(opd_initiator=opd, created_by=staff, title=f"Kerja sama {i}")
    ensure_attachments(agreement, ["kak", "surat_penawaran"], staff)
    services.submit(agreement, staff)
"""


def tables(site):
    names = [n for (n,) in site.query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {name: site.query(f'SELECT COUNT(*) FROM "{name}"')[0][0] for name in names}


def files(site):
    return {
        str(p.relative_to(site.media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.media.rglob("*")) if p.is_file()
    }


def test_restore_drill(site, tmp_path):
    site.shell(POPULATE)
    site.worker_batch()  # the mail tasks ran: their rows are part of what is backed up
    before_tables, before_files = tables(site), files(site)
    assert before_tables["agreements_agreement"] == 5 and before_tables["notifications_outboundmail"] > 0
    assert len(before_files) == 10

    archive = tmp_path / "cadangan.tar.gz"
    assert "10 berkas" in site.manage("backup", "--output", str(archive))

    site.db.unlink()  # the disaster: database and files gone
    shutil.rmtree(site.media)
    site.media.mkdir()
    assert files(site) == {}

    out = site.manage("restore", str(archive), "--yes")
    assert "semuanya cocok" in out
    assert tables(site) == before_tables
    assert files(site) == before_files
    # The restored installation works: a worker finds nothing left to do, the agreements are there.
    site.worker_batch()
    assert site.query("SELECT COUNT(*) FROM agreements_agreement") == [(5,)]


def test_restore_refuses_a_damaged_archive(site, tmp_path):
    bad = tmp_path / "rusak.tar.gz"
    bad.write_bytes(b"bukan arsip")
    import subprocess
    import sys

    from tests.workers import ROOT

    result = subprocess.run([sys.executable, "manage.py", "restore", str(bad), "--yes"], cwd=ROOT, env=site.env(),
                            capture_output=True, text=True)
    assert result.returncode != 0 and "tidak dapat dibaca" in result.stderr
