"""Roll-ups of approved period values, kept current on every write (DESIGN §11).

``OwnPeriodValue`` holds, for one unit, the effective value of each indicator for each
month, quarter, half-year and year (see ``reports.rollups.periods`` for the rule that picks the
reports). ``SubtreePeriodValue`` holds the same figures summed over a unit and everything
below it, so a dashboard reads a handful of rows whatever the number of units.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from movement.models import Indicator, Unit
from movement.periods import PeriodKind


class RollupBase(models.Model):
    # No single-column indexes: the unique constraint's index starts with the unit, and no
    # query reads the roll-ups by indicator alone (deleting an indicator is the rare exception);
    # at national scale they were ~630 MB that every write had to maintain (issue 18).
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("chỉ tiêu"),
    )
    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_kind} {self.period_start} {self.indicator_id} = {self.value}"


class OwnPeriodValue(RollupBase):
    """Effective approved value of one unit's own reports for one period."""

    class Meta:
        verbose_name = _("số liệu tổng hợp của đơn vị")
        verbose_name_plural = _("số liệu tổng hợp của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start", "indicator"],
                name="own_value_unique",
            )
        ]


class SubtreePeriodValue(RollupBase):
    """Sum of ``OwnPeriodValue`` over a unit's subtree; ``sources`` counts the units contributing."""

    # Not a PositiveIntegerField: its CHECK would refuse the upsert's proposed row when the
    # difference added is negative (``reports.rollups.upsert``; rows at 0 are deleted).
    sources = models.IntegerField(_("số đơn vị có số liệu"), default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp toàn cây đơn vị")
        verbose_name_plural = _("số liệu tổng hợp toàn cây đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start", "indicator"],
                name="subtree_value_unique",
            )
        ]


class RecordSource(models.TextChoices):
    """What a record roll-up row counts (see ``reports.rollups.records`` for each one's columns)."""

    PROPAGANDA = "propaganda", _("Buổi tuyên truyền")
    FESTIVAL = "festival", _("Ngày hội")
    GROUP_FOUNDED = "group_founded", _("Tổ tự quản thành lập")
    GROUP_ACTIVE = "group_active", _("Tổ tự quản đang hoạt động theo loại (thay đổi)")
    GROUPS_ACTIVE = "groups_active", _("Tổ tự quản đang hoạt động (thay đổi)")
    MODEL = "model", _("Mô hình, điển hình")
    COMMENDATION = "commendation", _("Khen thưởng")


class RecordRollupBase(models.Model):
    # The unique constraint's index starts with the unit: no index of its own.
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("đơn vị")
    )
    source = models.CharField(_("loại hồ sơ"), max_length=20, choices=RecordSource.choices)
    category = models.CharField(_("phân loại"), max_length=30, blank=True)
    month = models.DateField(_("tháng"))
    count = models.BigIntegerField(_("số hồ sơ"), default=0)
    amount = models.BigIntegerField(_("số lượng"), default=0)
    extra = models.BigIntegerField(_("số lượng khác"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.unit_id} {self.source} {self.category} {self.month} = {self.count}"


class OwnRecordValue(RecordRollupBase):
    """Records of one unit (not its subtree) totalled by month and category."""

    class Meta:
        verbose_name = _("số liệu hồ sơ tổng hợp của đơn vị")
        verbose_name_plural = _("số liệu hồ sơ tổng hợp của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "source", "category", "month"], name="own_record_unique"
            )
        ]


class SubtreeRecordValue(RecordRollupBase):
    """Sum of ``OwnRecordValue`` over a unit's subtree."""

    class Meta:
        verbose_name = _("số liệu hồ sơ tổng hợp toàn cây đơn vị")
        verbose_name_plural = _("số liệu hồ sơ tổng hợp toàn cây đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "source", "month", "category"], name="subtree_record_unique"
            )
        ]
