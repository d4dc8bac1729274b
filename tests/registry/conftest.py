"""A small fixed world for the registry: six documents of different kinds, stages, OPDs, urusan,
partners, regions, values and dates, set directly (the stage engine is tested elsewhere)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from agreements.choices import Kind, ParentRelation, Stage, SubKind
from agreements.models import Agreement, AgreementParty, Urusan
from partners.choices import PartnerType
from tests.factories import AgreementFactory, PartnerFactory, document_type, pemda_partner


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _set(agreement, **fields):
    """Put a fixture row in a given state without the stage engine."""
    Agreement.objects.filter(pk=agreement.pk).update(**fields)
    agreement.refresh_from_db()
    return agreement


def _urusan(agreement, code):
    agreement.urusan.set([Urusan.objects.get(code=code)])


def _number(agreement, home, partner=""):
    for party in agreement.parties.select_related("partner"):
        party.document_number = home if party.partner.is_home else partner
        party.save()


@pytest.fixture
def world(opd_a, opd_b, opd_a_staff, opd_b_staff):
    today = timezone.localdate()
    d = datetime.date
    boyolali = pemda_partner("33.09")
    yogya = pemda_partner("34.71")
    pt = PartnerFactory(name="PT Air Bersih Nusantara")
    jepang = PartnerFactory(name="Kitakyushu City", partner_type=PartnerType.PEMDA_LUAR_NEGERI, country="JP", nib="")
    kejari = PartnerFactory(name="Kejaksaan Negeri Klaten", partner_type=PartnerType.INSTANSI_VERTIKAL, nib="")

    sampah = AgreementFactory(title="Pengelolaan Sampah Regional", opd_initiator=opd_a, complete__partners=[boyolali])
    _set(sampah, stage=Stage.PELAKSANAAN, signing_date=d(2024, 3, 1), start_date=d(2024, 3, 1),
         end_date=today + datetime.timedelta(days=60), value=1_250_000_000, is_published=True)
    _number(sampah, "100/KS/2024", "BOY/7/2024")
    _urusan(sampah, "2.11")

    air = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, document_type=document_type("PKS"),
                           title="Penyediaan Air Minum Perdesaan", opd_initiator=opd_b, complete__partners=[pt])
    _set(air, stage=Stage.BERAKHIR, signing_date=d(2020, 5, 5), start_date=d(2020, 5, 5), end_date=d(2023, 5, 4),
         value=500_000_000, is_published=True)
    _number(air, "200/PKS/2020", "ABN-01")
    _urusan(air, "1.02")

    wisata = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"),
                              title="Kota Kembar Promosi Wisata", opd_initiator=opd_a, complete__partners=[jepang],
                              start_date=None, end_date=None, value=None)
    _set(wisata, stage=Stage.PENYUSUNAN_RENCANA, stage_changed_at=timezone.now() - datetime.timedelta(days=45))
    wisata.executing_opds.add(opd_b)
    _urusan(wisata, "3.26")

    hukum = AgreementFactory(kind=Kind.SINERGI, document_type=document_type("NK"), title="Pendampingan Hukum Perdata",
                             opd_initiator=opd_b, complete__partners=[kejari], value=0)
    _set(hukum, stage=Stage.DIAKHIRI, signing_date=d(2022, 1, 10), start_date=d(2022, 1, 10), end_date=d(2027, 1, 9),
         is_published=True)
    _urusan(hukum, "1.05")

    adendum = AgreementFactory(title="Adendum Pengelolaan Sampah Regional", document_type=document_type("ADD"),
                               opd_initiator=opd_a, complete__partners=[boyolali], parent=sampah,
                               parent_relation=ParentRelation.ADENDUM)
    _set(adendum, stage=Stage.PELAKSANAAN, signing_date=d(2025, 2, 1), start_date=d(2025, 2, 1),
         end_date=today + datetime.timedelta(days=400), value=2_000_000_000)
    _urusan(adendum, "2.11")

    rahasia = AgreementFactory(title="Pertukaran Data Kependudukan", opd_initiator=opd_a, complete__partners=[yogya])
    _set(rahasia, stage=Stage.DITANDATANGANI, signing_date=d(2025, 6, 1), start_date=today + datetime.timedelta(days=10),
         end_date=today + datetime.timedelta(days=1000), value=75_000_000, is_published=False)
    _urusan(rahasia, "2.12")

    return SimpleNamespace(sampah=sampah, air=air, wisata=wisata, hukum=hukum, adendum=adendum, rahasia=rahasia,
                           boyolali=boyolali, yogya=yogya, pt=pt, jepang=jepang, kejari=kejari, today=today)


def titles(queryset):
    return sorted(a.title for a in queryset)


@pytest.fixture
def party_count():
    return AgreementParty.objects.count
