"""Background tasks of the summary reports (Django tasks API; worker: ``manage.py db_worker``),
and the services that queue them: a batch (one task per unit below), and one report's file (an
export job of movement's, kind "summary", whose producer is registered in ReportsConfig.ready())."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from movement.export_jobs import ExportRefused, StoredElsewhere
from movement.models import ExportJob, Unit, User, unit_in_scope
from movement.periods import Span
from movement.tasks import export_job_start
from reports.selectors import children_in
from reports.summary import services
from reports.summary.models import GeneratedFile, ReportBatch, SummaryReport


@task()
def generate_for_unit(batch_id: int, unit_id: int) -> str:
    """One unit of a «tạo cho mọi đơn vị trực thuộc» batch: render its report and store the file."""
    batch = ReportBatch.objects.select_related("created_by__unit").get(pk=batch_id)
    unit = Unit.objects.select_related("level").get(pk=unit_id)
    stored = services.report_batch_step(batch=batch, unit=unit)
    return stored.sha256 if stored else "lỗi"


def report_batch_start(
    *, user: User, unit: Unit, first_year: int, last_year: int, fmt: str
) -> ReportBatch:
    """Queue one background task per unit one level down that existed during the years."""
    if not user.has_perm("reports.export_summaryreport") or not user.has_perm(
        "reports.add_summaryreport"
    ):
        raise services.ReportRefused("Bạn không có quyền tạo báo cáo tổng kết hàng loạt.")
    if not unit_in_scope(user, unit):
        raise services.ReportRefused("Đơn vị này không thuộc phạm vi của bạn.")
    services.check_years(first_year, last_year)
    if fmt not in GeneratedFile.Format.values:
        raise ValidationError({"format": "Định dạng tệp không hợp lệ."})
    span = Span(first_year, last_year)
    children = [
        child
        for child in children_in(unit, span.period())
        if child.level.rank <= 3  # communes and above: a khu dân cư has no report of its own
    ]
    if not children:
        raise ValidationError(
            {"unit": f"{unit.name} không có đơn vị trực thuộc trong {span.label}."}
        )
    batch = ReportBatch.objects.create(
        unit=unit,
        first_year=first_year,
        last_year=last_year,
        format=fmt,
        total=len(children),
        created_by=user,
    )

    def enqueue() -> None:
        for child in children:
            generate_for_unit.enqueue(batch.pk, child.pk)

    transaction.on_commit(enqueue)
    return batch


def summary_export_start(*, user: User, report: SummaryReport, fmt: str) -> ExportJob:
    """Queue the report's PDF, DOCX or XLSX annex: rendering takes seconds, never a request's."""
    services.check_export(user=user, report=report, fmt=fmt)
    what = "Phụ lục số liệu báo cáo tổng kết" if fmt == "xlsx" else "Báo cáo tổng kết"
    return export_job_start(
        user=user,
        kind="summary",
        title=f"{what} {report.subject_name}, {report.span.label}",
        fmt=fmt,
        file_name=services.file_name(report, fmt),
        # The version: a file asked for after a save is a new job, not the one still running.
        params={
            "report": report.pk,
            "version": report.version,
            "back": reverse("summary:edit", args=[report.pk]),
        },
    )


def summary_file_produce(job: ExportJob) -> StoredElsewhere:
    """The export job's file: the report rendered as it is now and kept as a GeneratedFile (the
    checks of ``report_file_generate`` are made again, as the job's user)."""
    report = (
        SummaryReport.objects.for_user(job.user)
        .select_related("unit__level", "unit__parent__level", "cluster")
        .filter(pk=job.params.get("report"))
        .first()
    )
    if report is None:
        raise ExportRefused("Báo cáo không còn hoặc không thuộc phạm vi của bạn.")
    stored = services.report_file_generate(report=report, user=job.user, fmt=job.format)
    return StoredElsewhere(
        url=reverse("summary:file", args=[stored.pk]), file_name=stored.file_name, size=stored.size
    )
