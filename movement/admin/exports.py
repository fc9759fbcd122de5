"""«Tệp đã xuất» in the back office: who exported what, when, with which result (read only).

The files themselves go out only through the job's page (movement.views.exports), to the user who
asked for them; the admin shows the jobs of the user's units.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from movement.admin.base import ScopedAdminMixin
from movement.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "format", "status", "rows_written", "created_at", "user")
    list_filter = ("status", "format", "kind")
    list_select_related = ("user",)
    search_fields = ("title", "file_name", "user__username")
    fields = (
        "title",
        "kind",
        "format",
        "status",
        "rows_written",
        "message",
        "file_name",
        "size",
        "user",
        "unit",
        "created_at",
        "started_at",
        "finished_at",
        "purged_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_list_display(self, request):
        """The job's page opens for the user who asked for the file (and superusers) only."""

        @admin.display(description=_("trang của tệp"))
        def page(obj: ExportJob) -> str:
            if obj.user_id != request.user.pk and not request.user.is_superuser:
                return "—"
            return format_html('<a href="{}">Mở</a>', reverse("movement:export_job", args=[obj.pk]))

        return [*self.list_display, page]
