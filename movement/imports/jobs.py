"""Services of import jobs: create from an upload, run (preview or for real), failed rows as xlsx."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import timezone

from movement.imports.engine import detect_resource, run_import
from movement.imports.outcome import Outcome
from movement.imports.reader import ImportFileError, open_table, sniff_kind
from movement.models import ImportJob

MAX_UPLOAD = 50 * 1024 * 1024


def background_threshold() -> int:
    """Files with more rows than this run in the background worker ("a few thousand")."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 3000)


def estimate_rows(content: bytes, filename: str = "") -> int:
    """A cheap row count: the sheet's declared dimension, or the lines of a CSV."""
    try:
        kind = sniff_kind(content, filename)
    except ImportFileError:
        return 0
    if kind == "csv":
        return max(content.count(b"\n") - 1, 0)
    try:
        from openpyxl import load_workbook

        from movement.imports.reader import _sheet, check_zip

        check_zip(content)
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        try:
            rows = _sheet(workbook, "").max_row or 0
        finally:
            workbook.close()
        return max(rows - 1, 0) if rows else len(content) // 40
    except Exception:  # a broken file is reported by the import itself
        return 0


def import_job_create(
    *, user: Any, content: bytes, file_name: str, resource: str | None = None
) -> ImportJob:
    """Keeps the upload in the database; the resource is detected when not given."""
    if not resource:
        try:
            resource = detect_resource(content, file_name)
        except ImportFileError:
            resource = ""
    return ImportJob.objects.create(
        user=user,
        unit=getattr(user, "unit", None),
        resource=resource or "",
        file_name=file_name[:255],
        content=content,
        dry_run=True,
        total_rows=estimate_rows(content, file_name),
    )


def import_job_run(*, job: ImportJob) -> Outcome:
    """Runs ``job`` as its user: a preview when ``job.dry_run``, else the real import."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), processed_rows=0
    )

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    outcome = run_import(
        bytes(job.content),
        user=job.user,
        resource_key=job.resource or None,
        filename=job.file_name,
        dry_run=job.dry_run,
        progress=progress,
    )
    job.resource = outcome.resource or job.resource
    job.status = ImportJob.Status.FAILED if outcome.errors else ImportJob.Status.DONE
    job.total_rows = outcome.total_rows
    job.processed_rows = outcome.total_rows
    job.created_count = outcome.created
    job.updated_count = outcome.updated
    job.errors = [e.as_dict() for e in outcome.errors]
    job.message = outcome.summary()
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "resource",
            "status",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "errors",
            "message",
            "finished_at",
        ]
    )
    return outcome


def failed_rows_xlsx(job: ImportJob) -> bytes:
    """The rows that failed, as the user wrote them, with a last column «Lỗi»."""
    from movement.exports import write_xlsx

    by_row: dict[int, list[str]] = {}
    general: list[str] = []
    for error in job.errors:
        text = f"«{error['column']}»: {error['message']}" if error["column"] else error["message"]
        if error["row"]:
            by_row.setdefault(error["row"], []).append(text)
        else:
            general.append(text)

    def rows():
        try:
            table = open_table(bytes(job.content), job.file_name)
            headers = list(table.headers)
        except ImportFileError:
            yield ["Dòng", "Lỗi"]
            for text in general:
                yield ["", text]
            return
        yield ["Dòng", *headers, "Lỗi"]
        for text in general:
            yield ["", *([""] * len(headers)), text]
        for number, values in table.rows():
            if number in by_row:
                yield [number, *values, "; ".join(by_row[number])]

    buffer = io.BytesIO()
    write_xlsx(rows(), buffer, "Dòng lỗi")
    return buffer.getvalue()
