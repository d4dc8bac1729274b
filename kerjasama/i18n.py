"""Compile the Indonesian catalogues without system gettext: ``python -m kerjasama.i18n``.

Each feature area keeps its own catalogue in ``locale/<area>/id/LC_MESSAGES/django.po`` (see
LOCALE_PATHS in settings); Django merges them.  ``make`` compiles them to ``.mo`` with polib, so a
fresh machine needs only what pip installs."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "locale"


def catalogues():
    return sorted(ROOT.glob("*/*/LC_MESSAGES/*.po"))  # django.po, and djangojs.po where an area corrects a widget


def compile_all(verbose=True):
    count = 0
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            po.save_as_mofile(str(mo_path))
            count += 1
    if verbose:
        print(f"i18n: {len(catalogues())} catalogue(s), {count} compiled")
    return count


def untranslated():
    """(catalogue, msgid) pairs that have no Indonesian text."""
    missing = []
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and not entry.translated():
                missing.append((po_path.relative_to(ROOT), entry.msgid))
    return missing


if __name__ == "__main__":
    compile_all()
    sys.exit(0)
