import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .choices import PartnerType, RegionLevel


class Region(models.Model):
    """A province or kabupaten/kota with its Kemendagri kode wilayah ("33" or "33.10").

    Codes are strings: leading zeros and dots matter.  Historical codes of regions that were
    split or renamed stay with ``is_active=False`` so old agreements keep their party.
    """

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kabkota",
        verbose_name=_("province"),
        limit_choices_to={"level": RegionLevel.PROVINSI},
    )
    is_active = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def head_title(self):
        """The kepala daerah's title: Gubernur, Bupati or Wali Kota."""
        return {RegionLevel.PROVINSI: "Gubernur", RegionLevel.KABUPATEN: "Bupati", RegionLevel.KOTA: "Wali Kota"}[
            self.level
        ]

    @property
    def government_name(self):
        prefix = {RegionLevel.PROVINSI: "Pemerintah Provinsi", RegionLevel.KABUPATEN: "Pemerintah", RegionLevel.KOTA: "Pemerintah"}
        return f"{prefix[self.level]} {self.name}"


_LEGAL_FORMS = r"\b(pt|cv|tbk|persero|perseroda|perum|ud|pd|koperasi|yayasan)\b"


def normalize_partner_name(name):
    """A matching key that tolerates case, punctuation and "PT."/"PT"/"(Persero)" variants."""
    text = (name or "").lower()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(_LEGAL_FORMS, " ", text)
    return " ".join(text.split())


class PartnerQuerySet(models.QuerySet):
    def domestic_governments(self):
        return self.filter(partner_type=PartnerType.PEMDA)

    def third_parties(self):
        return self.filter(partner_type__in=PartnerType.third_party())

    def foreign(self):
        return self.filter(partner_type__in=PartnerType.foreign())

    def matching_name(self, name):
        return self.filter(normalized_name=normalize_partner_name(name))


class Partner(models.Model):
    """A party the home pemda cooperates with: another daerah, a pihak ketiga, a central agency
    (Sinergi) or a foreign government or institution.  The home pemda itself is a Partner with
    ``is_home=True`` so that every party of a document is one kind of record."""

    name = models.CharField(_("name"), max_length=255)
    normalized_name = models.CharField(_("matching key"), max_length=255, db_index=True, editable=False)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    is_home = models.BooleanField(_("home pemda"), default=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="partners", verbose_name=_("region")
    )
    country = CountryField(_("country"), blank=True)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    # Legal identity (companies): NIB and NPWP; foreign non-profits: Izin Prinsip / Operasional.
    nib = models.CharField(_("NIB"), max_length=20, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=25, blank=True)
    deed_reference = models.CharField(_("deed of establishment / legal basis"), max_length=255, blank=True)
    permit_reference = models.CharField(_("Izin Prinsip / Izin Operasional"), max_length=255, blank=True)
    leader_name = models.CharField(_("leader's name"), max_length=200, blank=True)
    leader_title = models.CharField(_("leader's title (jabatan)"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="partner_single_home"),
            models.UniqueConstraint(
                fields=["region"], condition=Q(partner_type="pemda"), name="partner_one_pemda_per_region"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_partner_name(self.name)
        super().save(*args, **kwargs)

    @property
    def is_pemda(self):
        return self.partner_type == PartnerType.PEMDA

    @property
    def is_foreign(self):
        return self.partner_type in PartnerType.foreign()

    @property
    def is_third_party(self):
        return self.partner_type in PartnerType.third_party()

    def clean(self):
        errors = {}
        if self.partner_type == PartnerType.PEMDA and not self.region_id:
            errors["region"] = _("A regional government partner must be linked to its region.")
        if self.partner_type in PartnerType.foreign() and not self.country:
            errors["country"] = _("A foreign partner needs its country.")
        if self.nib and not re.fullmatch(r"\d{13}", self.nib):
            errors["nib"] = _("NIB consists of 13 digits.")
        if self.npwp and len(re.sub(r"\D", "", self.npwp)) not in (15, 16):
            errors["npwp"] = _("NPWP consists of 15 or 16 digits.")
        if errors:
            raise ValidationError(errors)
