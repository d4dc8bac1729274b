"""One full flow, persona by persona, in a real browser at 1366 px and at 390 px (a phone):
the OPD submits → the Bagian Kerja Sama verifies → the TKKSD recommends → the Bagian Kerja Sama
records the signing → the OPD sees it in force; then the leader's and the public's views.

Steps that belong to nobody's screen here (the offer and drafting stages in between) are taken by
``agreements.pathing`` on the server, as the other tests do."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import pathing
from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Agreement
from tests.factories import PASSWORD, AgreementFactory, home_partner
from tests.screenshots import screenshot_dir

from .chromium import MARKS, launch

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

pytestmark = MARKS


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def label(stage):
    with translation.override("id"):
        return str(Stage(stage).label)


class Persona:
    """A signed-in browser context of one user at one screen width."""

    def __init__(self, browser, base, user, size, name):
        width, height = WIDTHS[size]
        phone = size == "phone"
        self.context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone,
                                           locale="id-ID")
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.base, self.size, self.name = base, size, name
        if user is not None:
            self.page.goto(f"{base}/akun/login/")
            self.page.fill("#id_username", user.username)
            self.page.fill("#id_password", PASSWORD)
            self.page.click("button[type=submit]")
            self.page.wait_for_url(f"{base}/")

    def go(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, f"{self.name}: {path} → {response.status}"
        return self.page

    def shot(self, step, docs_name=None):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"persona-{self.size}-{step}.png"), full_page=True)
        if docs_name and self.size == "desktop":
            self.page.screenshot(path=str(screenshot_dir() / docs_name), full_page=False)

    def fits(self):
        """Nothing wider than the screen (a horizontal scrollbar on a phone is a bug)."""
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{self.name}: page is {overflow}px wider than the screen"

    def close(self):
        assert self.errors == [], self.errors
        self.context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_each_persona_does_its_part(live_server, browser, size, opd_a, opd_a_staff, reviewer, tkksd_member, pimpinan,
                                    tmp_path):
    home_partner()
    base = live_server.url
    today = datetime.date.today()
    agreement = AgreementFactory(opd_initiator=opd_a, created_by=opd_a_staff, title="Pengelolaan Sampah Regional Terpadu",
                                 start_date=today)
    pathing.ensure_attachments(agreement, ("kak", "surat_penawaran"), opd_a_staff)

    # The OPD submits: the confirmation says what will be sent.
    opd = Persona(browser, base, opd_a_staff, size, "OPD")
    page = opd.go(reverse("proposal_detail", args=[agreement.pk]))
    assert page.locator("[data-testid=tracking] svg").is_visible()
    page.click("button[data-confirm-dialog=submit-dialog]")
    dialog = page.locator("#submit-dialog")
    assert dialog.is_visible() and "Pemerintah Kabupaten Boyolali" in dialog.inner_text()
    opd.fits()
    opd.shot("01-opd-confirm", "portal-submit-confirm.png")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/usulan/{agreement.pk}/")
    assert page.locator("[data-testid=stage-badge]").inner_text() == label(Stage.DIAJUKAN)

    # The Bagian Kerja Sama sees it in its work queue and verifies it.
    desk = Persona(browser, base, reviewer, size, "Bagian Kerja Sama")
    page = desk.go(reverse("admin:index"))
    page.click(f"a[href='{reverse('admin:agreements_agreement_changelist')}?antrean=verifikasi']")
    assert agreement.title in page.inner_text("#result_list")
    desk.shot("02-desk-queue")
    page = desk.go(reverse("proposal_detail", args=[agreement.pk]))
    page.click("form[action$='/aksi/verify/'] button")
    page.wait_for_url(f"{base}/usulan/{agreement.pk}/")
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENAWARAN

    # ... the offer is answered (server side); the TKKSD recommends the draft KSB.
    pathing.drive_to(agreement, Stage.PENYUSUNAN_KSB, submitter=opd_a_staff, reviewer=reviewer, tkksd=tkksd_member)
    pathing.ensure_attachments(agreement, ("draft_naskah",), reviewer)
    minutes = tmp_path / "notulen.pdf"
    minutes.write_bytes(minimal_pdf("Notulen TKKSD"))
    member = Persona(browser, base, tkksd_member, size, "TKKSD")
    page = member.go(reverse("admin:index"))
    assert "Menunggu rekomendasi TKKSD" in page.inner_text("body")
    page = member.go(reverse("admin:agreements_agreement_workflow", args=[agreement.pk, "tkksd"]))
    page.fill("#id_date", today.isoformat())
    page.check("input[name=result][value=setuju]")
    page.set_input_files("#id_minutes", str(minutes))
    member.shot("03-tkksd-form")
    page.click(".submit-row input[type=submit]:not([name])")
    page.wait_for_load_state()
    assert agreement.events.filter(action="tkksd").exists()

    # ... the KSB is completed (server side); the Bagian Kerja Sama records the signing.
    pathing.drive_to(agreement, Stage.PENANDATANGANAN_KSB, submitter=opd_a_staff, reviewer=reviewer, tkksd=tkksd_member)
    scan = tmp_path / "naskah-ttd.pdf"
    scan.write_bytes(minimal_pdf("Naskah bertanda tangan"))
    page = desk.go(reverse("admin:agreements_agreement_workflow", args=[agreement.pk, "sign"]))
    page.fill("#id_signing_date", today.isoformat())
    page.fill("#id_signing_place", "Klaten")
    for party in agreement.parties.all():
        page.fill(f"#id_party_{party.pk}_number", f"{party.order:03d}/KS/{today.year}")
    page.set_input_files("#id_signed_scan", str(scan))
    for item in ("paraf", "meterai", "stempel"):
        if page.locator(f"#id_{item}").count():
            page.check(f"#id_{item}")
    desk.shot("04-desk-signing")
    page.click(".submit-row input[type=submit]:not([name])")
    page.wait_for_load_state()
    agreement.refresh_from_db()
    assert agreement.stage in (Stage.DITANDATANGANI, Stage.PELAKSANAAN)
    if agreement.stage == Stage.DITANDATANGANI:
        pathing.drive_to(agreement, Stage.PELAKSANAAN, submitter=opd_a_staff, reviewer=reviewer, tkksd=tkksd_member)

    # The OPD sees it in force.
    page = opd.go(reverse("home"))
    row = page.locator("tr", has_text=agreement.title)
    assert label(Stage.PELAKSANAAN) in row.inner_text()
    opd.fits()
    opd.shot("05-opd-in-force")

    # The leader reads, with nothing to propose and no drafts.
    draft = AgreementFactory(opd_initiator=opd_a, title="Draf Yang Belum Diajukan")
    leader = Persona(browser, base, pimpinan, size, "Pimpinan")
    page = leader.go(reverse("home"))
    body = page.inner_text("body")
    assert "Usulan Saya" not in body and "Usulan baru" not in body and draft.title not in body
    assert agreement.title in body
    leader.shot("06-leader-home")
    leader.fits()
    leader.shot("06-leader-home")

    # The public finds it on the transparency page and opens its public page.
    Agreement.objects.filter(pk=agreement.pk).update(is_published=True)
    public = Persona(browser, base, None, size, "public")
    page = public.go(reverse("public_list"))
    page.click(f"a:has-text('{agreement.title}')")
    page.wait_for_url(f"{base}{reverse('public_detail', args=[agreement.pk])}")
    assert f"001/KS/{today.year}" in page.inner_text("body")
    public.fits()
    public.shot("07-public-detail")

    for persona in (opd, desk, member, leader, public):
        persona.close()
