"""Screenshots of the register and of the change page with its workflow panel, taken in headless
Chromium against the live server after logging in through the admin's login form."""

import datetime
import os
import shutil
from pathlib import Path

import pytest

from accounts import roles
from agreements import pathing, services
from agreements.choices import Kind, Stage, SubKind
from tests.factories import AgreementFactory, OpdFactory, PartnerFactory, UserFactory, document_type
from tests.screenshots import screenshot_dir

CHROMIUM = shutil.which("chromium")
OUT = screenshot_dir()
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM and os.environ.get("CI") != "true", reason="chromium is not installed"),
]


def demo_world():
    today = datetime.date.today()
    dlh = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup", short_name="DLH")
    dinkes = OpdFactory(code="DINKES", name="Dinas Kesehatan", short_name="Dinkes")
    disparbud = OpdFactory(code="DISPARBUD", name="Dinas Pariwisata dan Kebudayaan", short_name="Disparbud")
    staff = {o.pk: UserFactory(username=f"staf_{o.code.lower()}", role=roles.OPD_STAFF, opd=o) for o in (dlh, dinkes, disparbud)}
    reviewer = UserFactory(username="rina", first_name="Rina", last_name="Kurniasih", role=roles.KERJASAMA_STAFF)
    tkksd = UserFactory(username="tkksd", first_name="Bambang", last_name="Sutejo", role=roles.TKKSD_MEMBER)

    def go(agreement, stage, **kw):
        pathing.drive_to(agreement, stage, submitter=staff[agreement.opd_initiator_id], reviewer=reviewer, tkksd=tkksd, **kw)
        return agreement

    go(AgreementFactory(opd_initiator=dlh, title="Pengelolaan Sampah Regional TPA Troketon"), Stage.PELAKSANAAN)
    go(
        AgreementFactory(
            opd_initiator=dinkes, title="Rujukan Pelayanan Kesehatan Daerah Perbatasan",
            start_date=today - datetime.timedelta(days=1000), end_date=today + datetime.timedelta(days=45),
        ),
        Stage.AKAN_BERAKHIR,
        signing_date=today - datetime.timedelta(days=1000),
    )
    go(
        AgreementFactory(
            opd_initiator=dinkes, kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, title="Layanan Ambulans Gawat Darurat Terpadu",
            complete__partners=[PartnerFactory(name="PT Medika Sehat Sentosa")],
        ),
        Stage.PENAWARAN,
    )
    go(
        AgreementFactory(
            opd_initiator=disparbud, kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"),
            title="Kota Kembar Klaten–Kitakyushu di Bidang Kebudayaan", end_date=today.replace(year=today.year + 4),
        ),
        Stage.PERSETUJUAN_DPRD,
    )
    go(AgreementFactory(opd_initiator=dlh, title="Pengendalian Pencemaran Sungai Dengkeng"), Stage.DIAJUKAN)
    rejected = go(AgreementFactory(opd_initiator=disparbud, title="Promosi Wisata Candi Bersama"), Stage.DIAJUKAN)
    services.reject(rejected, reviewer, "Objek sudah tercakup dalam kerja sama provinsi.")
    featured = go(AgreementFactory(opd_initiator=dlh, title="Pengelolaan Air Limbah Domestik Terpadu Klaten–Boyolali"), Stage.PENYUSUNAN_KSB)
    pathing.attach(featured, "draft_naskah", reviewer)
    services.record_tkksd_recommendation(featured, tkksd, today, "setuju_dengan_catatan", "Lengkapi pasal pembiayaan bersama.")
    AgreementFactory(opd_initiator=dinkes, title="Penanganan Stunting Terpadu (draf)")
    return reviewer, featured


def test_admin_screenshots(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from tests.factories import PASSWORD

    reviewer, featured = demo_world()
    OUT.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="id-ID")
        page.goto(f"{live_server.url}/admin/login/?next=/admin/agreements/agreement/")
        page.fill("#id_username", reviewer.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/agreements/agreement/")
        assert page.locator(".ks-badge").count() >= 7
        assert "Tahap" in page.content() or "tahap" in page.content()
        page.screenshot(path=str(OUT / "admin-changelist.png"), full_page=True)

        # the work queue where the desk opens, at the 1366 px of an office laptop
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{live_server.url}/admin/")
        assert page.locator(".ks-queue-item").count() >= 6
        page.screenshot(path=str(OUT / "admin-index.png"), full_page=False)
        page.set_viewport_size({"width": 1440, "height": 900})

        page.goto(f"{live_server.url}/admin/agreements/agreement/{featured.pk}/change/")
        panel = page.locator(".ks-panel")
        assert panel.is_visible()
        assert page.locator(".ks-actions a").count() >= 2
        page.screenshot(path=str(OUT / "admin-change.png"), full_page=False)
        page.locator(".ks-history-grid").scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / "admin-change-history.png"), full_page=False)
        page.screenshot(path=str(ARTIFACTS / "admin-change-full.png"), full_page=True)

        page.click(".ks-actions a >> nth=0")
        page.wait_for_selector(".ks-step-form")
        page.screenshot(path=str(OUT / "admin-step-form.png"), full_page=False)
        browser.close()
    assert (OUT / "admin-changelist.png").stat().st_size > 10_000
