from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        from movement.views.home import register_home_section
        from reports.rollups import signals  # noqa: F401  (connects the roll-up refresh)
        from reports.summary.home import staff_home

        register_home_section(staff_home)
