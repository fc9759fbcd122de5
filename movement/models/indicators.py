"""Indicator catalogue and period reports of indicator totals (DESIGN §3, §4)."""

from __future__ import annotations

import operator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models.base import ScopedQuerySet
from movement.models.units import Unit
from movement.periods import Period, PeriodKind
from movement.text import vn_decimal


class ReportSection(models.TextChoices):
    """Subsections of part II of the yearly report (DESIGN §6)."""

    LEADERSHIP = "leadership", _("Lãnh đạo, chỉ đạo")
    PROPAGANDA = "propaganda", _("Tuyên truyền, vận động")
    MODELS = "models", _("Mô hình, điển hình tiên tiến")
    CRIME = "crime", _("Tin báo, phòng ngừa, đấu tranh tội phạm")
    SELF_MANAGEMENT = "self_management", _("Tổ tự quản, tổ bảo vệ ANTT")
    CLUSTERS = "clusters", _("Cụm địa bàn an toàn")
    SAFETY = "safety", _("Xây dựng “An toàn về ANTT”")
    FESTIVALS = "festivals", _("Ngày hội toàn dân bảo vệ ANTQ")
    COMMENDATIONS = "commendations", _("Khen thưởng")


class Indicator(models.Model):
    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng dồn")
        LAST = "last", _("Giá trị cuối kỳ")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Nhập tay")
        COMPUTED = "computed", _("Tính từ hồ sơ")

    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    section = models.CharField(_("mục báo cáo"), max_length=30, choices=ReportSection.choices)
    unit_label = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    source = models.CharField(
        _("nguồn số liệu"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    computation = models.CharField(
        _("công thức"),
        max_length=60,
        blank=True,
        help_text=_(
            "Với chỉ tiêu tính từ hồ sơ: khoá của phép tính (xem movement/computations.py)."
        ),
    )
    decimal_places = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    max_value = models.DecimalField(
        _("giá trị tối đa hợp lý"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    description = models.TextField(_("mô tả"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="entered") | ~Q(computation=""),
                name="indicator_computed_has_computation",
                violation_error_message="Chỉ tiêu tính từ hồ sơ phải có «công thức».",
            ),
            models.CheckConstraint(
                condition=Q(decimal_places__lte=2),
                name="indicator_decimal_places_max_2",
                violation_error_message="«Số chữ số thập phân» tối đa là 2.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.source == self.Source.COMPUTED:
            from movement.computations import COMPUTATIONS

            if self.computation not in COMPUTATIONS:
                raise ValidationError({"computation": _("Công thức không tồn tại.")})


class ValidationRule(models.Model):
    """A comparison between two indicators of the same report, e.g. valuable tips ≤ tips."""

    class Operator(models.TextChoices):
        LTE = "lte", "≤"
        LT = "lt", "<"
        EQ = "eq", "="
        GTE = "gte", "≥"

    OPERATORS = {"lte": operator.le, "lt": operator.lt, "eq": operator.eq, "gte": operator.ge}

    left = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="rules_as_left",
        verbose_name=_("chỉ tiêu vế trái"),
    )
    operator = models.CharField(
        _("phép so sánh"), max_length=3, choices=Operator.choices, default=Operator.LTE
    )
    right = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="rules_as_right",
        verbose_name=_("chỉ tiêu vế phải"),
    )
    message = models.CharField(_("thông báo khi vi phạm"), max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=~Q(left=F("right")),
                name="rule_distinct_sides",
                violation_error_message="Hai vế của quy tắc phải là hai chỉ tiêu khác nhau.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.left.code} {self.get_operator_display()} {self.right.code}"

    def holds(self, values: dict[str, Decimal | None]) -> bool:
        left, right = values.get(self.left.code), values.get(self.right.code)
        if left is None or right is None:
            return True
        return self.OPERATORS[self.operator](left, right)


def check_rules(values: dict[str, Decimal | None]) -> dict[str, str]:
    """Errors by indicator code for every active rule ``values`` break (left side gets the message)."""
    errors: dict[str, str] = {}
    for rule in ValidationRule.objects.filter(is_active=True).select_related("left", "right"):
        if not rule.holds(values):
            errors.setdefault(rule.left.code, rule.message)
    return errors


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")


class PeriodReportQuerySet(ScopedQuerySet):
    def for_period(self, period: Period) -> PeriodReportQuerySet:
        return self.filter(period_kind=period.kind, period_start=period.start)


class PeriodReport(models.Model):
    scope_path = "unit__path"

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="period_reports", verbose_name=_("đơn vị")
    )
    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        "movement.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("người gửi"),
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        "movement.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("người duyệt"),
    )
    review_comment = models.TextField(_("ý kiến của người duyệt"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period_start", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start"],
                name="report_unique_unit_period",
                violation_error_message="Đơn vị đã có báo cáo cho kỳ này.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_order",
                violation_error_message="«Đến ngày» phải sau «Từ ngày».",
            ),
        ]
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "status"], name="report_period_status_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period.label}"

    @property
    def period(self) -> Period:
        return Period(kind=self.period_kind, start=self.period_start, end=self.period_end)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def clean(self) -> None:
        super().clean()
        if (
            self.period_kind
            and self.period_start
            and self.period_end
            # Reversed dates are explained by the CHECK constraint's own message.
            and self.period_end >= self.period_start
            and not self.period.is_valid()
        ):
            raise ValidationError(
                {
                    "period_start": _(
                        "Kỳ báo cáo không hợp lệ: «Từ ngày» và «Đến ngày» phải là ngày đầu và ngày cuối của một tháng, quý, 6 tháng hoặc năm."
                    )
                }
            )

    def values_by_code(self) -> dict[str, Decimal]:
        return dict(self.values.values_list("indicator__code", "value"))


class IndicatorValue(models.Model):
    scope_path = "report__unit__path"

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("báo cáo")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("chỉ tiêu")
    )
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="value_unique_per_report",
                violation_error_message="Chỉ tiêu này đã có giá trị trong báo cáo.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="value_non_negative",
                violation_error_code="negative",
                violation_error_message="«Giá trị» không được là số âm.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.value is not None and self.indicator_id:
            ind = self.indicator
            if ind.max_value is not None and self.value > ind.max_value:
                raise ValidationError(
                    {
                        "value": _(
                            "Giá trị %(value)s của «%(name)s» vượt quá mức hợp lý (%(max)s)."
                        )
                        % {
                            "value": vn_decimal(self.value),
                            "name": ind.name,
                            "max": vn_decimal(ind.max_value),
                        }
                    }
                )
            if self.value != self.value.quantize(Decimal(1).scaleb(-ind.decimal_places)):
                if ind.decimal_places == 0:
                    message = _("«%(name)s» chỉ nhận số nguyên.") % {"name": ind.name}
                else:
                    message = _("«%(name)s» có tối đa %(places)s chữ số thập phân.") % {
                        "name": ind.name,
                        "places": ind.decimal_places,
                    }
                raise ValidationError({"value": message})
