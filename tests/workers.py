"""Real worker processes for the tests that prove durability: a project database in a file that
separate ``manage.py`` processes (the web side, ``db_worker``) share."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Site:
    """One throw-away installation: an SQLite database file, a media folder, a mail folder."""

    def __init__(self, folder, template_db):
        self.folder = Path(folder)
        self.db = self.folder / "db.sqlite3"
        self.media = self.folder / "media"
        self.mail = self.folder / "mail"
        for path in (self.media, self.mail):
            path.mkdir(parents=True, exist_ok=True)
        shutil.copy(template_db, self.db)

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DATABASE_URL=f"sqlite:///{self.db}",
            MEDIA_ROOT=str(self.media),
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mail),
            TASKS_BACKEND="database",
            STORAGE_BACKEND="local",
            LOG_LEVEL="ERROR",
            SITE_URL="https://kerjasama.example.go.id",
        )
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def manage(self, *args, timeout=300, **env):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**env), capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def popen(self, *args, **env):
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**env),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def shell(self, code, **env):
        return self.manage("shell", "-c", code, **env)

    def worker_batch(self, **env):
        return self.manage("db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload", **env)

    def query(self, sql, *params):
        with sqlite3.connect(self.db) as db:
            return db.execute(sql, params).fetchall()

    def mails(self):
        """The messages the file mail backend wrote (one per Subject header)."""
        texts = [p.read_text() for p in sorted(self.mail.iterdir())]
        return [m for text in texts for m in text.split("-" * 79) if "Subject:" in m]


def migrated_template(folder):
    db = Path(folder) / "template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, timeout=300,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}, "DATABASE_URL": f"sqlite:///{db}"},
    )
    return db
