"""The OPD portal in a real browser: an OPD submits a KSDD with two attachments, the Bagian Kerja
Sama returns it for revision, the OPD resubmits.  Screenshots go to artifacts/ (and the README's
pictures to docs/img/)."""

import os
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Agreement
from tests.factories import PASSWORD, home_partner
from tests.screenshots import screenshot_dir

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
DOCS_IMG = screenshot_dir()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if not CHROMIUM and os.environ.get("CI") != "true":
    pytestmark.append(pytest.mark.skip(reason="chromium is not installed"))


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def label(stage):
    with translation.override("id"):
        return str(Stage(stage).label)


def login(page, base, username):
    page.goto(f"{base}/akun/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def logout(page):
    page.click("nav form[action$='/logout/'] button")


def shot(page, name, docs_name=None):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if docs_name:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / docs_name), full_page=False)


@pytest.mark.immediate_tasks  # in-app notifications come from a task; run it in place (no worker here)
def test_opd_submits_ksdd_bagian_kerja_sama_returns_opd_resubmits(live_server, browser, opd_a_staff, reviewer, tmp_path):
    home_partner()
    base = live_server.url
    kak = tmp_path / "KAK Pengelolaan Sampah.pdf"
    kak.write_bytes(minimal_pdf("Kerangka Acuan Kerja"))
    offer = tmp_path / "Surat Penawaran.pdf"
    offer.write_bytes(minimal_pdf("Surat Penawaran"))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    login(page, base, opd_a_staff.username)
    page.click("text=Usulan Kerja Sama Baru")
    page.wait_for_url(f"{base}/usulan/baru/")

    page.check("input[name=kind][value=ksdd_sukarela]")
    assert page.is_hidden("select[name=subkind]")  # no sub-kind for KSDD
    assert page.is_hidden("#s-regime")
    page.fill("#id_title", "Pengelolaan Sampah Regional Terpadu Klaten–Boyolali")
    page.fill("#id_purpose", "Meningkatkan kualitas pengelolaan sampah di wilayah perbatasan.")
    page.fill("#id_scope", "Pengangkutan dan pengolahan sampah di TPA regional.")
    page.fill("#id_location", "TPA Troketon, Klaten")
    page.fill("#id_benefits", "Efisiensi biaya dan lingkungan yang lebih bersih.")
    page.check("label:has-text('2.11 Lingkungan Hidup') >> xpath=preceding-sibling::input")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2030-12-31")
    page.fill("#id_duration_text", "5 (lima) tahun")
    page.select_option("#id_funding_source", "apbd")
    page.fill("#id_value", "1.250.000.000")
    page.check("#id_not_budgeted")
    assert page.is_visible("[data-dprd-yes]")

    region = page.locator("#id_party-0-region")
    region.press_sequentially("Boyol", delay=30)
    page.wait_for_selector("#region-options option", state="attached")  # no eval: the CSP forbids it
    assert page.locator("#region-options option").first.get_attribute("value") == "Kabupaten Boyolali (33.09)"
    region.fill("Kabupaten Boyolali (33.09)")
    assert page.is_hidden("#id_party-0-nib")  # third-party identity fields are not for KSDD

    page.fill("#id_contact-0-name", "Rina Kurniasih")
    page.fill("#id_contact-0-position", "Kasubbag Program")
    page.fill("#id_contact-0-phone", "0812-2700-1111")
    page.fill("#id_contact-0-email", "rina@example.go.id")
    page.fill("#id_contact-1-name", "Dwi Prasetyo")
    page.fill("#id_contact-1-position", "Analis Kebijakan")
    page.fill("#id_contact-1-phone", "0813-2900-2222")
    page.fill("#id_contact-1-email", "dwi@example.go.id")

    page.select_option("#id_file-0-attachment_type", label="Kerangka Acuan Kerja (KAK)")
    page.set_input_files("#id_file-0-file", str(kak))
    page.select_option("#id_file-1-attachment_type", label="Surat Penawaran")
    page.set_input_files("#id_file-1-file", str(offer))
    page.locator("#s-kind").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "portal-01-form.png", "portal-form.png")

    page.click("button[value=submit]")
    assert "Pengelolaan Sampah Regional Terpadu" in page.locator("#submit-dialog").inner_text()  # what will be sent
    page.click("#submit-dialog [data-dialog-confirm]")
    page.wait_for_url(f"{base}/usulan/*/")
    badge = page.locator("[data-testid=stage-badge]")
    assert badge.inner_text() == label(Stage.DIAJUKAN)
    agreement = Agreement.objects.get()
    assert agreement.stage == Stage.DIAJUKAN
    assert sorted(agreement.attachments.values_list("original_name", flat=True)) == ["KAK Pengelolaan Sampah.pdf", "Surat Penawaran.pdf"]
    assert agreement.parties.filter(partner__region__code="33.09").exists()
    shot(page, "portal-02-submitted.png")

    # The Bagian Kerja Sama returns it for revision with a note.
    logout(page)
    login(page, base, reviewer.username)
    page.click(f"text={agreement.title}")
    page.fill("#return-note", "Lengkapi peta lokasi TPA dan rincian pembiayaan bersama.")
    page.click("form[action$='/aksi/return/'] button")
    assert page.locator("[data-testid=stage-badge]").inner_text() == label(Stage.DIKEMBALIKAN)
    shot(page, "portal-03-returned-by-reviewer.png")

    # The OPD sees the note beside the form and resubmits.
    logout(page)
    login(page, base, opd_a_staff.username)
    assert page.locator("text=Lengkapi peta lokasi TPA").first.is_visible()
    assert page.locator("[data-testid=unread-count]").is_visible()
    shot(page, "portal-04-home-returned.png", "portal-home.png")
    page.click(f".card.border-warning >> text={agreement.title}")
    page.wait_for_url(f"{base}/usulan/{agreement.pk}/ubah/")
    assert "Lengkapi peta lokasi TPA" in page.locator("[data-testid=reviewer-note]").inner_text()
    page.fill("#id_scope", "Pengangkutan dan pengolahan sampah di TPA regional; peta lokasi terlampir.")
    page.select_option("#id_file-0-attachment_type", label="Lainnya")
    page.set_input_files("#id_file-0-file", str(kak))
    shot(page, "portal-05-revision-form.png")
    page.click("button[value=submit]")
    page.click("#submit-dialog [data-dialog-confirm]")
    page.wait_for_url(f"{base}/usulan/{agreement.pk}/")
    assert page.locator("[data-testid=stage-badge]").inner_text() == label(Stage.DIAJUKAN)
    assert page.locator("text=Perbaikan ke-1").is_visible()
    shot(page, "portal-06-resubmitted.png")
    agreement.refresh_from_db()
    assert list(agreement.events.values_list("action", flat=True)) == ["create", "submit", "return", "submit"]

    # The same home page on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone_page = phone.new_page()
    login(phone_page, base, opd_a_staff.username)
    shot(phone_page, "portal-07-home-phone.png")
    phone_page.goto(f"{base}/usulan/{agreement.pk}/")
    shot(phone_page, "portal-08-detail-phone.png")
    phone.close()
    context.close()
