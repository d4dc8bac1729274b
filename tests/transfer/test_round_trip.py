"""Export → import into an empty registry gives the same registry; exports are safe to open."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.choices import TerminationCause
from agreements.models import Agreement, AgreementParty, StageEvent
from partners.models import Partner
from transfer import exporting

pytestmark = pytest.mark.django_db


def registry():
    """The registry as a set of comparable facts: every agreement with its stage, dates, family
    link and every party with its type, region, country and number."""
    parties = {}
    for row in AgreementParty.objects.values_list(
        "agreement_id", "order", "partner__name", "partner__partner_type", "partner__region_id", "partner__country",
        "document_number",
    ):
        parties.setdefault(row[0], []).append(row[1:])
    urusan = {}
    for agreement_id, code in Agreement.urusan.through.objects.values_list("agreement_id", "urusan__code"):
        urusan.setdefault(agreement_id, set()).add(code)
    facts = set()
    for a in Agreement.objects.select_related("document_type", "opd_initiator", "parent"):
        facts.add((a.title, a.kind, a.document_type.code, a.stage, a.signing_date, a.start_date, a.end_date,
                   a.duration_text, a.duration_months, a.opd_initiator.code, a.scope, a.location, a.funding_source,
                   a.value, a.parent.title if a.parent else None, a.parent_relation,
                   tuple(sorted(urusan.get(a.pk, ()))), tuple(sorted(parties.get(a.pk, [])))))
    return facts


def empty_the_registry():
    events = StageEvent.objects.all()
    events._raw_delete(events.db)  # the stage history refuses deletion through the ORM, by design
    while Agreement.objects.exists():
        Agreement.objects.filter(children__isnull=True).delete()
    Partner.objects.filter(is_home=False).delete()


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def full_registry(run_import, reviewer, kabag, world):
    for name in ("valid.xlsx", "requests.csv", "family.csv", "partner_names.csv"):
        run_import(name, reviewer)
    terminated = Agreement.objects.get(title="Pengelolaan Sampah Regional Terpadu")
    services.terminate(terminated, kabag, TerminationCause.choices[0][0], "dibatalkan bersama")
    return registry()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_into_an_empty_registry(client, run_import, reviewer, world, full_registry, tmp_path, fmt):
    client.force_login(reviewer)
    exported = tmp_path / f"registri.{fmt}"
    exported.write_bytes(_content(client.get(reverse("registry_export", args=[fmt]))))
    empty_the_registry()
    assert registry() == set()
    out, _err = run_import(exported, reviewer)
    assert registry() == full_registry
    assert len(full_registry) > 30
    # re-importing into the same registry changes nothing
    before = (registry(), StageEvent.objects.count(), AgreementParty.objects.count(), Partner.objects.count())
    out, _err = run_import(exported, reviewer)
    assert "0 baru, 0 diperbarui" in out
    assert (registry(), StageEvent.objects.count(), AgreementParty.objects.count(), Partner.objects.count()) == before


def test_admin_export_round_trips_too(client, run_import, reviewer, world, full_registry, tmp_path):
    client.force_login(reviewer)
    exported = tmp_path / "admin.xlsx"
    exported.write_bytes(_content(client.get(reverse("admin:agreements_agreement_export", args=["xlsx"]))))
    empty_the_registry()
    run_import(exported, reviewer)
    assert registry() == full_registry


# --- exports are safe to open ------------------------------------------------------------------------

HOSTILE_TITLES = ["=HYPERLINK(\"http://x.invalid\",\"klik\")", "+62 812 555", "-Tanpa judul", "@SUM(A1)",
                  "\tTab di depan", "Judul\x0bdengan tab vertikal"]


def test_exports_neutralise_formulas_and_drop_control_characters(run_import, reviewer, world, tmp_path):
    run_import("valid.xlsx", reviewer)
    agreements = list(Agreement.objects.order_by("pk")[:4])
    for agreement, title in zip(agreements, HOSTILE_TITLES, strict=False):
        agreement.title = title
        agreement.save(update_fields=["title"])
    Agreement.objects.filter(pk=agreements[0].pk).update(scope="\x0bruang\x01lingkup")
    text = _content(exporting.export_response(Agreement.objects.all(), "csv", "x")).decode("utf-8")
    assert text.startswith("\ufeff")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    titles = [r[4] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x.invalid\",\"klik\")" in titles and "'+62 812 555" in titles
    assert "'-Tanpa judul" in titles and "'@SUM(A1)" in titles
    assert not any(c in text for c in "\x0b\x01")
    book = load_workbook(io.BytesIO(_content(exporting.export_response(Agreement.objects.all(), "xlsx", "x"))))
    sheet = book.active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    # the importer takes the apostrophe off again: the titles come back as they were
    exported = tmp_path / "x.csv"
    exported.write_text(text, encoding="utf-8")
    titles = sorted(Agreement.objects.values_list("title", flat=True))
    out, _err = run_import(exported, reviewer)
    assert "0 baru, 1 diperbarui" in out  # only the scope, whose control characters the export dropped
    assert sorted(Agreement.objects.values_list("title", flat=True)) == titles
    assert Agreement.objects.get(pk=agreements[0].pk).scope == "ruanglingkup"


def test_public_csv_neutralises_formulas(client, run_import, reviewer, world):
    run_import("valid.xlsx", reviewer)
    Agreement.objects.update(title="=1+1")
    Agreement.objects.update(is_public=True) if hasattr(Agreement, "is_public") else None
    body = b"".join(client.get(reverse("public_download", args=["csv"])).streaming_content).decode("utf-8-sig")
    assert "\n=1+1" not in body and ";=1+1" not in body


def test_partner_export_neutralises_formulas(client, reviewer, world):
    from partners.choices import PartnerType

    Partner.objects.create(name="=cmd|' /C calc'!A0", partner_type=PartnerType.BADAN_USAHA, phone="+62 272 321000",
                           address="Jl. Pemuda\x0b No. 1")
    client.force_login(reviewer)
    url = reverse("admin:partners_partner_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name in form.fields if name not in ("format", "resource", "export_items")}
    response = client.post(url, {**data, "format": "0", "resource": "0"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "'=cmd|' /C calc'!A0" in values and "'+62 272 321000" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert "Jl. Pemuda No. 1" in values
