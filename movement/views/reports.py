"""Period report pages: list, open, enter, submit; review, reopen; completeness and bulk approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from movement import services
from movement.forms.reports import (
    BoardPeriodForm,
    PeriodChoiceForm,
    ReopenForm,
    ReportValuesForm,
    ReviewForm,
)
from movement.models import Indicator, PeriodReport, ReportSchedule, ReportStatus, Role
from movement.params import id_param
from movement.periods import Period, PeriodKind
from movement.selectors import reports as report_selectors
from movement.selectors.paging import CappedPaginator


def _report_for_user(request: HttpRequest, pk: int) -> PeriodReport:
    """The report ``pk`` if it lies in the user's units; any other id answers 404."""
    return get_object_or_404(
        PeriodReport.objects.for_user(request.user).select_related(
            "unit__level", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )


def _today():
    return timezone.localdate()


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = PeriodReport.objects.for_user(request.user).select_related("unit")
    status = request.GET.get("trang_thai", "")
    kind = request.GET.get("loai_ky", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    if kind in PeriodKind.values:
        reports = reports.filter(period_kind=kind)
    # The count stops at a few pages (no COUNT of the country's reports); the order is the
    # index's (report_list_idx), so a page reads its rows, not the whole scope sorted.
    page = CappedPaginator(reports.order_by("-period_start", "unit__path", "pk"), 30).get_page(
        request.GET.get("trang")
    )
    unit = request.user.unit
    can_create = unit is not None and (
        request.user.is_superuser or request.user.has_role(Role.OFFICER)
    )
    initial = {}
    suggested = []
    if can_create:
        suggested = report_selectors.suggested_periods(unit=unit, today=_today())
        if suggested:
            initial = {"year": suggested[0].start.year, "number": suggested[0].number}
    return render(
        request,
        "movement/reports/list.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": ReportStatus.choices,
            "kinds": PeriodKind.choices,
            "can_create": can_create,
            "create_form": PeriodChoiceForm(initial=initial),
            "suggested": suggested,
        },
    )


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    form = PeriodChoiceForm(request.POST)
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied("Tài khoản chưa gắn với đơn vị nào.")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("movement:report_list")
    try:
        report = services.period_report_create(unit=unit, period=form.period(), user=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("movement:report_list")
    return redirect("movement:report_detail", pk=report.pk)


def _with_fields(
    sections: list[report_selectors.Section], form: ReportValuesForm | None
) -> list[dict]:
    """Sections for the template, each entered row with its bound field when editable."""
    fields = form.fields if form is not None else {}
    return [
        {
            "section": section,
            "rows": [
                {
                    "row": row,
                    "field": form[row.indicator.code] if row.indicator.code in fields else None,
                }
                for row in section.rows
            ],
        }
        for section in sections
    ]


def _saved_url(report: PeriodReport) -> str:
    # "luu=ok" tells the page's script that the server has the input: it drops its copy.
    return reverse("movement:report_detail", args=[report.pk]) + "?luu=ok"


def _already_stored(form: ReportValuesForm, report: PeriodReport, stored: dict) -> bool:
    """The posted figures and note are exactly what the report holds now."""
    if not form.is_valid():
        return False
    same_values = all(stored.get(code) == value for code, value in form.values().items())
    return same_values and form.cleaned_data["note"] == report.note


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's page: a form while its unit's officer may edit it, read-only otherwise."""
    report = _report_for_user(request, pk)
    user = request.user
    editable = services.can_edit(user=user, report=report)
    indicators = report_selectors.active_indicators()
    stored = report.values_by_code()
    schedule = ReportSchedule.for_kind(report.period_kind)
    window = schedule.window(report.period)
    if editable:
        computed = services.computed_values(report=report, indicators=indicators, window=window)
    else:
        # A report out of the unit's hands shows (and is checked against) what it holds.
        computed = {
            ind.code: stored[ind.code]
            for ind in indicators
            if ind.source == Indicator.Source.COMPUTED and ind.code in stored
        }
    stale = None
    status = 200
    if request.method == "POST":
        form = ReportValuesForm(
            request.POST, indicators=indicators, computed=computed, report=report
        )
        if not editable:
            resent = "gui" in request.POST and report.status == ReportStatus.SUBMITTED
            if resent and _already_stored(form, report, stored):
                # The second click of "Lưu và gửi duyệt": the first one sent it all.
                messages.info(request, "Báo cáo đã được gửi ở lần bấm trước, đang chờ duyệt.")
                return redirect(_saved_url(report))
            raise PermissionDenied(services.edit_refusal(report))
        if form.is_valid():
            try:
                report = services.period_report_save_values(
                    report=report,
                    values=form.values(),
                    version=form.cleaned_data["version"],
                    user=user,
                    note=form.cleaned_data["note"],
                    indicators=indicators,
                    computed=computed,  # worked out once, above, for the form's checks
                )
                if "gui" in request.POST:
                    report = services.period_report_submit(
                        report=report, user=user, version=report.version
                    )
                    messages.success(request, "Đã gửi báo cáo lên Ban Chỉ đạo cấp trên để duyệt.")
                else:
                    messages.success(request, "Đã lưu nháp báo cáo.")
                return redirect(_saved_url(report))
            except services.StaleReport:
                report.refresh_from_db()
                stored = report.values_by_code()
                if "gui" not in request.POST and _already_stored(form, report, stored):
                    # A repeated "Lưu nháp" (double click, resend): what it carries is stored.
                    messages.success(request, "Đã lưu nháp báo cáo.")
                    return redirect(_saved_url(report))
                stale = report
                status = 409
                # The page now carries the newer version: saving again is a deliberate choice.
                data = request.POST.copy()
                data["version"] = report.version
                form = ReportValuesForm(
                    data, indicators=indicators, computed=computed, report=report
                )
                form.is_valid()
        else:
            status = 422
            messages.error(request, "Chưa lưu: hãy sửa các ô được đánh dấu bên dưới.")
    else:
        initial = {"version": report.version, "note": report.note}
        initial.update({code: value for code, value in stored.items()})
        form = ReportValuesForm(
            initial=initial, indicators=indicators, computed=computed, report=report
        )
    sections = report_selectors.report_sections(
        indicators=indicators, values={**stored, **computed}, unit=report.unit, window=window
    )
    events = list(report.events.select_related("actor"))
    approval, changes = report_selectors.changes_since_approval(
        report=report, values=stored, events=events, indicators=indicators
    )
    return render(
        request,
        "movement/reports/detail.html",
        {
            "report": report,
            "editable": editable,
            "form": form,
            "sections": sections,
            "blocks": _with_fields(sections, form) if editable else [],
            "error_fields": [form[name] for name in form.errors if name in form.fields],
            "stale": stale,
            "stored": stored,
            "deadline": schedule.deadline(report.period),
            "window": window,
            "just_saved": request.GET.get("luu") == "ok",
            "can_review": services.can_review(user=user, report=report),
            "events": events,
            "approval": approval,
            "changes": changes,
        },
        status=status,
    )


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_user(request, pk)
    user = request.user
    if not services.can_review(user=user, report=report):
        raise PermissionDenied("Chỉ Ban Chỉ đạo cấp trên của đơn vị mới duyệt được báo cáo này.")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if "tra_lai" in request.POST:
                services.period_report_return(report=report, user=user, comment=comment)
                messages.success(request, f"Đã trả lại báo cáo của {report.unit}.")
            else:
                services.period_report_approve(report=report, user=user, comment=comment)
                messages.success(request, f"Đã duyệt và khóa báo cáo của {report.unit}.")
            return redirect("movement:report_review", pk=report.pk)
        except services.WorkflowError as error:
            form.add_error("comment" if "tra_lai" in request.POST else None, str(error))
    indicators = report_selectors.active_indicators()
    values = report.values_by_code()
    events = list(report.events.select_related("actor"))
    approval, changes = report_selectors.changes_since_approval(
        report=report, values=values, events=events, indicators=indicators
    )
    return render(
        request,
        "movement/reports/review.html",
        {
            "report": report,
            "form": form,
            "reopen_form": ReopenForm(),
            "sections": report_selectors.report_sections(
                indicators=indicators,
                values=values,
                unit=report.unit,
                window=ReportSchedule.for_kind(report.period_kind).window(report.period),
            ),
            "approval": approval,
            "changes": changes,
            "events": events,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_user(request, pk)
    form = ReopenForm(request.POST)
    if not services.can_review(user=request.user, report=report):
        raise PermissionDenied("Chỉ Ban Chỉ đạo cấp trên mới mở lại được báo cáo đã duyệt.")
    if not form.is_valid():
        messages.error(request, "Phải ghi lý do mở lại báo cáo.")
    else:
        try:
            services.period_report_reopen(
                report=report, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại.")
        except services.WorkflowError as error:
            messages.error(request, str(error))
    return redirect("movement:report_review", pk=report.pk)


def _committee_unit(request: HttpRequest):
    user = request.user
    if user.unit is None or not (user.is_superuser or user.has_role(Role.COMMITTEE)):
        raise PermissionDenied("Trang này dành cho Ban Chỉ đạo.")
    return user.unit


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    unit = _committee_unit(request)
    suggested = report_selectors.suggested_periods(unit=unit, today=_today())
    period = (
        report_selectors.period_to_chase(periods=suggested, today=_today())
        if suggested
        else Period.containing(PeriodKind.MONTH, _today())
    )
    # The periods to choose from: the unit's latest of each kind (and the one asked for).
    choices = [
        p
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR)
        for p in report_selectors.suggested_periods(unit=unit, today=_today(), kind=kind)
    ]
    typed = PeriodChoiceForm(request.GET)  # links of the kind=…&year=…&number=… form
    if (
        "ky" not in request.GET
        and {"kind", "year", "number"} <= set(request.GET)
        and typed.is_valid()
    ):
        period = typed.period()
    if period not in choices:
        choices.append(period)
    form = BoardPeriodForm(
        request.GET if "ky" in request.GET else None,
        periods=choices,
        initial={"ky": BoardPeriodForm.value_of(period)},
    )
    if form.is_bound and form.is_valid():
        period = form.period()
    board = report_selectors.completeness_board(
        user=request.user, unit=unit, period=period, today=_today()
    )
    return render(
        request,
        "movement/reports/completeness.html",
        {"board": board, "form": form, "unit": unit, "suggested": suggested},
    )


@login_required
@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    _committee_unit(request)
    ids = [i for i in map(id_param, request.POST.getlist("bao_cao")) if i]
    if not ids:
        messages.error(request, "Chưa chọn báo cáo nào để duyệt.")
    else:
        reports = list(
            PeriodReport.objects.for_user(request.user).filter(pk__in=ids).select_related("unit")
        )
        if len(reports) < len(set(ids)):
            messages.error(
                request,
                f"{len(set(ids)) - len(reports)} báo cáo đã chọn không tìm thấy "
                "hoặc không thuộc phạm vi của bạn: không duyệt.",
            )
        approved, refused = services.period_report_bulk_approve(reports=reports, user=request.user)
        if approved:
            messages.success(
                request,
                "Đã duyệt: " + ", ".join(str(r.unit) for r in approved) + ".",
            )
        for report, reason in refused:
            messages.error(request, f"{report.unit}: {reason}")
    back = request.POST.get("quay_lai", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("movement:completeness")
    return redirect(back)
