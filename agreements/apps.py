from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Cooperation agreements")

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up checks)
