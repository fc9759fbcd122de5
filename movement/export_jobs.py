"""Exports too big for a web request: a job the background worker runs, then a download.

A page asks :func:`is_big` (a bounded count, never a COUNT of the whole country); a small export
streams at once (``movement.exports``), a big one becomes an ``ExportJob`` queued by
``movement.tasks.export_job_start``. What the job writes comes from a *producer* named by its
``kind``: the movement registers its own here ("resource", "audit"), higher apps theirs from
their ``AppConfig.ready()`` (the báo cáo tổng kết's files, kept by the reports app).

A producer returns either :class:`Rows` (a table this module writes as CSV or XLSX, counting
the rows as it goes) or :class:`StoredElsewhere` (a file the producer stored itself, which the
job links to). Whatever happens, a job ends «Xong» or «Lỗi» with a Vietnamese message; a job
left silent past ``EXPORT_JOB_TIMEOUT`` (a worker that died) is marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import Q, QuerySet
from django.utils import timezone

from movement.exports import csv_lines, export_rows, write_xlsx
from movement.imports.engine import can_export
from movement.models import ExportJob, User
from movement.resources import get_resource
from movement.selectors import audit

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Rows:
    """A table to write: the header first, then one list of cells per row."""

    rows: Iterable[list[Any]]
    sheet_title: str
    note: str = ""  # said after the row count when done («chỉ 20.000 dòng mới nhất»)


@dataclass(frozen=True)
class StoredElsewhere:
    """A file the producer kept itself (with its own access check at ``url``)."""

    url: str
    file_name: str
    size: int


Producer = Callable[[ExportJob], "Rows | StoredElsewhere"]


@dataclass(frozen=True)
class ExportKind:
    produce: Producer
    back_label: str  # the link from the job's page to the page the export was asked from


_KINDS: dict[str, ExportKind] = {}


class ExportRefused(PermissionDenied):
    """The user may no longer make this export (the message says why)."""


def register_export_kind(kind: str, producer: Producer, *, back_label: str) -> None:
    """Names what makes the files of the jobs of ``kind`` (idempotent)."""
    _KINDS[kind] = ExportKind(producer, back_label)


def back_label(kind: str) -> str:
    found = _KINDS.get(kind)
    return found.back_label if found else "Quay lại"


def background_threshold() -> int:
    """Exports of more rows than this are made in the background ("a few thousand")."""
    return settings.EXPORT_BACKGROUND_ROWS


def is_big(queryset: QuerySet) -> bool:
    """Whether ``queryset`` has more rows than the threshold; reads at most threshold + 1."""
    limit = background_threshold()
    return queryset.order_by()[: limit + 1].count() > limit


def job_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EXPORT_JOB_TIMEOUT)


def export_job_find_running(
    *, user: User, kind: str, fmt: str, params: dict[str, Any]
) -> ExportJob | None:
    """The same export this user already asked for and that is not finished: asked twice, made once."""
    for job in ExportJob.objects.filter(
        user=user,
        kind=kind,
        format=fmt,
        status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
    ).order_by("-pk")[:20]:
        if job.params == params:
            return job
    return None


def export_job_create(
    *, user: User, kind: str, title: str, fmt: str, file_name: str, params: dict[str, Any]
) -> ExportJob:
    if kind not in _KINDS:
        raise KeyError(f"Không có loại tệp xuất «{kind}».")
    return ExportJob.objects.create(
        user=user,
        unit=getattr(user, "unit", None),
        kind=kind,
        title=title[:200],
        format=fmt,
        file_name=file_name[:255],
        params=params,
    )


STALE_MESSAGE = (
    "Việc tạo tệp đã dừng giữa chừng (máy chủ hoặc tiến trình nền khởi động lại) và quá thời "
    "gian chờ. Hãy xuất lại; nếu vẫn không được, báo quản trị hệ thống."
)


def export_jobs_expire(*, user: User | None = None, now: dt.datetime | None = None) -> int:
    """Marks «Lỗi» the jobs waiting or silent past the timeout (``user``'s only, if given)."""
    limit = (now or timezone.now()) - job_timeout()
    jobs = ExportJob.objects.filter(user=user) if user is not None else ExportJob.objects.all()
    silent = (
        Q(progress_at__lt=limit)
        | Q(progress_at__isnull=True, started_at__lt=limit)
        | Q(progress_at__isnull=True, started_at__isnull=True, created_at__lt=limit)
    )
    stale = jobs.filter(silent, status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING])
    return stale.update(
        status=ExportJob.Status.FAILED, message=STALE_MESSAGE, finished_at=timezone.now()
    )


class _Counted:
    """Passes the rows on, counting them (the header aside) and saying so every few thousand."""

    def __init__(self, rows: Iterable[list[Any]], job_id: int) -> None:
        self.rows, self.job_id, self.count = rows, job_id, -1

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            yield row
            self.count += 1
            if self.count and self.count % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job_id).update(
                    rows_written=self.count, progress_at=timezone.now()
                )


def _write(job: ExportJob, table: Rows) -> int:
    """Writes the table into a temporary file, then into the storage; returns the rows written."""
    counted = _Counted(table.rows, job.pk)
    with tempfile.TemporaryFile() as spool:
        if job.format == ExportJob.Format.CSV:
            for line in csv_lines(counted):
                spool.write(line.encode("utf-8"))
        else:
            write_xlsx(counted, spool, table.sheet_title)
        spool.seek(0)
        job.file.save(job.file_name, File(spool, name=job.file_name), save=False)
    job.size = job.file.size
    return max(counted.count, 0)


def _failure(exc: BaseException) -> str:
    if isinstance(exc, PermissionDenied) and str(exc):
        return str(exc)
    return (
        "Lỗi không mong đợi khi tạo tệp. Hãy thử xuất lại; nếu vẫn lỗi, báo quản trị hệ thống "
        f"(mã lỗi: {exc.__class__.__name__})."
    )


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Makes the job's file. Returns None when the job is no longer waiting (already run, or
    given up as stale): a task delivered twice makes the file once."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, started_at=now, progress_at=now, rows_written=0
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("user__unit").get(pk=job_id)
    status, message = ExportJob.Status.DONE, ""
    try:
        if not job.user.is_active:
            raise ExportRefused("Tài khoản đã bị khóa: không tạo tệp.")
        made = _KINDS[job.kind].produce(job)
        if isinstance(made, StoredElsewhere):
            job.result_url, job.file_name, job.size = made.url, made.file_name, made.size
            message = f"Đã tạo tệp {made.file_name}."
        else:
            job.rows_written = _write(job, made)
            rows = f"{job.rows_written:,}".replace(",", ".")
            message = f"Đã tạo tệp {job.file_name}: {rows} dòng{made.note}."
    except Exception as exc:  # noqa: BLE001 — a job must end, whatever broke
        if not isinstance(exc, PermissionDenied):
            logger.exception("Export job %s failed", job.pk)
        status, message = ExportJob.Status.FAILED, _failure(exc)
        if job.file:
            job.file.delete(save=False)
    finished = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=status,
        message=message,
        rows_written=job.rows_written,
        file=job.file.name or "",
        file_name=job.file_name,
        size=job.size,
        result_url=job.result_url,
        finished_at=timezone.now(),
    )
    if not finished and job.file:  # given up as stale meanwhile: the page already said so
        job.file.delete(save=False)
    job.refresh_from_db()
    return job


def export_files_purge(*, days: int, dry_run: bool = False) -> tuple[int, int]:
    """Deletes the files of jobs finished more than ``days`` ago; the jobs stay (who exported
    what, when). Returns (files, bytes)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    old = ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file="")
    found = list(old.only("pk", "file", "size"))
    if not dry_run:
        for job in found:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk__in=[j.pk for j in found]).update(
            file="", purged_at=timezone.now()
        )
    return len(found), sum(j.size for j in found)


# --- the movement's own exports ----------------------------------------------------------------


def resource_rows(job: ExportJob) -> Rows:
    """An import/export resource (the admin's «Xuất xlsx/csv»), as the user's scope is now."""
    key = job.params.get("resource", "")
    if not can_export(job.user, key):
        raise ExportRefused("Bạn không còn quyền xuất loại dữ liệu này.")
    resource = get_resource(key)(user=job.user)
    return Rows(export_rows(resource), resource.title)


def audit_log_rows(job: ExportJob) -> Rows:
    """The nhật ký thay đổi with the filters of the page it was asked from."""
    filters = audit.filters_from_params(job.user, job.params)
    if not audit.can_audit(job.user) or filters is None:
        raise ExportRefused("Bạn không còn quyền xem nhật ký thay đổi của đơn vị này.")
    cap = audit.EXPORT_CAP
    capped = audit.audit_count_upto(user=job.user, filters=filters, limit=cap + 1) > cap
    note = f" (chỉ {cap:,} thay đổi mới nhất)".replace(",", ".") if capped else ""
    return Rows(
        audit.audit_table(user=job.user, filters=filters, cap=cap), "Nhật ký thay đổi", note
    )


register_export_kind("resource", resource_rows, back_label="Về danh sách trong trang quản trị")
register_export_kind("audit", audit_log_rows, back_label="Về nhật ký thay đổi")
