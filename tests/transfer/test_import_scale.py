"""A large file through ``manage.py import_agreements``: the number of statements does not grow with
the rows, and a refusal at the very last row leaves nothing of the rows before it (new partners,
agreements, parties, urusan, stage events, history, the registry's tally)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementParty, StageEvent
from partners.models import Partner
from registry import dashboard

pytestmark = pytest.mark.django_db

HEADER = "Nomor;Nomor Mitra;Judul;Mitra;OPD;Urusan;Tanggal Penandatanganan;Tanggal Mulai;Jangka Waktu"


def register(path, count, start=0, last_row=None):
    """A register of ``count`` signed agreements with realistic partners (a new company for every
    50 rows), two urusan on some rows; ``last_row`` replaces the last line."""
    lines = [HEADER]
    for i in range(start, start + count):
        urusan = "Lingkungan Hidup; Kesehatan" if i % 4 == 0 else "Lingkungan Hidup"
        lines.append(f"119/{i}/SKALA/2021;{i}/PT.TNM/2021;Pengelolaan Sampah Terpadu Kawasan {i};"
                     f"PT Tirta Nusa Mandiri {i // 50};DLH;\"{urusan}\";{1 + i % 28} Maret 2021;01-04-2021;"
                     f"{1 + i % 5} (lima) tahun")
    if last_row is not None:
        lines[-1] = last_row
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run(path, user):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_agreements", str(path), user=user.username, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_statements_do_not_grow_with_the_rows(world, reviewer, tmp_path):
    def statements(count, start):
        path = register(tmp_path / f"r{count}.csv", count, start)
        with CaptureQueriesContext(connection) as captured:
            out, _err = run(path, reviewer)
        assert f"{count} baru" in out
        return len(captured)

    small, large = statements(200, 0), statements(2000, 10000)
    # ten times the rows: a few more statements at most (reads of the registered numbers and the new
    # partners' history go by chunks), never one per row or per row's party
    assert large - small <= 6, (small, large)
    assert Agreement.objects.count() == 2200
    assert AgreementParty.objects.count() == 4400
    assert Agreement.urusan.through.objects.count() == 2200 + 550
    assert Agreement.history.filter(history_type="+").count() == 2200
    assert StageEvent.objects.filter(action="import").count() == 2200
    if dashboard.tally_enabled():
        assert dashboard.tally_matches()


def test_history_rows_are_the_imported_agreements(world, reviewer, tmp_path):
    run(register(tmp_path / "h.csv", 30), reviewer)
    fields = [f.attname for f in Agreement.history.model.tracked_fields]
    for agreement in Agreement.objects.all():
        record = Agreement.history.get(id=agreement.pk)
        assert {f: getattr(record, f) for f in fields} == {f: getattr(agreement, f) for f in fields}
        assert record.history_user == reviewer and "h.csv" in record.history_change_reason


def test_a_refusal_at_the_last_row_leaves_nothing_written(world, reviewer, tmp_path):
    partners = Partner.objects.count()
    tally = list(dashboard.RegistryTally.objects.order_by("scope", "dimension", "key").values_list()) \
        if dashboard.tally_enabled() else None
    bad = "119/99999/SKALA/2021;;Kerja Sama Terakhir;PT Tirta Nusa Mandiri 1;DLH;Lingkungan Hidup;31 Februari 2021;;"
    path = register(tmp_path / "last.csv", 2500, last_row=bad)  # more than one write batch before it
    with CaptureQueriesContext(connection) as captured, pytest.raises(CommandError):
        run(path, reviewer)
    assert any('"agreements_agreement" ("' in q["sql"] for q in captured)  # batches were written…
    # …and undone with the rest
    assert Agreement.objects.count() == 0 and AgreementParty.objects.count() == 0
    assert StageEvent.objects.count() == 0 and Agreement.history.count() == 0
    assert Agreement.urusan.through.objects.count() == 0
    assert Partner.objects.count() == partners
    if tally is not None:
        assert list(dashboard.RegistryTally.objects.order_by("scope", "dimension", "key").values_list()) == tally


def test_the_refusal_names_the_last_row_and_its_column(world, reviewer, tmp_path):
    bad = "119/99999/SKALA/2021;;Kerja Sama Terakhir;PT Tirta Nusa Mandiri 1;DLH;Lingkungan Hidup;31 Februari 2021;;"
    path = register(tmp_path / "last.csv", 300, last_row=bad)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_agreements", str(path), user=reviewer.username, stdout=out, stderr=err)
    assert "301" in err.getvalue() and "Tanggal Penandatanganan" in err.getvalue()
