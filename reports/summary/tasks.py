"""Background tasks of the summary reports (Django tasks API; worker: ``manage.py db_worker``),
and the service that queues them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks import task

from movement.models import Unit, User, unit_in_scope
from movement.periods import Span
from reports.selectors import children_in
from reports.summary import services
from reports.summary.models import GeneratedFile, ReportBatch


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
