from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        from movement.export_jobs import register_export_kind
        from movement.views.home import register_home_section
        from reports.rollups import signals  # noqa: F401  (connects the roll-up refresh)
        from reports.summary.home import staff_home
        from reports.summary.tasks import summary_file_produce

        register_home_section(staff_home)
        register_export_kind("summary", summary_file_produce, back_label="Về báo cáo tổng kết")
