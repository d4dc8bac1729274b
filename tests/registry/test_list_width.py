"""The internal registry list fits a 1366 px screen (the desk's laptops) with real-world long titles,
partner and OPD names, numbers and stage labels: no horizontal scrollbar on the page, none inside
the table."""

import datetime

from django.test import Client
from django.utils import timezone

from accounts import roles
from agreements.choices import Kind, Stage
from agreements.models import Agreement
from notifications.models import Notification
from partners.choices import PartnerType
from tests.browser.chromium import MARKS, launch
from tests.factories import AgreementFactory, OpdFactory, PartnerFactory, UserFactory
from tests.screenshots import screenshot_dir

pytestmark = MARKS

LONG_TITLES = [
    "Penyelenggaraan Pelayanan Kesehatan Rujukan Lintas Batas Daerah bagi Penduduk Perbatasan Kabupaten dan Kota "
    "Sekitarnya Tahap II",
    "Pengelolaan Sampah Regional Terpadu pada Tempat Pemrosesan Akhir Troketon beserta Sarana Pengangkutannya",
    "Pemanfaatan Barang Milik Daerah berupa Tanah dan Bangunan untuk Pembangunan Menara Telekomunikasi Bersama",
    "Pertukaran Data Kependudukan dan Pemanfaatan Nomor Induk Kependudukan untuk Layanan Publik Terintegrasi",
]
LONG_PARTNERS = [
    "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro",
    "PT Pembangunan Infrastruktur Telekomunikasi Nusantara Sejahtera Abadi (Persero) Tbk.",
    "Badan Riset dan Inovasi Nasional Republik Indonesia Kantor Wilayah Jawa Tengah",
    "Perusahaan Umum Daerah Air Minum Tirta Marta Sembada Kabupaten Klaten",
]
LONG_OPDS = [
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"),
]
STAGES = [Stage.PEMBAHASAN_NASKAH, Stage.PELAKSANAAN, Stage.PENANDATANGANAN_PERPANJANGAN, Stage.AKAN_BERAKHIR]


def build_register():
    today = timezone.localdate()
    opds = [OpdFactory(code=code, name=name, short_name="") for code, name in LONG_OPDS]
    for index in range(12):
        opd = opds[index % len(opds)]
        partner = PartnerFactory(name=f"{LONG_PARTNERS[index % len(LONG_PARTNERS)]} {index}",
                                 partner_type=PartnerType.BADAN_USAHA)
        agreement = AgreementFactory(title=LONG_TITLES[index % len(LONG_TITLES)], kind=Kind.KSDPK, opd_initiator=opd,
                                     complete__partners=[partner, PartnerFactory(name=LONG_PARTNERS[(index + 1) % 4])])
        signed = today - datetime.timedelta(days=400 + index)
        Agreement.objects.filter(pk=agreement.pk).update(
            stage=STAGES[index % len(STAGES)], signing_date=signed, start_date=signed,
            end_date=signed + datetime.timedelta(days=3650), value=12_500_000_000_000 + index,
        )
        home = agreement.home_party
        home.document_number = f"000.3.3/PKS/{1000 + index}/Kerjasama/{signed.year}"  # the default NUMBER_PATTERN
        home.save()
    head = UserFactory(username="kabag", first_name="Sri", last_name="Wahyuni", role=roles.KERJASAMA_HEAD)
    # a desk user's full menu (Administrasi) with a two-digit unread badge is the widest navbar
    Notification.objects.bulk_create(Notification(user=head, message=f"Pemberitahuan {i}") for i in range(36))
    return head


def test_the_registry_list_fits_1366_px(live_server):
    from playwright.sync_api import sync_playwright

    user = build_register()
    client = Client()
    client.force_login(user)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
            page = context.new_page()
            page.goto(f"{live_server.url}/registri/")
            assert page.locator(".ks-registry-table tbody tr").count() == 12
            assert page.get_by_test_id("unread-count").inner_text().startswith("36")
            page.screenshot(path=str(screenshot_dir() / "registry-list-1366.png"), full_page=True)
            widths = page.evaluate(
                """() => {
                    const box = document.querySelector('.ks-registry-table').closest('.table-responsive');
                    return {page: document.documentElement.scrollWidth, table: box.scrollWidth, box: box.clientWidth};
                }"""
            )
            narrowest = {}
            for width in (1200, 1280):  # the navbar's full (xl) layout at its narrowest
                page.set_viewport_size({"width": width, "height": 900})
                narrowest[width] = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert narrowest == {1200: 1200, 1280: 1280}
    assert widths["page"] <= 1366, widths
    assert widths["table"] <= widths["box"], widths  # no scrollbar inside the table either
