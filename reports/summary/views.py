"""Pages of the báo cáo tổng kết: list and create, edit, preview, export, stored files, batches."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reports.summary import builder, services, tasks
from reports.summary.forms import BatchForm, SummaryCreateForm, SummaryEditForm, VerifyForm
from reports.summary.models import GeneratedFile, ReportBatch, SummaryReport


def _report_for_user(request: HttpRequest, pk: int) -> SummaryReport:
    """The report ``pk`` if its unit lies in the user's units; any other id answers 404."""
    if not request.user.has_perm("reports.view_summaryreport"):
        raise PermissionDenied("Bạn không có quyền xem báo cáo tổng kết.")
    return get_object_or_404(
        SummaryReport.objects.for_user(request.user).select_related(
            "unit__level", "unit__parent__level", "cluster"
        ),
        pk=pk,
    )


def _errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def summary_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reports.view_summaryreport"):
        raise PermissionDenied("Bạn không có quyền xem báo cáo tổng kết.")
    reports = (
        SummaryReport.objects.for_user(request.user)
        .select_related("unit", "cluster")
        .annotate(file_count=Count("files"))
        .order_by("-last_year", "-updated_at")
    )
    page = Paginator(reports, 25).get_page(request.GET.get("trang"))
    batches = list(
        ReportBatch.objects.for_user(request.user)
        .select_related("unit")
        .annotate(done=Count("files"))
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "reports/summary/list.html",
        {
            "page": page,
            "can_create": request.user.has_perm("reports.add_summaryreport"),
            "create_form": SummaryCreateForm(user=request.user),
            # Its own ids: both forms of the page have a «unit» and years (ids must be unique).
            "batch_form": BatchForm(user=request.user, auto_id="lo_%s"),
            "batches": batches,
        },
    )


@login_required
@require_POST
def summary_create(request: HttpRequest) -> HttpResponse:
    form = SummaryCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        _errors(request, form)
        return redirect("summary:list")
    data = form.cleaned_data
    missing = services.years_without_report(
        unit=data["unit"],
        cluster=data["cluster"],
        first_year=data["first_year"],
        last_year=data["last_year"],
    )
    if missing and not request.POST.get("xac_nhan"):
        # Before drafting: say which years have no approved yearly report (their figures are
        # left blank, not zero) and let staff go on or stop.
        return render(
            request,
            "reports/summary/confirm.html",
            {
                "form": form,
                "data": data,
                "missing": missing,
                "span": services.Span(data["first_year"], data["last_year"]),
            },
        )
    try:
        report = services.summary_report_create(
            user=request.user,
            unit=data["unit"],
            cluster=data["cluster"],
            first_year=data["first_year"],
            last_year=data["last_year"],
        )
    except ValidationError as error:
        existing = SummaryReport.objects.for_user(request.user).filter(
            unit=data["cluster"].host_unit if data["cluster"] else data["unit"],
            cluster=data["cluster"],
            first_year=data["first_year"],
            last_year=data["last_year"],
        )
        if existing.exists():
            messages.info(request, "Báo cáo này đã có; mở bản đang soạn.")
            return redirect("summary:edit", pk=existing.first().pk)
        for message in error.messages:
            messages.error(request, message)
        return redirect("summary:list")
    messages.success(
        request,
        "Đã lập báo cáo; năm phần được soạn sẵn từ số liệu, hãy đọc, viết vào các chỗ […] rồi lưu.",
    )
    return redirect("summary:edit", pk=report.pk)


@login_required
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_user(request, pk)
    writable = services.can_edit(user=request.user, report=report)
    status = 200
    if request.method == "POST":
        if not writable:
            raise PermissionDenied("Bạn chỉ có quyền xem báo cáo này.")
        form = SummaryEditForm(request.POST, instance=report)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in SummaryEditForm.Meta.fields}
            data["results"] = form.cleaned_results()
            export = request.POST.get("xuat", "")
            try:
                if form.has_changed() or not export:
                    report = services.summary_report_update(
                        report=report,
                        user=request.user,
                        data=data,
                        version=form.cleaned_data["version"],
                    )
            except services.StaleSummary:
                form.add_error(
                    None,
                    "Báo cáo vừa được người khác lưu sau khi bạn mở trang; chưa lưu gì. "
                    "Nội dung bạn nhập vẫn còn dưới đây: hãy mở bản mới nhất ở thẻ khác, "
                    "đối chiếu rồi lưu lại.",
                )
                status = 409
            else:
                if export in GeneratedFile.Format.values:
                    # Export from the edit page: what was typed is saved first, then the file
                    # of this version is made in the background, on its «đang tạo» page.
                    job = tasks.summary_export_start(user=request.user, report=report, fmt=export)
                    saved = "Đã lưu các thay đổi; đang tạo" if form.has_changed() else "Đang tạo"
                    messages.success(request, f"{saved} tệp {job.file_name}.")
                    return redirect("movement:export_job", pk=job.pk)
                messages.success(request, "Đã lưu báo cáo.")
                return redirect("summary:edit", pk=report.pk)
        else:
            status = 400
    else:
        form = SummaryEditForm(instance=report)
    files = list(report.files.select_related("generated_by").defer("content")[:10])
    history = report.history.select_related("history_user").order_by("-history_date")[:8]
    return render(
        request,
        "reports/summary/edit.html",
        {
            "report": report,
            "form": form,
            "writable": writable,
            "can_export": services.can_export(user=request.user, report=report),
            "files": files,
            "history": history,
            "missing": builder.report_sections(report)[1],
        },
        status=status,
    )


@login_required
@require_POST
def summary_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_user(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.summary_report_redraft(report=report, user=request.user, version=version)
    except services.StaleSummary:
        messages.error(
            request,
            "Báo cáo vừa được lưu sau khi bạn mở trang; chưa soạn lại. Hãy xem bản mới nhất rồi "
            "bấm lại.",
        )
    else:
        messages.success(
            request, "Đã soạn lại phần II từ số liệu hiện có (bản cũ vẫn còn trong lịch sử)."
        )
    return redirect("summary:edit", pk=report.pk)


@login_required
def summary_preview(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_user(request, pk)
    doc = builder.build_document(report)
    return render(
        request,
        "reports/summary/preview.html",
        {
            "report": report,
            "doc": doc,
            "can_export": services.can_export(user=request.user, report=report),
        },
    )


@login_required
@require_POST
def summary_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report_for_user(request, pk)
    if fmt not in GeneratedFile.Format.values:
        return redirect("summary:edit", pk=report.pk)
    job = tasks.summary_export_start(user=request.user, report=report, fmt=fmt)
    return redirect("movement:export_job", pk=job.pk)


@login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("reports.view_generatedfile"):
        raise PermissionDenied("Bạn không có quyền tải tệp báo cáo.")
    stored = get_object_or_404(GeneratedFile.objects.for_user(request.user), pk=pk)
    return _download(bytes(stored.content), stored.file_name, stored.content_type)


@login_required
@require_POST
def batch_start(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST, user=request.user)
    if not form.is_valid():
        _errors(request, form)
        return redirect("summary:list")
    data = form.cleaned_data
    try:
        batch = tasks.report_batch_start(
            user=request.user,
            unit=data["unit"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            fmt=data["format"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("summary:list")
    return redirect("summary:batch", pk=batch.pk)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("reports.view_reportbatch"):
        raise PermissionDenied("Bạn không có quyền xem lô tạo báo cáo.")
    batch = get_object_or_404(
        ReportBatch.objects.for_user(request.user).select_related("unit", "created_by"), pk=pk
    )
    files = list(
        batch.files.select_related("report__unit", "generated_by")
        .defer("content")
        .order_by("report__unit__name")
    )
    done = len(files) + len(batch.errors)
    return render(
        request,
        "reports/summary/batch.html",
        {
            "batch": batch,
            "files": files,
            "done": done,
            "running": done < batch.total,
            "percent": done * 100 // batch.total if batch.total else 100,
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """«Đối chiếu tệp»: the SHA-256 of a copy, looked up among the files exported in scope."""
    if not request.user.has_perm("reports.view_generatedfile"):
        raise PermissionDenied("Bạn không có quyền đối chiếu tệp báo cáo.")
    posted = request.method == "POST"
    form = VerifyForm(request.POST, request.FILES) if posted else VerifyForm()
    found, digest = None, ""
    if posted and form.is_valid():
        sha = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            sha.update(chunk)
        digest = sha.hexdigest()
        found = (
            GeneratedFile.objects.for_user(request.user)
            .filter(sha256=digest)
            .select_related("report__unit", "report__cluster", "generated_by")
            .defer("content")
            .first()
        )
    return render(
        request,
        "reports/summary/verify.html",
        {"form": form, "found": found, "digest": digest},
        status=400 if form.errors else 200,
    )
