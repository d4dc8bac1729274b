"""Screenshots of the dashboard and the public transparency page in headless Chromium against the
live server, with a small fixed world; saved to docs/img/ for the README."""

import datetime

from django.test import Client
from django.utils import timezone

from accounts import roles
from agreements.choices import Kind, Stage, SubKind
from agreements.models import Agreement, Urusan
from partners.choices import PartnerType
from tests.browser.chromium import MARKS, launch
from tests.factories import AgreementFactory, OpdFactory, PartnerFactory, UserFactory, document_type, pemda_partner
from tests.screenshots import screenshot_dir

OUT = screenshot_dir()
pytestmark = MARKS

ROWS = [
    # title, kind, opd, urusan, stage, signed year, published, partner
    ("Pengelolaan Sampah Regional TPA Troketon", Kind.KSDD_SUKARELA, "DLH", "2.11", Stage.PELAKSANAAN, 2023, True, "33.09"),
    ("Rujukan Pelayanan Kesehatan Daerah Perbatasan", Kind.KSDD_WAJIB, "DINKES", "1.02", Stage.AKAN_BERAKHIR, 2021, True, "33.11"),
    ("Layanan Ambulans Gawat Darurat Terpadu", Kind.KSDPK, "DINKES", "1.02", Stage.PELAKSANAAN, 2024, True, "PT Medika Sehat Sentosa"),
    ("Promosi Wisata Candi Prambanan dan Sewu", Kind.KSDD_SUKARELA, "DISPARBUD", "3.26", Stage.PELAKSANAAN, 2025, True, "34.04"),
    ("Penyediaan Air Minum Perdesaan", Kind.KSDPK, "DPUPR", "1.03", Stage.BERAKHIR, 2019, True, "PT Air Bersih Nusantara"),
    ("Pendampingan Hukum Perdata dan Tata Usaha Negara", Kind.SINERGI, "SETDA", "1.05", Stage.DIAKHIRI, 2020, True, "Kejaksaan Negeri Klaten"),
    ("Pertukaran Data Kependudukan", Kind.SINERGI, "DISDUKCAPIL", "2.12", Stage.PELAKSANAAN, 2024, True, "Direktorat Jenderal Dukcapil"),
    ("Kota Kembar Klaten–Kitakyushu", Kind.KSDPL, "DISPARBUD", "3.26", Stage.PENYUSUNAN_RENCANA, None, False, "Kitakyushu City"),
    ("Pengembangan Pasar Lelang Komoditas Pertanian", Kind.KSDD_SUKARELA, "DISTAN", "3.27", Stage.PENYUSUNAN_KSB, None, False, "33.08"),
    ("Beasiswa Vokasi Perhotelan", Kind.KSDPK, "DISDIK", "1.01", Stage.DIAJUKAN, None, False, "Universitas Widya Dharma"),
    ("Transportasi Aglomerasi Solo Raya", Kind.KSDD_SUKARELA, "DISHUB", "2.15", Stage.PELAKSANAAN, 2022, True, "33.72"),
    ("Penanganan Bencana Erupsi Merapi", Kind.KSDD_WAJIB, "BPBD", "1.05", Stage.PELAKSANAAN, 2023, True, "33.08"),
    ("Pengelolaan Parkir Tepi Jalan Umum", Kind.KSDPK, "DISHUB", "2.15", Stage.PERSETUJUAN_DPRD, None, False, "PT Parkir Andalan"),
]


def build_world():
    today = timezone.localdate()
    opds = {}
    for code, name in [("DLH", "Dinas Lingkungan Hidup"), ("DINKES", "Dinas Kesehatan"),
                       ("DISPARBUD", "Dinas Pariwisata dan Kebudayaan"), ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
                       ("SETDA", "Sekretariat Daerah"), ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
                       ("DISTAN", "Dinas Pertanian"), ("DISDIK", "Dinas Pendidikan"), ("DISHUB", "Dinas Perhubungan"),
                       ("BPBD", "Badan Penanggulangan Bencana Daerah")]:
        opds[code] = OpdFactory(code=code, name=name, short_name=code.title() if len(code) > 4 else code)
    for index, (title, kind, opd, urusan, stage, year, published, partner) in enumerate(ROWS):
        if partner[:2].isdigit():
            party = pemda_partner(partner)
        elif kind == Kind.KSDPL:
            party = PartnerFactory(name=partner, partner_type=PartnerType.PEMDA_LUAR_NEGERI, country="JP", nib="")
        elif kind == Kind.SINERGI:
            party = PartnerFactory(name=partner, partner_type=PartnerType.INSTANSI_VERTIKAL, nib="")
        else:
            party = PartnerFactory(name=partner)
        agreement = AgreementFactory(
            title=title, kind=kind, opd_initiator=opds[opd], complete__partners=[party],
            subkind=SubKind.LAYANAN_PUBLIK if kind == Kind.KSDPK else (SubKind.KAB_KOTA_KEMBAR if kind == Kind.KSDPL else ""),
            document_type=document_type("NK" if kind == Kind.SINERGI else ("MOU" if kind == Kind.KSDPL else "KSB")),
        )
        fields = {"stage": stage, "is_published": published,
                  "stage_changed_at": timezone.now() - datetime.timedelta(days=10 + index * 9)}
        if year:
            signed = datetime.date(year, 3 + index % 8, 1 + index)
            end = signed.replace(year=year + 5) - datetime.timedelta(days=1)
            if stage == Stage.AKAN_BERAKHIR:
                end = today + datetime.timedelta(days=75)
            fields.update(signing_date=signed, start_date=signed, end_date=end)
        Agreement.objects.filter(pk=agreement.pk).update(**fields)
        agreement.urusan.set([Urusan.objects.get(code=urusan)])
    build_mapping(opds)
    return UserFactory(username="kabag", first_name="Sri", last_name="Wahyuni", role=roles.KERJASAMA_HEAD)


MAPPING = [
    # urusan, OPD, potential, kind of partner, the agreement that realises it (title) or None
    ("2.11", "DLH", "Pengolahan sampah regional bersama kabupaten tetangga", PartnerType.PEMDA,
     "Pengelolaan Sampah Regional TPA Troketon"),
    ("2.11", "DLH", "Bank sampah dengan badan usaha daur ulang", PartnerType.BADAN_USAHA, None),
    ("1.02", "DINKES", "Rujukan pasien lintas batas daerah", PartnerType.PEMDA,
     "Rujukan Pelayanan Kesehatan Daerah Perbatasan"),
    ("3.26", "DISPARBUD", "Promosi wisata dengan kota kembar di Jepang", PartnerType.PEMDA_LUAR_NEGERI,
     "Kota Kembar Klaten–Kitakyushu"),
    ("3.26", "DISPARBUD", "Paket wisata candi bersama DIY", PartnerType.PEMDA, None),
]


def build_mapping(opds):
    """Validated pemetaan entries, three realised by a proposal or an agreement: the dashboard's
    "mapping → proposals → signed" tile is not empty in the README's picture."""
    from reporting.models import AgreementPlanning, PotentialMapping, ReviewStatus

    year = timezone.localdate().year
    for urusan, opd, potential, partner_type, realised_by in MAPPING:
        entry = PotentialMapping.objects.create(
            opd=opds[opd], urusan=Urusan.objects.get(code=urusan), potential=potential, partner_type=partner_type,
            expected_benefit="Layanan publik lebih baik dengan biaya bersama.", year_from=year, year_to=year + 2,
            status=ReviewStatus.APPROVED,
        )
        if realised_by:
            AgreementPlanning.objects.create(agreement=Agreement.objects.get(title=realised_by), mapping=entry)


def _browser():
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = launch(manager)
    return manager, browser


def test_dashboard_and_public_page_screenshots(live_server):
    user = build_world()
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    OUT.mkdir(parents=True, exist_ok=True)
    manager, browser = _browser()
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/dasbor/")
        page.wait_for_selector("#chart-kind")
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 6")
        assert "Dasbor" in page.content()
        tile = page.locator("table", has_text="Dipetakan")
        assert tile.locator("tfoot tr, tr").last.inner_text().split()[-3:] == ["5", "3", "2"]  # mapped, proposed, signed
        page.screenshot(path=str(OUT / "dashboard.png"), full_page=True)
        assert errors == []
        # a bar of the chart links to the filtered list
        page.click("#h-kind ~ details summary")
        href = page.get_attribute("#h-kind ~ details a >> nth=0", "href")
        assert href.startswith("/registri/?kind=")

        public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
        public.goto(f"{live_server.url}/publik/")
        text = public.content()
        assert "Pengelolaan Sampah Regional" in text and "Kota Kembar" not in text and "Rina Kurniasih" not in text
        public.screenshot(path=str(OUT / "public.png"), full_page=True)
        public.click("a:has-text('Pengelolaan Sampah Regional')")
        public.wait_for_url("**/publik/*/")
        public.screenshot(path=str(OUT / "public-detail.png"), full_page=True)
    finally:
        browser.close()
        manager.stop()
