"""Reads of the report pages: home per role, a report's sections, completeness, changes since approval.

Every read starts from ``for_user`` and returns plain dataclasses built by a
fixed number of queries, whatever the number of units, reports or records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from movement.computations import COMPUTATIONS, Computation, year_bounds
from movement.models import (
    Indicator,
    PeriodReport,
    ReportEvent,
    ReportSchedule,
    ReportSection,
    ReportStatus,
    Unit,
    User,
)
from movement.periods import Period, PeriodKind
from movement.text import sort_key

SECTION_LABELS = dict(ReportSection.choices)


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    value: Decimal | None
    source_label: str = ""
    source_model: str = ""
    source_url: str = ""
    # The records are listed on a Sổ theo dõi page anyone signed in may open (else the
    # back office, for staff only).
    source_public: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    label: str
    rows: list[Row]


def _records_link(
    comp: Computation, *, unit: Unit | None, window: tuple[dt.date, dt.date] | None
) -> tuple[str, bool]:
    """Where the records behind a computed figure are listed, and whether that page is a
    Sổ theo dõi page (scoped to the user's units, open to every role) or the back office.

    On a Sổ theo dõi page the list is narrowed to the report's unit and data window, so
    the officer sees the very sessions, festivals... that make up the figure.
    """
    from movement.selectors.records import REGISTRIES

    model = comp.queryset().model
    registry = next((r for r in REGISTRIES.values() if r.model is model), None)
    if registry is None:
        meta = model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), False
    query: dict[str, object] = {}
    if unit is not None:
        query["don_vi"] = unit.pk
    if window is not None and not comp.stock_between:
        if comp.date_field.startswith("year"):
            first, last = year_bounds(*window)
            if first == last:
                query["nam"] = first
        elif registry.date_field:
            query["tu"] = f"{window[0]:%d/%m/%Y}"
            query["den"] = f"{window[1]:%d/%m/%Y}"
    url = registry.url("list")
    return (f"{url}?{urlencode(query)}" if query else url), True


def report_sections(
    *,
    indicators: list[Indicator],
    values: dict[str, Decimal | None],
    unit: Unit | None = None,
    window: tuple[dt.date, dt.date] | None = None,
) -> list[Section]:
    """Indicators grouped by report section, in catalogue order; computed ones link to
    their records (of ``unit`` in ``window`` when given)."""
    sections: dict[str, list[Row]] = {}
    for ind in indicators:
        comp = COMPUTATIONS.get(ind.computation) if ind.computation else None
        url, public = _records_link(comp, unit=unit, window=window) if comp else ("", False)
        sections.setdefault(ind.section, []).append(
            Row(
                indicator=ind,
                value=values.get(ind.code),
                source_label=comp.label if comp else "",
                source_model=str(comp.queryset().model._meta.verbose_name_plural) if comp else "",
                source_url=url,
                source_public=public,
            )
        )
    order = [code for code, _ in ReportSection.choices]
    return [
        Section(code=code, label=str(SECTION_LABELS.get(code, code)), rows=rows)
        for code, rows in sorted(sections.items(), key=lambda kv: order.index(kv[0]))
    ]


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("order", "code"))


@dataclass(frozen=True)
class Change:
    indicator: Indicator
    old: Decimal | None
    new: Decimal | None


def changes_since_approval(
    *,
    report: PeriodReport,
    values: dict[str, Decimal] | None = None,
    events: list[ReportEvent] | None = None,
    indicators: list[Indicator] | None = None,
) -> tuple[ReportEvent | None, list[Change]]:
    """The last approval of ``report`` and every indicator whose value differs from it.

    A page that already holds the report's values, events (in log order) and the active
    indicators passes them in, and this costs no query.
    """
    if events is None:
        events = list(report.events.order_by("at", "pk"))
    approvals = [e for e in events if e.action == ReportEvent.Action.APPROVED]
    approval = approvals[-1] if approvals else None
    if approval is None or approval.snapshot is None:
        return None, []
    old = {code: Decimal(v) for code, v in approval.snapshot.items()}
    new = report.values_by_code() if values is None else values
    codes = {c for c in old.keys() | new.keys() if old.get(c) != new.get(c)}
    known = [i for i in indicators or [] if i.code in codes]
    if len(known) < len(codes):  # not given, or an indicator retired since: the catalogue
        known = list(Indicator.objects.filter(code__in=codes).order_by("order", "code"))
    return approval, [Change(i, old.get(i.code), new.get(i.code)) for i in known]


# ---- deadlines and completeness -------------------------------------------------------


class Completeness:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    ON_TIME = "on_time"
    LATE = "late"
    APPROVED = "approved"
    RETURNED = "returned"

    LABELS = {
        NOT_STARTED: "Chưa lập",
        DRAFT: "Đang nhập (nháp)",
        ON_TIME: "Đã gửi đúng hạn",
        LATE: "Gửi muộn",
        APPROVED: "Đã duyệt",
        RETURNED: "Bị trả lại",
    }
    BADGES = {
        NOT_STARTED: "text-bg-light border",
        DRAFT: "text-bg-secondary",
        ON_TIME: "text-bg-primary",
        LATE: "text-bg-warning",
        APPROVED: "text-bg-success",
        RETURNED: "text-bg-danger",
    }


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    report: PeriodReport | None
    status: str
    overdue: bool

    @property
    def label(self) -> str:
        return Completeness.LABELS[self.status]

    @property
    def badge(self) -> str:
        return Completeness.BADGES[self.status]


@dataclass(frozen=True)
class Board:
    period: Period
    deadline: dt.date
    window: tuple[dt.date, dt.date]
    rows: list[UnitStatus]
    counts: dict[str, int] = field(default_factory=dict)


def units_reporting(*, parent: Unit, period: Period) -> list[Unit]:
    """Units directly below ``parent`` that existed for the whole period, in Vietnamese order."""
    units = (
        Unit.objects.filter(parent=parent)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.start))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.end))
        .select_related("level")
    )
    return sorted(units, key=lambda unit: sort_key(unit.name))


def report_state(
    *, report: PeriodReport | None, deadline: dt.date, today: dt.date
) -> tuple[str, bool]:
    if report is None:
        return Completeness.NOT_STARTED, today > deadline
    if report.status == ReportStatus.APPROVED:
        return Completeness.APPROVED, False
    if report.status == ReportStatus.RETURNED:
        return Completeness.RETURNED, today > deadline
    if report.status == ReportStatus.SUBMITTED:
        late = report.submitted_at is not None and report.submitted_at.date() > deadline
        return (Completeness.LATE if late else Completeness.ON_TIME), False
    return Completeness.DRAFT, today > deadline


def completeness_board(*, user: User, unit: Unit, period: Period, today: dt.date) -> Board:
    """Status against the deadline of every unit directly below ``unit`` for ``period``."""
    schedule = ReportSchedule.for_kind(period.kind)
    deadline = schedule.deadline(period)
    units = units_reporting(parent=unit, period=period)
    reports = {
        r.unit_id: r
        for r in PeriodReport.objects.for_user(user)
        .for_period(period)
        .filter(unit__in=[u.pk for u in units])
    }
    rows = []
    counts = dict.fromkeys(Completeness.LABELS, 0)
    for child in units:
        report = reports.get(child.pk)
        status, overdue = report_state(report=report, deadline=deadline, today=today)
        counts[status] += 1
        rows.append(UnitStatus(unit=child, report=report, status=status, overdue=overdue))
    return Board(
        period=period,
        deadline=deadline,
        window=schedule.window(period),
        rows=rows,
        counts=counts,
    )


# ---- home pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenReport:
    report: PeriodReport
    deadline: dt.date
    overdue: bool


@dataclass(frozen=True)
class PeriodStatus:
    """One of the latest periods of the officer's unit: its report (if any) against the deadline."""

    period: Period
    deadline: dt.date
    report: PeriodReport | None
    status: str
    overdue: bool

    @property
    def label(self) -> str:
        return Completeness.LABELS[self.status]

    @property
    def badge(self) -> str:
        return Completeness.BADGES[self.status]


@dataclass(frozen=True)
class OfficerHome:
    open_reports: list[OpenReport]
    returned: list[OpenReport]
    waiting: list[PeriodReport]
    unit_ended: dt.date | None
    suggested: list[Period]
    latest: list[PeriodStatus] = field(default_factory=list)


def suggested_periods(*, unit: Unit, today: dt.date, kind: str = PeriodKind.MONTH) -> list[Period]:
    """The latest periods ``unit`` can still report on: up to today, within its lifetime."""
    last_day = today
    if unit.valid_to and unit.valid_to <= today:
        last_day = unit.valid_to - dt.timedelta(days=1)
    period = Period.containing(kind, last_day)
    periods = []
    while len(periods) < 6:
        if unit.valid_from and period.start < unit.valid_from:
            break
        if not unit.valid_to or unit.valid_to > period.end:
            periods.append(period)
        previous = period.start - dt.timedelta(days=1)
        period = Period.containing(kind, previous)
    return periods


def period_to_chase(*, periods: list[Period], today: dt.date) -> Period:
    """The latest of ``periods`` (newest first) whose deadline has passed: the one a steering
    committee chases; the newest when none has (a unit that has just started)."""
    schedule = ReportSchedule.for_kind(periods[0].kind)
    return next((p for p in periods if schedule.deadline(p) < today), periods[0])


def officer_home(*, user: User, today: dt.date) -> OfficerHome:
    schedules = {s.period_kind: s for s in ReportSchedule.objects.all()}
    reports = list(
        PeriodReport.objects.for_user(user)
        .exclude(status=ReportStatus.APPROVED)
        .select_related("unit")
        .order_by("period_start", "unit__path")[:50]
    )
    open_reports, returned, waiting = [], [], []
    for report in reports:
        schedule = schedules.get(report.period_kind) or ReportSchedule(
            period_kind=report.period_kind
        )
        deadline = schedule.deadline(report.period)
        item = OpenReport(report=report, deadline=deadline, overdue=today > deadline)
        if report.status == ReportStatus.RETURNED:
            returned.append(item)
        elif report.status == ReportStatus.DRAFT:
            open_reports.append(item)
        else:
            waiting.append(report)
    unit = user.unit
    suggested = suggested_periods(unit=unit, today=today) if unit else []
    return OfficerHome(
        open_reports=open_reports,
        returned=returned,
        waiting=waiting,
        unit_ended=unit.valid_to if unit and unit.valid_to and unit.valid_to <= today else None,
        suggested=suggested,
        latest=_latest_periods(user, suggested[:LATEST_PERIODS], schedules, today),
    )


LATEST_PERIODS = 3


def _latest_periods(
    user: User,
    periods: list[Period],
    schedules: dict[str, ReportSchedule],
    today: dt.date,
) -> list[PeriodStatus]:
    """The report of the user's own unit for each of ``periods`` (one query), started or not."""
    if user.unit_id is None or not periods:
        return []
    reports = {
        (r.period_kind, r.period_start): r
        for r in PeriodReport.objects.for_user(user).filter(
            unit_id=user.unit_id,
            period_kind__in={p.kind for p in periods},
            period_start__in=[p.start for p in periods],
        )
    }
    rows = []
    for period in periods:
        schedule = schedules.get(period.kind) or ReportSchedule(period_kind=period.kind)
        deadline = schedule.deadline(period)
        report = reports.get((period.kind, period.start))
        status, overdue = report_state(report=report, deadline=deadline, today=today)
        rows.append(PeriodStatus(period, deadline, report, status, overdue))
    return rows


def reports_to_review(*, user: User) -> list[PeriodReport]:
    """Reports submitted by units strictly below ``user``'s unit, oldest first."""
    qs = PeriodReport.objects.for_user(user).filter(status=ReportStatus.SUBMITTED)
    if user.unit_id:
        qs = qs.exclude(unit_id=user.unit_id)
    return list(qs.select_related("unit").order_by("submitted_at")[:50])


def exportable_reports(*, user: User) -> list[PeriodReport]:
    """Approved yearly reports in ``user``'s scope, newest first."""
    return list(
        PeriodReport.objects.for_user(user)
        .filter(period_kind=PeriodKind.YEAR, status=ReportStatus.APPROVED)
        .select_related("unit")
        .order_by("-period_start", "unit__path")[:100]
    )
