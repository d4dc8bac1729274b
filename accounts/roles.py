"""Roles are Django groups; this module names them and answers "may this user …?".

Group permissions are set by the data migration ``accounts/migrations/0002_groups.py``.
"""

from django.utils.translation import gettext_lazy as _

OPD_STAFF = "Staf OPD"
KERJASAMA_STAFF = "Staf Bagian Kerja Sama"
KERJASAMA_HEAD = "Kepala Bagian Kerja Sama"
TKKSD_MEMBER = "Anggota TKKSD"
PIMPINAN = "Pimpinan"

ROLE_LABELS = {
    OPD_STAFF: _("OPD staff"),
    KERJASAMA_STAFF: _("Bagian Kerja Sama staff"),
    KERJASAMA_HEAD: _("Head of Bagian Kerja Sama"),
    TKKSD_MEMBER: _("TKKSD member"),
    PIMPINAN: _("Leadership (read-only)"),
}
ALL_ROLES = list(ROLE_LABELS)


def _groups(user):
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_kerjasama_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._kerjasama_groups = cached
    return cached


def has_role(user, *roles):
    return bool(_groups(user) & set(roles))


def is_kerjasama(user):
    """Bagian Kerja Sama staff or head (or a superuser): sees and acts on every agreement."""
    return bool(user and user.is_authenticated and (user.is_superuser or has_role(user, KERJASAMA_STAFF, KERJASAMA_HEAD)))


def is_kerjasama_head(user):
    return bool(user and user.is_authenticated and (user.is_superuser or has_role(user, KERJASAMA_HEAD)))


def is_tkksd(user):
    return has_role(user, TKKSD_MEMBER)


def is_pimpinan(user):
    return has_role(user, PIMPINAN)


def sees_everything(user):
    """Roles that read the whole registry: Bagian Kerja Sama, TKKSD and Pimpinan."""
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or has_role(user, KERJASAMA_STAFF, KERJASAMA_HEAD, TKKSD_MEMBER, PIMPINAN))
    )


def user_opd_id(user):
    """The OPD a user belongs to, or None."""
    if not user or not user.is_authenticated:
        return None
    membership = getattr(user, "opd_membership", None)
    return membership.opd_id if membership else None
