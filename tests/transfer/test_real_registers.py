"""Real registers go in as they are (issue 11): one test per pattern of tests/transfer/files/make_real_files.py."""

import datetime

import pytest
from django.core.management.base import CommandError

from agreements.choices import Kind, Stage
from agreements.models import Agreement, AgreementParty, StageEvent
from partners.choices import PartnerType
from partners.models import Partner
from transfer import importing
from transfer.resources import AgreementResource, dataset_from_file

from .conftest import FILES

pytestmark = pytest.mark.django_db


def preview(name, user, data=None, **kwargs):
    """Dry run of a fixture file: ({sheet row: (understood, warnings, note)}, result)."""
    rows = {}
    resource = AgreementResource(user=user, on_row=lambda r, understood, warnings, note: rows.__setitem__(
        r, (understood, warnings, note)), **kwargs)
    data = data if data is not None else (FILES / name).read_bytes()
    result = resource.import_data(dataset_from_file(data, name), dry_run=True, file_name=name, user=user)
    return rows, result


def row_errors(result):
    return {(row.number, column): " ".join(map(str, reasons))
            for row in result.invalid_rows for column, reasons in row.field_specific_errors.items()}


def partner_of(agreement):
    return agreement.parties.exclude(partner__is_home=True).get().partner


# --- same title and date, different partners ---------------------------------------------------


def test_same_title_and_date_with_four_kabupaten_are_four_agreements(run_import, reviewer, world):
    out, _err = run_import("same_title.xlsx", reviewer)
    assert "4 baru" in out
    agreements = Agreement.objects.filter(title="Kerja Sama Pengelolaan Sampah Regional Subosuka Wonosraten")
    assert agreements.count() == 4
    assert sorted(partner_of(a).region_id for a in agreements) == ["33.09", "33.11", "33.12", "33.13"]
    assert all(a.parties.count() == 2 for a in agreements)


def test_imported_one_at_a_time_the_second_is_not_merged_into_the_first(run_import, reviewer, world, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(FILES / "same_title.xlsx")
    sheet = book.active
    header, first, second = 3, 4, 5
    for keep, name in ((first, "first.xlsx"), (second, "second.xlsx")):
        single = openpyxl.Workbook()
        single.active.append([c.value for c in sheet[header]])
        single.active.append([c.value for c in sheet[keep]])
        single.save(tmp_path / name)
    run_import(tmp_path / "first.xlsx", reviewer)
    rows, _result = preview("second.xlsx", reviewer, data=(tmp_path / "second.xlsx").read_bytes())
    understood, warnings, _note = rows[2]
    assert "Sukoharjo" in understood
    assert any("sudah terdaftar" in w for w in warnings)  # said, not merged
    out, _err = run_import(tmp_path / "second.xlsx", reviewer)
    assert "1 baru" in out
    first_agreement = Agreement.objects.get(parties__partner__region_id="33.09")
    assert first_agreement.parties.count() == 2  # no extra party added silently
    assert Agreement.objects.count() == 2


# --- partner names as clerks write them --------------------------------------------------------


def test_partner_names_as_clerks_write_them(run_import, reviewer, world):
    run_import("partner_names.csv", reviewer)

    def partner(title):
        return partner_of(Agreement.objects.get(title=title))

    sigi = partner("Pengembangan Kawasan Agropolitan Lembah Palu")
    assert (sigi.name, sigi.partner_type, sigi.region_id) == ("Pemerintah Kabupaten Sigi", PartnerType.PEMDA, "72.10")
    assert partner("Penanggulangan Bencana Sesar Palu-Koro") == sigi  # "Pemkab Sigi"
    palu = partner("Pengelolaan Sampah Lintas Daerah Teluk Palu")
    assert (palu.name, palu.region_id) == ("Pemerintah Kota Palu", "72.71")
    assert partner("Pertukaran Data Kependudukan") == palu  # "Pemkot Palu" with the code "7271"
    assert partner("Konektivitas Transportasi Laut Kepulauan Banggai").region_id == "72.11"  # "Kab. Banggai Laut"

    expected = {
        "Pencegahan Penyalahgunaan Narkoba di Sekolah": PartnerType.INSTANSI_VERTIKAL,  # BNN Kota Palu
        "Pengawasan Pemilihan Kepala Daerah": PartnerType.INSTANSI_VERTIKAL,  # Bawaslu Kabupaten Sigi
        "Pengamanan Objek Vital Daerah": PartnerType.INSTANSI_VERTIKAL,  # Polres Banggai Laut
        "Pendampingan Hukum Perdata dan Tata Usaha Negara": PartnerType.INSTANSI_VERTIKAL,  # Kejaksaan Negeri Palu
        "Penyediaan Air Minum Kawasan Perbatasan": PartnerType.BUMD,  # Perumda Air Minum … Kota Palu
        "Layanan Kas Daerah dan Pembayaran Nontunai": PartnerType.BUMD,  # PT Bank … (Perseroda)
        "Cadangan Pangan Pemerintah Daerah": PartnerType.BUMN,  # Perum Bulog
        "Normalisasi Sungai Palu": PartnerType.INSTANSI_VERTIKAL,  # Balai Besar …
        "Percepatan Sertifikasi Tanah Aset Daerah": PartnerType.INSTANSI_VERTIKAL,  # Kantor Wilayah BPN …
        "Praktik Kerja Lapangan Tenaga Kesehatan": PartnerType.PERGURUAN_TINGGI,  # Politeknik … Kota Palu
    }
    for title, ptype in expected.items():
        found = partner(title)
        assert (found.partner_type, found.region_id) == (ptype, None), title
    assert Partner.objects.filter(partner_type=PartnerType.PEMDA, is_home=False).count() == 4  # Boyolali, Sigi, Palu, Banggai Laut
    assert Agreement.objects.get(title="Pencegahan Penyalahgunaan Narkoba di Sekolah").kind == Kind.SINERGI

    # KSDPL rows: foreign regional governments, with their country
    foreign = {
        "Sister Province Pengembangan UMKM": ("Gyeonggi Province", "KR"),
        "Pertukaran Budaya dan Pemuda": ("Provinsi Gyeonggi-do", "KR"),
        "Kerja Sama Pendidikan Vokasi Pertambangan": ("Government of Western Australia", "AU"),
        "Sister City Pengelolaan Pesisir": ("City of Perth", "AU"),
    }
    for title, (name, country) in foreign.items():
        found = partner(title)
        assert (found.name, found.partner_type, found.country.code, found.region_id) == (
            name, PartnerType.PEMDA_LUAR_NEGERI, country, None), title
        assert Agreement.objects.get(title=title).kind == Kind.KSDPL


def test_preview_says_partner_type_and_country(reviewer, world):
    rows, result = preview("partner_names.csv", reviewer)
    assert not result.has_validation_errors()
    assert "Gyeonggi Province (baru) [Pemerintah daerah di luar negeri, Korea Selatan]" in rows[17][0]
    assert "BNN Kota Palu (baru) [Kementerian/lembaga atau instansi vertikal]" in rows[7][0]


# --- registers of requests ---------------------------------------------------------------------


def test_register_of_requests_enters_each_at_its_stage(run_import, reviewer, world):
    out, _err = run_import("requests.csv", reviewer)
    assert "6 baru" in out
    stage = dict(Agreement.objects.values_list("title", "stage"))
    assert stage["Pengelolaan Parkir Tepi Jalan Berbasis Elektronik"] == Stage.DIAJUKAN  # "Usulan Masuk"
    assert stage["Penyediaan Layanan Telemedisin Puskesmas"] == Stage.PENYUSUNAN_PKS  # "Dalam Pembahasan", PKS
    assert stage["Pengembangan Destinasi Wisata Rawa Jombor"] == Stage.PENANDATANGANAN_KSB  # "Menunggu Jadwal TTD", KSB
    assert stage["Pengolahan Limbah B3 Fasilitas Kesehatan"] == Stage.DIAJUKAN  # no status
    assert stage["Pemanfaatan Aset Gedung Eks Pasar Srago"] == Stage.PERSIAPAN  # partner not known yet
    assert not Agreement.objects.filter(stage__in=Stage.signed(), signing_date__isnull=True).exists()
    # "Selesai" with only a year: signed, the date flagged approximate in the import event
    old = Agreement.objects.get(title="Pelatihan Kewirausahaan Pemuda")
    assert old.stage == Stage.BERAKHIR and old.signing_date == datetime.date(2021, 1, 1)
    assert old.events.get(action="import").data["approximate_signing_date"] is True
    # every request went through the service: one import event each
    assert StageEvent.objects.filter(action="import").count() == 6


def test_signed_row_without_any_date_is_refused(reviewer, world, tmp_path):
    data = b"Judul;Mitra;OPD;Status\nPengelolaan Parkir;PT Parkir Jaya;DLH;Sudah TTD\n"
    _rows, result = preview("x.csv", reviewer, data=data)
    assert "tanggal penandatanganan" in row_errors(result)[(2, "Status")].lower()


# --- the value map -------------------------------------------------------------------------------


def test_register_vocabulary_and_value_map_in_the_command(run_import, reviewer, world):
    with pytest.raises(CommandError):
        run_import("vocabulary.csv", reviewer)
    try:
        run_import("vocabulary.csv", reviewer)
    except CommandError as exc:
        message = str(exc)
    # each unknown value listed once, with the closest known value
    assert message.count("Tahap Monev") == 2  # in the list, and in the row's error
    assert "OPD;Dinas LH;DLH" in message
    assert Agreement.objects.count() == 0
    out, _err = run_import("vocabulary.csv", reviewer, value_map=str(FILES / "vocabulary_map.csv"))
    assert "4 baru" in out
    ksb = Agreement.objects.get(title="Peningkatan Mutu Layanan Rumah Sakit Rujukan")
    assert ksb.document_type.code == "KSB" and list(ksb.urusan.values_list("name", flat=True)) == ["Kesehatan"]
    assert Agreement.objects.get(title="Pengendalian Banjir Sungai Dengkeng").document_type.code == "KSB"  # "KB"
    mapped = Agreement.objects.get(title="Pengangkutan Sampah Kawasan Industri")
    assert mapped.opd_initiator == world["opd_a"]
    assert list(mapped.urusan.values_list("name", flat=True)) == ["Lingkungan Hidup"]


def test_value_map_in_the_admin_preview(client, reviewer, world):
    from django.urls import reverse

    client.force_login(reviewer)
    url = reverse("admin:agreements_agreement_import")
    with open(FILES / "vocabulary.csv", "rb") as handle:
        page = client.post(url, {"import_file": handle, "format": "1", "resource": "0"})
    rows = page.context["value_map_rows"]
    assert [(r["header"], r["value"]) for r in rows] == [("OPD", "Dinas LH"), ("Urusan", "Persampahan"), ("Tahapan", "Tahap Monev")]
    assert rows[0]["suggestion"] == "DLH" and "DLH" in rows[0]["choices"]
    assert "confirm_form" not in page.context
    post = {**page.context["remap"], "remap": "1", "map-count": "3"}
    for index, (target) in enumerate(["DLH", "Lingkungan Hidup", "Berlaku (pelaksanaan)"]):
        post.update({f"map-{index}-column": rows[index]["column"], f"map-{index}-value": rows[index]["value"],
                     f"map-{index}-target": target})
    again = client.post(url, post)
    assert again.status_code == 200
    assert not again.context["result"].has_validation_errors()
    confirm = again.context["confirm_form"]
    assert "Tahap Monev" in confirm.initial["value_map"]
    done = client.post(reverse("admin:agreements_agreement_process_import"), {k: v for k, v in confirm.initial.items()})
    assert done.status_code == 302
    assert Agreement.objects.count() == 4
    assert Agreement.objects.get(title="Pengendalian Banjir Sungai Dengkeng").stage in Stage.signed()


# --- default OPD ---------------------------------------------------------------------------------


def test_register_without_an_opd_column(run_import, reviewer, world):
    with pytest.raises(CommandError) as refused:
        run_import("no_opd.xlsx", reviewer)
    assert str(refused.value).count("kolom OPD") == 1  # once for the file, not once per row
    out, _err = run_import("no_opd.xlsx", reviewer, opd="DLH")
    assert "2 baru" in out
    assert set(Agreement.objects.values_list("opd_initiator", flat=True)) == {world["opd_a"].pk}


def test_default_opd_on_the_admin_form(client, reviewer, world):
    from django.urls import reverse

    client.force_login(reviewer)
    url = reverse("admin:agreements_agreement_import")
    with open(FILES / "no_opd.xlsx", "rb") as handle:
        page = client.post(url, {"import_file": handle, "format": "0", "resource": "0", "default_opd": world["opd_b"].pk})
    confirm = page.context["confirm_form"]
    client.post(reverse("admin:agreements_agreement_process_import"), confirm.initial)
    assert set(Agreement.objects.values_list("opd_initiator", flat=True)) == {world["opd_b"].pk}


# --- terms as written ------------------------------------------------------------------------------


def test_terms_as_written(run_import, reviewer, world):
    rows, result = preview("terms.csv", reviewer)
    assert not result.has_validation_errors()
    assert not rows[2][1] and not rows[5][1]  # figures read, no warning
    assert "tanpa angka" in rows[6][1][0] and "tanpa angka" in rows[7][1][0]
    assert "30 tahun" in rows[8][1][0]
    run_import("terms.csv", reviewer)
    months = {a.duration_text: (a.duration_months, a.end_date) for a in Agreement.objects.all()}
    assert months["5 (lima) tahun"] == (60, datetime.date(2026, 12, 31))
    assert months["s.d. Desember 2027"] == (60, datetime.date(2027, 12, 31))
    assert months["sesuai ketentuan yang berlaku (2 tahun)"][0] == 24
    assert months["4 tahun (2023-2027), dapat diperpanjang"][0] == 48
    assert months["menyesuaikan"] == (None, None) and months["lihat lampiran"] == (None, None)
    assert months["35 tahun"][0] == 420


# --- duplicates and renewals ------------------------------------------------------------------------


def test_repeats_and_renewals_are_warnings_naming_the_rows(run_import, reviewer, world):
    run_import("valid.xlsx", reviewer)
    rows, result = preview("repeats.csv", reviewer)
    assert not result.has_validation_errors()
    assert "duplikat baris 2" in rows[3][2]
    assert any("baris 2" in w for w in rows[4][1])  # entered again with another status
    renewal = " ".join(rows[5][1])
    assert "119/01/PEM/2019" in renewal  # the registered agreement it renews
    before = AgreementParty.objects.count()
    run_import("repeats.csv", reviewer)
    assert Agreement.objects.filter(title="Pengembangan Sistem Informasi Puskesmas").count() == 2
    # the renewal is a new request, the registered agreement keeps its parties
    assert AgreementParty.objects.count() == before + 3 * 2


# --- hostile and broken cells; unreadable files ------------------------------------------------------


def test_hostile_cells_are_row_errors_in_indonesian(run_import, reviewer, world):
    _rows, result = preview("hostile.csv", reviewer)
    errors = row_errors(result)
    assert set(errors) == {(2, "Nilai"), (3, "Nilai"), (4, "Mitra"), (5, "Ruang Lingkup"), (6, "Judul"),
                           (7, "Tanggal Penandatanganan")}
    assert "bukan nilai" in errors[(2, "Nilai")] and "1e309" in errors[(3, "Nilai")]
    assert "rumus" in errors[(4, "Mitra")]
    assert "terlalu panjang" in errors[(5, "Ruang Lingkup")]
    assert "NUL" in errors[(6, "Judul")]
    with pytest.raises(CommandError):
        run_import("hostile.csv", reviewer)
    assert Agreement.objects.count() == 0


def test_windows_1252_and_semicolon_csv_are_read(reviewer, world):
    data = "Judul;Mitra;OPD;Tanggal Penandatanganan\nPengelolaan Kafé – Alun-alun;PT Kopi Jaya;DLH;1 Februari 2024\n"
    rows, result = preview("cp.csv", reviewer, data=data.encode("cp1252"))
    assert not result.has_validation_errors()
    assert result.rows[0].diff[1] == "Pengelolaan Kafé – Alun-alun"


@pytest.mark.parametrize("name, data", [
    ("broken.xlsx", None), ("empty.csv", b""), ("renamed.xlsx", b"Judul;Mitra\nA;B\n"),
    ("binary.csv", bytes(range(256)) * 10), ("zip.xlsx", b"PK\x05\x06" + b"\x00" * 18),
])
def test_unreadable_file_is_one_indonesian_message(run_import, reviewer, world, tmp_path, name, data):
    path = FILES / name if data is None else tmp_path / name
    if data is not None:
        path.write_bytes(data)
    try:
        run_import(path, reviewer)
        message = ""
    except CommandError as exc:
        message = str(exc)
    if name == "binary.csv" and not message:
        return  # decoded as latin-1 text without a title column is refused below
    assert message
    for library_text in ("zip file", "Traceback", "field larger", "BadZipFile", "codec"):
        assert library_text not in message
    assert any(word in message for word in ("berkas", "Berkas", "kolom"))


def test_unreadable_file_in_the_admin_is_one_indonesian_message(client, reviewer, world):
    from django.urls import reverse

    client.force_login(reviewer)
    with open(FILES / "broken.xlsx", "rb") as handle:
        page = client.post(reverse("admin:agreements_agreement_import"), {"import_file": handle, "format": "0", "resource": "0"})
    errors = " ".join(page.context["form"].errors["import_file"])
    assert "tidak dapat dibaca" in errors and "zip" not in errors.lower()


def test_a_huge_csv_field_is_a_row_error_not_a_file_error(reviewer, world):
    data = ("Judul,Mitra,OPD\n" + "A" * 300_000 + ",PT X,DLH\n").encode()
    _rows, result = preview("big.csv", reviewer, data=data)
    assert list(row_errors(result)) == [(2, "Judul")]


# --- what the preview says ---------------------------------------------------------------------------


def test_dry_run_prints_what_each_row_was_understood_as(run_import, reviewer, world):
    out, _err = run_import("requests.csv", reviewer, dry_run=True)
    assert "Baris 3: Jenis: KSDPK (pihak ketiga) · Jenis naskah: Perjanjian Kerja Sama · Tahap: Penyusunan Perjanjian Kerja Sama" in out
    assert "Baris 7:" in out and "tahun 2021 (perkiraan)" in out
    assert "Kolom diabaikan: No, Kode Usulan, Tanggal Usulan, Keterangan" in out
    assert "peringatan:" in out
    assert Agreement.objects.count() == 0


def test_admin_preview_shows_understood_and_warnings(client, reviewer, world):
    from django.urls import reverse

    client.force_login(reviewer)
    with open(FILES / "terms.csv", "rb") as handle:
        page = client.post(reverse("admin:agreements_agreement_import"), {"import_file": handle, "format": "1", "resource": "0"})
    html = page.content.decode()
    assert "Dipahami sebagai" in html and "Peringatan" in html
    assert "Bulan: 420" in html and "lebih dari 30 tahun" in html


# --- families ------------------------------------------------------------------------------------------


def test_family_links_by_the_parents_number(run_import, reviewer, world):
    run_import("family.csv", reviewer)
    ksb = Agreement.objects.get(title="Pengembangan Energi Terbarukan dari Sampah")
    pks = Agreement.objects.get(title="Pengolahan Sampah menjadi Energi Listrik")
    add = Agreement.objects.get(title="Adendum Pengolahan Sampah menjadi Energi Listrik")
    assert (pks.parent, pks.parent_relation) == (ksb, "pelaksanaan")
    assert (add.parent, add.parent_relation) == (pks, "adendum")
    numbers = dict(pks.parties.values_list("partner__name", "document_number"))
    assert numbers == {"Pemerintah Kabupaten Klaten": "119/93/DLH/2023", "PT Energi Sampah Klaten": "PKS-07/TKS/2023",
                       "PT Listrik Hijau Jawa": ""}


def test_parse_step_is_separable(reviewer, world):
    """The parse step (bytes → preview result) runs without the admin or the command, for a
    background task; an unreadable file is one Indonesian message."""
    from transfer.resources import preview_file

    result = preview_file((FILES / "requests.csv").read_bytes(), "requests.csv", reviewer)
    assert result.totals["new"] == 6 and Agreement.objects.count() == 0
    assert [row.diff[1] for row in result.rows][:1] == ["Pengelolaan Parkir Tepi Jalan Berbasis Elektronik"]
    assert "Kode Usulan" in result.ignored_headers
    with pytest.raises(importing.UnreadableFile, match="tidak dapat dibaca"):
        preview_file((FILES / "broken.xlsx").read_bytes(), "broken.xlsx", reviewer)


@pytest.mark.parametrize("name, kind, expected", [
    ("PT Land Development Indonesia", None, PartnerType.BADAN_USAHA),
    ("Kota Palu", None, PartnerType.PEMDA),
    ("Kota Palu", Kind.SINERGI, PartnerType.INSTANSI_VERTIKAL),
    ("Polresta Palu", None, PartnerType.INSTANSI_VERTIKAL),
    ("PT Bank Pembangunan Daerah Jawa Tengah (Perseroda)", None, PartnerType.BUMD),
    ("PT Kereta Api Indonesia (Persero)", None, PartnerType.BUMN),
    ("Perumda Air Minum Tirta Dharma Kota Palu", None, PartnerType.BUMD),
    ("Busan Metropolitan City", Kind.KSDPL, PartnerType.PEMDA_LUAR_NEGERI),
    ("University of Western Australia", Kind.KSDLL, PartnerType.LEMBAGA_LUAR_NEGERI),
])
def test_partner_type_from_name_and_kind(name, kind, expected):
    assert importing.guess_partner_type(name, kind) == expected


def test_foreign_words_do_not_make_a_domestic_company_foreign(reviewer, world):
    data = b"Judul;Mitra;OPD;Tanggal Penandatanganan\nPengembangan Kawasan;PT Land Development Indonesia;DLH;2 Mei 2024\n"
    rows, result = preview("x.csv", reviewer, data=data)
    assert "Badan usaha swasta" in rows[2][0] and "KSDPK" in rows[2][0]


def test_the_service_refuses_a_stage_outside_the_agreements_path(reviewer, world):
    from agreements import services
    from agreements.models import DocumentType

    pks = Agreement(kind=Kind.KSDPK, document_type=DocumentType.objects.get(code="PKS"), title="x",
                    opd_initiator=world["opd_a"])
    assert services.importable_stage(pks, Stage.PENYUSUNAN_PKS)
    assert services.importable_stage(pks, Stage.DIAJUKAN) and services.importable_stage(pks, Stage.BERAKHIR)
    assert not services.importable_stage(pks, Stage.PENANDATANGANAN_NASKAH)  # a foreign text's stage
    with pytest.raises(services.TransitionError):
        services.register_imported_many([(pks, Stage.PENANDATANGANAN_NASKAH)], reviewer, "x.csv")
    assert Agreement.objects.count() == 0
