"""«Đang tạo tệp» and «Tệp đã xuất»: a big export's page (it refreshes itself until the file is
ready), the user's recent exports, and the download. Only the user who asked sees a job (and
superusers); anyone else gets 404."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from movement.export_jobs import back_label, export_jobs_expire
from movement.models import ExportJob
from movement.views.media import send_stored_file

REFRESH_SECONDS = 3
# A job still waiting after this long: the page says the worker may not be running.
SLOW_START = dt.timedelta(minutes=1)
# What the lists show of a job.
LIST_FIELDS = (
    "pk",
    "title",
    "format",
    "status",
    "rows_written",
    "file",
    "file_name",
    "size",
    "result_url",
    "created_at",
    "purged_at",
)


def _jobs(request: HttpRequest):
    jobs = ExportJob.objects.for_user(request.user)
    return jobs if request.user.is_superuser else jobs.filter(user=request.user)


def _job_for_user(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(_jobs(request), pk=pk)


def _back(request: HttpRequest, job: ExportJob) -> str:
    back = str((job.params or {}).get("back") or "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if back.startswith("/") and safe else ""


@login_required
def export_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export_jobs_expire(user=request.user)
    job = _job_for_user(request, pk)
    recent = list(
        _jobs(request).filter(user=request.user).exclude(pk=job.pk).only(*LIST_FIELDS)[:5]
    )
    return render(
        request,
        "movement/exports/job.html",
        {
            "job": job,
            "back": _back(request, job),
            "back_label": back_label(job.kind),
            "recent": recent,
            "refresh": REFRESH_SECONDS if job.is_running else None,
            # «Dừng tự cập nhật»: a page that reloads itself must let its reader stop it (WCAG 2.2.1).
            "paused": request.GET.get("tu_cap_nhat") == "0",
            "slow_start": job.status == ExportJob.Status.PENDING
            and timezone.now() - job.created_at > SLOW_START,
            "retention_days": settings.EXPORT_RETENTION_DAYS,
        },
    )


@login_required
def export_job_list(request: HttpRequest) -> HttpResponse:
    export_jobs_expire(user=request.user)
    # One's own files, superusers included (they open others' from the admin).
    jobs = list(_jobs(request).filter(user=request.user).only(*LIST_FIELDS)[:50])
    return render(
        request,
        "movement/exports/list.html",
        {
            "jobs": jobs,
            "running": any(j.is_running for j in jobs),
            "retention_days": settings.EXPORT_RETENTION_DAYS,
        },
    )


@login_required
def export_job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    if not job.downloadable:
        raise Http404("Tệp chưa có hoặc đã bị xóa.")
    if job.result_url:  # kept by another part of the portal, which checks access itself
        return redirect(job.result_url)
    return send_stored_file(job.file.name, download_name=job.file_name)
