"""Numbers, amounts and dates written out in Indonesian, as a naskah kerja sama writes them
(domain.md §5.4): "dua ribu dua puluh enam", "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh
juta rupiah)", "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh
enam (23-11-2026)".

A small in-house module (no dependency): the rules are few and the tests pin them down.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from agreements import money

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # date.weekday() order
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
# Short scale as used in Indonesia: ribu 10^3, juta 10^6, miliar 10^9, triliun 10^12, ...
_SCALES = [(10**15, "kuadriliun"), (10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")]

BLANK = "…………………"


def _below_thousand(n):
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_UNITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, units = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if units:
            words.append(_UNITS[units])
    elif rest:
        words.append(_UNITS[rest])
    return words


def _words(n):
    if n == 0:
        return []
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return _words(high) + [name] + _words(rest)
    if n >= 1000:
        high, rest = divmod(n, 1000)
        head = ["seribu"] if high == 1 else _words(high) + ["ribu"]
        return head + _words(rest)
    return _below_thousand(n)


def terbilang(number):
    """An integer in words: 11 → "sebelas", 1000 → "seribu", 2026 → "dua ribu dua puluh enam"."""
    n = int(number)
    if n != number:
        raise ValueError("terbilang() takes a whole number; use rupiah() for amounts with sen")
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    return " ".join(_words(n))


def number_with_words(n):
    """ "5 (lima)" — the way a naskah writes a count (rangkap, tahun, hari)."""
    return f"{int(n)} ({terbilang(int(n))})"


def format_rupiah(amount):
    """ "Rp1.250.000.000,00": a naskah always writes the sen."""
    return money.rupiah(amount, sen=money.ALWAYS)


def rupiah_words(amount):
    """ "satu miliar dua ratus lima puluh juta rupiah" (with "… sen" when there are cents)."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = divmod(abs(value) * 100, 100)
    text = f"{terbilang(int(whole))} rupiah"
    if cents:
        text += f" {terbilang(int(cents))} sen"
    return ("minus " if value < 0 else "") + text


def rupiah(amount):
    """ "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh juta rupiah)"."""
    return f"{format_rupiah(amount)} ({rupiah_words(amount)})"


def day_name(date):
    return DAYS[date.weekday()]


def month_name(date_or_month):
    month = date_or_month if isinstance(date_or_month, int) else date_or_month.month
    return MONTHS[month - 1]


def long_date(date):
    """ "23 November 2026"."""
    if not date:
        return BLANK
    return f"{date.day} {month_name(date)} {date.year}"


def numeric_date(date):
    """ "23-11-2026", the form in brackets after the date in words."""
    return f"{date.day:02d}-{date.month:02d}-{date.year}"


def date_in_words(date):
    """The parts of the opening formula for ``date`` (a datetime.date)."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    return {
        "hari": day_name(date),
        "tanggal": terbilang(date.day),
        "bulan": month_name(date),
        "tahun": terbilang(date.year),
        "angka": numeric_date(date),
    }


def opening_sentence(date, place):
    """ "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam
    (23-11-2026), bertempat di Klaten," — with dotted blanks while the date is not known, as a
    draft sent to the partner leaves them for the signing day."""
    place = place or BLANK
    if not date:
        return (
            f"Pada hari ini {BLANK} tanggal {BLANK} bulan {BLANK} tahun {BLANK} "
            f"(……-……-………), bertempat di {place},"
        )
    parts = date_in_words(date)
    return (
        f"Pada hari ini {parts['hari']} tanggal {parts['tanggal']} bulan {parts['bulan']} "
        f"tahun {parts['tahun']} ({parts['angka']}), bertempat di {place},"
    )


def ordinal(n):
    """ "kesatu", "kedua", … "kesebelas", "kedua belas", "kedua puluh lima" (PIHAK labels)."""
    if n == 1:
        return "kesatu"
    return "ke" + terbilang(n)


def party_label(n):
    """ "PIHAK KESATU" … "PIHAK KESEBELAS", "PIHAK KEDUA BELAS", … for the party at position ``n``."""
    return f"PIHAK {ordinal(n).upper()}"


def is_automatic_label(label):
    """True for a blank label or one of the series PIHAK KESATU, PIHAK KEDUA, …: those follow the
    party's order; any other label (PIHAK PERTAMA, PENYEDIA, …) was set on purpose and is kept."""
    label = " ".join((label or "").split()).upper()
    if not label:
        return True
    return label in _AUTO_LABELS


def addendum_ordinal(n):
    """ "PERTAMA", "KEDUA", … "KESEPULUH", "KESEBELAS" — any n (Adendum Pertama, Adendum Kesepuluh)."""
    return "PERTAMA" if n == 1 else ordinal(n).upper()


def roman(n):
    """Upper-case Roman numeral (komparisi I., II., III.; months in company numbers)."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, symbol in values:
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)


def join_words(items, conjunction="dan"):
    """ "A", "A dan B", "A, B, dan C"."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


_AUTO_LABELS = {party_label(n) for n in range(1, 100)}


# --- English, for the bilingual naskah of foreign cooperation ---------------------------------

EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")]
_EN_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}


def _en_below_hundred(n):
    if n < 20:
        return _EN_UNITS[n]
    tens, units = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else "")


def _en_below_thousand(n):
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_UNITS[hundreds]} hundred")
    if rest:
        parts.append(_en_below_hundred(rest))
    return " ".join(parts)


def english_number(number):
    """12 → "twelve", 2026 → "two thousand twenty-six" (the style of treaty dates, without "and")."""
    n = int(number)
    if n == 0:
        return "zero"
    if n < 0:
        return "minus " + english_number(-n)
    parts = []
    for scale, name in _EN_SCALES:
        if n >= scale:
            high, n = divmod(n, scale)
            parts.append(f"{english_number(high)} {name}")
    if n:
        parts.append(_en_below_thousand(n))
    return " ".join(parts)


def english_ordinal(n):
    """1 → "first", 23 → "twenty-third", 11 → "eleventh", 40 → "fortieth"."""
    words_ = english_number(n)
    head, sep, last = words_.rpartition(" ")
    inner_head, dash, last_word = last.rpartition("-")
    if last_word in _EN_ORDINAL_WORDS:
        last_word = _EN_ORDINAL_WORDS[last_word]
    elif last_word.endswith("y"):
        last_word = last_word[:-1] + "ieth"
    else:
        last_word += "th"
    return f"{head}{sep}{inner_head}{dash}{last_word}"


def english_party_label(n):
    """ "FIRST PARTY", "ELEVENTH PARTY", "TWENTY-FIFTH PARTY"."""
    return f"{english_ordinal(n).upper()} PARTY"


def english_count(n):
    """ "5 (five)"."""
    return f"{int(n)} ({english_number(int(n))})"


def english_long_date(date):
    """ "23 November 2026"."""
    if not date:
        return BLANK
    return f"{date.day} {EN_MONTHS[date.month - 1]} {date.year}"


def english_date_in_words(date):
    """ "the twenty-third day of November two thousand twenty-six"."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    return f"the {english_ordinal(date.day)} day of {EN_MONTHS[date.month - 1]} {english_number(date.year)}"


def english_opening_sentence(date, place):
    """ "On this day, Monday, the twenty-third day of November two thousand twenty-six (23-11-2026), in
    Klaten," — with dotted blanks before the signing day is known."""
    place = place or BLANK
    if not date:
        return f"On this day, {BLANK}, the {BLANK} day of {BLANK} {BLANK} (……-……-………), in {place},"
    return f"On this day, {EN_DAYS[date.weekday()]}, {english_date_in_words(date)} ({numeric_date(date)}), in {place},"


def english_join(items, conjunction="and"):
    """ "A", "A and B", "A, B, and C"."""
    return join_words(items, conjunction)
