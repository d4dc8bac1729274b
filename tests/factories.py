"""factory-boy factories for the domain; personas are in conftest.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Opd, OpdMembership
from agreements.choices import Kind, SigningCapacity, SubKind
from agreements.models import Agreement, AgreementParty, ContactPerson, DocumentType, Urusan
from partners.choices import PartnerType
from partners.models import Partner, Region

PASSWORD = "rahasia-uji-123"


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"OPD{n:02d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    head_title = factory.LazyAttribute(lambda o: f"Kepala {o.name}")
    head_name = "Ir. Budi Santoso, M.T."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Pengguna"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted != roles.OPD_STAFF:
                self.is_staff = True
        self.save()

    @factory.post_generation
    def opd(self, create, extracted, **kwargs):
        if extracted:
            OpdMembership.objects.create(user=self, opd=extracted)


def home_partner():
    region = Region.objects.get(code="33.10")
    partner, _ = Partner.objects.get_or_create(
        is_home=True,
        defaults={
            "name": "Pemerintah Kabupaten Klaten",
            "partner_type": PartnerType.PEMDA,
            "region": region,
            "leader_name": "Drs. H. Ahmad Subekti, M.Si.",
            "leader_title": "Bupati Klaten",
            "address": "Jl. Pemuda No. 294, Klaten",
        },
    )
    return partner


def pemda_partner(code="33.09"):
    region = Region.objects.get(code=code)
    partner, _ = Partner.objects.get_or_create(
        partner_type=PartnerType.PEMDA,
        region=region,
        defaults={
            "name": region.government_name,
            "leader_name": "Dr. Hj. Sri Lestari",
            "leader_title": f"{region.head_title} {region.name.replace('Kabupaten ', '').replace('Kota ', '')}",
        },
    )
    return partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"PT Mitra Sejahtera {n}")
    partner_type = PartnerType.BADAN_USAHA
    leader_name = "Andi Wijaya"
    leader_title = "Direktur Utama"
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")
    address = "Jl. Solo–Yogya Km 5, Klaten"


def document_type(code):
    return DocumentType.objects.get(code=code)


class AgreementFactory(factory.django.DjangoModelFactory):
    """A complete draft proposal: a KSDD sukarela KSB between the home pemda and Boyolali."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = Kind.KSDD_SUKARELA
    document_type = factory.LazyFunction(lambda: document_type("KSB"))
    title = factory.Sequence(lambda n: f"Pengelolaan Sampah Regional Terpadu Tahap {n}")
    purpose = "Meningkatkan kualitas pengelolaan sampah di wilayah perbatasan."
    scope = "Pengangkutan dan pengolahan sampah di TPA regional."
    benefits = "Efisiensi biaya dan lingkungan yang lebih bersih."
    location = "TPA Troketon, Klaten"
    planning_reference = "RPJMD Kabupaten Klaten 2021–2026, Misi 3"
    opd_initiator = factory.SubFactory(OpdFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today())
    # "5 (lima) tahun": from today to the day before the fifth anniversary
    end_date = factory.LazyFunction(
        lambda: datetime.date.today().replace(year=datetime.date.today().year + 5) - datetime.timedelta(days=1)
    )
    duration_text = "5 (lima) tahun"
    funding_source = "apbd"
    value = 1250000000

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        """Parties, urusan and two contacts, so the proposal is ready to submit."""
        if extracted is False:
            return
        self.urusan.add(Urusan.objects.get(code="2.11"))
        AgreementParty.objects.create(
            agreement=self,
            partner=home_partner(),
            order=1,
            role_label="PIHAK KESATU",
            signatory_name="Drs. H. Ahmad Subekti, M.Si.",
            signatory_title="Bupati Klaten",
            signing_capacity=SigningCapacity.KEPALA_DAERAH,
        )
        partners = kwargs.get("partners")
        if partners is None:
            if self.kind in Kind.ksdd():
                partners = [pemda_partner()]
            elif self.kind == Kind.KSDPK:
                partners = [PartnerFactory()]
            elif self.kind == Kind.KSDPL:
                partners = [PartnerFactory(name="Kitakyushu City", partner_type=PartnerType.PEMDA_LUAR_NEGERI, country="JP", nib="")]
            elif self.kind == Kind.KSDLL:
                partners = [PartnerFactory(name="Japan International Cooperation Agency", partner_type=PartnerType.LEMBAGA_LUAR_NEGERI, country="JP", nib="")]
            elif self.kind == Kind.SINERGI:
                partners = [PartnerFactory(name="Kejaksaan Negeri Klaten", partner_type=PartnerType.INSTANSI_VERTIKAL, nib="")]
            else:
                partners = [PartnerFactory()]
        labels = ["PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT"]
        for index, partner in enumerate(partners):
            AgreementParty.objects.create(
                agreement=self,
                partner=partner,
                order=index + 2,
                role_label=labels[index],
                signatory_name=partner.leader_name,
                signatory_title=partner.leader_title,
                signing_capacity=SigningCapacity.KEPALA_DAERAH if partner.is_pemda else SigningCapacity.PIMPINAN,
            )
        ContactPerson.objects.create(agreement=self, name="Rina Kurniasih", position="Kasubbag Kerja Sama", phone="0812-2700-1111", email="rina@example.go.id")
        ContactPerson.objects.create(agreement=self, name="Dwi Prasetyo", position="Analis Kebijakan", phone="0813-2900-2222", email="dwi@example.go.id")


SUBKIND_DEFAULTS = {
    Kind.KSDPK: SubKind.LAYANAN_PUBLIK,
    Kind.KSDPL: SubKind.KAB_KOTA_KEMBAR,
    Kind.KSDLL: SubKind.PERSETUJUAN_PUSAT,
}
