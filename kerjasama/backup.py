"""Backup and restore of the whole installation: the database and every stored file.

A backup is one ``.tar.gz``: ``manifest.json`` (engine, time, row count of every model, SHA-256 of
every file), the database (``database.sqlite3`` through SQLite's online backup API, or
``database.pgdump`` from ``pg_dump -Fc``: both exact, triggers and sequences included) and
``files/…`` (every file of the default storage: the local private folder or the S3 bucket).
``restore`` puts both back and checks every count and hash against the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

SKIP_PREFIXES = ("health/",)


class BackupError(Exception):
    pass


def stored_files(storage=None, prefix=""):
    """Every file name in the storage, recursively (works for the file system and S3)."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in sorted(files):
        path = f"{prefix}{name}"
        if not path.startswith(SKIP_PREFIXES):
            yield path
    for folder in sorted(folders):
        yield from stored_files(storage, f"{prefix}{folder}/")


def sha256_of(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts():
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._base_manager.count()
    return counts


def _pg_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_args(settings_dict):
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return args


def dump_database(folder):
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        target = Path(folder) / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as out:
            connection.connection.backup(out)
        return target.name
    if connection.vendor == "postgresql":
        target = Path(folder) / "database.pgdump"
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-f", str(target), *_pg_args(settings_dict), settings_dict["NAME"]],
            check=True, env=_pg_env(settings_dict),
        )
        return target.name
    raise BackupError(f"no backup method for the {connection.vendor} database")


def backup(output, storage=None, include_database=True):
    """Write a backup archive to ``output``; returns the manifest.  Run it outside a transaction
    (as the command does): SQLite's online backup waits for an open write transaction to end."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory() as folder:
        database = dump_database(folder) if include_database else None
        manifest = {
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "counts": row_counts(),
            "files": {},
        }
        with tarfile.open(output, "w:gz") as archive:
            if database:
                archive.add(Path(folder) / database, arcname=database)
            for name in stored_files(storage):
                digest = hashlib.sha256()
                with storage.open(name, "rb") as handle, tempfile.TemporaryFile() as spool:
                    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                        digest.update(chunk)
                        spool.write(chunk)
                    size = spool.tell()
                    spool.seek(0)
                    info = tarfile.TarInfo(f"files/{name}")
                    info.size = size
                    archive.addfile(info, spool)
                manifest["files"][name] = digest.hexdigest()
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return manifest


def read_manifest(path):
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def restore_database(archive, manifest):
    member = archive.extractfile(manifest["database"])
    settings_dict = connection.settings_dict
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['engine']} database, this installation uses {connection.vendor}")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / manifest["database"]
        with open(source, "wb") as out:
            shutil.copyfileobj(member, out)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(source) as backup_db:
                backup_db.backup(connection.connection)
        else:
            connections.close_all()
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", settings_dict["NAME"],
                 *_pg_args(settings_dict), str(source)],
                check=True, env=_pg_env(settings_dict),
            )


def restore(path, storage=None, prune=True):
    """Put the database and the files of a backup back; returns the list of differences (empty
    when every row count and file hash matches the manifest)."""
    storage = storage or default_storage
    manifest = read_manifest(path)
    with tarfile.open(path, "r:gz") as archive:
        restore_database(archive, manifest)
        if prune:
            for name in stored_files(storage):
                if name not in manifest["files"]:
                    storage.delete(name)
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("files/"):
                continue
            name = member.name[len("files/"):]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"storage saved {name} as {saved}")
    return verify(manifest, storage)


def verify(manifest, storage=None):
    storage = storage or default_storage
    problems = []
    counts = row_counts()
    for label, expected in manifest["counts"].items():
        if counts.get(label) != expected:
            problems.append(f"{label}: {counts.get(label)} rows, the backup has {expected}")
    present = set(stored_files(storage))
    for name, digest in manifest["files"].items():
        if name not in present:
            problems.append(f"missing file {name}")
        elif sha256_of(storage, name) != digest:
            problems.append(f"file {name} differs")
    return problems
