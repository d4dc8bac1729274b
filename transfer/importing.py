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
    Column(
        "country",
        "Negara Mitra",
        ("negara mitra", "negara", "asal negara", "negara asal", "country"),
        "",
        "Untuk mitra luar negeri; beberapa mitra dipisah titik koma",
    ),
    Column(
        "parent_number",
        "Nomor Induk",
        ("nomor induk", "nomor ksb induk", "nomor dokumen induk", "induk", "dasar ksb", "nomor ksb dasar"),
        "",
        "Nomor (register Pemerintah Daerah) dokumen induk: KSB dari PKS ini, atau dokumen yang diubah adendum",
    ),
    Column(
        "parent_relation",
        "Hubungan dengan Induk",
        ("hubungan dengan induk", "hubungan induk", "hubungan"),
        "",
        "Pelaksanaan, Adendum atau Perpanjangan",
    ),
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


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message (Indonesian) is shown as is, never the
    library's own text."""


def read_table(data, filename):
    """Rows (lists of cell values) of the first sheet of an XLSX or of a CSV file, every row padded
    to the same width; blank rows are kept so that row numbers match the sheet.  Any failure of the
    readers becomes one ``UnreadableFile`` with an Indonesian message."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        reader, what = _read_xlsx, _("an Excel workbook (.xlsx)")
    elif name.endswith((".csv", ".txt")):
        reader, what = _read_csv, _("a CSV file")
    else:
        raise UnreadableFile(_("Unsupported file type; use .xlsx or .csv."))
    if not data:
        raise UnreadableFile(_("The file is empty."))
    try:
        rows = reader(data)
    except MemoryError:
        raise UnreadableFile(_("The file is too large to be read.")) from None
    except Exception:  # noqa: BLE001 - zip, XML, csv and codec errors all mean the same to a clerk
        raise UnreadableFile(
            _("The file cannot be read as %(what)s. Save it again from Excel as .xlsx or as CSV and upload it again.")
            % {"what": what}
        ) from None
    width = max((len(r) for r in rows), default=0)
    if not width:
        raise UnreadableFile(_("The file is empty."))
    return [list(r) + [None] * (width - len(r)) for r in rows]


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")


def estimate_rows(data, filename):
    """How many rows a file holds, without reading it (``read_table``): the lines of a CSV, the
    ``<dimension>`` Excel writes at the top of each sheet of an XLSX (the largest sheet).  ``None``
    when it cannot be told cheaply (a sheet without a dimension); 0 for a file that is no XLSX at
    all (the request's own reading then says so at once)."""
    import zipfile

    name = (filename or "").lower()
    if name.endswith((".csv", ".txt")):
        return data.count(b"\n") + (0 if data.endswith(b"\n") else 1) if data else 0
    if not name.endswith((".xlsx", ".xlsm")):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            counts = []
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    with archive.open(member) as sheet:
                        found = _DIMENSION.search(sheet.read(4096))
                    if found is None:
                        return None
                    counts.append(int(found.group(1) or 1))
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    return max(counts) if counts else None


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


# A cell longer than this is refused with a row error; the csv module's own limit (128 KB) would
# refuse the whole file with its English "field larger than field limit".
MAX_CELL = 20000
csv.field_size_limit(64 * 1024 * 1024)


def _read_csv(data):
    text = decode_text(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text.replace("\x00", "\ufffd")), delimiter=delimiter)]


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


class BadCell:
    """A cell that cannot be taken as data; ``parse_row`` reports ``message`` on its row and column."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message

    def __str__(self):
        return ""

    def __repr__(self):
        return f"BadCell({self.message!r})"


NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_A_VALUE = {"nan", "nat", "none", "null", "inf", "-inf", "infinity", "#n/a", "#value!", "#ref!", "#div/0!",
                "#name?", "#num!", "#null!"}


def clean_cell(value):
    """A cell as the parsers may see it, or a ``BadCell``: a formula typed into a CSV, a NUL byte,
    a cell over ``MAX_CELL`` characters, "NaN"/"#N/A" and other non-values of other programs.  A
    leading apostrophe our exports put before = + - @ (OWASP CSV injection) is taken off again."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return BadCell(_("“%(value)s” is not a value (an error or an empty cell of another program); correct or empty the cell.") % {"value": value})
    if not isinstance(value, str):
        return value
    if len(value) > MAX_CELL:
        return BadCell(_("The cell is too long (%(length)s characters; at most %(limit)s).") % {"length": len(value), "limit": MAX_CELL})
    if "\x00" in value or "\ufffd" in value:
        return BadCell(_("The cell contains an unreadable character (a NUL byte or a broken encoding); type it again."))
    if value.startswith(NEUTRALISED):
        return _CONTROL.sub("", value[1:])
    stripped = value.strip()
    if stripped.startswith("=") and len(stripped) > 1:
        return BadCell(_("“%(value)s” is a formula; enter its value instead.") % {"value": stripped[:40]})
    if stripped.casefold() in _NOT_A_VALUE:
        return BadCell(_("“%(value)s” is not a value (an error or an empty cell of another program); correct or empty the cell.") % {"value": stripped})
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


def build_table(raw_rows):
    start, mapping, texts, ignored = locate_columns(raw_rows)
    positions = sorted(mapping)
    columns = [mapping[p] for p in positions]
    rows, sheet_rows = [], []
    for offset, raw in enumerate(raw_rows[start:]):
        values = [clean_cell(raw[p]) if p < len(raw) else None for p in positions]
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
        number = float(value)
        if number != number or not 0 < number <= 1000:  # NaN, infinity, zero, negative, absurd
            return Duration(original)
        return Duration(original, round(number * 12) or None)
    s = original.casefold()
    m = re.search(r"(sampai|s\s*/?\s*\.?\s*d\b\.?|hingga|berakhir)\.?\s*(dengan\s*)?(akhir\s*)?(bulan\s*)?([a-z]+\s*)?"
                  r"(tahun|thn|th)?\.?\s*(\d{4})\b", s)
    if m and (not m.group(5) or m.group(5).strip() in MONTHS or m.group(5).strip() in ("tahun", "thn", "th")):
        year, month = int(m.group(7)), MONTHS.get((m.group(5) or "").strip(), 12)
        end = _last_day(year, month)
        return Duration(original, months_between(start, end) if start and start <= end else None, end)
    months = _months_in(re.sub(r"\(([^)]*)\)", " ", s))  # "5 (lima) tahun": figure and words say the same
    if months is None:  # "sesuai ketentuan yang berlaku (2 tahun)": the figure in brackets counts
        months = _months_in(" ".join(re.findall(r"\(([^)]*)\)", s)))
    if months is None and re.fullmatch(_NUMBER, s.strip()):
        number = float(s.strip().replace(",", "."))
        months = round(number * 12) if 0 < number <= 1000 else None
    return Duration(original, months)


def _months_in(s):
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
    if not found or not total or total > 12 * 1000:
        return None
    return round(total)


def parse_money(value):
    """ "Rp1.250.000.000,00", "1,250,000,000", 1250000000 -> Decimal; blank -> None."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = Decimal(str(value))
        if not value.is_finite() or abs(value) >= MAX_MONEY:
            raise ParseError(_("“%(value)s” is not an amount in rupiah.") % {"value": value})
        return value.quantize(Decimal("0.01"))
    s = re.sub(r"(?i)rp\.?|\s|,-$", "", str(value))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s) or re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ParseError(_("“%(value)s” is not an amount in rupiah.") % {"value": value}) from None
    if not number.is_finite() or abs(number) >= MAX_MONEY:
        raise ParseError(_("“%(value)s” is not an amount in rupiah.") % {"value": value})
    if number < 0:
        raise ParseError(_("The value cannot be negative."))
    return number.quantize(Decimal("0.01"))


MAX_MONEY = Decimal(10) ** 16  # the value column holds 16 digits before the decimal point


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
# stages a request may have whatever its path (the path's own stages are added per row)
OPEN_STAGES = [Stage.PERSIAPAN, Stage.DIAJUKAN, Stage.DIKEMBALIKAN, Stage.DITOLAK, Stage.DITARIK]
# words of another system's statuses that name a phase, resolved to the row's path
DRAFTING, SIGNING = "@drafting", "@signing"
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
    # registers of requests (another e-kerjasama system's statuses)
    "draft": Stage.PERSIAPAN, "draf": Stage.PERSIAPAN, "konsep": Stage.PERSIAPAN, "persiapan": Stage.PERSIAPAN,
    "usulan": Stage.DIAJUKAN, "usulan masuk": Stage.DIAJUKAN, "usulan baru": Stage.DIAJUKAN, "diajukan": Stage.DIAJUKAN,
    "diusulkan": Stage.DIAJUKAN, "menunggu verifikasi": Stage.DIAJUKAN, "verifikasi": Stage.DIAJUKAN,
    "sedang diverifikasi": Stage.DIAJUKAN, "proses verifikasi": Stage.DIAJUKAN,
    "dikembalikan": Stage.DIKEMBALIKAN, "perbaikan": Stage.DIKEMBALIKAN, "revisi": Stage.DIKEMBALIKAN,
    "perlu perbaikan": Stage.DIKEMBALIKAN, "ditolak": Stage.DITOLAK, "ditarik": Stage.DITARIK,
    "dalam pembahasan": DRAFTING, "pembahasan": DRAFTING, "penyusunan naskah": DRAFTING, "penyusunan draft": DRAFTING,
    "pembahasan naskah": DRAFTING, "finalisasi naskah": DRAFTING, "harmonisasi": DRAFTING,
    "menunggu jadwal ttd": SIGNING, "menunggu jadwal penandatanganan": SIGNING, "menunggu ttd": SIGNING,
    "proses ttd": SIGNING, "proses penandatanganan": SIGNING, "penandatanganan": SIGNING, "siap ttd": SIGNING,
    "menunggu persetujuan dprd": Stage.PERSETUJUAN_DPRD, "persetujuan dprd": Stage.PERSETUJUAN_DPRD,
    "penjajakan": Stage.PENJAJAKAN, "penawaran": Stage.PENAWARAN,
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
    "mou": "KSB", "nota kesepahaman": "KSB", "kb": "KSB", "ks": "PKS", "pkb": "PKS", "kesepakatan bersama": "KSB", "ksb": "KSB",
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


_NOT_PEMDA = {
    # instansi vertikal: central offices named after the region they serve
    "bnn": PartnerType.INSTANSI_VERTIKAL, "bawaslu": PartnerType.INSTANSI_VERTIKAL, "kpu": PartnerType.INSTANSI_VERTIKAL,
    "polres": PartnerType.INSTANSI_VERTIKAL, "polresta": PartnerType.INSTANSI_VERTIKAL, "polda": PartnerType.INSTANSI_VERTIKAL,
    "polsek": PartnerType.INSTANSI_VERTIKAL, "kepolisian": PartnerType.INSTANSI_VERTIKAL,
    "kejaksaan": PartnerType.INSTANSI_VERTIKAL, "kejari": PartnerType.INSTANSI_VERTIKAL, "kejati": PartnerType.INSTANSI_VERTIKAL,
    "pengadilan": PartnerType.INSTANSI_VERTIKAL, "kodim": PartnerType.INSTANSI_VERTIKAL, "korem": PartnerType.INSTANSI_VERTIKAL,
    "kodam": PartnerType.INSTANSI_VERTIKAL, "lanud": PartnerType.INSTANSI_VERTIKAL, "lanal": PartnerType.INSTANSI_VERTIKAL,
    "kantor": PartnerType.INSTANSI_VERTIKAL, "kanwil": PartnerType.INSTANSI_VERTIKAL, "balai": PartnerType.INSTANSI_VERTIKAL,
    "bpn": PartnerType.INSTANSI_VERTIKAL, "bps": PartnerType.INSTANSI_VERTIKAL, "bpjs": PartnerType.INSTANSI_VERTIKAL,
    "kementerian": PartnerType.INSTANSI_VERTIKAL, "kemenag": PartnerType.INSTANSI_VERTIKAL, "badan": PartnerType.INSTANSI_VERTIKAL,
    "direktorat": PartnerType.INSTANSI_VERTIKAL, "lapas": PartnerType.INSTANSI_VERTIKAL, "rutan": PartnerType.INSTANSI_VERTIKAL,
    "imigrasi": PartnerType.INSTANSI_VERTIKAL, "basarnas": PartnerType.INSTANSI_VERTIKAL, "bmkg": PartnerType.INSTANSI_VERTIKAL,
    # enterprises
    "perseroda": PartnerType.BUMD, "perumda": PartnerType.BUMD, "pdam": PartnerType.BUMD, "bpr": PartnerType.BUMD,
    "bpd": PartnerType.BUMD, "perum": PartnerType.BUMN, "persero": PartnerType.BUMN,
    "pt": PartnerType.BADAN_USAHA, "cv": PartnerType.BADAN_USAHA, "tbk": PartnerType.BADAN_USAHA, "ud": PartnerType.BADAN_USAHA,
    "koperasi": PartnerType.KOPERASI,
    # schools and universities
    "universitas": PartnerType.PERGURUAN_TINGGI, "institut": PartnerType.PERGURUAN_TINGGI,
    "politeknik": PartnerType.PERGURUAN_TINGGI, "sekolah": PartnerType.PERGURUAN_TINGGI, "akademi": PartnerType.PERGURUAN_TINGGI,
    "stikes": PartnerType.PERGURUAN_TINGGI, "uin": PartnerType.PERGURUAN_TINGGI, "iain": PartnerType.PERGURUAN_TINGGI,
    "smk": PartnerType.PERGURUAN_TINGGI, "sma": PartnerType.PERGURUAN_TINGGI,
    # organisations
    "yayasan": PartnerType.ORMAS, "perkumpulan": PartnerType.ORMAS, "lembaga": PartnerType.ORMAS, "lsm": PartnerType.ORMAS,
    "organisasi": PartnerType.ORMAS, "forum": PartnerType.ORMAS,
}
# the first marker found, in this order, decides (a "PT Bank X (Perseroda)" is a BUMD, not a company)
_NOT_PEMDA_ORDER = ["perseroda", "perumda", "pdam", "bpr", "bpd", "perum", "persero"] + [
    w for w in _NOT_PEMDA if w not in {"perseroda", "perumda", "pdam", "bpr", "bpd", "perum", "persero"}]
_PEMDA_WORDS = {"pemerintah", "pemkab", "pemkot", "pemprov", "pemda", "kabupaten", "kab", "kota", "provinsi", "prov"}
_FOREIGN_GOVERNMENT = re.compile(
    r"\b(government of|city of|state of|prefecture|metropolitan government|metropolitan city|county of|municipality of|province)\b"
    r"|-(do|si|shi|ken|gun)\b", re.IGNORECASE)


def guess_partner_type(name, kind=None):
    """The partner type a name says, under the row's kind: a KSDPL partner is a foreign regional
    government, a KSDLL partner a foreign institution, a KSDD partner a pemda.  Otherwise the words
    decide, the markers of instansi vertikal, enterprises and schools before those of a pemda
    ("BNN Kota Palu", "Perumda Air Minum … Kota …" are not pemda)."""
    if kind == Kind.KSDPL:
        return PartnerType.PEMDA_LUAR_NEGERI
    if kind == Kind.KSDLL:
        return PartnerType.LEMBAGA_LUAR_NEGERI
    if kind in (Kind.KSDD_WAJIB, Kind.KSDD_SUKARELA):
        return PartnerType.PEMDA
    n = key(name)
    words = set(n.split())
    found = next((_NOT_PEMDA[w] for w in _NOT_PEMDA_ORDER if w in words), None)
    if found is None and "kantor wilayah" in n:
        found = PartnerType.INSTANSI_VERTIKAL
    if found is not None:
        if kind == Kind.SINERGI and found in PartnerType.third_party():
            return found if found in (PartnerType.BUMN,) else PartnerType.INSTANSI_VERTIKAL
        return found
    if words & _PEMDA_WORDS:
        return PartnerType.INSTANSI_VERTIKAL if kind == Kind.SINERGI else (
            PartnerType.BADAN_USAHA if kind == Kind.KSDPK else PartnerType.PEMDA)
    if kind == Kind.SINERGI:
        return PartnerType.INSTANSI_VERTIKAL
    return PartnerType.BADAN_USAHA


def looks_foreign_government(name):
    return bool(_FOREIGN_GOVERNMENT.search(str(name or "")))


def region_key(name):
    n = key(re.sub(r"\([^)]*\)", " ", str(name or "")))
    n = re.sub(r"^pemkab\s+", "kabupaten ", n)
    n = re.sub(r"^pemkot\s+", "kota ", n)
    n = re.sub(r"^pemprov\s+", "provinsi ", n)
    n = re.sub(r"^(pemerintah|pemda)\s+", "", n)
    n = re.sub(r"^kab\b", "kabupaten", n)
    n = re.sub(r"^prov\b|^propinsi\b", "provinsi", n)
    return n


def region_code(raw):
    """ "7271" -> "72.71", "72" -> "72": Kemendagri codes typed without their dot."""
    digits = raw.replace(" ", "")
    if re.fullmatch(r"\d{4}", digits):
        return f"{digits[:2]}.{digits[2:]}"
    return digits


# --- countries ----------------------------------------------------------------------------------

COUNTRY_ALIASES = {
    "korea selatan": "KR", "korea": "KR", "south korea": "KR", "republic of korea": "KR", "korsel": "KR",
    "tiongkok": "CN", "china": "CN", "rrt": "CN", "cina": "CN", "amerika": "US", "usa": "US", "as": "US",
    "inggris": "GB", "uk": "GB", "britania raya": "GB", "belanda": "NL", "jerman": "DE", "jepang": "JP",
}


@functools.lru_cache(maxsize=1)
def _countries():
    from django_countries.data import COUNTRIES

    from partners.countries_id import COUNTRY_NAMES_ID

    index = {}
    for names in (COUNTRIES, COUNTRY_NAMES_ID):
        for code, name in names.items():
            index.setdefault(key(name), code)
    for code in COUNTRIES:
        index.setdefault(key(code), code)
    index.update({key(k): v for k, v in COUNTRY_ALIASES.items()})
    return index


def country_code(value):
    return _countries().get(key(value)) if not is_blank(value) else None


def split_country(name):
    """ "Gyeonggi Province (Korea Selatan)" -> ("Gyeonggi Province", "KR"); names without a country
    in brackets come back as they are."""
    m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", name)
    if m:
        code = country_code(m.group(2))
        if code:
            return m.group(1).strip(), code
    return name, None


def country_in_name(name):
    """A country named inside a foreign partner's name ("Government of Western Australia")."""
    words = key(name).split()
    index = _countries()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            code = index.get(" ".join(words[i:i + size]))
            if code and (size > 1 or len(words[i]) > 3):
                return code
    return None


class Lookups:
    """Every human key of an import, loaded in a handful of queries and then looked up in memory.

    ``value_map`` ({(column key, value as written): value to use}) translates a register's own
    vocabulary in the closed columns; every value still unknown is collected once in ``unknown``
    ({(column key, value): [sheet rows]}) with the closest known value as a suggestion."""

    def __init__(self, value_map=None):
        self.value_map = {(col, key(raw)): target for (col, raw), target in (value_map or {}).items()}
        self.unknown = {}
        self._paths = {}
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
        self.government_names = {}
        for code, name, level in Region.objects.values_list("code", "name", "level"):
            self.regions[code] = code
            self.region_names[code] = name
            self.government_names[code] = f"Pemerintah Provinsi {name}" if level == RegionLevel.PROVINSI else f"Pemerintah {name}"
            self.regions.setdefault(key(name), code)
            if level == RegionLevel.PROVINSI:
                self.regions.setdefault(key(f"provinsi {name}"), code)
        self.kinds = _choice_index(Kind.choices, KIND_ALIASES)
        self.stages = _choice_index(Stage.choices, STAGE_ALIASES)
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
        self.partner_countries = {}
        for pk, ptype, country in Partner.objects.values_list("pk", "partner_type", "country"):
            self.partner_types_by_id[pk] = ptype
            if country:
                self.partner_countries[pk] = country
        self.new_partners = {}  # normalized name -> NewPartner planned by this import
        self._partner_memo = {}
        self.new_pemda_by_region = {}

    def partner_type_of(self, partner_id):
        return self.partner_types_by_id.get(partner_id)

    def opd(self, value):
        return self.opd_by_key.get(key(value))

    def mapped(self, column, value):
        """The value to use for a cell of a closed column: the value map's, else the cell's."""
        return self.value_map.get((column, key(value)), value)

    def note_unknown(self, column, value, sheet_row):
        self.unknown.setdefault((column, text(value)), []).append(sheet_row)

    def known_values(self, column):
        """The labels a closed column accepts (for the value map's choices and suggestions)."""
        with translation.override("id"):
            if column == "stage":
                return [str(label) for _v, label in Stage.choices]
            if column == "kind":
                return [str(label) for _v, label in Kind.choices]
            if column == "partner_type":
                return [str(label) for _v, label in PartnerType.choices]
            if column == "funding_source":
                return [str(label) for _v, label in FundingSource.choices]
        if column == "document_type":
            return [d.name for d in self.doc_type_by_id.values()]
        if column == "urusan":
            return [u.name for u in sorted(self.urusan_by_id.values(), key=lambda u: u.code)]
        if column == "opd":
            return [o.code for o in sorted(set(self.opd_by_id.values()), key=lambda o: o.code)]
        return []

    def suggest(self, column, value):
        import difflib

        labels = self.known_values(column)
        by_key = {key(label): label for label in labels}
        if column == "opd":  # "Dinas LH": its initials are a code; else the closest name or short name
            initials = "".join(w if w.isupper() else w[0] for w in re.findall(r"\w+", str(value))).casefold()
            codes = {key(o.code): o.code for o in self.opd_by_id.values()}
            if initials in codes:
                return codes[initials]
            by_key = {key(n): o.code for o in self.opd_by_id.values() for n in (o.name, o.short_name) if n}
        wanted = key(re.sub(r"^(bidang|urusan)\s+", "", key(value)))
        found = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.5)
        return by_key[found[0]] if found else ""

    def unknown_values(self):
        """[(column key, value, rows, suggestion)] in column order, each value once."""
        order = {c.key: i for i, c in enumerate(COLUMNS)}
        return [(col, value, rows, self.suggest(col, value))
                for (col, value), rows in sorted(self.unknown.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1]))]

    def urusan_for(self, value):
        found = self.urusan.get(key(value))
        if found is None:  # "Bidang Kesehatan", "Urusan Kesehatan", "Urusan Pemerintahan Bidang Kesehatan"
            found = self.urusan.get(re.sub(r"^(urusan\s+)?(pemerintahan\s+)?(bidang\s+)?", "", key(value)))
        return found

    def path_stages(self, kind, document_type_id, parent_relation=""):
        """The stages of the path of a row's kind and document type (the workflow's table)."""
        memo = (kind, document_type_id, parent_relation)
        if memo not in self._paths:
            from agreements import workflow
            from agreements.models import Agreement

            agreement = Agreement(kind=kind, parent_relation=parent_relation or "")
            if document_type_id:
                agreement.document_type = self.doc_type_by_id[document_type_id]
            try:
                self._paths[memo] = [spec.stage for spec in workflow.applicable_stages(agreement)]
            except Exception:  # noqa: BLE001 - a path that depends on a saved agreement: none known
                self._paths[memo] = []
        return self._paths[memo]

    def region(self, value):
        raw = text(value)
        if not raw:
            return None
        code = region_code(raw)
        if code in self.regions:
            return self.regions[code]
        return self.regions.get(region_key(raw)) or self.regions.get(key(raw))

    def partner(self, name, kind=None):
        """(partner id or None, normalized name, region code inferred from a pemda name)."""
        found = self._partner_memo.get((name, kind))
        if found is None:
            found = self._partner_memo[(name, kind)] = self._partner(name, kind)
        return found

    def _partner(self, name, kind=None):
        norm = normalize_partner_name(name)
        region = None
        if guess_partner_type(name, kind) == PartnerType.PEMDA:
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
    country: str = ""


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
    warnings: list = field(default_factory=list)
    approximate: bool = False  # the signing date is known only as a year
    parent_number: str = ""
    parent_relation: str = ""

    def partner_keys(self):
        return frozenset(p if isinstance(p, int) else f"new:{p.normalized}" for p, _n in self.partners)

    @property
    def year(self):
        date = self.values.get("signing_date")
        return date.year if date else None

    @property
    def match_keys(self):
        """What says two rows, or a row and a registered agreement, are the same document: the home
        number in the same year, a partner's own number, or the same title, date and partners (a
        province signing the same KSB with four kabupaten on one day signs four documents)."""
        keys = []
        if self.home_number:
            keys.append(("home", self.home_number, self.year))
        for partner, number in self.partners:
            if number and isinstance(partner, int):
                keys.append(("partner", partner, number))
        if not keys:
            keys.append(("title", key(self.values.get("title")), self.values.get("signing_date"), self.partner_keys()))
        return keys

    def fingerprint(self):
        partners = tuple(sorted((p if isinstance(p, int) else f"new:{p.normalized}", n) for p, n in self.partners))
        urusan = tuple(sorted(self.urusan_ids)) if self.urusan_ids is not None else None
        return (tuple(sorted((k, str(v)) for k, v in self.values.items())), urusan, self.home_number, partners,
                self.stage, self.parent_number)

    def digest(self):
        """A short stable digest of ``fingerprint()``: equal rows, equal digests."""
        return hashlib.blake2b(repr(self.fingerprint()).encode(), digest_size=16).digest()


CLOSED_COLUMNS = ("stage", "kind", "document_type", "urusan", "opd", "partner_type", "funding_source")
PARENT_RELATIONS = {"pelaksanaan": "pelaksanaan", "pks": "pelaksanaan", "adendum": "adendum", "addendum": "adendum",
                    "perubahan": "adendum", "perpanjangan": "perpanjangan"}
MAX_TERM_MONTHS = 30 * 12


def _is_year_only(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value).is_integer() and 1900 <= value <= 2200
    return isinstance(value, str) and bool(re.fullmatch(r"\s*\d{4}\s*", value))


def parse_row(row, table, lookups, *, default_opd=None, create_partners=True):
    """Turn one row (``{column key: cell}``) into a RowPlan, or return ``(None, errors)`` where
    errors maps the column's header as written in the file to reasons in Indonesian."""
    errors = {}
    warnings = []
    present = frozenset(table.columns)
    row = dict(row)
    sheet_row = row.get("__row__", 0)

    def header(col):
        return table.headers.get(col) or COLUMN_BY_KEY[col].header

    def fail(col, message):
        errors.setdefault(header(col), []).append(message)

    for col in table.columns:
        if isinstance(row.get(col), BadCell):
            fail(col, row[col].message)
            row[col] = None

    def cell(col):
        return row.get(col)

    def closed(col):
        """A closed column's cell after the value map."""
        value = cell(col)
        return value if is_blank(value) else lookups.mapped(col, text(value))

    def unknown(col, message, value=None):
        value = text(cell(col)) if value is None else value
        lookups.note_unknown(col, value, sheet_row)
        suggestion = lookups.suggest(col, value)
        if suggestion:
            message = f"{message} " + _("Did you mean “%(value)s”?") % {"value": suggestion}
        fail(col, message)

    values = {}
    title = text(cell("title"))
    if not title and header("title") not in errors:
        fail("title", _("The title is required."))
    values["title"] = title

    # OPD
    opd = None
    if not is_blank(cell("opd")):
        opd = lookups.opd(text(closed("opd")))
        if opd is None:
            unknown("opd", _("OPD “%(value)s” is not known; use the code or the name of a registered OPD.") % {"value": text(cell("opd"))})
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
    approximate = dates["signing_date"] is not None and _is_year_only(cell("signing_date"))
    start = dates["start_date"] or dates["signing_date"] if "start_date" not in present else dates["start_date"]
    duration = parse_duration(cell("duration"), start=start)
    end = dates["end_date"] or duration.end_date
    if not dates["start_date"] and "start_date" not in present and dates["signing_date"] and (end or duration.months):
        dates["start_date"] = dates["signing_date"]
    start = dates["start_date"]
    if end is None and start and duration.months and start.year + duration.months // 12 < 9000:
        end = add_months(start, duration.months) - datetime.timedelta(days=1)
    months = duration.months
    if months is None and start and end and end >= start and duration.text:
        months = months_between(start, end)
    if start and end and end < start:
        fail("end_date" if "end_date" in present else "duration",
             _("The end date (%(end)s) is before the start date (%(start)s).")
             % {"end": end.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")})
    if duration.text and months is None and not duration.end_date:
        warnings.append(_("The term “%(value)s” has no figure; it is kept as text, without a length in months.")
                        % {"value": duration.text[:80]})
    if months and months > MAX_TERM_MONTHS:
        warnings.append(_("A term of %(months)s months (over 30 years): check the figure.") % {"months": months})
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
        funding = lookups.funding.get(key(closed("funding_source")))
        if funding is None:
            unknown("funding_source", _("Unknown source of funding “%(value)s”.") % {"value": text(cell("funding_source"))})
        values["funding_source"] = funding or ""
    for fld, limit in MAX_LENGTHS.items():
        if len(values.get(fld) or "") > limit:
            fail(FIELD_COLUMNS[fld], _("Too long (at most %(limit)s characters).") % {"limit": limit})

    # the kind first: it decides what a partner may be
    kind = None
    if not is_blank(cell("kind")):
        kind = lookups.kinds.get(key(closed("kind")))
        if kind is None:
            unknown("kind", _("Unknown kind of cooperation “%(value)s”.") % {"value": text(cell("kind"))})

    # partners, their numbers, types, regions and countries (one per partner, ";"-separated)
    names = split_list(cell("partners"))
    numbers = ["" if is_blank(n) else n for n in split_list(cell("partner_number"))]  # "-": no number
    regions_raw = split_list(cell("partner_region")) if not is_blank(cell("partner_region")) else []
    types_raw = split_list(cell("partner_type")) if not is_blank(cell("partner_type")) else []
    countries_raw = split_list(cell("country")) if not is_blank(cell("country")) else []
    regions, types, countries = [], [], []
    for raw in regions_raw:
        if is_blank(raw):  # "-" keeps the partners' positions
            regions.append(None)
            continue
        region = lookups.region(raw)
        if region is None:
            fail("partner_region", _("Region “%(value)s” is not known; use the Kemendagri code (e.g. 33.09) or the official name.") % {"value": raw})
        regions.append(region)
    for raw in types_raw:
        if is_blank(raw):
            types.append(None)
            continue
        ptype = lookups.partner_types.get(key(lookups.mapped("partner_type", raw)))
        if ptype is None:
            unknown("partner_type", _("Unknown partner type “%(value)s”.") % {"value": raw}, raw)
        types.append(ptype)
    for raw in countries_raw:
        if is_blank(raw):
            countries.append(None)
            continue
        code = country_code(raw)
        if code is None:
            fail("country", _("Country “%(value)s” is not known; write its name (e.g. Korea Selatan, Australia).") % {"value": raw})
        countries.append(code)

    def nth(items, index):
        if index < len(items):
            return items[index]
        return items[0] if len(items) == 1 and index == 0 else None

    partners, notes = [], []
    for index, written in enumerate(names):
        name, country = split_country(written)
        country = nth(countries, index) or country
        number = numbers[index] if index < len(numbers) else ""
        if index == 0 and len(numbers) > len(names):
            number = "; ".join(numbers)
        ptype = nth(types, index)
        region = nth(regions, index)
        effective_kind = kind
        if kind is None and (country or looks_foreign_government(name)) and ptype is None:
            ptype = PartnerType.PEMDA_LUAR_NEGERI if looks_foreign_government(name) else PartnerType.LEMBAGA_LUAR_NEGERI
        partner_id, norm, name_region = lookups.partner(name, effective_kind if ptype is None else None)
        if ptype is not None and ptype != PartnerType.PEMDA:
            partner_id = lookups.partners.get(norm)
            name_region = None
        if partner_id is None and region and region in lookups.pemda_by_region and (ptype in (None, PartnerType.PEMDA)):
            if guess_partner_type(name, kind) == PartnerType.PEMDA:
                partner_id = lookups.pemda_by_region[region]
        if partner_id is not None:
            partners.append((partner_id, number))
            continue
        new = lookups.new_partners.get(norm)
        if new is None:
            if not create_partners:
                fail("partners", _("Partner “%(name)s” is not registered.") % {"name": name})
                continue
            kind_of = ptype or guess_partner_type(name, kind)
            new_region = region or name_region
            if kind_of == PartnerType.PEMDA and not new_region:
                new_region = lookups.region(name)
            if kind_of == PartnerType.PEMDA and not new_region:
                fail("partners", _("Partner “%(name)s” is a regional government; give its region code.") % {"name": name})
                continue
            if kind_of in PartnerType.foreign() and not country:
                country = country_in_name(name) or ""
                if not country:
                    warnings.append(_("The country of the foreign partner “%(name)s” is not known; add a “Negara Mitra” column or write it in brackets after the name.") % {"name": name})
            if kind_of == PartnerType.PEMDA and new_region in lookups.new_pemda_by_region:
                new = lookups.new_pemda_by_region[new_region]
            else:
                new_region = new_region if kind_of == PartnerType.PEMDA else None
                official = lookups.government_names.get(new_region, name) if new_region else name
                new = NewPartner(official, norm, kind_of, new_region, sheet_row, country or "")
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

    first_type = None
    if partners:
        first = partners[0][0]
        first_type = first.partner_type if isinstance(first, NewPartner) else lookups.partner_type_of(first)
    if kind is None and is_blank(cell("kind")):
        kind = {
            PartnerType.PEMDA: Kind.KSDD_SUKARELA,
            PartnerType.INSTANSI_VERTIKAL: Kind.SINERGI,
            PartnerType.PEMDA_LUAR_NEGERI: Kind.KSDPL,
            PartnerType.LEMBAGA_LUAR_NEGERI: Kind.KSDLL,
        }.get(first_type, Kind.KSDPK)
    values["kind"] = kind or Kind.KSDPK
    if kind == Kind.KSDPL and first_type and first_type != PartnerType.PEMDA_LUAR_NEGERI:
        fail("partners", _("A KSDPL partner is a foreign regional government; “%(name)s” is registered as another type.")
             % {"name": names[0]})

    # document type
    doc_raw = closed("document_type")
    doc = None
    if is_blank(doc_raw):
        lowered = key(title)
        code = "KSB" if lowered.startswith(("kesepakatan bersama", "nota kesepahaman")) else (
            "NK" if values["kind"] == Kind.SINERGI else "MOU" if values["kind"] in Kind.foreign() else "PKS")
        doc = lookups.doc_types.get(key(code))
    else:
        doc = lookups.doc_types.get(key(doc_raw))
        if key(doc_raw) in ("mou", "nota kesepahaman"):
            # a domestic "MoU" is colloquially the Kesepakatan Bersama (domain.md §5.1)
            code = "MOU" if values["kind"] in Kind.foreign() else "KSB"
            doc = lookups.doc_types.get(key(code), doc)
        if doc is None:
            unknown("document_type", _("Unknown document type “%(value)s”.") % {"value": text(cell("document_type"))})
    if doc is not None:
        values["document_type_id"] = doc.pk

    # family: the parent's number and the relation
    parent_number = text(cell("parent_number"))
    parent_relation = ""
    if parent_number:
        raw_relation = key(cell("parent_relation"))
        parent_relation = PARENT_RELATIONS.get(raw_relation.split(" ")[0] if raw_relation else "", "")
        if not parent_relation:
            parent_relation = "adendum" if doc is not None and doc.code == "ADD" else "pelaksanaan"

    # stage: signed rows need a date; a row without one is a request at the stage its status names
    named = None
    if not is_blank(cell("stage")):
        named = lookups.stages.get(key(closed("stage")))
        if named is None:
            unknown("stage", _("Unknown stage “%(value)s”.") % {"value": text(cell("stage"))})
    signed_stages = set(Stage.signed())
    if named in (DRAFTING, SIGNING):
        path = lookups.path_stages(values["kind"], values.get("document_type_id"), parent_relation)
        prefix = "penyusunan" if named == DRAFTING else "penandatanganan"
        candidates = [s_ for s_ in path if s_.startswith(prefix) or (named == DRAFTING and s_ == Stage.PEMBAHASAN_NASKAH)]
        named = candidates[0] if candidates else (path[0] if path else Stage.DIAJUKAN)
    stage = Stage.DIAJUKAN
    if named in signed_stages or (named is None and (dates["signing_date"] or start)):
        stage = named or Stage.DITANDATANGANI
        if dates["signing_date"] is None and start and header("signing_date") not in errors:
            # a register of signed agreements without a signing date column: the start date's year
            values["signing_date"] = dates["signing_date"] = start
            approximate = True
            warnings.append(_("No date of signing: the start date is taken as the date of signing, flagged as approximate."))
        elif dates["signing_date"] is None and header("signing_date") not in errors:
            fail("signing_date" if "signing_date" in present else "stage",
                 _("A signed agreement needs its date of signing (at least the year)."))
        if not partners and header("partners") not in errors:
            fail("partners", _("The partner is required."))
    elif named is not None:
        path = lookups.path_stages(values["kind"], values.get("document_type_id"), parent_relation)
        if named not in OPEN_STAGES and path and named not in path:
            with translation.override("id"):
                label = str(Stage(named).label)
            fail("stage", _("The stage “%(stage)s” is not on the path of this kind of cooperation and document.")
                 % {"stage": label})
        stage = named
        if dates["signing_date"]:
            warnings.append(_("A date of signing is given but the status says the agreement is not signed yet; the date is not kept."))
            values["signing_date"] = None
            approximate = False
    if stage not in signed_stages and not partners and stage != Stage.PERSIAPAN:
        if named not in (None, Stage.DIAJUKAN):
            warnings.append(_("No partner yet: the request enters as a draft (preparation), not at the stage of its status."))
        stage = Stage.PERSIAPAN
    if approximate and _is_year_only(cell("signing_date")):
        warnings.append(_("The date of signing is known only as the year %(year)s; it is entered as 1 January and flagged as approximate.")
                        % {"year": dates["signing_date"].year})

    urusan_ids = None
    if "urusan" in present:
        urusan_ids = set()
        for part in split_list(cell("urusan")):
            found = lookups.urusan_for(lookups.mapped("urusan", part))
            if found is None and "," in part:
                pieces = [lookups.urusan_for(p) for p in part.split(",") if p.strip()]
                if all(pieces):
                    urusan_ids.update(u.pk for u in pieces)
                    continue
            if found is None:
                unknown("urusan", _("Unknown urusan “%(value)s”.") % {"value": part}, part)
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
    plan = RowPlan(sheet_row, present, values, urusan_ids, home_number, partners, stage, notes,
                   warnings=warnings, approximate=approximate, parent_number=parent_number,
                   parent_relation=parent_relation)
    plan.compared = compared
    return plan, None


# --- what the preview says it understood ----------------------------------------------------------


def describe(plan, lookups):
    """What a row will be, in Indonesian, for the admin preview and the command's dry run:
    [(label, value)] — kind, document type, stage, dates (approximate or not), months, partners with
    their type and country, OPD, parent."""
    from django_countries import countries

    with translation.override("id"):
        kinds = dict(Kind.choices)
        types = dict(PartnerType.choices)
        values = plan.values

        def day(date):
            return date.strftime("%d-%m-%Y") if date else "–"

        partners = []
        for partner, number in plan.partners:
            if isinstance(partner, NewPartner):
                name, ptype, country = partner.name, partner.partner_type, partner.country
                name = _("%(name)s (new)") % {"name": name}
            else:
                name, ptype = lookups.partner_names.get(partner, "?"), lookups.partner_type_of(partner)
                country = lookups.partner_countries.get(partner, "")
            bits = [str(types.get(ptype, ptype))]
            if country:
                bits.append(str(countries.name(country)) or country)
            if number:
                bits.append(_("no. %(number)s") % {"number": number})
            partners.append(f"{name} [{', '.join(bits)}]")
        signing = day(values.get("signing_date"))
        if plan.approximate:
            signing = _("year %(year)s (approximate)") % {"year": values["signing_date"].year}
        doc = lookups.doc_type_by_id.get(values.get("document_type_id"))
        opd = lookups.opd_by_id.get(values.get("opd_initiator_id"))
        stage = plan.stage
        if stage in Stage.signed():  # where the dates take it on the day of the import
            from django.utils import timezone

            from agreements.services import date_driven_steps

            for _action, to_stage, _note in date_driven_steps(stage, values.get("start_date"), values.get("end_date"),
                                                              timezone.localdate()):
                stage = to_stage
        parts = [
            (_("Kind"), str(kinds.get(values.get("kind"), values.get("kind")))),
            (_("Document type"), doc.name if doc else "–"),
            (_("Stage"), str(Stage(stage).label)),
            (_("Signed"), signing),
            (_("Term"), f"{day(values.get('start_date'))} – {day(values.get('end_date'))}"
                        if values.get("start_date") or values.get("end_date") else "–"),
            (_("Months"), str(values.get("duration_months") or "–")),
            (_("Partners"), "; ".join(partners) or "–"),
            (_("OPD"), opd.code if opd else "–"),
        ]
        if plan.parent_number:
            parts.append((_("Parent"), f"{plan.parent_number} ({plan.parent_relation})"))
    return parts


def describe_text(plan, lookups):
    return " · ".join(f"{label}: {value}" for label, value in describe(plan, lookups))


_RENEWAL = re.compile(r"^\s*(perpanjangan|pembaruan|pembaharuan|addendum|adendum|perubahan)\s+(atas\s+|dari\s+)?", re.IGNORECASE)


def renewal_base(title):
    """The title a renewal or an addendum repeats: "Perpanjangan Kerja Sama X" -> "Kerja Sama X"."""
    return _RENEWAL.sub("", str(title or "")).strip()
