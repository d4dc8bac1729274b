"""The admin import preview as a clerk sees it, in headless Chromium: the value map of a register
in its own words, and the preview of a register of requests (what each row was understood as,
its warnings, the columns ignored)."""

import os
import shutil

import pytest

from tests.screenshots import screenshot_dir

from .conftest import FILES

CHROMIUM = shutil.which("chromium")
OUT = screenshot_dir()
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM and os.environ.get("CI") != "true", reason="chromium is not installed"),
]


def test_import_preview_screenshots(live_server, monkeypatch, reviewer, world):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from agreements.models import Agreement
    from tests.factories import PASSWORD

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="id-ID")
        page.goto(f"{live_server.url}/admin/login/?next=/admin/agreements/agreement/import/")
        page.fill("#id_username", reviewer.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/import/")

        # a register in its own words: each unknown value once, with the closest known value
        page.set_input_files("#id_import_file", str(FILES / "vocabulary.csv"))
        page.select_option("#id_format", "1")
        page.click("input[type=submit][value]")
        page.wait_for_selector(".ks-value-map")
        assert page.locator(".ks-value-map tbody tr").count() == 3
        assert page.locator(".ks-value-map select").first.input_value() == "DLH"
        page.screenshot(path=str(OUT / "transfer-value-map.png"), full_page=True)
        page.select_option(".ks-value-map tbody tr:nth-child(2) select", "Lingkungan Hidup")
        page.select_option(".ks-value-map tbody tr:nth-child(3) select", "Berlaku (pelaksanaan)")
        page.click(".ks-value-map input[type=submit]")
        page.wait_for_selector("input[name=confirm]")
        assert "Peta nilai yang dipakai" in page.content()

        # a register of requests: what each row was understood as, and its warnings
        page.goto(f"{live_server.url}/admin/agreements/agreement/import/")
        page.set_input_files("#id_import_file", str(FILES / "requests.csv"))
        page.select_option("#id_format", "1")
        page.click("input[type=submit][value]")
        page.wait_for_selector("input[name=confirm]")
        content = page.content()
        assert "Dipahami sebagai" in content and "Penyusunan Perjanjian Kerja Sama" in content
        assert "Kolom yang diabaikan" in content and "Kode Usulan" in content
        page.screenshot(path=str(OUT / "transfer-preview.png"), full_page=True)
        page.click("input[name=confirm]")
        page.wait_for_url("**/admin/agreements/agreement/")
        browser.close()
    assert Agreement.objects.count() == 6
