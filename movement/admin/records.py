"""Back office of the registries: groups and members, models, festivals, commendations, sessions, recognitions."""

from __future__ import annotations

from django.contrib import admin

from movement.admin.base import (
    ScopedAdmin,
    ScopedInlineMixin,
    UnitFilter,
    YearDisplayMixin,
    year_filter,
)
from movement.admin.imports import ImportExportMixin
from movement.models import (
    Commendation,
    FestivalEvent,
    FestivalPhoto,
    GroupMember,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
)


class GroupMemberInline(ScopedInlineMixin, admin.TabularInline):
    model = GroupMember
    extra = 0
    fields = ("full_name", "role", "birth_year", "phone", "core_force", "joined_on", "left_on")


@admin.register(SelfManagementGroup)
class SelfManagementGroupAdmin(ImportExportMixin, ScopedAdmin):
    list_display = (
        "name",
        "kind",
        "unit",
        "member_count",
        "core_force",
        "founded_on",
        "dissolved_on",
    )
    list_select_related = ("unit",)
    list_filter = ("kind", "core_force", UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("unit", "residential_areas")
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("full_name", "role", "group", "joined_on", "left_on")
    list_select_related = ("group",)
    list_filter = ("role", "core_force", UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("group",)


@admin.register(MovementModel)
class MovementModelAdmin(ImportExportMixin, YearDisplayMixin, ScopedAdmin):
    year_field = "year_recognised"

    list_display = ("name", "kind", "unit", "year_label", "status")
    list_select_related = ("unit",)
    list_filter = (
        "kind",
        "status",
        year_filter("year_recognised", "năm công nhận", is_date=False),
        UnitFilter,
    )
    search_fields = ("search_text",)
    autocomplete_fields = ("unit", "group")


class CommendationInline(ScopedInlineMixin, admin.TabularInline):
    model = Commendation
    extra = 0
    fields = (
        "recipient_kind",
        "recipient_name",
        "form",
        "authority",
        "decision_number",
        "decision_date",
    )


class FestivalPhotoInline(admin.TabularInline):
    model = FestivalPhoto
    extra = 0


@admin.register(FestivalEvent)
class FestivalEventAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("title", "unit", "held_on", "place", "participants")
    list_select_related = ("unit",)
    list_filter = (year_filter("held_on", "năm tổ chức"), UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("unit",)
    inlines = [CommendationInline, FestivalPhotoInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Commendation:
            for inline_form in formset.forms:
                inline_form.instance.unit = form.instance.unit
        super().save_formset(request, form, formset, change)


@admin.register(Commendation)
class CommendationAdmin(ImportExportMixin, ScopedAdmin):
    list_display = (
        "recipient_name",
        "recipient_kind",
        "form",
        "authority",
        "decision_number",
        "decision_date",
        "unit",
    )
    list_select_related = ("unit",)
    list_filter = (
        "recipient_kind",
        "form",
        year_filter("decision_date", "năm quyết định"),
        UnitFilter,
    )
    search_fields = ("search_text",)
    autocomplete_fields = ("unit", "festival")


@admin.register(PropagandaSession)
class PropagandaSessionAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("topic", "held_on", "channel", "venue", "attendees", "leaflets", "unit")
    list_select_related = ("unit",)
    list_filter = ("channel", "venue", year_filter("held_on", "năm"), UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("unit",)


@admin.register(SafetyRecognition)
class SafetyRecognitionAdmin(ImportExportMixin, YearDisplayMixin, ScopedAdmin):
    year_field = "year"

    list_display = ("__str__", "subject_kind", "year_label", "result", "is_military", "unit")
    list_select_related = ("unit", "subject_unit")
    list_filter = (
        "subject_kind",
        "result",
        "is_military",
        year_filter("year", "năm", is_date=False),
        UnitFilter,
    )
    search_fields = ("search_text",)
    autocomplete_fields = ("unit", "subject_unit")
