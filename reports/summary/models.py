"""The báo cáo tổng kết: the report staff edit, the files exported from it, and batches of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models import ScopedQuerySet, Unit
from movement.periods import Span


class SummaryReport(models.Model):
    """The yearly (or multi-year) báo cáo tổng kết of a unit or a safety cluster.

    The figures are never stored here: they are read from the selectors each time the report is
    shown or exported. What staff write is: the header of the document (Nghị định 30/2020), the
    narrative of sections I, III, IV and V, and section II, drafted from the data
    (``reports.summary.narrative``) then edited, one text per subsection.
    """

    class Capacity(models.TextChoices):
        ON_BEHALF = "TM.", _("TM. (thay mặt tập thể)")
        DEPUTY = "KT.", _("KT. (ký thay người đứng đầu)")
        DIRECT = "", _("Người đứng đầu ký trực tiếp")

    scope_path = "unit__path"
    # What staff write: the document's header, then the narrative (section II is ``results``).
    HEADER_FIELDS = [
        "parent_body",
        "issuing_body",
        "number",
        "symbol",
        "place",
        "issued_on",
        "title",
        "signer_capacity",
        "signer_body",
        "signer_title",
        "signer_name",
        "recipients",
    ]
    NARRATIVE_FIELDS = ["situation", "assessment", "directions", "proposals"]

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị"),
        help_text=_("Đơn vị báo cáo; với báo cáo của cụm: đơn vị chủ trì cụm."),
    )
    cluster = models.ForeignKey(
        "clusters.SafetyCluster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cụm địa bàn an toàn"),
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    # Header (thể thức văn bản, Nghị định 30/2020/NĐ-CP).
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    number = models.CharField(
        _("số văn bản"), max_length=20, blank=True, help_text=_("Để trống nếu chưa lấy số.")
    )
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="BC-BCĐ")
    place = models.CharField(_("địa danh"), max_length=80)
    issued_on = models.DateField(
        _("ngày ban hành"), null=True, blank=True, help_text=_("Để trống để điền tay khi ký.")
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    signer_capacity = models.CharField(
        _("quyền hạn ký"),
        max_length=3,
        choices=Capacity.choices,
        default=Capacity.ON_BEHALF,
        blank=True,
    )
    signer_body = models.CharField(_("tập thể ký thay mặt"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        help_text=_("Mỗi dòng một nơi nhận; dòng «Lưu: VT.» được thêm ở cuối."),
    )
    # Narrative.
    situation = models.TextField(_("I. Đặc điểm tình hình"), blank=True)
    results = models.JSONField(
        _("II. Kết quả thực hiện"), default=dict, blank=True, help_text=_("Một đoạn văn mỗi mục.")
    )
    assessment = models.TextField(_("III. Đánh giá chung"), blank=True)
    directions = models.TextField(_("IV. Phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("V. Đề xuất, kiến nghị"), blank=True)
    drafted_at = models.DateTimeField(_("soạn phần II từ số liệu lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = _("báo cáo tổng kết")
        ordering = ["-last_year", "unit__path"]
        permissions = [("export_summaryreport", "Được xuất báo cáo tổng kết (PDF, XLSX)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="summary_years_in_order",
                violation_error_message="«Đến năm» không được trước «Từ năm».",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2000, last_year__lte=2100),
                name="summary_years_range",
                violation_error_message="Năm báo cáo phải từ 2000 đến 2100.",
            ),
            models.UniqueConstraint(
                fields=["unit", "first_year", "last_year"],
                condition=Q(cluster__isnull=True),
                name="summary_unique_unit_years",
                violation_error_message="Đơn vị đã có báo cáo tổng kết cho những năm này.",
            ),
            models.UniqueConstraint(
                fields=["cluster", "first_year", "last_year"],
                condition=Q(cluster__isnull=False),
                name="summary_unique_cluster_years",
                violation_error_message="Cụm đã có báo cáo tổng kết cho những năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} – {self.span.label}"

    @property
    def span(self) -> Span:
        return Span(self.first_year, self.last_year)

    @property
    def subject_name(self) -> str:
        return self.cluster.name if self.cluster_id else self.unit.name

    @property
    def document_number(self) -> str:
        """``Số: 05/BC-BCĐ``; without a number yet the space is left to fill in by hand."""
        return f"Số: {self._number()}"

    @property
    def reference(self) -> str:
        """How the annex cites the report: ``số 05/BC-BCĐ ngày 05/01/2024``."""
        text = f"số {self._number()}"
        return f"{text} ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else text

    def _number(self) -> str:
        number = self.number.strip() or "\u00a0" * 6
        return f"{number}/{self.symbol}" if self.symbol else number


class GeneratedFile(models.Model):
    """A PDF or XLSX produced from a summary report, kept so a signed copy can be matched later."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("DOCX (Word, để hoàn thiện và ký)")
        XLSX = "xlsx", _("XLSX (phụ lục số liệu)")

    scope_path = "report__unit__path"

    report = models.ForeignKey(
        SummaryReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("báo cáo")
    )
    batch = models.ForeignKey(
        "ReportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("lô tạo hàng loạt"),
    )
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung"), editable=False)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã SHA-256"), max_length=64, db_index=True)
    report_version = models.PositiveIntegerField(_("phiên bản báo cáo"))
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    generated_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp báo cáo đã tạo")
        verbose_name_plural = _("tệp báo cáo đã tạo")
        ordering = ["-generated_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def content_type(self) -> str:
        if self.format == self.Format.PDF:
            return "application/pdf"
        if self.format == self.Format.DOCX:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportBatch(models.Model):
    """«Tạo cho mọi đơn vị trực thuộc»: one background task per unit one level down."""

    scope_path = "unit__path"

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị cấp trên")
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    format = models.CharField(_("định dạng"), max_length=4, choices=GeneratedFile.Format.choices)
    total = models.PositiveIntegerField(_("số đơn vị"), default=0)
    errors = models.JSONField(
        _("lỗi"), default=list, blank=True, help_text=_("Đơn vị không tạo được tệp, kèm lý do.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lô tạo báo cáo hàng loạt")
        verbose_name_plural = _("lô tạo báo cáo hàng loạt")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.first_year}-{self.last_year} ({self.format})"
