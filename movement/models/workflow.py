"""The review workflow of period reports: deadlines per period kind and the log of every step."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from movement.models.base import ScopedQuerySet
from movement.periods import CUTOFF_DAY, Period, PeriodKind

# NĐ 09/2019 fixes the data window (15th of the month before to the 14th); the day the
# report must reach the reviewer is set by each reporting regime. Four days after the
# cut-off (the 18th of the period's last month) is the portal's default.
DEFAULT_DEADLINE_DAYS = 4


class ReportSchedule(models.Model):
    """Data cut-off and submission deadline of one kind of period (one row per kind)."""

    period_kind = models.CharField(
        _("loại kỳ"), max_length=10, choices=PeriodKind.choices, unique=True
    )
    cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        default=CUTOFF_DAY,
        help_text=_(
            "Số liệu của kỳ tính từ ngày này của tháng trước kỳ đến ngày liền trước của tháng "
            "cuối kỳ (Nghị định 09/2019/NĐ-CP: ngày 15). 0 = theo tháng dương lịch."
        ),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày sau ngày chốt)"),
        default=DEFAULT_DEADLINE_DAYS,
        help_text=_("Báo cáo phải gửi chậm nhất sau ngày chốt số liệu bấy nhiêu ngày."),
    )

    class Meta:
        verbose_name = _("lịch báo cáo")
        verbose_name_plural = _("lịch báo cáo")
        ordering = ["period_kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cutoff_day__lte=28),
                name="schedule_cutoff_day_max_28",
                violation_error_message="«Ngày chốt số liệu» phải từ 0 đến 28.",
            ),
            models.CheckConstraint(
                condition=Q(deadline_days__lte=90),
                name="schedule_deadline_days_max_90",
                violation_error_message="«Hạn gửi» tối đa 90 ngày sau ngày chốt.",
            ),
        ]

    def __str__(self) -> str:
        return str(PeriodKind(self.period_kind).label)

    @classmethod
    def for_kind(cls, kind: str) -> ReportSchedule:
        """The configured schedule of ``kind``, or the NĐ 09/2019 default (unsaved)."""
        return cls.objects.filter(period_kind=kind).first() or cls(period_kind=kind)

    def window(self, period: Period) -> tuple[dt.date, dt.date]:
        return period.cutoff_window(self.cutoff_day)

    def deadline(self, period: Period) -> dt.date:
        return self.window(period)[1] + dt.timedelta(days=self.deadline_days)


class ReportEvent(models.Model):
    """One step of a report's life: who did what, when, why; approvals keep the values."""

    class Action(models.TextChoices):
        CREATED = "created", _("Lập báo cáo")
        SAVED = "saved", _("Lưu nháp")
        SUBMITTED = "submitted", _("Gửi duyệt")
        RETURNED = "returned", _("Trả lại")
        APPROVED = "approved", _("Phê duyệt")
        REOPENED = "reopened", _("Mở lại")

    scope_path = "report__unit__path"

    report = models.ForeignKey(
        "movement.PeriodReport",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("báo cáo"),
    )
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        "movement.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    comment = models.TextField(_("ý kiến, lý do"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản báo cáo"))
    # At approval: {indicator code: value as a string}, so a reopened report shows old → new.
    snapshot = models.JSONField(_("số liệu lúc duyệt"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký báo cáo")
        verbose_name_plural = _("nhật ký báo cáo")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["report", "action"], name="report_event_action_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.report_id}"
