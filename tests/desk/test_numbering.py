"""The home pemda's numbering register (domain.md §5.3)."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection

from agreements import numbering
from agreements.choices import Stage
from agreements.models import AgreementParty, NumberSequence
from tests.factories import AgreementFactory, OpdFactory, UserFactory, document_type

from .conftest import errors, tool_url

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 9)


def test_pattern_with_roman_month_and_padding():
    text = numbering.format_number(
        7, date=DAY, pattern="{kode_klasifikasi}/{urut:03d}/{kode_unit}/{bulan_romawi}/{tahun}", classification="000.3.3", unit="Kerjasama"
    )
    assert text == "000.3.3/007/Kerjasama/III/2026"
    assert numbering.format_number(12, date=DAY, pattern="{kode_dokumen}.{urut}/{tahun}", document_type=document_type("PKS")) == "PKS.12/2026"


@pytest.mark.parametrize("pattern", ["{kode}/{urut}", "{tahun}/{kode_unit}", "{urut"])
def test_a_wrong_pattern_is_refused(pattern):
    with pytest.raises(ImproperlyConfigured):
        numbering.format_number(1, date=DAY, pattern=pattern)


def test_numbers_run_per_type_and_year(opd_a, reviewer, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "NUMBER_PATTERN": "{kode_klasifikasi}/{urut}/{kode_unit}/{tahun}"}
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    pks = AgreementFactory(opd_initiator=opd_a, document_type=document_type("PKS"))
    assert numbering.assign_home_number(first, reviewer, today=DAY).document_number == "000.3.3/1/Kerjasama/2026"
    assert numbering.assign_home_number(second, reviewer, today=DAY).document_number == "000.3.3/2/Kerjasama/2026"
    # without {kode_dokumen} in the pattern the PKS would repeat the KSB numbers 1 and 2: skipped
    assert numbering.assign_home_number(pks, reviewer, today=DAY).document_number == "000.3.3/3/Kerjasama/2026"
    next_year = AgreementFactory(opd_initiator=opd_a)
    assert numbering.assign_home_number(next_year, reviewer, today=DAY.replace(year=2027)).document_number.endswith("/1/Kerjasama/2027")
    with pytest.raises(ValidationError):
        numbering.assign_home_number(first, reviewer, today=DAY)  # already numbered
    assert NumberSequence.objects.get(document_type__code="KSB", year=2026).last_number == 2


def test_typing_the_home_number_needs_a_reason_kept_in_history(proposal, reviewer, client_for):
    client = client_for(reviewer)
    home = proposal.home_party
    partner = proposal.partner_parties[0]
    url = tool_url(proposal, "nomor")
    response = client.post(url, {f"number_{home.pk}": "000.3.3/5/Kerjasama/2026", f"number_{partner.pk}": "", "reason": ""})
    assert response.status_code == 200 and errors(response)
    home.refresh_from_db()
    assert home.document_number == ""
    response = client.post(
        url,
        {f"number_{home.pk}": "000.3.3/5/Kerjasama/2026", f"number_{partner.pk}": "180/12/2026", "reason": "Nomor dari buku agenda manual."},
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.document_number == "000.3.3/5/Kerjasama/2026"
    record = home.history.order_by("-history_date").first()
    assert record.history_change_reason == "Nomor dari buku agenda manual." and record.history_user == reviewer


def test_a_home_number_cannot_be_used_twice(opd_a, reviewer):
    first, second = AgreementFactory(opd_initiator=opd_a), AgreementFactory(opd_initiator=opd_a)
    numbering.set_number(first.home_party, "000.3.3/9/Kerjasama/2026", reviewer, "Manual")
    with pytest.raises(ValidationError):
        numbering.set_number(second.home_party, "000.3.3/9/Kerjasama/2026", reviewer, "Manual")


def test_register_button_on_the_numbers_page(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    response = client_for(reviewer).post(tool_url(proposal, "nomor") + "?ambil=1", {"ambil": "1"})
    assert response.status_code == 302
    assert proposal.home_party.document_number.startswith("000.3.3/KSB/1/")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_concurrent_numbering_gives_no_duplicates():
    from accounts import roles

    reviewer = UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)
    opd = OpdFactory(code="DLH")
    agreements = [AgreementFactory(opd_initiator=opd) for _ in range(8)]
    barrier = threading.Barrier(len(agreements))
    results, failures = [], []

    def work(agreement):
        try:
            barrier.wait()
            results.append(numbering.assign_home_number(agreement, reviewer).document_number)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in agreements]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(set(results)) == 8
    numbers = sorted(int(n.split("/")[-3]) for n in AgreementParty.objects.filter(partner__is_home=True).values_list("document_number", flat=True))
    assert numbers == list(range(1, 9))
