from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from agreements.signals import stage_changed

        from . import services

        stage_changed.connect(services.on_stage_changed, dispatch_uid="notifications.stage_changed")
