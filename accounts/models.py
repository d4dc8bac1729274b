from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Opd(models.Model):
    """An Organisasi Perangkat Daerah of the home pemda (dinas, badan, bagian of the Setda, …).

    OPDs propose (pemrakarsa) and carry out (pelaksana) cooperation agreements.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    head_title = models.CharField(_("head's title"), max_length=200, blank=True)
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class OpdMembership(models.Model):
    """A user's membership in one OPD: what scopes an OPD staff member's view of the registry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opd_membership", verbose_name=_("user")
    )
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("OPD"))
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("OPD membership")
        verbose_name_plural = _("OPD memberships")

    def __str__(self):
        return f"{self.user} — {self.opd}"
