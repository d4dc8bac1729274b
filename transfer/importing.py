"""Reading a pemda's legacy registry: the column set, header aliases, Indonesian dates and
durations, and the human keys (OPD, partner, region, urusan, kind, stage) of a spreadsheet row.

Everything here is pure parsing over lookup tables loaded once per import (``Lookups``); the
resource in ``resources.py`` turns parsed rows into bulk writes.  Column keys are stable English
identifiers; headers are what a Bagian Kerja Sama types (domain.md §7.1, Samarinda's
``kerjasama_manual``).
"""

import csv
import datetime
import functools
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Opd
from agreements.choices import FundingSource, Kind, Stage
from agreements.models import DocumentType, Urusan
from partners.choices import PartnerType, RegionLevel
from partners.models import Partner, Region, normalize_partner_name

# --- the column set ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Indonesian header of the template and of exports
    aliases: tuple = ()
    example: object = ""
    help: str = ""


COLUMNS = [
    Column(
        "home_number",
        "Nomor",
        ("nomor", "nomor perjanjian", "nomor naskah", "nomor kerja sama", "nomor kerjasama", "no perjanjian",
         "nomor pks", "no pks", "nomor ksb", "no ksb", "nomor pemda", "nomor pihak kesatu", "nomor pihak pertama",
         "no naskah", "nomor dokumen", "no dokumen", "nomor surat", "nomor mou", "no mou"),
        "119/45/PEM/2022",
        "Nomor dokumen dalam register Pemerintah Daerah",
    ),
    Column(
        "partner_number",
        "Nomor Mitra",
        ("nomor mitra", "no mitra", "nomor pihak kedua", "no pihak kedua", "nomor mitra kerja sama",
         "nomor mitra kerjasama", "nomor perjanjian mitra"),
        "14/PT.ABS/MoU/XI/2022",
        "Nomor dokumen dalam register mitra; beberapa mitra dipisah titik koma",
    ),
    Column(
        "document_type",
        "Jenis Dokumen",
        ("jenis dokumen", "dokumen", "jenis naskah", "bentuk kerja sama", "bentuk kerjasama", "bentuk dokumen",
         "jenis perjanjian"),
        "Perjanjian Kerja Sama",
    ),
    Column(
        "kind",
        "Jenis Kerja Sama",
        ("jenis kerja sama", "jenis kerjasama", "jenis ks", "kategori kerja sama", "kategori kerjasama", "jenis"),
        "KSDPK (pihak ketiga)",
    ),
    Column(
        "title",
        "Judul",
        ("judul", "tentang", "perihal", "judul kerja sama", "judul kerjasama", "judul perjanjian", "uraian",
         "nama kerja sama", "nama kerjasama", "label", "hal"),
        "Penyediaan Air Bersih untuk Kawasan Industri Ceper",
    ),
    Column(
        "partners",
        "Mitra",
        ("mitra", "pihak kedua", "nama mitra", "nama instansi", "mitra kerja sama", "mitra kerjasama",
         "instansi mitra", "nama pihak kedua", "pihak ii", "pihak lain"),
        "PT. Air Bersih Sejahtera",
        "Beberapa mitra dipisah titik koma",
    ),
    Column(
        "partner_region",
        "Kode Wilayah Mitra",
        ("kode wilayah mitra", "kode wilayah", "wilayah mitra", "daerah mitra", "kode daerah", "wilayah"),
        "",
        "Untuk mitra pemerintah daerah: kode Kemendagri (mis. 33.09) atau nama resmi",
    ),
    Column(
        "partner_type",
        "Jenis Mitra",
        ("jenis mitra", "tipe mitra", "kategori mitra", "jenis pihak kedua"),
        "Badan usaha swasta",
        "Hanya dipakai bila mitra belum terdaftar",
    ),
    Column(
        "opd",
        "OPD",
        ("opd", "perangkat daerah", "opd pemrakarsa", "perangkat daerah pemrakarsa", "unit kerja", "skpd",
         "opd pengusul", "opd terkait", "pemrakarsa", "dinas"),
        "DLH",
        "Kode atau nama OPD pemrakarsa",
    ),
    Column(
        "urusan",
        "Urusan",
        ("urusan", "bidang", "bidang urusan", "urusan pemerintahan", "kategori", "sektor"),
        "Lingkungan Hidup",
        "Beberapa urusan dipisah titik koma",
    ),
    Column(
        "signing_date",
        "Tanggal Penandatanganan",
        ("tanggal penandatanganan", "tanggal", "tgl ttd", "tanggal ttd", "tanggal tanda tangan", "tgl tanda tangan",
         "tgl penandatanganan", "tanggal perjanjian", "tgl perjanjian", "tanggal ditandatangani"),
        "23 November 2022",
    ),
    Column(
        "signing_place",
        "Tempat Penandatanganan",
        ("tempat penandatanganan", "tempat ttd", "tempat"),
        "Klaten",
    ),
    Column(
        "start_date",
        "Tanggal Mulai",
        ("tanggal mulai", "mulai", "tgl mulai", "berlaku mulai", "mulai berlaku", "tmt", "berlaku sejak",
         "tanggal berlaku"),
        "23-11-2022",
    ),
    Column(
        "end_date",
        "Tanggal Berakhir",
        ("tanggal berakhir", "berakhir", "tgl berakhir", "berlaku s d", "berlaku sd", "berlaku sampai",
         "berlaku sampai dengan", "sampai dengan", "s d", "sd", "tanggal selesai", "selesai", "akhir",
         "masa berakhir", "tgl selesai", "tanggal akhir"),
        "22-11-2027",
    ),
    Column(
        "duration",
        "Jangka Waktu",
        ("jangka waktu", "masa berlaku", "durasi", "lama kerja sama", "lama", "jangka waktu kerja sama"),
        "5 (lima) tahun",
    ),
    Column(
        "stage",
        "Tahapan",
        ("tahapan", "status", "status kerja sama", "status kerjasama", "keadaan", "status dokumen"),
        "Berlaku",
        "Ditandatangani, Berlaku, Akan berakhir, Berakhir atau Diakhiri; kosong = menurut tanggal",
    ),
    Column(
        "scope",
        "Ruang Lingkup",
        ("ruang lingkup", "lingkup", "ruang lingkup kerja sama", "objek", "obyek", "objek kerja sama"),
        "Penyediaan dan distribusi air bersih",
    ),
    Column("location", "Lokasi", ("lokasi", "lokasi kerja sama", "lokus"), "Kecamatan Ceper"),
    Column(
        "funding_source",
        "Sumber Pembiayaan",
        ("sumber pembiayaan", "sumber dana", "pembiayaan", "sumber anggaran"),
        "Dana mitra",
    ),
    Column("value", "Nilai (Rp)", ("nilai rp", "nilai", "nilai kerja sama", "anggaran", "nilai kontrak"), 1250000000),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]

# "No" / "No." are the running number of most registers; they are the agreement number only when a
# column holds something that looks like one (letters or a slash).
RUNNING_NUMBER_HEADERS = {"no", "no urut", "nomor urut", "urut"}


def normalize_header(text):
    text = str(text or "").casefold().replace("s.d.", "s d").replace("s/d", "s d")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


_ALIAS_INDEX = {}
for _col in COLUMNS:
    for _alias in (_col.header, *_col.aliases, _col.key):
        _ALIAS_INDEX.setdefault(normalize_header(_alias), _col.key)


def column_for_header(text):
    return _ALIAS_INDEX.get(normalize_header(text))


# --- reading files ----------------------------------------------------------------------------


def read_table(data, filename):
    """Rows (lists of cell values) of the first sheet of an XLSX or of a CSV file, every row padded
    to the same width; blank rows are kept so that row numbers match the sheet."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ValueError(_("Unsupported file type; use .xlsx or .csv."))
    width = max((len(r) for r in rows), default=0)
    return [list(r) + [None] * (width - len(r)) for r in rows]


def _read_xlsx(data):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


def decode_text(data):
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data):
    text = decode_text(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


@dataclass
class Table:
    """The data rows of a sheet, keyed by column key, with their row numbers in the sheet."""

    columns: list  # column keys present, in file order
    headers: dict  # column key -> header as written in the file
    rows: list  # lists of values aligned with ``columns``
    sheet_rows: list  # sheet row number of each row
    ignored_headers: list = field(default_factory=list)


def locate_columns(raw_rows, scan=12):
    """Find the header row (after title rows, possibly two merged header rows such as "Tanggal"
    over "Mulai | Berakhir") and map its cells to column keys.

    Returns ``(index of the first data row, {cell index: column key}, {key: header text},
    ignored headers)``."""
    best = (0, -1, {}, {}, [])
    for index in range(min(scan, len(raw_rows))):
        for span in (1, 2):
            if index + span > len(raw_rows):
                continue
            labels = _header_labels(raw_rows, index, span)
            mapping, texts, ignored = _map_labels(labels, raw_rows[index + span:])
            score = len(mapping) - (0.5 if span == 2 else 0)
            if score > best[1]:
                best = (index + span, score, mapping, texts, ignored)
    start, _score, mapping, texts, ignored = best
    return start, mapping, texts, ignored


def _header_labels(raw_rows, index, span):
    if span == 1:
        return [(str(v).strip() if v not in (None, "") else "") for v in raw_rows[index]]
    upper = list(raw_rows[index])
    lower = raw_rows[index + 1]
    # merged cells: only the top-left cell holds the text; carry it right over the merged span
    filled, last = [], ""
    for up, low in zip(upper, lower, strict=False):
        if up not in (None, ""):
            last = str(up).strip()
            filled.append(last)
        elif low not in (None, "") and last:
            filled.append(last)
        else:
            filled.append("")
            last = ""
    labels = []
    for up, low in zip(filled, lower, strict=False):
        low = str(low).strip() if low not in (None, "") else ""
        labels.append((up, low))
    return labels


def _map_labels(labels, data_rows):
    mapping, texts, ignored, used = {}, {}, [], set()
    for position, label in enumerate(labels):
        if isinstance(label, tuple):
            up, low = label
            candidates = [f"{up} {low}".strip(), low, up] if low else [up]
            text = f"{up} {low}".strip() if low else up
        else:
            candidates, text = [label], label
        if not text:
            continue
        key = None
        for candidate in candidates:
            key = column_for_header(candidate)
            if key and key not in used:
                break
            key = None
        if key is None and normalize_header(text) in RUNNING_NUMBER_HEADERS | {"no"}:
            if "home_number" not in used and _looks_like_numbers(data_rows, position):
                key = "home_number"
        if key is None:
            ignored.append(text)
            continue
        used.add(key)
        mapping[position] = key
        texts[key] = text
    return mapping, texts, ignored


def _looks_like_numbers(data_rows, position):
    values = [r[position] for r in data_rows[:50] if position < len(r) and r[position] not in (None, "")]
    return bool(values) and any(re.search(r"[/A-Za-z]", str(v)) for v in values)


def build_table(raw_rows):
    start, mapping, texts, ignored = locate_columns(raw_rows)
    positions = sorted(mapping)
    columns = [mapping[p] for p in positions]
    rows, sheet_rows = [], []
    for offset, raw in enumerate(raw_rows[start:]):
        values = [raw[p] if p < len(raw) else None for p in positions]
        if all(is_blank(v) for v in values):
            continue
        rows.append(values)
        sheet_rows.append(start + offset + 1)
    return Table(columns, texts, rows, sheet_rows, ignored)


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip()) or value == "-"


def text(value):
    """A cell as text: empty cells are "", numbers lose a spurious ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%d-%m-%Y")
    result = " ".join(str(value).split())
    return "" if result == "-" else result


# --- dates -------------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "agus": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
DAY_NAMES = r"(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class ParseError(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


def _year(text):
    year = int(text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return year


def parse_date(value, end_of_period=False):
    """Memoised ``read_date`` (registers repeat their dates); errors are not memoised."""
    try:
        return _parse_date_cached(value, end_of_period)
    except TypeError:  # unhashable
        return read_date(value, end_of_period)


def read_date(value, end_of_period=False):
    """A date from a cell: a date/datetime cell, an Excel serial, "23 November 2026",
    "Senin, 23 Nov 2026", "23-11-2026", "23/11/2026", "23.11.26", "2026-11-23", or a bare year
    (1 January, or 31 December for an end date).  Blank gives None."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(value, end_of_period)
    raw = " ".join(str(value).split())
    s = raw.casefold().replace("tanggal", " ").replace("tgl", " ")
    s = re.sub(DAY_NAMES + r"\s*,?", " ", s).strip(" ,.")
    try:
        if re.fullmatch(r"\d+(\.0+)?", s):
            return _from_number(float(s), end_of_period)
        m = re.fullmatch(r"(\d{1,2})\s*[-/. ]\s*([a-z]+)\.?\s*[-/. ]\s*(\d{2,4})", s)
        if m and m.group(2) in MONTHS:
            return datetime.date(_year(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        m = re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})", s)
        if m:
            return datetime.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})", s)
        if m:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"([a-z]+)\s+(\d{4})", s)
        if m and m.group(1) in MONTHS:
            month, year = MONTHS[m.group(1)], int(m.group(2))
            if end_of_period:
                return _last_day(year, month)
            return datetime.date(year, month, 1)
    except ValueError:
        raise ParseError(_("“%(value)s” is not a valid date.") % {"value": raw}) from None
    raise ParseError(
        _("“%(value)s” is not a date; write it as 23 November 2026, 23-11-2026 or 23/11/2026.") % {"value": raw}
    )


_parse_date_cached = functools.lru_cache(maxsize=16384, typed=True)(read_date)


def _from_number(number, end_of_period):
    number = float(number)
    if 1900 <= number <= 2200 and number.is_integer():
        year = int(number)
        return datetime.date(year, 12, 31) if end_of_period else datetime.date(year, 1, 1)
    if 1 <= number < 120000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(number))
    raise ParseError(_("“%(value)s” is not a date.") % {"value": number})


def _last_day(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    day = min(date.day, _last_day(year, month).day)
    return datetime.date(year, month, day)


def months_between(start, end):
    """Whole months from ``start`` to the day after ``end`` (1 Jan 2020 – 31 Dec 2024 is 60)."""
    after = end + datetime.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    return max(months, 0)


# --- durations ---------------------------------------------------------------------------------

_UNITS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}


def words_to_number(words):
    """Indonesian number words: "lima" 5, "dua belas" 12, "tiga puluh lima" 35, "seratus" 100."""
    tokens = re.sub(r"(?<![a-z])se(puluh|belas|ratus)", r"se \1", words.casefold()).split()
    if not tokens:
        return None
    total, current = 0, 0
    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
        elif token == "sepuluh":
            current += 10
        elif token == "sebelas":
            current += 11
        elif token == "belas":
            current = (current or 1) + 10
        elif token == "puluh":
            current = (current or 1) * 10
        elif token == "ratus":
            total += (current or 1) * 100
            current = 0
        elif token == "setengah":
            return None
        else:
            return None
    return total + current


_UNIT_MONTHS = {"tahun": 12, "thn": 12, "th": 12, "bulan": 1, "bln": 1, "hari": None, "minggu": None}
_NUMBER = r"(\d+(?:[.,]\d+)?)"


@dataclass
class Duration:
    text: str
    months: int | None = None
    end_date: datetime.date | None = None


def parse_duration(value, start=None):
    """The term as written and its length in months: "5 (lima) tahun" 60, "36 bulan" 36,
    "lima tahun" 60, "1 tahun 6 bulan" 18, "2,5 tahun" 30, a bare number as years, "Sampai dengan
    Tahun 2024" (to 31 December 2024, months counted from ``start``)."""
    original = text(value)
    if not original:
        return Duration("")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Duration(original, round(float(value) * 12))
    s = original.casefold()
    m = re.search(r"(sampai|s\s*/?\s*d|hingga|berakhir)\.?\s*(dengan\s*)?(akhir\s*)?(tahun|thn|th)?\.?\s*(\d{4})\b", s)
    if m:
        end = datetime.date(int(m.group(5)), 12, 31)
        return Duration(original, months_between(start, end) if start and start <= end else None, end)
    s = re.sub(r"\(([^)]*)\)", " ", s)  # "5 (lima) tahun": the figure and the words say the same
    total, found = 0.0, False
    for number, unit in re.findall(_NUMBER + r"\s*(tahun|thn|th|bulan|bln|hari|minggu)\b", s):
        found = True
        amount = float(number.replace(",", "."))
        if unit in ("hari",):
            total += amount / 30
        elif unit == "minggu":
            total += amount / 4.345
        else:
            total += amount * _UNIT_MONTHS[unit]
    if not found:
        for words, unit in re.findall(r"((?:[a-z]+\s+)*?[a-z]+)\s+(tahun|bulan|hari)\b", s):
            words = re.sub(r"^.*?\b(selama|jangka waktu|waktu|berlaku)\b", "", words).strip()
            number = words_to_number(words.replace("setengah", "").strip()) if words else None
            if number is None:
                continue
            found = True
            total += number * {"tahun": 12, "bulan": 1, "hari": 1 / 30}[unit]
            if "setengah" in words:
                total += 6 if unit == "tahun" else 0
    if not found and re.fullmatch(_NUMBER, s.strip()):
        found, total = True, float(s.strip().replace(",", ".")) * 12
    return Duration(original, round(total) if found and total else None)


def parse_money(value):
    """ "Rp1.250.000.000,00", "1,250,000,000", 1250000000 -> Decimal; blank -> None."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    s = re.sub(r"(?i)rp\.?|\s|,-$", "", str(value))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s) or re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ParseError(_("“%(value)s” is not an amount in rupiah.") % {"value": value}) from None
    if number < 0:
        raise ParseError(_("The value cannot be negative."))
    return number.quantize(Decimal("0.01"))


def split_list(value):
    """Several partners / numbers / urusan in one cell, separated by ";" or new lines."""
    return [part.strip() for part in re.split(r"[;\n]+", text(value) if not isinstance(value, str) else value) if part.strip()]


# --- human keys ---------------------------------------------------------------------------------


_PUNCTUATION = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=65536)
def _key(value, _type):
    return " ".join(_PUNCTUATION.sub(" ", str(value or "").casefold()).split())


def key(value):
    """The matching form of a label: case, punctuation and spacing do not count.  Memoised: the same
    OPD, urusan and kinds come back on every row of a register."""
    try:
        return _key(value, type(value))
    except TypeError:  # unhashable
        return _key.__wrapped__(value, None)


IMPORTABLE_STAGES = [Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR, Stage.BERAKHIR, Stage.DIAKHIRI]
STAGE_ALIASES = {
    "ditandatangani": Stage.DITANDATANGANI, "sudah ditandatangani": Stage.DITANDATANGANI, "ttd": Stage.DITANDATANGANI,
    "sudah ttd": Stage.DITANDATANGANI, "signed": Stage.DITANDATANGANI,
    "berlaku": Stage.PELAKSANAAN, "masih berlaku": Stage.PELAKSANAAN, "aktif": Stage.PELAKSANAAN,
    "pelaksanaan": Stage.PELAKSANAAN, "berjalan": Stage.PELAKSANAAN, "sedang berjalan": Stage.PELAKSANAAN,
    "akan berakhir": Stage.AKAN_BERAKHIR, "segera berakhir": Stage.AKAN_BERAKHIR,
    "berakhir": Stage.BERAKHIR, "sudah berakhir": Stage.BERAKHIR, "selesai": Stage.BERAKHIR, "habis": Stage.BERAKHIR,
    "tidak berlaku": Stage.BERAKHIR, "kedaluwarsa": Stage.BERAKHIR, "kadaluarsa": Stage.BERAKHIR,
    "kadaluwarsa": Stage.BERAKHIR, "expired": Stage.BERAKHIR, "tidak aktif": Stage.BERAKHIR,
    "diakhiri": Stage.DIAKHIRI, "dicabut": Stage.DIAKHIRI, "dibatalkan": Stage.DIAKHIRI, "diputus": Stage.DIAKHIRI,
    "diakhiri sebelum waktunya": Stage.DIAKHIRI,
}
KIND_ALIASES = {
    "ksdd": Kind.KSDD_SUKARELA, "antar daerah": Kind.KSDD_SUKARELA, "daerah lain": Kind.KSDD_SUKARELA,
    "kerja sama antar daerah": Kind.KSDD_SUKARELA, "ksdd sukarela": Kind.KSDD_SUKARELA,
    "ksdd wajib": Kind.KSDD_WAJIB, "wajib": Kind.KSDD_WAJIB,
    "ksdpk": Kind.KSDPK, "pihak ketiga": Kind.KSDPK, "ksdpk pihak ketiga": Kind.KSDPK, "swasta": Kind.KSDPK,
    "ksdpl": Kind.KSDPL, "pemda luar negeri": Kind.KSDPL, "sister city": Kind.KSDPL, "kota kembar": Kind.KSDPL,
    "ksdll": Kind.KSDLL, "luar negeri": Kind.KSDLL, "lembaga luar negeri": Kind.KSDLL,
    "sinergi": Kind.SINERGI, "pusat": Kind.SINERGI, "pusat daerah": Kind.SINERGI, "instansi vertikal": Kind.SINERGI,
    "sinergi pusat daerah": Kind.SINERGI, "lainnya": Kind.LAINNYA, "lain lain": Kind.LAINNYA,
}
DOCUMENT_ALIASES = {
    "mou": "KSB", "nota kesepahaman": "KSB", "kesepakatan bersama": "KSB", "ksb": "KSB",
    "perjanjian kerja sama": "PKS", "perjanjian kerjasama": "PKS", "pks": "PKS", "moa": "PKS", "perjanjian": "PKS",
    "spk": "PKS", "nota kesepakatan": "NK", "nk": "NK", "loi": "LOI", "adendum": "ADD", "addendum": "ADD",
    "amandemen": "ADD", "perubahan": "ADD",
}
FUNDING_ALIASES = {
    "apbd": FundingSource.APBD, "apbn": FundingSource.APBN, "mitra": FundingSource.MITRA,
    "dana mitra": FundingSource.MITRA, "bersama": FundingSource.BERSAMA, "hibah": FundingSource.HIBAH,
    "tanpa biaya": FundingSource.TANPA_BIAYA, "tidak ada": FundingSource.TANPA_BIAYA, "nihil": FundingSource.TANPA_BIAYA,
}
PARTNER_TYPE_ALIASES = {
    "pemda": PartnerType.PEMDA, "pemerintah daerah": PartnerType.PEMDA, "swasta": PartnerType.BADAN_USAHA,
    "badan usaha": PartnerType.BADAN_USAHA, "perusahaan": PartnerType.BADAN_USAHA, "bumn": PartnerType.BUMN,
    "bumd": PartnerType.BUMD, "koperasi": PartnerType.KOPERASI, "perguruan tinggi": PartnerType.PERGURUAN_TINGGI,
    "universitas": PartnerType.PERGURUAN_TINGGI, "ormas": PartnerType.ORMAS, "yayasan": PartnerType.ORMAS,
    "lsm": PartnerType.ORMAS, "perseorangan": PartnerType.PERSEORANGAN, "instansi vertikal": PartnerType.INSTANSI_VERTIKAL,
    "kementerian": PartnerType.INSTANSI_VERTIKAL, "lembaga": PartnerType.INSTANSI_VERTIKAL,
}


def _choice_index(choices, aliases):
    index = {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices:
                index.setdefault(key(label), value)
    for value, _label in choices:
        index.setdefault(key(value), value)
    for alias, value in aliases.items():
        index.setdefault(key(alias), value)
    return index


def guess_partner_type(name):
    n = key(name)
    words = set(n.split())
    if re.search(r"\b(pemerintah|pemkab|pemkot|pemprov|kabupaten|kota|provinsi)\b", n) and not (words & {"pt", "cv"}):
        return PartnerType.PEMDA
    if words & {"pt", "cv", "tbk", "ud"}:
        return PartnerType.BUMN if "persero" in words else PartnerType.BADAN_USAHA
    if words & {"perumda", "pdam", "perseroda", "bpr"}:
        return PartnerType.BUMD
    if "koperasi" in words:
        return PartnerType.KOPERASI
    if words & {"universitas", "institut", "politeknik", "sekolah", "akademi", "stikes", "uin", "iain"}:
        return PartnerType.PERGURUAN_TINGGI
    if words & {"yayasan", "perkumpulan", "lembaga", "lsm", "organisasi", "forum"}:
        return PartnerType.ORMAS
    if words & {"kementerian", "badan", "kantor", "kejaksaan", "kepolisian", "polres", "kodim", "pengadilan", "bpjs",
                "balai", "direktorat"}:
        return PartnerType.INSTANSI_VERTIKAL
    return PartnerType.BADAN_USAHA


def region_key(name):
    n = key(name)
    n = re.sub(r"^pemkab\s+", "kabupaten ", n)
    n = re.sub(r"^pemkot\s+", "kota ", n)
    n = re.sub(r"^(pemerintah|pemprov|pemda)\s+", "", n)
    n = re.sub(r"^kab\b", "kabupaten", n)
    n = re.sub(r"^prov\b|^propinsi\b", "provinsi", n)
    return n


class Lookups:
    """Every human key of an import, loaded in a handful of queries and then looked up in memory."""

    def __init__(self):
        self.opd_by_key = {}
        self.opd_by_id = {}
        for opd in Opd.objects.all():
            self.opd_by_id[opd.pk] = opd
            for k in (opd.code, opd.name, opd.short_name):
                if k:
                    self.opd_by_key.setdefault(key(k), opd)
        self.doc_types = {}
        self.doc_type_by_id = {}
        for dt in DocumentType.objects.all():
            self.doc_type_by_id[dt.pk] = dt
            self.doc_types.setdefault(key(dt.code), dt)
            self.doc_types.setdefault(key(dt.name), dt)
        for alias, code in DOCUMENT_ALIASES.items():
            if key(code) in self.doc_types:
                self.doc_types.setdefault(key(alias), self.doc_types[key(code)])
        self.urusan = {}
        self.urusan_by_id = {}
        for u in Urusan.objects.all():
            self.urusan_by_id[u.pk] = u
            self.urusan[key(u.name)] = u
            self.urusan[key(u.code)] = u
            self.urusan[key(f"{u.code} {u.name}")] = u
        self.regions = {}
        self.region_names = {}
        for code, name, level in Region.objects.values_list("code", "name", "level"):
            self.regions[code] = code
            self.region_names[code] = name
            self.regions.setdefault(key(name), code)
            if level == RegionLevel.PROVINSI:
                self.regions.setdefault(key(f"provinsi {name}"), code)
        self.kinds = _choice_index(Kind.choices, KIND_ALIASES)
        self.stages = _choice_index([(s, Stage(s).label) for s in IMPORTABLE_STAGES], STAGE_ALIASES)
        self.all_stages = _choice_index(Stage.choices, {})
        self.funding = _choice_index(FundingSource.choices, FUNDING_ALIASES)
        self.partner_types = _choice_index(PartnerType.choices, PARTNER_TYPE_ALIASES)
        self.home = Partner.objects.filter(is_home=True).first()
        self.partners = {}  # normalized name -> (id, partner_type, region_id, name)
        self.pemda_by_region = {}
        self.partner_names = {}
        for pk, name, norm, ptype, region_id in Partner.objects.values_list(
            "pk", "name", "normalized_name", "partner_type", "region_id"
        ):
            self.partners.setdefault(norm, pk)
            self.partner_names[pk] = name
            if ptype == PartnerType.PEMDA and region_id:
                self.pemda_by_region[region_id] = pk
        self.partner_types_by_id = {}
        for pk, ptype in Partner.objects.values_list("pk", "partner_type"):
            self.partner_types_by_id[pk] = ptype
        self.new_partners = {}  # normalized name -> NewPartner planned by this import
        self._partner_memo = {}
        self.new_pemda_by_region = {}

    def partner_type_of(self, partner_id):
        return self.partner_types_by_id.get(partner_id)

    def opd(self, value):
        return self.opd_by_key.get(key(value))

    def region(self, value):
        raw = text(value)
        if not raw:
            return None
        if raw in self.regions:
            return self.regions[raw]
        return self.regions.get(region_key(raw)) or self.regions.get(key(raw))

    def partner(self, name):
        """(partner id or None, normalized name, region code inferred from a pemda name)."""
        found = self._partner_memo.get(name)
        if found is None:
            found = self._partner_memo[name] = self._partner(name)
        return found

    def _partner(self, name):
        norm = normalize_partner_name(name)
        region = None
        if guess_partner_type(name) == PartnerType.PEMDA:
            region = self.region(name)
            if region and region in self.pemda_by_region:
                return self.pemda_by_region[region], norm, region
        return self.partners.get(norm), norm, region


@dataclass
class NewPartner:
    name: str
    normalized: str
    partner_type: str
    region_id: str | None
    first_row: int


# --- a row ------------------------------------------------------------------------------------

# Agreement fields a row sets, by column; compared to decide "unchanged".
FIELD_COLUMNS = {
    "title": "title",
    "kind": "kind",
    "document_type_id": "document_type",
    "opd_initiator_id": "opd",
    "signing_date": "signing_date",
    "signing_place": "signing_place",
    "start_date": "start_date",
    "end_date": "end_date",
    "duration_text": "duration",
    "duration_months": "duration",
    "scope": "scope",
    "location": "location",
    "funding_source": "funding_source",
    "value": "value",
}
MAX_LENGTHS = {"title": 500, "signing_place": 255, "location": 255, "duration_text": 255}
PARTY_LABELS = ["PIHAK KESATU", "PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT", "PIHAK KELIMA", "PIHAK KEENAM"]


@dataclass
class RowPlan:
    sheet_row: int
    columns: frozenset
    values: dict  # Agreement field -> value
    urusan_ids: frozenset | None
    home_number: str
    partners: list  # [(partner id or NewPartner, number)]
    stage: str
    notes: list = field(default_factory=list)
    compared: frozenset = frozenset()

    @property
    def match_keys(self):
        keys = []
        if self.home_number:
            keys.append(("home", self.home_number))
        for partner, number in self.partners:
            if number and isinstance(partner, int):
                keys.append(("partner", partner, number))
        if not keys:
            keys.append(("title", key(self.values.get("title")), self.values.get("signing_date")))
        return keys

    def fingerprint(self):
        partners = tuple(sorted((p if isinstance(p, int) else f"new:{p.normalized}", n) for p, n in self.partners))
        urusan = tuple(sorted(self.urusan_ids)) if self.urusan_ids is not None else None
        return (tuple(sorted((k, str(v)) for k, v in self.values.items())), urusan, self.home_number, partners)

    def digest(self):
        """A short stable digest of ``fingerprint()``: equal rows, equal digests."""
        return hashlib.blake2b(repr(self.fingerprint()).encode(), digest_size=16).digest()


def parse_row(row, table, lookups, *, default_opd=None, create_partners=True):
    """Turn one row (``{column key: cell}``) into a RowPlan, or return ``(None, errors)`` where
    errors maps the column's header as written in the file to reasons in Indonesian."""
    errors = {}
    present = frozenset(table.columns)

    def header(col):
        return table.headers.get(col) or COLUMN_BY_KEY[col].header

    def fail(col, message):
        errors.setdefault(header(col), []).append(message)

    def cell(col):
        return row.get(col)

    values = {}
    title = text(cell("title"))
    if not title:
        fail("title", _("The title is required."))
    values["title"] = title

    # OPD
    opd = None
    if not is_blank(cell("opd")):
        opd = lookups.opd(text(cell("opd")))
        if opd is None:
            fail("opd", _("OPD “%(value)s” is not known; use the code or the name of a registered OPD.") % {"value": text(cell("opd"))})
    elif default_opd is not None:
        opd = default_opd
    else:
        fail("opd", _("The OPD is required."))
    if opd is not None:
        values["opd_initiator_id"] = opd.pk

    # dates and term
    dates = {}
    for col, end in (("signing_date", False), ("start_date", False), ("end_date", True)):
        try:
            dates[col] = parse_date(cell(col), end_of_period=end)
        except ParseError as exc:
            fail(col, str(exc))
            dates[col] = None
    start = dates["start_date"] or dates["signing_date"] if "start_date" not in present else dates["start_date"]
    duration = parse_duration(cell("duration"), start=start)
    end = dates["end_date"] or duration.end_date
    if not dates["start_date"] and "start_date" not in present and dates["signing_date"] and (end or duration.months):
        dates["start_date"] = dates["signing_date"]
    start = dates["start_date"]
    if end is None and start and duration.months:
        end = add_months(start, duration.months) - datetime.timedelta(days=1)
    months = duration.months
    if months is None and start and end and end >= start and duration.text:
        months = months_between(start, end)
    if start and end and end < start:
        fail("end_date" if "end_date" in present else "duration",
             _("The end date (%(end)s) is before the start date (%(start)s).")
             % {"end": end.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")})
    values.update(signing_date=dates["signing_date"], start_date=start, end_date=end,
                  duration_text=duration.text, duration_months=months)

    for col in ("signing_place", "scope", "location"):
        values[col] = text(cell(col)) if col != "scope" else str(cell(col) or "").strip()
    try:
        values["value"] = parse_money(cell("value"))
    except ParseError as exc:
        fail("value", str(exc))
    values["funding_source"] = ""
    if not is_blank(cell("funding_source")):
        funding = lookups.funding.get(key(cell("funding_source")))
        if funding is None:
            fail("funding_source", _("Unknown source of funding “%(value)s”.") % {"value": text(cell("funding_source"))})
        values["funding_source"] = funding or ""
    for fld, limit in MAX_LENGTHS.items():
        if len(values.get(fld) or "") > limit:
            fail(FIELD_COLUMNS[fld], _("Too long (at most %(limit)s characters).") % {"limit": limit})

    # partners and numbers
    names = split_list(cell("partners"))
    numbers = split_list(cell("partner_number"))
    region = None
    if not is_blank(cell("partner_region")):
        region = lookups.region(cell("partner_region"))
        if region is None:
            fail("partner_region", _("Region “%(value)s” is not known; use the Kemendagri code (e.g. 33.09) or the official name.") % {"value": text(cell("partner_region"))})
    ptype = None
    if not is_blank(cell("partner_type")):
        ptype = lookups.partner_types.get(key(cell("partner_type")))
        if ptype is None:
            fail("partner_type", _("Unknown partner type “%(value)s”.") % {"value": text(cell("partner_type"))})
    partners, notes = [], []
    if not names:
        fail("partners", _("The partner is required."))
    for index, name in enumerate(names):
        partner_id, norm, name_region = lookups.partner(name)
        number = numbers[index] if index < len(numbers) else ""
        if index == 0 and len(numbers) > len(names):
            number = "; ".join(numbers)
        if partner_id is None and index == 0 and region and region in lookups.pemda_by_region:
            partner_id = lookups.pemda_by_region[region]
        if partner_id is not None:
            partners.append((partner_id, number))
            continue
        new = lookups.new_partners.get(norm)
        if new is None:
            if not create_partners:
                fail("partners", _("Partner “%(name)s” is not registered.") % {"name": name})
                continue
            kind_of = ptype if (ptype and index == 0) else guess_partner_type(name)
            new_region = (region if index == 0 else None) or name_region
            if kind_of == PartnerType.PEMDA and not new_region:
                fail("partners", _("Partner “%(name)s” is a regional government; give its region code.") % {"name": name})
                continue
            if kind_of == PartnerType.PEMDA and new_region in lookups.new_pemda_by_region:
                new = lookups.new_pemda_by_region[new_region]
            else:
                new_region = new_region if kind_of == PartnerType.PEMDA else None
                new = NewPartner(name, norm, kind_of, new_region, row.get("__row__", 0))
                lookups.new_partners[norm] = new
                if new_region:
                    lookups.new_pemda_by_region[new_region] = new
        notes.append(_("new partner: %(name)s") % {"name": new.name})
        partners.append((new, number))
    seen = set()
    for p, _n in partners:
        ident = p if isinstance(p, int) else id(p)
        if ident in seen:
            fail("partners", _("The same partner is named twice."))
        seen.add(ident)

    # kind, document type, stage, urusan
    first_type = None
    if partners:
        first = partners[0][0]
        first_type = first.partner_type if isinstance(first, NewPartner) else lookups.partner_type_of(first)
    if is_blank(cell("kind")):
        kind = {
            PartnerType.PEMDA: Kind.KSDD_SUKARELA,
            PartnerType.INSTANSI_VERTIKAL: Kind.SINERGI,
            PartnerType.PEMDA_LUAR_NEGERI: Kind.KSDPL,
            PartnerType.LEMBAGA_LUAR_NEGERI: Kind.KSDLL,
        }.get(first_type, Kind.KSDPK)
    else:
        kind = lookups.kinds.get(key(cell("kind")))
        if kind is None:
            fail("kind", _("Unknown kind of cooperation “%(value)s”.") % {"value": text(cell("kind"))})
    values["kind"] = kind or Kind.KSDPK

    doc_raw = cell("document_type")
    if is_blank(doc_raw):
        lowered = key(title)
        code = "KSB" if lowered.startswith(("kesepakatan bersama", "nota kesepahaman")) else (
            "NK" if values["kind"] == Kind.SINERGI else "PKS")
        doc = lookups.doc_types.get(key(code))
    else:
        doc = lookups.doc_types.get(key(doc_raw))
        if key(doc_raw) in ("mou", "nota kesepahaman"):
            # a domestic "MoU" is colloquially the Kesepakatan Bersama (domain.md §5.1)
            code = "MOU" if values["kind"] in Kind.foreign() else "KSB"
            doc = lookups.doc_types.get(key(code), doc)
        if doc is None:
            fail("document_type", _("Unknown document type “%(value)s”.") % {"value": text(doc_raw)})
    if doc is not None:
        values["document_type_id"] = doc.pk

    stage = Stage.DITANDATANGANI
    if not is_blank(cell("stage")):
        stage = lookups.stages.get(key(cell("stage")))
        if stage is None:
            fail("stage", _("Stage “%(value)s” cannot be imported; an imported agreement is Signed, In force, Expiring soon, Expired or Terminated.") % {"value": text(cell("stage"))})

    urusan_ids = None
    if "urusan" in present:
        urusan_ids = set()
        for part in split_list(cell("urusan")):
            found = lookups.urusan.get(key(part))
            if found is None and "," in part:
                pieces = [lookups.urusan.get(key(p)) for p in part.split(",") if p.strip()]
                if all(pieces):
                    urusan_ids.update(u.pk for u in pieces)
                    continue
            if found is None:
                fail("urusan", _("Unknown urusan “%(value)s”.") % {"value": part})
            else:
                urusan_ids.add(found.pk)
        urusan_ids = frozenset(urusan_ids)

    home_number = text(cell("home_number"))
    for fld, limit in (("home_number", 120),):
        if len(home_number) > limit:
            fail(fld, _("Too long (at most %(limit)s characters).") % {"limit": limit})
    if errors:
        return None, errors
    # compare and update only what the file has columns for, so a short sheet blanks nothing
    date_columns = {"start_date", "end_date", "duration", "signing_date"} & present
    compared = frozenset(
        fld for fld in values
        if FIELD_COLUMNS[fld] in present or fld == "title"
        or (fld in ("start_date", "end_date", "duration_months") and date_columns)
    )
    plan = RowPlan(row.get("__row__", 0), present, values, urusan_ids, home_number, partners, stage, notes)
    plan.compared = compared
    return plan, None
