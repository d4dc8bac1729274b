"""Every string a user reads has an Indonesian translation: extract all msgids the way
``makemessages`` does and look each up in the project's catalogues or Django's own."""

import glob
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_every_user_facing_string_is_translated(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "tests", "bench", "locale", "media", "docs", "artifacts", "*.sqlite3", "staticfiles", ".git"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--ignore=static", "-v", "0"],
        cwd=copy, check=True, env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    known = set()
    catalogues = glob.glob(str(ROOT / "locale/*/id/LC_MESSAGES/django.po"))
    catalogues.append(str(Path(django.__file__).parent / "conf/locale/id/LC_MESSAGES/django.po"))
    catalogues.append(str(Path(django.__file__).parent / "contrib/admin/locale/id/LC_MESSAGES/django.po"))
    for path in catalogues:
        known |= {e.msgid for e in polib.pofile(path) if e.translated()}
    missing = []
    for path in glob.glob(str(copy / "**/django.po"), recursive=True):
        missing += [f"{e.msgid!r} ({e.occurrences[0][0] if e.occurrences else '?'})" for e in polib.pofile(path) if e.msgid and e.msgid.strip() not in {k.strip() for k in known}]
    assert missing == []
