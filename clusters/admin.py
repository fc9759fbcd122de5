from __future__ import annotations

from django.contrib import admin

from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
from movement.admin.base import ScopedAdmin, ScopedInlineMixin, UnitFilter, year_filter
from movement.admin.imports import ImportExportMixin


class ClusterMemberInline(ScopedInlineMixin, admin.TabularInline):
    model = ClusterMember
    extra = 0
    fields = ("name", "kind", "is_military", "joined_on", "left_on")


@admin.register(SafetyCluster)
class SafetyClusterAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("name", "host_unit", "established_on", "member_total", "military_total")
    list_select_related = ("host_unit",)
    list_filter = (UnitFilter,)
    search_fields = ("search_text",)
    autocomplete_fields = ("host_unit", "communes")
    inlines = [ClusterMemberInline]
    ordering = ("host_unit__path", "name")

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return (
            super()
            .get_queryset(request)
            .annotate(
                _members=Count("members", distinct=True),
                _military=Count("members", filter=Q(members__is_military=True), distinct=True),
            )
        )

    @admin.display(description="số đơn vị thành viên", ordering="_members")
    def member_total(self, obj: SafetyCluster) -> int:
        return obj._members

    @admin.display(description="trong đó quân đội", ordering="_military")
    def military_total(self, obj: SafetyCluster) -> int:
        return obj._military


@admin.register(ClusterMember)
class ClusterMemberAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("name", "kind", "is_military", "cluster", "joined_on")
    list_select_related = ("cluster",)
    list_filter = ("kind", "is_military", UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("cluster",)


@admin.register(ClusterActivity)
class ClusterActivityAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("title", "kind", "held_on", "participants", "cluster")
    list_select_related = ("cluster",)
    list_filter = ("kind", year_filter("held_on", "năm"), UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("cluster",)
