"""Start-up checks of the regulation settings the pemda must confirm itself."""

from django.conf import settings
from django.core.checks import Warning, register
from django.utils.translation import gettext as _


def numbering_default_message():
    """The warning text while NUMBER_CLASSIFICATION_CODE is still the shipped example, else None:
    the archive classification code for kerja sama documents (Permendagri 83/2022) is the pemda's
    own decision (domain.md §5.3, §9 question 3)."""
    code = settings.KERJASAMA["NUMBER_CLASSIFICATION_CODE"]
    if code != settings.NUMBER_CLASSIFICATION_CODE_DEFAULT:
        return None
    return _(
        "The classification code in the document numbers (NUMBER_CLASSIFICATION_CODE) is still the default "
        "“%(code)s”; set the code of your region's archive classification (Permendagri 83/2022)."
    ) % {"code": code}


@register()
def numbering_classification_code(app_configs, **kwargs):
    message = numbering_default_message()
    return [Warning(message, id="kerjasama.W001")] if message else []
