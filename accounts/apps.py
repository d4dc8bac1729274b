from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and OPD")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_groups_after_migrate, dispatch_uid="accounts.sync_groups")


def _sync_groups_after_migrate(sender, using, **kwargs):
    """Every app's migrations may add models the roles get rights on, in an order the migration
    graph does not fix; after the whole migrate (when every permission exists) the roles are set
    once more from ``accounts.groups``."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from .groups import sync_groups

    # post_migrate is sent once per app; permissions are created app by app, so wait for the last.
    if sender is list(apps.get_app_configs())[-1] and using == "default":
        sync_groups(Group, Permission)
