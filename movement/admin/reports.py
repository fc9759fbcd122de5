"""Back office of the indicator catalogue, period reports, their values, schedules and events."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from movement.admin.base import (
    ScopedAdmin,
    UnitFilter,
    year_filter,
)
from movement.admin.imports import ImportExportMixin
from movement.models import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    ReportEvent,
    ReportSchedule,
    ReportStatus,
    User,
    ValidationRule,
    check_rules,
)


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
