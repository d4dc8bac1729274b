from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from agreements.signals import stage_changed

        from . import services

        # Pasal 38: a new foreign Rencana Kerja Sama while last year's report is missing.
        stage_changed.connect(services.on_stage_changed, dispatch_uid="reporting.stage_changed")
