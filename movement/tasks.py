"""Background tasks of the movement app (Django tasks API; worker: ``manage.py db_worker``),
and the service that runs an import job now or queues it."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from movement.imports.jobs import background_threshold, import_job_run
from movement.models import ImportJob


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
