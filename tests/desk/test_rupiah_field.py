"""The agreement's value in the desk: shown as "Rp 1.250.000", typed the Indonesian way, stored exact."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import money
from agreements.models import Agreement
from desk.forms import RupiahField, RupiahInput
from tests.factories import AgreementFactory

# What the box reads (and refuses) is tested for the desk and the portal together in
# tests/foundation/test_money.py.


def test_the_box_shows_grouped_rupiah_with_rp_before_it():
    html = RupiahInput().render("value", Decimal("1250000.00"))
    assert 'value="1.250.000"' in html and ">Rp</span>" in html and 'inputmode="decimal"' in html
    assert 'value="1.250.000,50"' in RupiahInput().render("value", Decimal("1250000.50"))
    assert money.group(Decimal("12500000000")) == "12.500.000.000"
    # what was typed comes back as typed when the form shows an error
    assert 'value="1,2,3"' in RupiahInput().render("value", "1,2,3")


def test_the_column_digits_still_bound_the_amount():
    field = RupiahField(max_digits=18, decimal_places=2, required=False)
    assert field.clean("Rp9.999.999.999.999.999") == Decimal("9999999999999999")
    with pytest.raises(ValidationError):
        field.clean("99.999.999.999.999.999")  # 17 digits before the comma: more than the column holds


@pytest.mark.django_db
def test_the_admin_form_shows_and_saves_the_value_the_indonesian_way(opd_a, kabag, client):
    agreement = AgreementFactory(opd_initiator=opd_a)
    Agreement.objects.filter(pk=agreement.pk).update(value=Decimal("1250000.00"))
    client.force_login(kabag)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert isinstance(form.fields["value"], RupiahField)
    content = page.content.decode()
    assert 'value="1.250.000"' in content and "1250000.00" not in content and ">Rp</span>" in content

    bound = type(form)(data={**form.initial, "value": "Rp2.500.000,50"}, instance=agreement)
    bound.is_valid()
    assert "value" not in bound.errors and bound.cleaned_data["value"] == Decimal("2500000.50")
    bound = type(form)(data={**form.initial, "value": "dua juta"}, instance=agreement)
    assert not bound.is_valid() and "Rp1.250.000" in bound.errors["value"][0]
