from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The back office names the apps it lists; these ship only an English name (their models'
# names are translated in locale/vi).
THIRD_PARTY_APP_NAMES = {
    "axes": _("Bảo vệ đăng nhập"),
    "django_tasks_database": _("Tác vụ nền"),
}


class MovementConfig(AppConfig):
    name = "movement"
    verbose_name = _("Phong trào toàn dân bảo vệ ANTQ")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from movement.models import Unit, UnitSuccession
        from movement.roles import ensure_role_groups
        from movement.selectors.units import forget_successions

        # After every app's migrations so that clusters' permissions exist too.
        post_migrate.connect(ensure_role_groups, dispatch_uid="movement.ensure_role_groups")
        for model in (Unit, UnitSuccession):
            for signal in (post_save, post_delete):
                signal.connect(forget_successions, sender=model, dispatch_uid=f"succ-{model}")
        for label, name in THIRD_PARTY_APP_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
