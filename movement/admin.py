"""Back office: every model of the movement, scoped to the user's units, with history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from movement.admin_base import (
    ActiveUnitFilter,
    ScopedAdmin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    UnitFilter,
    YearDisplayMixin,
    year_filter,
)
from movement.admin_imports import ImportExportMixin
from movement.models import (
    Commendation,
    FestivalEvent,
    FestivalPhoto,
    GroupMember,
    Indicator,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    ReportEvent,
    ReportSchedule,
    ReportStatus,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
    UnitLevel,
    UnitSuccession,
    User,
    ValidationRule,
    check_rules,
)


@admin.register(UnitLevel)
class UnitLevelAdmin(admin.ModelAdmin):
    list_display = ("rank", "code", "name")
    ordering = ("rank",)


class SuccessionInline(ScopedInlineMixin, admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa (sáp nhập, đổi tên, chia tách)")


@admin.register(Unit)
class UnitAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_select_related = ("level", "parent")
    list_filter = (ActiveUnitFilter, "level", UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to", "path")
    inlines = [SuccessionInline]
    ordering = ("path",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ScopedAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date", "legal_basis")
    list_select_related = ("predecessor", "successor")
    list_filter = ("kind", year_filter("effective_date", "năm hiệu lực"))
    autocomplete_fields = ("predecessor", "successor")
    search_fields = ("predecessor__search_text",)
    folded_search_field = "predecessor__search_text"

    def get_queryset(self, request):
        qs = super(ScopedAdminMixin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        allowed = Unit.objects.for_user(request.user).values("pk")
        return qs.filter(predecessor__in=allowed)


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "unit", "is_active", "is_staff")
    list_select_related = ("unit",)
    list_filter = ("is_active", "is_staff", "groups", UnitFilter)
    search_fields = ("username", "first_name", "last_name", "email")
    folded_search_field = None
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {"fields": ("first_name", "last_name", "email", "phone", "position")},
        ),
        (_("Đơn vị và vai trò"), {"fields": ("unit", "groups", "is_active", "is_staff")}),
        (_("Quyền quản trị hệ thống"), {"fields": ("is_superuser", "user_permissions")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "unit", "groups", "password1", "password2"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Only a superuser grants superuser status or individual permissions.
        return [fs for fs in fieldsets if "is_superuser" not in fs[1]["fields"]]


class IndicatorValueFormSet(forms.BaseInlineFormSet):
    """Checks the catalogue's rules (valuable tips ≤ tips...) across the values of one report."""

    def clean(self) -> None:
        super().clean()
        values = {}
        forms_by_code = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if (
                not data
                or data.get("DELETE")
                or not data.get("indicator")
                or data.get("value") is None
            ):
                continue
            values[data["indicator"].code] = data["value"]
            forms_by_code[data["indicator"].code] = form
        errors = check_rules(values)
        for code, message in errors.items():
            forms_by_code[code].add_error("value", message)
        if errors:
            raise ValidationError(
                _("Báo cáo vi phạm quy tắc kiểm tra giữa các chỉ tiêu; chưa có gì được lưu.")
            )


LOCKED_STATUSES = {
    ReportStatus.SUBMITTED: _("đã gửi, đang chờ duyệt"),
    ReportStatus.APPROVED: _("đã được duyệt và khóa"),
}


def locked_for(user: User, report: PeriodReport) -> bool:
    """Submitted and approved reports are out of reach of everyone but a superuser."""
    return report.status in LOCKED_STATUSES and not user.is_superuser


class IndicatorValueAdminForm(forms.ModelForm):
    """One value of a report: refused on a locked report and against the rules, beside the field."""

    user = None  # set per request by the admin

    class Meta:
        model = IndicatorValue
        fields = ["report", "indicator", "value", "note"]

    def clean(self) -> dict:
        data = super().clean()
        report, indicator, value = data.get("report"), data.get("indicator"), data.get("value")
        if report is not None and self.user is not None and locked_for(self.user, report):
            self.add_error(
                "report",
                f"Báo cáo {report.period.label} của {report.unit} "
                f"{LOCKED_STATUSES[report.status]}: không sửa số liệu ở đây.",
            )
        elif report is not None and indicator is not None and value is not None:
            values = report.values_by_code()
            values[indicator.code] = value
            message = check_rules(values).get(indicator.code)
            if message:
                self.add_error("value", message)
        return data


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    formset = IndicatorValueFormSet
    extra = 0
    fields = ("indicator", "value", "note")
    autocomplete_fields = ("indicator",)


@admin.register(PeriodReport)
class PeriodReportAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("unit", "period_label", "status", "submitted_at", "reviewed_at")
    list_select_related = ("unit",)
    list_filter = ("status", "period_kind", year_filter("period_start", "năm báo cáo"), UnitFilter)
    search_fields = ("unit__search_text",)
    folded_search_field = "unit__search_text"
    autocomplete_fields = ("unit",)
    readonly_fields = (
        "status",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "version",
    )
    fields = (
        "unit",
        "period_kind",
        "period_start",
        "period_end",
        "status",
        "note",
        "review_comment",
        "version",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
    )
    inlines = [IndicatorValueInline]

    @admin.display(description=_("kỳ báo cáo"), ordering="period_start")
    def period_label(self, obj: PeriodReport) -> str:
        return obj.period.label

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            # An entry page opened before this edit must not save over it (optimistic locking).
            PeriodReport.objects.filter(pk=form.instance.pk).update(version=F("version") + 1)

    def has_change_permission(self, request, obj=None) -> bool:
        # A submitted report waits for review and an approved one is locked: both change
        # only through the workflow (return, reopen), as on the report pages and in imports.
        if obj is not None and locked_for(request.user, obj):
            return False
        return super().has_change_permission(request, obj)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("report", "indicator", "value")
    list_select_related = ("report__unit", "indicator")
    list_filter = (
        "indicator__section",
        year_filter("report__period_start", "năm báo cáo"),
        UnitFilter,
    )
    search_fields = ("report__unit__search_text",)
    folded_search_field = "report__unit__search_text"
    autocomplete_fields = ("report", "indicator")
    form = IndicatorValueAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and locked_for(request.user, obj.report):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and locked_for(request.user, obj.report):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # An entry page opened before this edit must not save over it (optimistic locking).
        PeriodReport.objects.filter(pk=obj.report_id).update(version=F("version") + 1)


class ValidationRuleInline(admin.TabularInline):
    model = ValidationRule
    fk_name = "left"
    extra = 0
    autocomplete_fields = ("right",)


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin):
    list_display = (
        "code",
        "name",
        "section",
        "unit_label",
        "aggregation",
        "source",
        "is_active",
        "order",
    )
    list_filter = ("section", "source", "aggregation", "is_active")
    search_fields = ("code", "name")
    list_editable = ("order",)
    inlines = [ValidationRuleInline]


@admin.register(ValidationRule)
class ValidationRuleAdmin(ScopedAdmin):
    list_display = ("__str__", "message", "is_active")
    list_select_related = ("left", "right")
    autocomplete_fields = ("left", "right")


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


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    """Cut-off day and deadline per period kind; a kind without a row follows NĐ 09/2019."""

    list_display = ("period_kind", "cutoff_day", "deadline_days")


@admin.register(ReportEvent)
class ReportEventAdmin(ScopedAdmin):
    """The workflow's log: written by the report pages only, never edited by hand."""

    list_display = ("report", "action", "actor", "at", "comment")
    list_select_related = ("report__unit", "actor")
    list_filter = ("action", UnitFilter)
    search_fields = ("report__unit__search_text",)
    folded_search_field = "report__unit__search_text"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
