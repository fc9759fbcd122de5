"""The back office's view of the báo cáo tổng kết: reports, the files made from them (searchable by
SHA-256, to match a signed copy) and the batches. Writing happens on the portal's pages, where
the report is drafted from the data; here everything is scoped and read-mostly."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from movement.admin.base import ScopedAdmin, ScopedAdminMixin, UnitFilter
from reports.summary.models import GeneratedFile, ReportBatch, SummaryReport


@admin.register(SummaryReport)
class SummaryReportAdmin(ScopedAdmin):
    list_display = ("__str__", "first_year", "last_year", "updated_at", "open_on_portal")
    list_select_related = ("unit", "cluster")
    list_filter = (UnitFilter,)
    search_fields = ("unit__name", "cluster__name", "title")
    readonly_fields = ("unit", "cluster", "first_year", "last_year", "results", "drafted_at")
    exclude = ("created_by",)

    def has_add_permission(self, request) -> bool:
        return False  # a report is made on the portal, which drafts section II from the data

    @admin.display(description="trên cổng")
    def open_on_portal(self, obj: SummaryReport) -> str:
        return format_html('<a href="{}">Mở</a>', reverse("summary:edit", args=[obj.pk]))


@admin.register(GeneratedFile)
class GeneratedFileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "file_name",
        "report",
        "format",
        "pages",
        "generated_at",
        "generated_by",
        "sha256",
    )
    list_select_related = ("report__unit", "report__cluster", "generated_by")
    list_filter = ("format",)
    search_fields = ("=sha256", "file_name")
    readonly_fields = [f.name for f in GeneratedFile._meta.fields if f.name != "content"] + [
        "download"
    ]
    exclude = ("content",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="tải về")
    def download(self, obj: GeneratedFile) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("summary:file", args=[obj.pk]), obj.file_name
        )


@admin.register(ReportBatch)
class ReportBatchAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "unit",
        "first_year",
        "last_year",
        "format",
        "total",
        "created_by",
        "created_at",
    )
    list_select_related = ("unit", "created_by")
    readonly_fields = [f.name for f in ReportBatch._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
