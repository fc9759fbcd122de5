"""Background tasks of the reports app (Django tasks API; worker: ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_for_unit(batch_id: int, unit_id: int) -> str:
    """One unit of a «tạo cho mọi đơn vị trực thuộc» batch: render its report and store the file."""
    from movement.models import Unit
    from reports.models import ReportBatch
    from reports.services import report_batch_step

    batch = ReportBatch.objects.select_related("created_by__unit").get(pk=batch_id)
    unit = Unit.objects.select_related("level").get(pk=unit_id)
    stored = report_batch_step(batch=batch, unit=unit)
    return stored.sha256 if stored else "lỗi"
