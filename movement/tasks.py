"""Background tasks of the movement app (Django tasks API; worker: ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    """Runs a large import (preview or real) outside the web request; progress is kept on the job."""
    from movement.imports.jobs import import_job_run
    from movement.models import ImportJob

    job = ImportJob.objects.select_related("user__unit").get(pk=job_id)
    return import_job_run(job=job).summary()
