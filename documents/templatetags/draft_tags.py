"""Filters for the draft layout (templates/documents/draft.html)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# The defined terms a naskah prints in bold wherever they occur.
_UNIT = r"(?:SATU|DUA|TIGA|EMPAT|LIMA|ENAM|TUJUH|DELAPAN|SEMBILAN)"
_ORDINAL = rf"(?:PERTAMA|KESATU|KESEPULUH|KESEBELAS|KESERATUS|KE{_UNIT}(?: BELAS| PULUH(?: {_UNIT})?)?)"
_EN_ORDINAL = r"(?:[A-Z]+-)?(?:FIRST|SECOND|THIRD|[A-Z]+TH)"
TERMS = re.compile(rf"\b(PARA PIHAK|PIHAK {_ORDINAL}|PIHAK|THE PARTIES|{_EN_ORDINAL} PARTY)\b")


def split_terms(text):
    """[(chunk, is_term)] so the PDF and the DOCX bold the same words."""
    parts = []
    position = 0
    for match in TERMS.finditer(text or ""):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(text or ""):
        parts.append((text[position:], False))
    return parts


@register.filter
def emphasise(text):
    """Escape ``text`` and bold its defined terms.  The space before a term goes inside the
    <strong>: WeasyPrint otherwise may break the line after the paragraph's first word when a
    bold word falls at the end of a justified line."""
    out = []
    for chunk, bold in split_terms(text):
        if bold:
            lead = ""
            if out and out[-1].endswith(" "):
                out[-1] = out[-1][:-1]
                lead = " "
            out.append(f"<strong>{lead}{escape(chunk)}</strong>")
        else:
            out.append(escape(chunk))
    return mark_safe("".join(out))
