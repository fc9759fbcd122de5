"""Services of import jobs: create from an upload, run (preview or for real), failed rows as xlsx."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
import zlib
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from movement.imports.engine import detect_resource, known_headers, run_import
from movement.imports.outcome import Outcome
from movement.imports.reader import ImportFileError, open_table, sniff_kind
from movement.models import ImportJob

MAX_UPLOAD = 50 * 1024 * 1024
logger = logging.getLogger(__name__)


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


def job_timeout() -> dt.timedelta:
    """A job running (or waiting) longer than this was left by a dead worker."""
    return dt.timedelta(seconds=getattr(settings, "IMPORT_JOB_TIMEOUT", 30 * 60))


STALE_MESSAGE = (
    "Tiến trình nhập đã dừng giữa chừng (máy chủ hoặc tiến trình nền khởi động lại) và quá "
    "thời gian chờ: chưa lưu gì. Hãy tải tệp lên để kiểm tra lại."
)


def import_jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Marks «Lỗi» every job left running or waiting past the timeout; returns how many."""
    limit = (now or timezone.now()) - job_timeout()
    stale = ImportJob.objects.filter(
        Q(status=ImportJob.Status.RUNNING, started_at__lt=limit)
        | Q(status=ImportJob.Status.PENDING, created_at__lt=limit, started_at__isnull=True)
        | Q(status=ImportJob.Status.PENDING, started_at__lt=limit)
    )
    return stale.update(
        status=ImportJob.Status.FAILED,
        message=STALE_MESSAGE,
        errors=[{"row": None, "column": "", "message": STALE_MESSAGE}],
        finished_at=timezone.now(),
    )


def import_job_run(*, job: ImportJob) -> Outcome:
    """Runs ``job`` as its user: a preview when ``job.dry_run``, else the real import.

    Whatever happens, the job ends «Xong» or «Lỗi» with a Vietnamese message: never left running.
    """
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), processed_rows=0
    )

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        outcome = run_import(
            bytes(job.content),
            user=job.user,
            resource_key=job.resource or None,
            filename=job.file_name,
            dry_run=job.dry_run,
            progress=progress,
            options=job.options or None,
        )
    except Exception as exc:  # noqa: BLE001 — a job must end, whatever broke
        logger.exception("Import job %s failed", job.pk)
        outcome = Outcome(resource=job.resource, dry_run=job.dry_run)
        outcome.add(None, "", _failure(exc))
    job.resource = outcome.resource or job.resource
    job.status = ImportJob.Status.FAILED if outcome.errors else ImportJob.Status.DONE
    job.total_rows = outcome.total_rows
    job.processed_rows = outcome.total_rows
    job.created_count = outcome.created
    job.updated_count = outcome.updated
    job.unchanged_count = outcome.unchanged
    job.errors = [e.as_dict() for e in outcome.errors]
    job.details = outcome.details()
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
            "unchanged_count",
            "errors",
            "details",
            "message",
            "finished_at",
        ]
    )
    return outcome


def _failure(exc: BaseException) -> str:
    if isinstance(exc, IntegrityError):
        return (
            "Không lưu được: dữ liệu trùng với bản ghi vừa được lưu bởi một lần nhập khác "
            "cùng lúc. Chưa lưu gì; hãy kiểm tra thử lại tệp."
        )
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "Tệp bị hỏng: không đọc được nội dung. Hãy mở tệp trong Excel, lưu lại rồi nhập lại."
    return (
        "Lỗi không mong đợi khi nhập tệp; chưa lưu gì. Hãy báo quản trị hệ thống "
        f"(mã lỗi: {exc.__class__.__name__})."
    )


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
            table = open_table(
                bytes(job.content),
                job.file_name,
                sheet=(job.options or {}).get("sheet", ""),
                vocabulary=known_headers(),
            )
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
