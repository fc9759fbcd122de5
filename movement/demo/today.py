"""Today's units, after the reform of 01/07/2025: the communes of Quảng Ninh and Cao Bằng report to
their province's steering committee from 07/2025 up to the month before the day the demo is loaded (and a yearly report for each
year ended, 2025 from July: the office drafts its báo cáo tổng kết from it).

The seed articles end before the reform, so nothing here is an article's figure: the values are
small, drawn from a generator seeded by unit and month, so that they never change for a given
day of loading. Quarters and half-years are the sums of their months (every indicator here is
summed), so a total is the same whichever reports it is read from.

The latest periods are not all done: some reports wait for review, one was returned with a
comment, some came late and some are missing, as on any real deadline. The first half of 2025
belongs to the units that ceased on 01/07/2025 (the predecessors of Phường Móng Cái 1–3 and of
xã Trà Lĩnh): their monthly, quarterly and half-year reports, all approved, so that 2025 adds up
from both sides of the reform.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from decimal import Decimal

from movement.demo.base import Seeder, catalogue_unit, moment, spaced_dates
from movement.models import (
    REFORM_DATE,
    FestivalEvent,
    GroupMember,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    ReportEvent,
    ReportSchedule,
    ReportStatus,
    SelfManagementGroup,
    Unit,
)
from movement.periods import Period, PeriodKind

PROVINCES = {"22": "bcd.quangninh", "04": "bcd.caobang"}
# The successor wards of TP Móng Cái and today's xã Trà Lĩnh: they also keep records.
MONG_CAI_1, MONG_CAI_2, MONG_CAI_3 = "06712", "06709", "06736"
TRA_LINH = "01447"
RECORD_UNITS = [MONG_CAI_1, MONG_CAI_2, MONG_CAI_3, TRA_LINH]
# Who sends the reports of the units that have a demo login (today's and the ceased ones).
OFFICERS = {
    (MONG_CAI_1, REFORM_DATE): "ca.mongcai1",
    (MONG_CAI_2, REFORM_DATE): "ca.mongcai2",
    (TRA_LINH, REFORM_DATE): "ca.tralinh",
    ("06742", None): "ca.haihoa",
    ("06712", None): "ca.tranphu",
}

# Entered each month (rules: valuable tips ≤ tips, serious cases ≤ cases).
MONTHLY = {
    "leadership_documents": (0, 2),
    "tips_received": (2, 14),
    "cases_solved": (0, 4),
    "disputes_mediated": (0, 5),
    "persons_educated": (0, 8),
    "persons_trained": (0, 40),
}
RETURN_COMMENT = (
    "Số tin có giá trị chưa khớp với sổ tiếp nhận tin báo của Công an phường; "
    "đề nghị kiểm tra, bổ sung rồi gửi lại."
)

# What became of the latest month's report of each commune, by its place in the list (the
# login units are set apart below): mostly approved, the rest on the deadline's usual spread.
APPROVED, ON_TIME, LATE, RETURNED, DRAFT, MISSING = (
    "approved",
    "on_time",
    "late",
    "returned",
    "draft",
    "missing",
)
LATEST_FATE = [APPROVED, APPROVED, ON_TIME, APPROVED, LATE, APPROVED, MISSING, ON_TIME, DRAFT]
# ca.mongcai1 has sent November and waits; ca.mongcai2 was returned; ca.tralinh is overdue.
LOGIN_FATE = {MONG_CAI_1: ON_TIME, MONG_CAI_2: RETURNED, TRA_LINH: MISSING}


def report_months(today: dt.date) -> list[Period]:
    """Months from 07/2025 to the month before ``today``."""
    months = []
    period = Period.containing(PeriodKind.MONTH, REFORM_DATE)
    while period.end < today.replace(day=1):
        months.append(period)
        period = Period.containing(PeriodKind.MONTH, period.end + dt.timedelta(days=1))
    return months


def whole_periods(months: Sequence[Period], kind: str) -> list[Period]:
    """The periods of ``kind`` that have ended within ``months``: all their months are in it, or
    those from the first (the year 2025 of a unit founded on 01/07/2025)."""
    have = {m.start for m in months}
    found = []
    for month in months:
        period = Period.containing(kind, month.start)
        ended = Period.containing(PeriodKind.MONTH, period.end).start in have
        begun = period.start in have or period.start < months[0].start
        if begun and ended and period not in found:
            found.append(period)
    return found


def seed(seeder: Seeder, *, today: dt.date) -> None:
    months = report_months(today)
    for code, committee in PROVINCES.items():
        province = catalogue_unit("province", code)
        communes = sorted(
            Unit.objects.filter(parent=province, level__code="commune").active_on(today),
            key=lambda unit: unit.code,
        )
        fates = _fates(communes)
        _reports(seeder, communes, months, fates, committee=committee, today=today)
    _first_half_2025(seeder)
    _records(seeder, months)


def _fates(communes: Sequence[Unit]) -> dict[int, str]:
    fates, n = {}, 0
    for unit in communes:
        if unit.code in LOGIN_FATE:
            fates[unit.pk] = LOGIN_FATE[unit.code]
        else:
            fates[unit.pk] = LATEST_FATE[n % len(LATEST_FATE)]
            n += 1
    return fates


def _month_values(unit: Unit, month: Period) -> dict[str, int]:
    rng = random.Random(f"{unit.code}-{unit.valid_from}-{month.start:%Y-%m}")
    values = {code: rng.randint(low, high) for code, (low, high) in MONTHLY.items()}
    values["tips_valuable"] = rng.randint(0, values["tips_received"])
    values["cases_serious"] = rng.randint(0, values["cases_solved"]) // 2
    return values


def _sum(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for code, value in part.items():
            total[code] = total.get(code, 0) + value
    return total


def _reports(
    seeder: Seeder,
    units: Sequence[Unit],
    months: Sequence[Period],
    fates: dict[int, str],
    *,
    committee: str | None,
    today: dt.date,
    kinds: Sequence[str] = PeriodKind.values,
) -> None:
    """Reports of ``kinds`` (monthly, quarterly, half-year, yearly) of ``units`` over ``months``."""
    schedules = {kind: ReportSchedule.for_kind(kind) for kind in PeriodKind.values}
    periods = [
        period
        for kind in kinds
        for period in (months if kind == PeriodKind.MONTH else whole_periods(months, kind))
    ]
    latest = {
        kind: max((p for p in periods if p.kind == kind), key=lambda p: p.start, default=None)
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER)
    }
    reviewer = seeder.users.get(committee or "")
    reports, values = [], {}
    for unit in units:
        by_month = {m.start: _month_values(unit, m) for m in months}
        for period in periods:
            fate = APPROVED
            if period == latest[PeriodKind.MONTH]:
                fate = fates[unit.pk]
            elif period == latest[PeriodKind.QUARTER] and fates[unit.pk] == LATE:
                fate = ON_TIME  # the quarter's report is sent, not yet reviewed
            if fate == MISSING:
                continue
            deadline = schedules[period.kind].deadline(period)
            sent = deadline + dt.timedelta(days=3 if fate == LATE else -1)
            report = PeriodReport(
                unit=unit,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                status={
                    APPROVED: ReportStatus.APPROVED,
                    RETURNED: ReportStatus.RETURNED,
                    DRAFT: ReportStatus.DRAFT,
                }.get(fate, ReportStatus.SUBMITTED),
                submitted_by=seeder.users.get(OFFICERS.get((unit.code, unit.valid_from), "")),
            )
            if fate != DRAFT:
                report.submitted_at = moment(min(sent, today), hour=16)
            if fate in (APPROVED, RETURNED):
                report.reviewed_at = moment(min(sent + dt.timedelta(days=2), today), hour=10)
                report.reviewed_by = reviewer
            if fate == RETURNED:
                report.review_comment = RETURN_COMMENT
            reports.append(report)
            values[(unit.pk, period.kind, period.start)] = _sum(
                v for start, v in by_month.items() if period.start <= start <= period.end
            )
    _save(seeder, reports, values, units)


def _save(
    seeder: Seeder,
    reports: list[PeriodReport],
    values: dict[tuple[int, str, dt.date], dict[str, int]],
    units: Sequence[Unit],
) -> None:
    by_key = seeder.ensure(
        PeriodReport, reports, ("unit_id", "period_kind", "period_start"), unit__in=units
    )
    created = {
        report.pk
        for report in reports
        if by_key[(report.unit_id, report.period_kind, report.period_start)] is report
    }
    seeder.ensure(
        IndicatorValue,
        [
            IndicatorValue(
                report=by_key[key], indicator=seeder.indicators[code], value=Decimal(value)
            )
            for key, by_code in values.items()
            for code, value in by_code.items()
        ],
        ("report_id", "indicator_id"),
        report__unit__in=units,
    )
    # The log of a returned report carries the comment the officer reads (written once, with
    # the report: the log keeps no history of its own).
    ReportEvent.objects.bulk_create(
        ReportEvent(
            report=report,
            action=ReportEvent.Action.RETURNED,
            actor=report.reviewed_by,
            comment=report.review_comment,
            version=report.version,
        )
        for report in reports
        if report.pk in created and report.status == ReportStatus.RETURNED
    )


def _first_half_2025(seeder: Seeder) -> None:
    """The last months of the communes that ceased on 01/07/2025 and became today's wards,
    reviewed by the steering committee of TP Móng Cái, or of huyện Trùng Khánh (no login)."""
    months = [Period.of(PeriodKind.MONTH, 2025, n) for n in range(1, 7)]
    for committee, codes in (
        ("bcd.mongcai", (MONG_CAI_1, MONG_CAI_2, MONG_CAI_3)),
        (None, (TRA_LINH,)),
    ):
        units = sorted(
            {
                unit
                for code in codes
                for unit in catalogue_unit("commune", code, since=REFORM_DATE).predecessors.filter(
                    level__code="commune"
                )
            },
            key=lambda unit: unit.code,
        )
        fates = dict.fromkeys((unit.pk for unit in units), APPROVED)
        _reports(
            seeder,
            units,
            months,
            fates,
            committee=committee,
            today=REFORM_DATE,
            kinds=[PeriodKind.HALF_YEAR],
        )


# --- records of today's wards --------------------------------------------------------------------

TOPICS = [
    "Tuyên truyền Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    "Phòng, chống lừa đảo chiếm đoạt tài sản trên không gian mạng",
    "Phòng, chống ma túy và tệ nạn xã hội trong thanh thiếu niên",
    "Bảo vệ chủ quyền, an ninh biên giới; phòng, chống xuất nhập cảnh trái phép",
]
CHANNELS = [
    (PropagandaSession.Channel.VILLAGE_MEETING, PropagandaSession.Venue.RESIDENTIAL),
    (PropagandaSession.Channel.SOCIAL_MEDIA, PropagandaSession.Venue.COMMUNE),
    (PropagandaSession.Channel.SCHOOL, PropagandaSession.Venue.COMMUNE),
    (PropagandaSession.Channel.LOUDSPEAKER, PropagandaSession.Venue.RESIDENTIAL),
]
MEMBERS = [
    ("Nguyễn Văn Thắng", GroupMember.Role.LEADER),
    ("Hoàng Thị Lan", GroupMember.Role.DEPUTY),
    ("Vi Văn Hùng", GroupMember.Role.MEMBER),
    ("Lương Thị Hoa", GroupMember.Role.MEMBER),
]


def _records(seeder: Seeder, months: Sequence[Period]) -> None:
    units = [catalogue_unit("commune", code, since=REFORM_DATE) for code in RECORD_UNITS]
    sessions, festivals, groups, models = [], [], [], []
    for i, unit in enumerate(units):
        for n, month in enumerate(months):
            for k, day in enumerate(spaced_dates(month.start, month.end, 1 + (i + n) % 2)):
                channel, venue = CHANNELS[(i + n + k) % len(CHANNELS)]
                rng = random.Random(f"{unit.code}-{day}")
                sessions.append(
                    PropagandaSession(
                        unit=unit,
                        held_on=day,
                        channel=channel,
                        venue=venue,
                        topic=TOPICS[(i + n + k) % len(TOPICS)],
                        attendees=rng.randint(25, 180),
                        leaflets=rng.randint(0, 300),
                    )
                )
        for year in sorted({m.start.year for m in months if m.start.month >= 8}):
            festivals.append(
                FestivalEvent(
                    unit=unit,
                    title=f"Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
                    held_on=dt.date(year, 8, 10 + i),
                    place=f"Nhà văn hóa {unit.name}",
                    participants=300 + 45 * i + 20 * (year - 2025),
                )
            )
        groups.append(
            SelfManagementGroup(
                unit=unit,
                name="Tổ bảo vệ an ninh, trật tự khu phố 1",
                kind=SelfManagementGroup.Kind.STATUTORY,
                founded_on=dt.date(2025, 7, 15 + i),
                member_count=len(MEMBERS),  # the members listed below
            )
        )
        models.append(
            MovementModel(
                unit=unit,
                name="Camera an ninh kết nối khu dân cư",
                kind=MovementModel.Kind.MODEL,
                year_recognised=2026 if months and months[-1].start.year >= 2026 else 2025,
            )
        )
    seeder.ensure(PropagandaSession, sessions, ("unit_id", "held_on", "topic"), unit__in=units)
    seeder.ensure(FestivalEvent, festivals, ("unit_id", "held_on"), unit__in=units)
    by_key = seeder.ensure(SelfManagementGroup, groups, ("unit_id", "name"), unit__in=units)
    seeder.ensure(MovementModel, models, ("unit_id", "name"), unit__in=units)
    members = [
        GroupMember(group=group, full_name=name, role=role, joined_on=group.founded_on)
        for group in (by_key[(g.unit_id, g.name)] for g in groups)
        for name, role in MEMBERS
    ]
    seeder.ensure(GroupMember, members, ("group_id", "full_name"), group__unit__in=units)
