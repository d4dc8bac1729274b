"""Rupiah as the pemda writes it: "Rp1.250.000" — a dot groups the thousands, a comma starts the
sen, no space after "Rp".

One place for every screen and document that writes or reads an amount:

* the naskah, always with sen: ``rupiah(x, sen=ALWAYS)`` -> "Rp1.250.000.000,00";
* the desk's and the portal's amount boxes, lists and reports, sen only when there are any:
  ``group(x)`` -> "1.250.000" / "1.250.000,50";
* whole rupiah (the registry's value column): ``group(x, sen=NEVER)``, rounded half up;
* what people type in a box: ``parse("Rp 1.250.000,50")``.

The importer reads spreadsheet cells with its own, wider vocabulary (``transfer.importing.parse_money``
also takes "1,250,000" and numbers); what a person types in a form is read here.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ALWAYS, WHEN_ANY, NEVER = "always", "when_any", "never"

_GROUPED = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?")
_POINT = re.compile(r"(\d+)\.(\d{1,2})")  # "1250000.00", as a spreadsheet or an old form wrote it
_PREFIX = re.compile(r"(?i)^\s*rp\.?")


def group(amount, sen=WHEN_ANY):
    """"1.250.000", "1.250.000,50" (``sen``: ALWAYS, WHEN_ANY or NEVER); negative amounts keep their sign."""
    value = Decimal(amount).quantize(Decimal(1) if sen == NEVER else Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole = int(value)
    cents = int((value - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    if sen == ALWAYS or (sen == WHEN_ANY and cents):
        text += f",{cents:02d}"
    return sign + text


def rupiah(amount, sen=WHEN_ANY):
    """"Rp1.250.000" ("-Rp1.250.000" below zero)."""
    text = group(amount, sen)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"


def parse(text):
    """An amount as people type it -> Decimal, or None when blank: "Rp1.250.000", "Rp 1.250.000,50",
    "1.250.000,00", "1250000", and "1250000.00" (a single dot before one or two final digits is the
    decimal point).  Anything else, a minus sign included, raises ValueError."""
    text = _PREFIX.sub("", str(text)).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if match := _GROUPED.fullmatch(text):
        whole, sen = match.group(1).replace(".", ""), match.group(2) or "0"
    elif match := _POINT.fullmatch(text):
        whole, sen = match.groups()
    else:
        raise ValueError(f"not an amount in rupiah: {text!r}")
    try:
        return Decimal(f"{whole}.{sen}")
    except InvalidOperation:  # pragma: no cover - the patterns admit digits only
        raise ValueError(f"not an amount in rupiah: {text!r}") from None
