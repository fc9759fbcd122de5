"""Back office of the indicator catalogue, period reports, their values, schedules and events."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from movement import services
from movement.admin.base import (
    ScopedAdmin,
    ScopedInlineMixin,
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
    Role,
    ValidationRule,
    check_rules,
)
from movement.periods import Period


def _refusal_of_computed(indicator: Indicator) -> str:
    return f"«{indicator.name}» được tính từ hồ sơ, không nhập tay được: hãy nhập các hồ sơ."


class IndicatorValueFormSet(forms.BaseInlineFormSet):
    """Values of one report: computed indicators and the catalogue's rules refused beside the field."""

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
            if data["indicator"].source == Indicator.Source.COMPUTED:
                form.add_error("indicator", _refusal_of_computed(data["indicator"]))
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

    def submitted_values(self) -> dict[str, Decimal | None]:
        """What the inline rows ask for, by indicator code (None clears a value)."""
        values: dict[str, Decimal | None] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            before = form.instance.indicator if form.instance.pk else None
            if before is not None:
                values.setdefault(before.code, None)  # moved or deleted: the old one goes
            if data.get("indicator") and not data.get("DELETE"):
                values[data["indicator"].code] = data.get("value")
        return values


LOCKED_STATUSES = {
    ReportStatus.SUBMITTED: _("đã gửi, đang chờ duyệt"),
    ReportStatus.APPROVED: _("đã được duyệt và khóa"),
}


class PeriodReportAdminForm(forms.ModelForm):
    """A new report follows the reporting rules of the report pages (services.check_reportable)."""

    user = None  # set per request by the admin

    class Meta:
        model = PeriodReport
        fields = ["unit", "period_kind", "period_start", "period_end", "note"]

    def clean(self) -> dict:
        data = super().clean()
        unit, kind = data.get("unit"), data.get("period_kind")
        start, end = data.get("period_start"), data.get("period_end")
        if self.instance.pk or self.errors or not (unit and kind and start and end):
            return data
        try:
            if not (self.user.is_superuser or self.user.has_role(Role.OFFICER)):
                raise services.WorkflowError(
                    "Chỉ cán bộ của đơn vị mới lập được báo cáo của đơn vị."
                )
            services.check_reportable(unit=unit, period=Period(kind=kind, start=start, end=end))
        except services.WorkflowError as error:
            self.add_error("period_start", str(error))
        return data


class IndicatorValueAdminForm(forms.ModelForm):
    """One value of a report: refused where the report pages refuse it, beside the field."""

    user = None  # set per request by the admin

    class Meta:
        model = IndicatorValue
        fields = ["report", "indicator", "value", "note"]

    def clean(self) -> dict:
        data = super().clean()
        report, indicator, value = data.get("report"), data.get("indicator"), data.get("value")
        if report is not None and self.user is not None:
            if report.status in LOCKED_STATUSES:
                self.add_error(
                    "report",
                    f"Báo cáo {report.period.label} của {report.unit} "
                    f"{LOCKED_STATUSES[report.status]}: không sửa số liệu ở đây.",
                )
                return data
            if not services.can_edit(user=self.user, report=report):
                self.add_error("report", services.edit_refusal(report))
                return data
        if indicator is not None and indicator.source == Indicator.Source.COMPUTED:
            self.add_error("indicator", _refusal_of_computed(indicator))
        elif report is not None and indicator is not None and value is not None:
            values = report.values_by_code()
            values[indicator.code] = value
            message = check_rules(values).get(indicator.code)
            if message:
                self.add_error("value", message)
        return data


class IndicatorValueInline(ScopedInlineMixin, admin.TabularInline):
    model = IndicatorValue
    formset = IndicatorValueFormSet
    extra = 0
    fields = ("indicator", "value", "note")
    autocomplete_fields = ("indicator",)


def _may_edit(request, report: PeriodReport) -> bool:
    """Exactly the report pages' rule: the unit's officer, while the report is a draft or returned."""
    return services.can_edit(user=request.user, report=report)


@admin.register(PeriodReport)
class PeriodReportAdmin(ImportExportMixin, ScopedAdmin):
    """Reports are created, filled in and saved through the same services as the report pages."""

    form = PeriodReportAdminForm
    list_display = ("unit", "period_label", "status", "submitted_at", "reviewed_at")
    list_select_related = ("unit",)
    list_filter = ("status", "period_kind", year_filter("period_start", "năm báo cáo"), UnitFilter)
    search_fields = ("unit__search_text",)
    folded_search_field = "unit__search_text"
    autocomplete_fields = ("unit",)
    readonly_fields = (
        "status",
        "review_comment",
        "version",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        # A report's unit and period are what it is: they never move once it exists.
        if obj is not None:
            return ("unit", "period_kind", "period_start", "period_end", *self.readonly_fields)
        return self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not _may_edit(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not _may_edit(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        self.check_scope(request, obj)
        if not change:
            created = services.period_report_create(
                unit=obj.unit, period=obj.period, user=request.user
            )
            obj.pk, obj.version = created.pk, created.version
            obj._state.adding = False

    def save_related(self, request, form, formsets, change) -> None:
        values: dict[str, Decimal | None] = {}
        for formset in formsets:
            if isinstance(formset, IndicatorValueFormSet):
                values.update(formset.submitted_values())
            # The admin's change message reads these; the service wrote the rows.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        report = PeriodReport.objects.get(pk=form.instance.pk)
        try:
            services.period_report_save_values(
                report=report,
                values=values,
                version=report.version,
                user=request.user,
                note=form.cleaned_data.get("note", report.note),
            )
        except services.WorkflowError as error:
            raise PermissionDenied(str(error)) from error
        form.instance.refresh_from_db()


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ImportExportMixin, ScopedAdmin):
    """A value is written through the report's service: the same checks, log and version."""

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
        if obj is not None and not _may_edit(request, obj.report):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not _may_edit(request, obj.report):
            return False
        return super().has_delete_permission(request, obj)

    def _save_through_service(self, request, report: PeriodReport, values: dict) -> None:
        report = PeriodReport.objects.get(pk=report.pk)
        try:
            services.period_report_save_values(
                report=report, values=values, version=report.version, user=request.user
            )
        except services.WorkflowError as error:
            raise PermissionDenied(str(error)) from error

    def save_model(self, request, obj, form, change) -> None:
        self.check_scope(request, obj)
        values = {obj.indicator.code: obj.value}
        before = form.initial.get("indicator")
        if change and before and before != obj.indicator_id:
            values.setdefault(Indicator.objects.get(pk=before).code, None)
        self._save_through_service(request, obj.report, values)
        stored = IndicatorValue.objects.get(report=obj.report, indicator=obj.indicator)
        if stored.note != obj.note:
            stored.note = obj.note
            stored.save(update_fields=["note"])
        obj.pk = stored.pk
        obj._state.adding = False

    def delete_model(self, request, obj) -> None:
        self.check_scope(request, obj)
        self._save_through_service(request, obj.report, {obj.indicator.code: None})

    def delete_queryset(self, request, queryset) -> None:
        for value in queryset.select_related("report__unit", "indicator"):
            if not _may_edit(request, value.report):
                raise PermissionDenied(services.edit_refusal(value.report))
            self.delete_model(request, value)


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
