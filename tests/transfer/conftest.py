from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import home_partner, pemda_partner

FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture
def world(opd_a, opd_b):
    """The home pemda, Boyolali as a registered partner, OPD A (DLH) and OPD B (DINKES)."""
    return {"home": home_partner(), "boyolali": pemda_partner("33.09"), "opd_a": opd_a, "opd_b": opd_b}


@pytest.fixture
def run_import(world):
    """run_import(name or path, user, **options) -> (stdout, stderr) of the management command."""
    import io

    def _run(name, user, **options):
        out, err = io.StringIO(), io.StringIO()
        path = Path(name) if Path(name).is_absolute() else FILES / name
        try:
            call_command("import_agreements", str(path), user=user.username, stdout=out, stderr=err, **options)
        except Exception as exc:
            exc.args = (f"{exc.args[0]}\n{err.getvalue()}",)
            raise
        return out.getvalue(), err.getvalue()

    return _run
