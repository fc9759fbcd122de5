from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "movement"
    verbose_name = _("Phong trào toàn dân bảo vệ ANTQ")

    def ready(self) -> None:
        from movement.roles import ensure_role_groups

        # After every app's migrations so that clusters' permissions exist too.
        post_migrate.connect(ensure_role_groups, dispatch_uid="movement.ensure_role_groups")
