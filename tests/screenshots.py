"""Where browser tests save their screenshots: artifacts/ (gitignored) on every run, and
docs/img/ (the README's pictures) only when UPDATE_SCREENSHOTS=1 is set."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def screenshot_dir():
    out = ROOT / "docs" / "img" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else ROOT / "artifacts"
    out.mkdir(parents=True, exist_ok=True)
    return out
