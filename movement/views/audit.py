"""Nhật ký thay đổi: who changed what and when in the user's units, filterable, as XLSX too."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from movement.exports import xlsx_response
from movement.models import Role, Unit
from movement.params import id_param, int_param
from movement.selectors import audit

PAGE = 50
EXPORT_CAP = 20_000


def _may_audit(request: HttpRequest) -> None:
    user = request.user
    if user.is_superuser:
        return
    if user.unit is None or not (
        user.has_role(Role.ADMINISTRATOR) or user.has_role(Role.COMMITTEE)
    ):
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
    header = [
        "Thời điểm",
        "Thao tác",
        "Loại dữ liệu",
        "Đối tượng",
        "Đơn vị",
        "Người thực hiện",
        "Thay đổi",
        "Lý do",
    ]

    def rows():
        yield header
        for row in audit.audit_rows(user=request.user, filters=filters, cap=EXPORT_CAP):
            yield [
                timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S"),
                row.action,
                row.model_name,
                row.object_text,
                row.unit_name,
                row.username,
                "; ".join(f"{name}: {old} → {new}" for name, old, new in row.changes),
                row.reason,
            ]

    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(rows(), f"nhat-ky-thay-doi-{stamp}.xlsx", "Nhật ký thay đổi")
