"""The public page's rows open a public detail page; open data also as XLSX; partner types as checkboxes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement
from agreements.pathing import attach

pytestmark = pytest.mark.django_db


def test_rows_link_to_a_public_detail_page_with_public_facts_only(client, world, reviewer):
    listing = client.get(reverse("public_list")).content.decode()
    url = reverse("public_detail", args=[world.sampah.pk])
    assert f'href="{url}"' in listing
    attach(world.sampah, "kak", reviewer)
    Agreement.objects.filter(pk=world.sampah.pk).update(termination_note="CATATAN INTERNAL RAHASIA")
    world.sampah.parties.filter(order=1).update(document_number="100/KS/2024")
    body = client.get(url).content.decode()
    assert "Pengelolaan Sampah Regional" in body and "Pemerintah Kabupaten Boyolali" in body
    assert "100/KS/2024" in body and "1 Maret 2024" in body and "Diubah" in body
    for secret in ("Rina Kurniasih", "rina@example.go.id", "kak.pdf", "CATATAN INTERNAL", "Drs. H. Ahmad Subekti",
                   "1250000000", "1.250.000.000"):
        assert secret not in body, secret


@pytest.mark.parametrize("name", ["rahasia", "wisata", "adendum"])
def test_unpublished_or_unsigned_agreements_have_no_public_page(client, world, name):
    assert client.get(reverse("public_detail", args=[getattr(world, name).pk])).status_code == 404


def test_open_data_as_xlsx_with_header_autofilter_and_frozen_panes(client, world):
    listing = client.get(reverse("public_list")).content.decode()
    assert reverse("public_download", args=["xlsx"]) in listing
    response = client.get(reverse("public_download", args=["xlsx"]), {"status": "berakhir"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("id", "judul") and [r[1] for r in rows[1:]] == ["Penyediaan Air Minum Perdesaan"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J2"
    assert "500000000" not in str(rows)


def test_partner_type_filter_is_checkboxes(client, world):
    body = client.get(reverse("public_list")).content.decode()
    assert 'type="checkbox" name="partner_type"' in body
