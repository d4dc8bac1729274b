"""The lean user-agent stylesheet (documents/render.py) changes the layout time, never the pages: every
page of a 2-party KSB, an 11-party KSB and a bilingual MoU with a list comes out pixel-identical to
WeasyPrint's own ``HTML`` class."""

import os
import shutil
import subprocess

import pytest
from weasyprint import html as weasyprint_html

from agreements.choices import Kind, SubKind
from documents import render, services
from documents.models import EnglishText
from tests.factories import AgreementFactory, document_type

from .helpers import many_party_agreement

pytestmark = pytest.mark.django_db


def test_the_lean_stylesheet_drops_only_the_universal_pseudo_element_rules():
    original = weasyprint_html.UA.splitlines()
    lean = render.lean_user_agent_css(weasyprint_html.UA).splitlines()
    dropped = [line.split(" {")[0] for line in original if line not in lean]
    assert sorted(dropped) == sorted([
        "::marker", "::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback",
        "@counter-style disc", "@counter-style decimal",
    ])  # a WeasyPrint upgrade that reshapes its stylesheet shows here first
    assert [line for line in lean if line not in original] == [
        "li::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }"
    ]


def _pages(pdf, folder, prefix):
    path = folder / f"{prefix}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / prefix)], check=True)
    return sorted((folder).glob(f"{prefix}-*.png"))


@pytest.mark.skipif(not shutil.which("pdftoppm") and not os.environ.get("CI"), reason="poppler-utils not installed")
def test_pages_are_pixel_identical_to_weasyprint_own_stylesheet(opd_a, tmp_path):
    mou = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"),
                           opd_initiator=opd_a, scope="a. pertukaran pelajar;\nb. pariwisata")
    EnglishText.objects.create(agreement=mou, title="Sister City Cooperation", scope="a. student exchange;\nb. tourism")
    state = render.engine()
    for name, agreement in (("ksb2", AgreementFactory(opd_initiator=opd_a)), ("ksb11", many_party_agreement(11)),
                            ("mou", mou)):
        draft, _version = services.compose(agreement, None)
        html = render.draft_html(render._as_uri(draft))
        options = {"stylesheets": [state.css, state.pages["A4"]], "font_config": state.font_config}
        base_url = f"{render.FONTS_DIR.as_uri()}/"
        own = state.weasyprint.HTML(string=html, base_url=base_url).write_pdf(**options)
        lean = state.HTML(string=html, base_url=base_url).write_pdf(**options)
        own_pages, lean_pages = _pages(own, tmp_path, f"{name}-own"), _pages(lean, tmp_path, f"{name}-lean")
        assert len(own_pages) == len(lean_pages) >= 2
        for a, b in zip(own_pages, lean_pages, strict=True):
            assert a.read_bytes() == b.read_bytes(), f"{name}: {a.name} differs"
