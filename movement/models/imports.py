"""Import jobs: an uploaded file kept in the database, checked (preview) then saved (confirm).

The file's bytes live in the row itself, so the preview and the confirmation
may run in different web processes, or in the background worker.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from movement.models.base import ScopedQuerySet
from movement.models.units import Unit


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    scope_path = "unit__path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("người nhập"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi (đơn vị của người nhập)"),
    )
    resource = models.CharField(_("loại dữ liệu"), max_length=40)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"), editable=False)
    dry_run = models.BooleanField(_("chỉ kiểm tra thử"), default=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    created_count = models.PositiveIntegerField(_("số bản ghi thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("số bản ghi cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số bản ghi không đổi"), default=0)
    # The user's choices on the mapping step: {"sheet": ..., "period": ..., "mapping": {header: key}}.
    options = models.JSONField(_("lựa chọn khi nhập"), default=dict, blank=True)
    # What the check showed: unread columns, empty figures, warnings, old → new (Outcome.details()).
    details = models.JSONField(_("chi tiết kiểm tra"), default=dict, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    message = models.TextField(_("kết quả"), blank=True)
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("nhập dữ liệu từ tệp")
        ordering = ["-created_at"]
        permissions = [
            ("import_data", "Được nhập dữ liệu từ tệp"),
            ("export_data", "Được xuất dữ liệu"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (self.Status.DONE, self.Status.FAILED) else 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ColumnMapping(models.Model):
    """How a unit's files with these headers map to the columns (or indicators) of a resource.

    Chosen once on the mapping step, then applied to the unit's next file with the same headers.
    """

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    resource = models.CharField(_("loại dữ liệu"), max_length=40)
    signature = models.CharField(_("dấu hiệu tiêu đề"), max_length=64)
    headers = models.JSONField(_("tiêu đề cột"), default=list)
    mapping = models.JSONField(_("ghép cột"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chọn"),
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cách ghép cột đã nhớ")
        verbose_name_plural = _("cách ghép cột đã nhớ")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "resource", "signature"], name="column_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {len(self.mapping)} cột"
