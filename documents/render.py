"""Laying out a composed draft (documents/context.py) as PDF with WeasyPrint.

WeasyPrint is imported once per process, on first use, together with the font configuration and
the parsed stylesheet (``engine()``): a request pays only for the layout of its own document.

Documents are laid out with ``engine().HTML``: WeasyPrint's ``HTML`` with its own user-agent
stylesheet minus the rules no naskah, letter or report uses and every element pays for
(``lean_user_agent_css``): a fifth of the layout time of an 11-party KSB, pages pixel-identical
(tests/documents/test_render_engine.py).
"""

import re
import threading
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string

from .context import bilingual_blocks, paraf_layout

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
CSS_PATH = Path(settings.BASE_DIR) / "templates" / "documents" / "draft.css"
LETTER_CSS_PATH = Path(settings.BASE_DIR) / "templates" / "documents" / "letter.css"
PAPER_SIZES = {"A4": "210mm 297mm", "F4": "215mm 330mm"}

_engine = None
_lock = threading.Lock()


def engine():
    """The process-wide WeasyPrint state: module, font configuration, parsed CSS, image cache."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                import weasyprint
                from weasyprint.text.fonts import FontConfiguration

                font_config = FontConfiguration()
                css = weasyprint.CSS(
                    string=CSS_PATH.read_text(encoding="utf-8"),
                    base_url=f"{FONTS_DIR.as_uri()}/",
                    font_config=font_config,
                )
                pages = {
                    name: weasyprint.CSS(string=f"@page {{ size: {size}; }}", font_config=font_config)
                    for name, size in PAPER_SIZES.items()
                }
                letter_css = weasyprint.CSS(
                    string=LETTER_CSS_PATH.read_text(encoding="utf-8"),
                    base_url=f"{FONTS_DIR.as_uri()}/",
                    font_config=font_config,
                )
                _engine = SimpleNamespace(
                    weasyprint=weasyprint, HTML=lean_html_class(weasyprint), font_config=font_config, css=css,
                    letter_css=letter_css, pages=pages, cache={},
                )
    return _engine


# Rules of WeasyPrint's HTML user-agent stylesheet that apply to *every* element: the footnote and
# note pseudo-elements (``::footnote-call`` …) and ``::marker``.  Each element then carries pseudo
# styles to cascade and compute although our documents have no footnotes and no list markers outside
# ``li``; and the two ``@counter-style`` rules WeasyPrint predefines and ignores with a warning.
_UNUSED_UA_RULE = re.compile(r"^(::(footnote|note)-[\w-]+ \{.*\}|@counter-style (disc|decimal) \{.*\})\s*$")


def lean_user_agent_css(ua_text):
    """WeasyPrint's user-agent stylesheet for our documents: the universal pseudo-element rules
    dropped, ``::marker`` kept for list items only."""
    lines = (line for line in ua_text.splitlines() if not _UNUSED_UA_RULE.match(line))
    return "\n".join(line.replace("::marker {", "li::marker {", 1) if line.startswith("::marker {") else line
                     for line in lines)


def lean_html_class(weasyprint):
    from weasyprint import html as ua

    stylesheet = weasyprint.CSS(string=lean_user_agent_css(ua.UA), counter_style=ua.UA_COUNTER_STYLE)

    class LeanHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet, ua.UA_FORM_STYLESHEET] if forms else [stylesheet]

    return LeanHTML


def is_loaded():
    return _engine is not None


def signature_rows(signatures):
    """Two signature blocks per row; an odd last one is centred on its own row."""
    return [signatures[i : i + 2] for i in range(0, len(signatures), 2)]


def draft_html(draft, inline_css=False):
    rows, width, height, margin = paraf_layout(draft["paraf"])
    context = {
        "d": draft,
        "paraf_rows": rows,
        "paraf_width": width,
        "paraf_height": height,
        "page_css": f"@page {{ margin-bottom: {margin}mm; }}",
        "blocks": bilingual_blocks(draft) if draft.get("bilingual") else [],
        "signature_rows": signature_rows(draft["signatures"]),
        "logos": [logo for logo in draft["logos"] if logo],  # parties without a logo leave no gap
    }
    if inline_css:  # the admin preview shows the HTML in the browser
        context["inline_css"] = CSS_PATH.read_text(encoding="utf-8").replace("url(", "url(/static/fonts/")
    return render_to_string("documents/draft.html", context)


def _as_uri(draft):
    """Logos as file:// URIs (the HTML gets plain paths from context.facts)."""
    logos = [Path(p).as_uri() if p else "" for p in draft["logos"]]
    return dict(draft, logos=logos)


def pdf_bytes(draft):
    """The PDF of a composed draft."""
    state = engine()
    html = state.HTML(string=draft_html(_as_uri(draft)), base_url=f"{FONTS_DIR.as_uri()}/")
    page = state.pages.get(draft.get("paper", "A4"), state.pages["A4"])
    if len(state.cache) > 64:
        state.cache.clear()
    return html.write_pdf(stylesheets=[state.css, page], font_config=state.font_config, cache=state.cache)
