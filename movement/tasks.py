"""Background tasks of the movement app (Django tasks API; worker: ``manage.py db_worker``),
the service that runs an import job now or queues it, and the one that queues an export."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from movement.export_jobs import (
    export_job_create,
    export_job_find_running,
    export_job_run,
    export_jobs_expire,
)
from movement.imports.jobs import background_threshold, import_job_run
from movement.models import ExportJob, ImportJob, User


@task()
def run_import_job(job_id: int) -> str:
    """Runs a large import (preview or real) outside the web request; progress is kept on the job."""
    job = ImportJob.objects.select_related("user__unit").get(pk=job_id)
    return import_job_run(job=job).summary()


def import_job_start(*, job: ImportJob, dry_run: bool) -> ImportJob:
    """Runs the job now, or queues it for the worker (``manage.py db_worker``) when the file is big."""
    job.dry_run = dry_run
    job.status = ImportJob.Status.PENDING
    job.errors = []
    job.message = ""
    job.save(update_fields=["dry_run", "status", "errors", "message"])
    if job.total_rows > background_threshold():

        def enqueue() -> None:
            result = run_import_job.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    else:
        import_job_run(job=job)
        job.refresh_from_db()
    return job


@task()
def run_export_job(job_id: int) -> str:
    """Makes a big export's file outside the web request; its progress is kept on the job."""
    job = export_job_run(job_id=job_id)
    return job.message if job is not None else "đã chạy hoặc đã hủy"


def export_job_start(
    *, user: User, kind: str, title: str, fmt: str, file_name: str, params: dict
) -> ExportJob:
    """Queues the export for the worker once the request's transaction commits; the same export
    asked again while it is still being made gives the same job."""
    export_jobs_expire(user=user)  # a job a dead worker left is not the one to wait for
    running = export_job_find_running(user=user, kind=kind, fmt=fmt, params=params)
    if running is not None:
        return running
    job = export_job_create(
        user=user, kind=kind, title=title, fmt=fmt, file_name=file_name, params=params
    )

    def enqueue() -> None:
        result = run_export_job.enqueue(job.pk)
        ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job
