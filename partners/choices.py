from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")


class PartnerType(models.TextChoices):
    """Who a partner is, in the regulation's terms (PP 28/2018 Pasal 14; Permendagri 25/2020)."""

    PEMDA = "pemda", _("Regional government")
    BADAN_USAHA = "badan_usaha", _("Private company")
    BUMN = "bumn", _("State-owned enterprise (BUMN)")
    BUMD = "bumd", _("Regional-owned enterprise (BUMD)")
    KOPERASI = "koperasi", _("Cooperative")
    PERGURUAN_TINGGI = "perguruan_tinggi", _("University")
    ORMAS = "ormas", _("Civil society organisation / foundation")
    PERSEORANGAN = "perseorangan", _("Individual")
    INSTANSI_VERTIKAL = "instansi_vertikal", _("Central government agency (K/L, instansi vertikal)")
    PEMDA_LUAR_NEGERI = "pemda_ln", _("Foreign regional government")
    LEMBAGA_LUAR_NEGERI = "lembaga_ln", _("Foreign institution")

    @classmethod
    def third_party(cls):
        return [cls.BADAN_USAHA, cls.BUMN, cls.BUMD, cls.KOPERASI, cls.PERGURUAN_TINGGI, cls.ORMAS, cls.PERSEORANGAN]

    @classmethod
    def foreign(cls):
        return [cls.PEMDA_LUAR_NEGERI, cls.LEMBAGA_LUAR_NEGERI]

    @classmethod
    def companies(cls):
        return [cls.BADAN_USAHA, cls.BUMN, cls.BUMD, cls.KOPERASI]
