"""Nhật ký thay đổi: who changed what and when in the user's units, filterable, as XLSX too (made
in the background when it holds more than a few thousand changes)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from movement.export_jobs import background_threshold
from movement.exports import xlsx_response
from movement.models import Unit
from movement.params import id_param, int_param
from movement.selectors import audit
from movement.tasks import export_job_start

PAGE = 50


def _may_audit(request: HttpRequest) -> None:
    if not audit.can_audit(request.user):
        raise PermissionDenied("Nhật ký thay đổi dành cho Quản trị viên và Ban Chỉ đạo.")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime((value or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _filters(request: HttpRequest) -> audit.AuditFilters:
    user = request.user
    base = user.unit or Unit.objects.filter(parent__isnull=True).order_by("path").first()
    unit_id = id_param(request.GET.get("don_vi"))
    unit = Unit.objects.for_user(user).filter(pk=unit_id).first() if unit_id else None
    models_ = audit.audited_models(user)
    model = request.GET.get("loai", "")
    return audit.AuditFilters(
        unit=unit or base,
        username=(request.GET.get("nguoi") or "").strip()[:150],
        model=model if model in models_ else "",
        start=_date(request.GET.get("tu_ngay")),
        end=_date(request.GET.get("den_ngay")),
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _may_audit(request)
    filters = _filters(request)
    page = int_param(request.GET.get("trang"), low=1, high=400, default=1)
    rows, more = audit.audit_page(
        user=request.user, filters=filters, offset=(page - 1) * PAGE, limit=PAGE
    )
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "movement/audit.html",
        {
            "rows": rows,
            "filters": filters,
            "page": page,
            "more": more,
            "query": query.urlencode(),
            "models": [
                (label, m._meta.verbose_name)
                for label, m in audit.audited_models(request.user).items()
            ],
            "units": _unit_choices(request, filters.unit),
            "usernames": audit.audit_users(request.user, filters.unit),
            "raw": request.GET,
        },
    )


def _unit_choices(request: HttpRequest, selected: Unit) -> list[Unit]:
    """The selected unit, its parent when in scope, and its units one level down."""
    choices = [selected]
    if (
        selected.parent_id
        and Unit.objects.for_user(request.user).filter(pk=selected.parent_id).exists()
    ):
        choices.insert(0, selected.parent)
    children = (
        Unit.objects.filter(parent=selected).order_by("name").only("pk", "name", "valid_to")[:200]
    )
    return choices + list(children)


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    _may_audit(request)
    filters = _filters(request)
    file_name = f"nhat-ky-thay-doi-{timezone.localdate():%Y%m%d}.xlsx"
    big = background_threshold()
    if audit.audit_count_upto(user=request.user, filters=filters, limit=big + 1) <= big:
        rows = audit.audit_table(user=request.user, filters=filters, cap=audit.EXPORT_CAP)
        return xlsx_response(rows, file_name, "Nhật ký thay đổi")
    query = request.GET.copy()
    query.pop("trang", None)
    job = export_job_start(
        user=request.user,
        kind="audit",
        title=f"Nhật ký thay đổi, {filters.unit.name}",
        fmt="xlsx",
        file_name=file_name,
        params={
            **audit.filters_params(filters),
            "back": f"{reverse('movement:audit')}?{query.urlencode()}".rstrip("?"),
        },
    )
    return redirect("movement:export_job", pk=job.pk)
