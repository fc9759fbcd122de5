"""What a unit is and who signs for it, effective-dated: its facts (area, population, khu dân cư)
and its signing authority (thể thức ký, Nghị định 30/2020). Both change over time (a merger
changes the area; a new chairman signs), so each row holds from a date until the next row.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models.base import ScopedQuerySet
from movement.models.units import Unit


class EffectiveQuerySet(ScopedQuerySet):
    def in_force_on(self, unit: Unit, day: dt.date):
        """The row of ``unit`` in force on ``day`` (the latest that started by then), or None."""
        return (
            self.filter(unit=unit)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .order_by(models.F("valid_from").desc(nulls_last=True))
            .first()
        )


class UnitFacts(models.Model):
    """Section I of a yearly report opens with these: "diện tích tự nhiên 518 km², 100 thôn,
    khu phố; dân số trên 110.000 người"."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="facts", verbose_name=_("đơn vị")
    )
    valid_from = models.DateField(
        _("áp dụng từ"), null=True, blank=True, help_text=_("Để trống: từ khi đơn vị thành lập.")
    )
    area_km2 = models.DecimalField(
        _("diện tích tự nhiên (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("dân số (người)"), null=True, blank=True)
    population_at_least = models.BooleanField(
        _("dân số là số tối thiểu"),
        default=False,
        help_text=_("Đánh dấu khi nguồn nói «trên», «hơn»: báo cáo viết «trên 110.000 người»."),
    )
    residential_areas = models.PositiveIntegerField(
        _("số khu dân cư (thôn, tổ dân phố)"), null=True, blank=True
    )
    residential_label = models.CharField(
        _("gọi khu dân cư là"),
        max_length=60,
        blank=True,
        help_text=_("Ví dụ: «thôn, khu phố», «xóm, tổ dân phố»; để trống: «khu dân cư»."),
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("đặc điểm đơn vị")
        verbose_name_plural = _("đặc điểm đơn vị (diện tích, dân số, khu dân cư)")
        ordering = ["unit__path", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="unit_facts_unique_start",
                violation_error_message=_("Đơn vị đã có đặc điểm áp dụng từ ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gt=0),
                name="unit_facts_area_positive",
                violation_error_message=_("«Diện tích» phải lớn hơn 0."),
            ),
        ]

    def __str__(self) -> str:
        since = f" từ {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        return f"{self.unit}{since}"


class SigningCapacity(models.TextChoices):
    ON_BEHALF = "TM.", _("TM. (thay mặt tập thể)")
    DEPUTY = "KT.", _("KT. (ký thay người đứng đầu)")
    DIRECT = "", _("Người đứng đầu ký trực tiếp")


class SigningAuthority(models.Model):
    """Who signs the unit's reports: ``TM. BAN CHỈ ĐẠO`` / ``TRƯỞNG BAN`` / the name. A new
    report is prefilled with the authority in force on its last day."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="signing_authorities", verbose_name=_("đơn vị")
    )
    valid_from = models.DateField(
        _("áp dụng từ"), null=True, blank=True, help_text=_("Để trống: từ khi đơn vị thành lập.")
    )
    capacity = models.CharField(
        _("quyền hạn ký"),
        max_length=3,
        choices=SigningCapacity.choices,
        default=SigningCapacity.ON_BEHALF,
        blank=True,
    )
    body = models.CharField(
        _("tập thể ký thay mặt"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: «Ban Chỉ đạo»; với KT.: chức vụ người đứng đầu, «Trưởng ban»."),
    )
    title = models.CharField(_("chức vụ người ký"), max_length=120)
    name = models.CharField(_("họ tên người ký"), max_length=120)

    history = HistoricalRecords()
    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("thẩm quyền ký")
        verbose_name_plural = _("thẩm quyền ký báo cáo")
        ordering = ["unit__path", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="signing_authority_unique_start",
                violation_error_message=_("Đơn vị đã có người ký áp dụng từ ngày này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capacity} {self.body} – {self.title} {self.name}".strip()
