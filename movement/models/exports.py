"""Export jobs: a file too big to make inside a web request, made by the background worker.

The file is written to the default storage under ``exports/``, which no URL serves: it goes out
only through the job's download view, to the user who asked for it. A file kept by another app
(a báo cáo tổng kết's ``GeneratedFile``) is linked by ``result_url`` instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from movement.models.base import ScopedQuerySet
from movement.models.units import Unit


def export_upload_to(job: ExportJob, filename: str) -> str:
    """``exports/2026/03/<job id>-<name>``: never under a served URL (see movement.views.media)."""
    return f"exports/{timezone.now():%Y/%m}/{job.pk}-{filename}"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("XLSX (Excel)")
        PDF = "pdf", "PDF"
        DOCX = "docx", _("DOCX (Word)")

    scope_path = "unit__path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("người xuất"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi (đơn vị của người xuất)"),
    )
    # What makes the file: a key of movement.export_jobs' registry ("resource", "audit", ...).
    kind = models.CharField(_("loại"), max_length=20)
    title = models.CharField(_("nội dung"), max_length=200)
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    # What the producer needs (a resource's key, the filters, a report's id) and «back» (the page
    # the export was asked from).
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_written = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)
    message = models.TextField(_("kết quả"), blank=True)
    file = models.FileField(_("tệp"), upload_to=export_upload_to, max_length=255, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"), default=0)
    result_url = models.CharField(
        _("địa chỉ tải tệp"),
        max_length=255,
        blank=True,
        help_text=_("Khi tệp do phần khác của cổng lưu (báo cáo tổng kết)."),
    )
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    # The last sign of life of a running job: a job silent longer than EXPORT_JOB_TIMEOUT is dead.
    progress_at = models.DateTimeField(_("cập nhật tiến độ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    purged_at = models.DateTimeField(_("xóa tệp lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần xuất dữ liệu")
        verbose_name_plural = _("tệp đã xuất")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="exportjob_user_recent"),
            models.Index(fields=["status", "created_at"], name="exportjob_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result_url or self.file)
