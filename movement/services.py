"""Writes of the period-report workflow: create, save, submit, return, approve, reopen.

Each function checks who may do it, refuses with a Vietnamese message
(``WorkflowError`` → 403 in the pages, ``StaleReport`` when the form was older
than the report) and writes the report, its values and its log in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from movement.computations import compute_many
from movement.models import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    ReportEvent,
    ReportSchedule,
    ReportStatus,
    Role,
    Unit,
    User,
    check_rules,
    unit_in_scope,
)
from movement.periods import Period

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class WorkflowError(PermissionDenied):
    """The user may not take this step on this report (the message says why)."""


class StaleReport(Exception):
    """The report changed since the form was opened: nothing was written."""


def can_edit(*, user: User, report: PeriodReport) -> bool:
    return (
        (user.is_superuser or user.has_role(Role.OFFICER))
        and unit_in_scope(user, report.unit)
        and report.status in EDITABLE
    )


def can_review(*, user: User, report: PeriodReport) -> bool:
    """A steering committee strictly above the report's unit (never the unit itself)."""
    if user.is_superuser:
        return True
    return (
        user.has_role(Role.COMMITTEE)
        and user.unit is not None
        and user.unit.pk != report.unit_id
        and unit_in_scope(user, report.unit)
    )


def unit_valid_for(*, unit: Unit, period: Period) -> bool:
    """A unit reports for a period it existed in, wholly or in part: a ward founded on
    01/07/2025 reports its half of 2025, one that ceased then reports its first half, and
    neither reports a period it never saw."""
    if unit.valid_from and unit.valid_from > period.end:
        return False
    return not (unit.valid_to and unit.valid_to <= period.start)


def check_started(
    *,
    period: Period,
    today: dt.date | None = None,
    schedule: ReportSchedule | None = None,
) -> None:
    """Refuse a period whose data have not started to count on ``today``: its window opens
    later (NĐ 09/2019: on the 15th of the month before it, so from 15/05 June may be reported).

    The one rule of the report pages, the admin and the imports (``check_reportable`` asks it;
    an import asks it of each period it reads, whatever the unit)."""
    first_day = (schedule or ReportSchedule.for_kind(period.kind)).window(period)[0]
    if first_day > (today or timezone.localdate()):
        raise WorkflowError(
            f"{period.label} chưa bắt đầu: số liệu của kỳ tính từ ngày {first_day:%d/%m/%Y}, "
            "chưa lập được báo cáo."
        )


def check_reportable(
    *,
    unit: Unit,
    period: Period,
    today: dt.date | None = None,
    schedule: ReportSchedule | None = None,
) -> None:
    """Refuse a period that is not one, has not started, or that ``unit`` did not live through.

    Every write path (report pages, admin, submit, imports) asks this, so a report of a ceased
    unit or of a future period can be neither created nor sent. ``schedule``: the period kind's,
    when the caller already has it (an import checks thousands of rows).
    """
    if not period.is_valid():
        raise WorkflowError("Kỳ báo cáo không hợp lệ.")
    check_started(period=period, today=today, schedule=schedule)
    if not unit_valid_for(unit=unit, period=period):
        raise WorkflowError(
            f"{unit} không tồn tại trong {period.label.lower()}: không lập được báo cáo kỳ này."
        )


def _log(
    report: PeriodReport, action: str, user: User, comment: str = "", snapshot=None
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        action=action,
        actor=user,
        comment=comment,
        version=report.version,
        snapshot=snapshot,
    )


def _locked(report: PeriodReport) -> PeriodReport:
    return PeriodReport.objects.select_for_update().select_related("unit").get(pk=report.pk)


def period_report_create(
    *, unit: Unit, period: Period, user: User, today: dt.date | None = None
) -> PeriodReport:
    """The report of ``unit`` for ``period``: the existing one, or a new draft.

    A period whose data window has not started yet (``today`` is before its first day)
    has nothing to report: it is refused rather than left as an empty draft.
    """
    if not (user.is_superuser or user.has_role(Role.OFFICER)) or not unit_in_scope(user, unit):
        raise WorkflowError("Chỉ cán bộ của đơn vị mới lập được báo cáo của đơn vị.")
    check_reportable(unit=unit, period=period, today=today)
    with transaction.atomic():
        report, created = PeriodReport.objects.get_or_create(
            unit=unit,
            period_kind=period.kind,
            period_start=period.start,
            defaults={"period_end": period.end},
        )
        if created:
            _log(report, ReportEvent.Action.CREATED, user)
    return report


def computed_values(
    *,
    report: PeriodReport,
    indicators: Iterable[Indicator],
    window: tuple[dt.date, dt.date] | None = None,
) -> dict[str, Decimal]:
    """Computed indicators of ``report`` from the records in its data window (``window``,
    else its schedule's): one query per record model."""
    start, end = window or ReportSchedule.for_kind(report.period_kind).window(report.period)
    computed = [ind for ind in indicators if ind.source == Indicator.Source.COMPUTED]
    totals = compute_many(
        {ind.computation for ind in computed}, unit=report.unit, start=start, end=end
    )
    return {ind.code: totals[ind.computation] for ind in computed}


def period_report_save_values(
    *,
    report: PeriodReport,
    values: Mapping[str, Decimal | None],
    version: int,
    user: User,
    note: str | None = None,
    indicators: list[Indicator] | None = None,
    computed: Mapping[str, Decimal] | None = None,
) -> PeriodReport:
    """Store the entered ``values`` (None clears one) and refresh the computed ones.

    ``version`` is the report's version when the form was opened: if someone saved
    since, nothing is written and ``StaleReport`` is raised. ``indicators`` (the active
    catalogue) and ``computed`` (the report's computed values) may come from the page that
    already read them, so a save works each of them out once.

    A fixed number of queries whatever the number of values (issue 18): the values are
    written with one bulk UPDATE, one bulk INSERT and one DELETE, and their history — every
    change is still audited, who, when, what — with one INSERT per kind of change. The report
    is locked and editable here (never approved), so its values are in no roll-up: the value
    signals, which would check each value's report one by one, have nothing to do.
    """
    with transaction.atomic():
        report = _locked(report)
        if not can_edit(user=user, report=report):
            raise WorkflowError(edit_refusal(report))
        if report.version != version:
            raise StaleReport
        if indicators is None:
            indicators = list(Indicator.objects.filter(is_active=True))
        by_code = {i.code: i for i in indicators}
        wanted = {
            code: value
            for code, value in values.items()
            if code in by_code and by_code[code].source == Indicator.Source.ENTERED
        }
        if computed is None:
            computed = computed_values(report=report, indicators=indicators)
        wanted.update(computed)
        existing = {v.indicator_id: v for v in report.values.all()}
        to_create, to_update, to_delete = [], [], []
        for code, value in wanted.items():
            current = existing.get(by_code[code].pk)
            if value is None:
                if current is not None:
                    to_delete.append(current)
            elif current is None:
                to_create.append(
                    IndicatorValue(report=report, indicator=by_code[code], value=value)
                )
            elif current.value != value:
                current.value = value
                to_update.append(current)
        _write_values(to_create, to_update, to_delete, user=user)
        report.version += 1  # the row is locked: no one else moves it meanwhile
        fields = ["version", "updated_at"]
        if note is not None:
            report.note = note
            fields.append("note")
        report.save(update_fields=fields)
        _log(report, ReportEvent.Action.SAVED, user)
    return report


def _write_values(
    to_create: list[IndicatorValue],
    to_update: list[IndicatorValue],
    to_delete: list[IndicatorValue],
    *,
    user: User,
) -> None:
    """The values' writes in bulk, each with its history rows (``+``, ``~``, ``-``)."""
    now = timezone.now()
    if to_create:
        bulk_create_with_history(to_create, IndicatorValue, default_user=user, default_date=now)
    if to_update:
        bulk_update_with_history(
            to_update, IndicatorValue, ["value"], default_user=user, default_date=now
        )
    if to_delete:
        history = IndicatorValue.history.model
        history.objects.bulk_create(
            [
                history(
                    history_date=now,
                    history_user=user,
                    history_type="-",
                    **{f.attname: getattr(value, f.attname) for f in history.tracked_fields},
                )
                for value in to_delete
            ]
        )
        # Without the model signals: the history rows above are the deletions' audit, and
        # the values of an editable report are in no roll-up.
        doomed = IndicatorValue.objects.filter(pk__in=[v.pk for v in to_delete])
        doomed._raw_delete(doomed.db)


def edit_refusal(report: PeriodReport) -> str:
    if report.status == ReportStatus.APPROVED:
        return "Báo cáo đã được duyệt và khóa; cần Ban Chỉ đạo mở lại mới sửa được."
    if report.status == ReportStatus.SUBMITTED:
        return "Báo cáo đã gửi và đang chờ duyệt; không sửa được."
    return "Bạn không có quyền sửa báo cáo này."


def period_report_submit(*, report: PeriodReport, user: User, version: int) -> PeriodReport:
    with transaction.atomic():
        report = _locked(report)
        if report.status == ReportStatus.SUBMITTED:
            raise WorkflowError("Báo cáo đã được gửi trước đó, đang chờ duyệt.")
        if not can_edit(user=user, report=report):
            raise WorkflowError(edit_refusal(report))
        if report.version != version:
            raise StaleReport
        check_reportable(unit=report.unit, period=report.period)
        errors = check_rules(report.values_by_code())
        if errors:
            raise WorkflowError(
                "Báo cáo còn vi phạm quy tắc kiểm tra: " + " ".join(errors.values())
            )
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = user
        report.version += 1
        report.save(
            update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"]
        )
        _log(report, ReportEvent.Action.SUBMITTED, user)
    return report


def _review(report: PeriodReport, user: User) -> PeriodReport:
    report = _locked(report)
    if not can_review(user=user, report=report):
        raise WorkflowError(
            "Chỉ Ban Chỉ đạo cấp trên của đơn vị mới duyệt hoặc trả lại được báo cáo này."
        )
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(
            f"Báo cáo đang ở trạng thái «{report.get_status_display()}», không chờ duyệt."
        )
    return report


def period_report_return(*, report: PeriodReport, user: User, comment: str) -> PeriodReport:
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Khi trả lại báo cáo phải ghi rõ lý do.")
    with transaction.atomic():
        report = _review(report, user)
        report.status = ReportStatus.RETURNED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.review_comment = comment
        report.version += 1
        report.save(
            update_fields=[
                "status",
                "reviewed_at",
                "reviewed_by",
                "review_comment",
                "version",
                "updated_at",
            ]
        )
        _log(report, ReportEvent.Action.RETURNED, user, comment)
    return report


def period_report_approve(*, report: PeriodReport, user: User, comment: str = "") -> PeriodReport:
    with transaction.atomic():
        report = _review(report, user)
        check_reportable(unit=report.unit, period=report.period)
        report.status = ReportStatus.APPROVED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.review_comment = comment.strip()
        report.version += 1
        report.save(
            update_fields=[
                "status",
                "reviewed_at",
                "reviewed_by",
                "review_comment",
                "version",
                "updated_at",
            ]
        )
        snapshot = {code: str(value) for code, value in report.values_by_code().items()}
        _log(report, ReportEvent.Action.APPROVED, user, comment.strip(), snapshot)
    return report


def period_report_bulk_approve(
    *, reports: Iterable[PeriodReport], user: User
) -> tuple[list[PeriodReport], list[tuple[PeriodReport, str]]]:
    """Approve each report on its own: one refusal does not undo the others."""
    approved, refused = [], []
    for report in reports:
        try:
            approved.append(period_report_approve(report=report, user=user))
        except WorkflowError as error:
            refused.append((report, str(error)))
    return approved, refused


def period_report_reopen(*, report: PeriodReport, user: User, reason: str) -> PeriodReport:
    """Unlock an approved report for correction: the reviewer's explicit, logged act."""
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Phải ghi lý do mở lại báo cáo.")
    with transaction.atomic():
        report = _locked(report)
        if not can_review(user=user, report=report):
            raise WorkflowError("Chỉ Ban Chỉ đạo cấp trên mới mở lại được báo cáo đã duyệt.")
        if report.status != ReportStatus.APPROVED:
            raise WorkflowError("Chỉ mở lại được báo cáo đã duyệt.")
        report.status = ReportStatus.RETURNED
        report.review_comment = reason
        report.version += 1
        report.save(update_fields=["status", "review_comment", "version", "updated_at"])
        _log(report, ReportEvent.Action.REOPENED, user, reason)
    return report
