"""Reference data, demo data, settings: what `make run` and a production deployment rely on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from agreements.choices import Stage
from agreements.models import Agreement, AttachmentType, DocumentType, StageEvent, Urusan
from partners.models import Partner, Region

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_regions_urusan_and_types_are_loaded_by_migration():
    assert Region.objects.filter(level="provinsi").count() == 38
    assert Region.objects.filter(level="kabupaten").count() == 416
    assert Region.objects.filter(level="kota").count() == 98
    assert Region.objects.get(code="64.72").name == "Kota Samarinda"
    assert Region.objects.get(code="64.72").province.name == "Kalimantan Timur"
    assert Urusan.objects.count() == 32
    assert list(Urusan.objects.values_list("group", flat=True).order_by("group").distinct()) == [
        "pilihan", "wajib_dasar", "wajib_non_dasar",
    ]
    assert Urusan.objects.filter(group="wajib_dasar").count() == 6
    assert Urusan.objects.filter(group="wajib_non_dasar").count() == 18
    assert {"KSB", "PKS", "NK", "LOI", "MOU", "ADD"} <= set(DocumentType.objects.values_list("code", flat=True))
    assert {"kak", "studi_kelayakan", "persetujuan_dprd", "naskah_ditandatangani", "full_power"} <= set(
        AttachmentType.objects.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_load_reference_data_is_idempotent_and_keeps_edited_names():
    DocumentType.objects.filter(code="KSB").update(name="Kesepakatan Bersama (MoU)")
    call_command("load_reference_data", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    assert Region.objects.count() == 552
    assert Urusan.objects.count() == 32
    assert DocumentType.objects.get(code="KSB").name == "Kesepakatan Bersama (MoU)"
    assert Partner.objects.filter(is_home=True).count() == 1


def test_country_names_are_indonesian():
    from django_countries import countries

    names = dict(countries)
    assert names["JP"] == "Jepang"
    assert names["NL"] == "Belanda"
    assert names["DE"] == "Jerman"


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates():
    call_command("load_demo", verbosity=0)
    counts = (Agreement.objects.count(), Partner.objects.count(), StageEvent.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Agreement.objects.count(), Partner.objects.count(), StageEvent.objects.count()) == counts
    assert counts[0] >= 60 and counts[1] >= 38
    stages = set(Agreement.objects.values_list("stage", flat=True))
    assert {Stage.PERSIAPAN, Stage.DIAJUKAN, Stage.DIKEMBALIKAN, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR, Stage.BERAKHIR,
            Stage.DITOLAK, Stage.DITARIK, Stage.DIAKHIRI, Stage.PERSETUJUAN_DPRD} <= stages
    kinds = set(Agreement.objects.values_list("kind", flat=True))
    assert kinds == {"ksdd_wajib", "ksdd_sukarela", "ksdpk", "ksdpl", "ksdll", "sinergi", "lainnya"}
    assert Agreement.objects.filter(parent__isnull=False).exists()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x7!k2#q9-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
        "ALLOWED_HOSTS": "kerjasama.klatenkab.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        # a deployment confirms its own archive classification code (else warning kerjasama.W001)
        "NUMBER_CLASSIFICATION_CODE": "100.3.3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_PRODUCTION": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_stage_labels_and_dates_are_indonesian():
    import datetime

    from django.utils import formats

    with translation.override("id"):
        assert str(Stage.DIKEMBALIKAN.label) == "Dikembalikan untuk perbaikan"
        assert str(Stage.PERSETUJUAN_DPRD.label) == "Persetujuan DPRD"
        assert formats.date_format(datetime.date(2026, 11, 23)) == "23 November 2026"


def test_every_catalogue_entry_is_translated():
    from kerjasama import i18n

    assert i18n.catalogues(), "no Indonesian catalogue found"
    assert i18n.untranslated() == []
