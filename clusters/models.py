"""Safety clusters ("cụm địa bàn an toàn - đơn vị an toàn"), their member units and activities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models import NormalizedTextModel, ScopedQuerySet, Unit
from movement.models.records import count_field, date_order, non_negative


class SafetyCluster(NormalizedTextModel):
    scope_path = "host_unit__path"
    search_fields_source = ("name", "host_unit.name")

    name = models.CharField(_("tên cụm"), max_length=255)
    host_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="hosted_clusters",
        verbose_name=_("đơn vị chủ trì"),
    )
    communes = models.ManyToManyField(
        Unit, blank=True, related_name="safety_clusters", verbose_name=_("xã, phường trong cụm")
    )
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[communes])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cụm địa bàn an toàn")
        verbose_name_plural = _("cụm địa bàn an toàn")
        ordering = ["host_unit__path", "name"]
        constraints = [
            date_order(
                "cluster",
                "established_on",
                "dissolved_on",
                "Ngày giải thể phải sau ngày thành lập.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClusterMember(NormalizedTextModel):
    class Kind(models.TextChoices):
        BORDER_POST = "border_post", _("Đồn biên phòng")
        FORESTRY = "forestry", _("Lâm trường")
        COMPANY = "company", _("Đại đội, đơn vị quân đội")
        MILITARY_COMMAND = "military_command", _("Ban Chỉ huy quân sự")
        POLICE = "police", _("Công an")
        AUTHORITY = "authority", _("Cơ quan, chính quyền")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Trường học")
        HOSPITAL = "hospital", _("Bệnh viện, trạm y tế")
        MASS_ORGANISATION = "mass_organisation", _("Tổ chức chính trị - xã hội")
        OTHER = "other", _("Khác")

    scope_path = "cluster__host_unit__path"
    search_fields_source = ("name",)

    cluster = models.ForeignKey(
        SafetyCluster, on_delete=models.CASCADE, related_name="members", verbose_name=_("cụm")
    )
    name = models.CharField(_("tên đơn vị thành viên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    is_military = models.BooleanField(_("đơn vị quân đội"), default=False)
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    left_on = models.DateField(_("ngày rời cụm"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị thành viên cụm")
        verbose_name_plural = _("đơn vị thành viên cụm")
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="cluster_member_unique_name",
                violation_error_message="Cụm đã có đơn vị thành viên cùng tên.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="border_post", is_military=False),
                name="cluster_member_border_post_military",
                violation_error_message="Đồn biên phòng là đơn vị quân đội: hãy đánh dấu «đơn vị quân đội».",
            ),
            date_order(
                "cluster_member", "joined_on", "left_on", "Ngày rời cụm phải sau ngày tham gia."
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClusterActivity(NormalizedTextModel):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Giao ban")
        JOINT_PATROL = "joint_patrol", _("Tuần tra chung")
        BORDER_MARKER = "border_marker", _("Bảo vệ đường biên, mốc giới")
        PROPAGANDA = "propaganda", _("Phối hợp tuyên truyền")
        REVIEW = "review", _("Sơ kết, tổng kết")
        SOCIAL = "social", _("Hoạt động an sinh, đền ơn đáp nghĩa")
        OTHER = "other", _("Khác")

    scope_path = "cluster__host_unit__path"
    search_fields_source = ("title",)

    cluster = models.ForeignKey(
        SafetyCluster, on_delete=models.CASCADE, related_name="activities", verbose_name=_("cụm")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("ngày"))
    title = models.CharField(_("nội dung"), max_length=255)
    participants = count_field(_("số lượt người tham gia"))
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động của cụm")
        verbose_name_plural = _("hoạt động của cụm")
        ordering = ["-held_on"]
        constraints = non_negative("cluster_activity", participants="Số lượt người tham gia")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.held_on:%d/%m/%Y}"
