"""The dashboard's selectors: headline figures, the units one level down, trends, breakdowns,
completeness of reporting, a safety cluster's page."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractMonth, ExtractYear

from movement.computations import COMPUTATIONS
from movement.models import Indicator, PeriodReport, Unit
from movement.models.base import PATH_SEGMENT
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from movement.text import sort_key
from reports.models import RecordSource, SubtreePeriodValue, SubtreeRecordValue
from reports.selectors.core import (
    RECORD_KEYS,
    ROLLUP_METRICS,
    ZERO,
    Figure,
    Metric,
    _as_date,
    _indicators,
    _record_totals,
    _Ref,
    _rollup_sums,
    _run,
    _ScopeUser,
    _Stand,
    _window,
    _within,
    children_in,
    coverage,
    record_computation,
    record_metrics,
    report_values_of_kinds,
)


@dataclass(frozen=True)
class Headline:
    unit: Unit
    period: Period
    previous_period: Period
    figures: tuple[Figure, ...]

    def by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in self.figures}


def headline(
    unit: Unit,
    period: Period,
    *,
    indicators: Sequence[Indicator] | None = None,
    units: Sequence[Unit] | None = None,
    values: dict[tuple[str, dt.date, str], Decimal] | None = None,
) -> Headline:
    """Every figure of ``unit`` (and its predecessors) for ``period`` and the same period a year before.

    A page that calls several selectors passes the unit's ``coverage``, the catalogue's
    ``indicators`` and the report ``values`` (``report_values_of_kinds`` of ``headline_periods``
    and more) it has already read."""
    units = units or coverage(unit)
    previous = period.previous_year()
    records = _record_totals(
        units,
        {"now": (period.start, period.end), "before": (previous.start, previous.end)},
        RECORD_KEYS,
    )
    figures = [
        Figure(m.key, m.label, m.unit_label, records[("now", m.key)], records[("before", m.key)])
        for m in record_metrics()
    ]
    if values is None:
        values = report_values_of_kinds(units, [period, previous])
    entered = [
        ind
        for ind in (indicators if indicators is not None else _indicators())
        if ind.is_active and ind.source == Indicator.Source.ENTERED
    ]
    for ind in entered:
        now = values.get((period.kind, period.start, ind.code))
        before = values.get((previous.kind, previous.start, ind.code))
        if now is None and before is None:
            continue
        figures.append(Figure(ind.code, ind.name, ind.unit_label, now, before, "reports"))
    return Headline(unit, period, previous, tuple(figures))


def headline_periods(period: Period) -> list[Period]:
    """The periods whose report values ``headline`` reads."""
    return [period, period.previous_year()]


@dataclass(frozen=True)
class ChildRow:
    unit: Unit
    values: dict[str, Decimal | None] = field(hash=False)


@dataclass(frozen=True)
class ChildTable:
    unit: Unit
    period: Period
    metrics: tuple[Metric, ...]
    rows: tuple[ChildRow, ...]


CHILD_RECORD_KEYS = [
    "propaganda.sessions",
    "propaganda.attendees",
    "festival.count",
    "festival.participants",
    "group.active",
]
CHILD_INDICATORS = 4  # entered indicators with the most data shown next to the records


def child_table(
    unit: Unit, period: Period, *, indicators: Sequence[Indicator] | None = None
) -> ChildTable:
    """The units one level down, each with its subtree's figures (no succession: literal units)."""
    children = children_in(unit, period)
    records = {
        row["grp"]: row
        for row in _rollup_sums(
            children, {"now": (period.start, period.end)}, CHILD_RECORD_KEYS, by_unit=True
        )
        if row
    }
    kind = period.kind

    def in_period(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        in_children = SubtreePeriodValue.objects.filter(
            unit__in=[s.pk for s in stands], period_kind=kind, period_start=windows[0][0]
        )
        # The indicators most children have a figure for (ties: the catalogue's order), chosen
        # in the database: a province would otherwise read ten times the values it shows.
        top = (
            in_children.values("indicator_id")
            .annotate(children=Count("id"))
            .order_by("-children", "indicator__order", "indicator__code")
            .values("indicator_id")[:CHILD_INDICATORS]
        )
        return in_children.filter(indicator_id__in=top).values("unit_id", "indicator_id", "value")

    indicators = {
        i.pk: (i.code, i.name, i.unit_label, i.order)
        for i in (indicators if indicators is not None else Indicator.objects.all())
    }
    by_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    window = [(period.start, period.end)]
    for unit_id, indicator_id, value in _run(
        ("child-values", kind), in_period, children, window, tuples=True
    ):
        by_child[unit_id][indicators[indicator_id][0]] = value
    order = {code: o for code, _, _, o in indicators.values()}
    top = sorted(
        {code for values in by_child.values() for code in values}, key=lambda c: (order[c], c)
    )
    labels = {code: (name, unit_label) for code, name, unit_label, _ in indicators.values()}
    metrics = [m for m in record_metrics() if m.key in CHILD_RECORD_KEYS] + [
        Metric(code, *labels[code], "reports") for code in top
    ]
    rows = []
    columns = [(key, f"now__{key.replace('.', '_')}") for key in CHILD_RECORD_KEYS]
    for child in children:
        sums = records.get(child.pk, {})
        values: dict[str, Decimal | None] = {
            key: Decimal(sums.get(column) or 0) for key, column in columns
        }
        for code in top:
            values[code] = by_child.get(child.pk, {}).get(code)
        rows.append(ChildRow(child, values))
    return ChildTable(unit, period, tuple(metrics), tuple(rows))


# --- Trends --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: tuple[tuple[int, Decimal], ...]  # (year or month number, value)


@dataclass(frozen=True)
class Trend:
    unit: Unit
    kind: str  # "year" or "month"
    year: int | None
    series: tuple[Series, ...]


TREND_RECORD_KEYS = ["propaganda.sessions", "festival.count"]


def _record_months(
    units: Sequence[Unit], start: dt.date, end: dt.date
) -> dict[str, dict[dt.date, Decimal]]:
    """``{key: {month: total}}`` of the trend's records, from the roll-ups."""
    metrics = {key: ROLLUP_METRICS[key] for key in TREND_RECORD_KEYS}

    def build(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        first, last = windows[0]
        return (
            SubtreeRecordValue.objects.filter(
                unit_id__in=[s.pk for s in stands], month__gte=first, month__lte=last
            )
            .filter(functools.reduce(operator.or_, (m.condition() for m in metrics.values())))
            .values("month")
            .annotate(
                **{
                    key.replace(".", "_"): Sum(m.column, filter=m.condition())
                    for key, m in metrics.items()
                }
            )
            .order_by()
        )

    out: dict[str, dict[dt.date, Decimal]] = {key: {} for key in metrics}
    for row in _run(("rollup-series", tuple(metrics)), build, units, [(start, end)]):
        month = _as_date(row["month"])
        for key in metrics:
            value = row[key.replace(".", "_")]
            if value is not None:
                out[key][month] = out[key].get(month, ZERO) + value
    return out


def _fold(months: dict[str, dict[dt.date, Decimal]], by_month: bool, year: int | None = None):
    """Monthly totals added by year, or by month number (of ``year`` only)."""
    out: dict[str, dict[int, Decimal]] = {}
    for key, by_date in months.items():
        parts: dict[int, Decimal] = {}
        for month, value in by_date.items():
            if by_month and month.year != year:
                continue
            part = month.month if by_month else month.year
            parts[part] = parts.get(part, ZERO) + value
        out[key] = parts
    return out


def _record_series(
    units: Sequence[Unit], start: dt.date, end: dt.date, by_month: bool
) -> dict[str, dict[int, Decimal]]:
    """``{key: {year or month number: total}}`` of the trend's records, from the roll-ups."""
    return _fold(_record_months(units, start, end), by_month, start.year)


def direct_record_series(
    units: Sequence[Unit], start: dt.date, end: dt.date, by_month: bool
) -> dict[str, dict[int, Decimal]]:
    """The same as ``_record_series`` from the registries."""
    out: dict[str, dict[int, Decimal]] = {}
    for key in TREND_RECORD_KEYS:
        comp = record_computation(key)

        def build(stands, windows, comp=comp):
            qs = _within(comp.queryset().filter(_window(comp, *windows[0])), stands)
            part = ExtractMonth(comp.date_field) if by_month else ExtractYear(comp.date_field)
            return qs.annotate(part=part).values("part").annotate(total=comp.aggregate()).order_by()

        rows = _run(("series", key, by_month), build, units, [(start, end)])
        out[key] = {int(r["part"]): Decimal(r["total"] or 0) for r in rows}
    return out


def yearly_trend(
    unit: Unit,
    first_year: int,
    last_year: int,
    codes: Sequence[str],
    *,
    units: Sequence[Unit] | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> Trend:
    units = units or coverage(unit)
    records = _record_months(units, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    years = [Period.of(PeriodKind.YEAR, y) for y in range(first_year, last_year + 1)]
    values = report_values_of_kinds(units, years, only=_shown(codes, indicators))
    return _yearly(unit, first_year, last_year, records, values, codes, _labels(codes, indicators))


def monthly_trend(
    unit: Unit,
    year: int,
    codes: Sequence[str],
    *,
    units: Sequence[Unit] | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> Trend:
    units = units or coverage(unit)
    records = _record_months(units, dt.date(year, 1, 1), dt.date(year, 12, 31))
    months = [Period.of(PeriodKind.MONTH, year, m) for m in range(1, 13)]
    values = report_values_of_kinds(units, months, only=_shown(codes, indicators))
    return _monthly(unit, year, records, values, codes, _labels(codes, indicators))


def trends(
    unit: Unit,
    first_year: int,
    year: int,
    codes: Sequence[str],
    *,
    units: Sequence[Unit] | None = None,
    indicators: Sequence[Indicator] | None = None,
    values: dict[tuple[str, dt.date, str], Decimal] | None = None,
) -> tuple[Trend, Trend]:
    """``yearly_trend(first_year..year)`` and ``monthly_trend(year)`` in two queries (the
    dashboard shows both): the months of the years give both record series, and one query
    reads the yearly and the monthly report values (or none: ``values`` already read, of
    ``trend_periods`` and more)."""
    units = units or coverage(unit)
    records = _record_months(units, dt.date(first_year, 1, 1), dt.date(year, 12, 31))
    if values is None:
        shown = _shown(codes, indicators)
        values = report_values_of_kinds(units, trend_periods(first_year, year), only=shown)
    labels = _labels(codes, indicators)
    return (
        _yearly(unit, first_year, year, records, values, codes, labels),
        _monthly(unit, year, records, values, codes, labels),
    )


def _yearly(unit, first_year, last_year, records, values, codes, labels) -> Trend:
    years = list(range(first_year, last_year + 1))
    series = _series(
        _fold(records, False),
        values,
        PeriodKind.YEAR,
        codes,
        labels,
        years,
        lambda y: dt.date(y, 1, 1),
    )
    return Trend(unit, "year", None, series)


def _monthly(unit, year, records, values, codes, labels) -> Trend:
    series = _series(
        _fold(records, True, year),
        values,
        PeriodKind.MONTH,
        codes,
        labels,
        list(range(1, 13)),
        lambda m: dt.date(year, m, 1),
    )
    return Trend(unit, "month", year, series)


def trend_periods(first_year: int, year: int) -> list[Period]:
    """The periods whose report values ``trends`` reads: the years, and the months of ``year``."""
    periods = [Period.of(PeriodKind.YEAR, y) for y in range(first_year, year + 1)]
    return periods + [Period.of(PeriodKind.MONTH, year, m) for m in range(1, 13)]


def _shown(codes: Sequence[str], indicators: Sequence[Indicator] | None) -> list[Indicator]:
    """The indicators of ``codes`` (from the catalogue ``indicators`` when given)."""
    if indicators is not None:
        return [i for i in indicators if i.code in codes]
    return list(Indicator.objects.filter(code__in=codes)) if codes else []


def _labels(codes: Sequence[str], indicators: Sequence[Indicator] | None) -> dict[str, str]:
    if indicators is not None:
        return {i.code: i.name for i in indicators if i.code in codes}
    return dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))


def _series(records, values, kind, codes, labels, steps, start_of) -> tuple[Series, ...]:
    """Record series, then one series per code of the report ``values`` of ``kind``
    (``report_values_of_kinds``)."""
    out = [
        Series(
            key, record_computation(key).label, tuple((s, records[key].get(s, ZERO)) for s in steps)
        )
        for key in TREND_RECORD_KEYS
    ]
    for code in codes:
        out.append(
            Series(
                code,
                labels.get(code, code),
                tuple((s, values.get((kind, start_of(s), code), ZERO)) for s in steps),
            )
        )
    return tuple(out)


# --- Breakdowns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    count: int
    amount: int | None = None  # participants, members... when the breakdown has one
    highlighted: bool = False


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    count_label: str
    amount_label: str | None
    rows: tuple[BreakdownRow, ...]


def _breakdown_rollups(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[str, list]:
    """Rows of the record breakdowns from the roll-ups, in one query (``breakdowns`` shows them)."""
    flows = [RecordSource.PROPAGANDA, RecordSource.FESTIVAL, RecordSource.COMMENDATION]

    def build(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        first, last = windows[0]
        return (
            SubtreeRecordValue.objects.filter(unit_id__in=[s.pk for s in stands])
            .filter(
                Q(source__in=flows, month__gte=first, month__lte=last)
                | Q(source=RecordSource.GROUP_ACTIVE, month__lte=last)
            )
            .values(
                "source",
                "category",
                # Festivals by month; every other source by category only.
                by_month=Case(When(source=RecordSource.FESTIVAL, then="month"), default=None),
            )
            .annotate(n=Sum("count"), amount=Sum("amount"))
            .order_by()
        )

    rows = _run(("rollup-breakdowns",), build, units, [(start, end)])
    parts: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        festival = row["source"] == RecordSource.FESTIVAL
        key = _as_date(row["by_month"]).month if festival else row["category"]
        part = parts[row["source"]][key]
        part[0] += int(row["n"] or 0)
        part[1] += int(row["amount"] or 0)

    def ranked(source: str, name: str) -> list[dict]:
        found = [
            {name: key, "n": n, "amount": amount}
            for key, (n, amount) in parts[source].items()
            if n > 0
        ]
        return sorted(found, key=lambda r: (-r["n"], r[name]))

    return {
        "propaganda": ranked(RecordSource.PROPAGANDA, "channel"),
        "groups": ranked(RecordSource.GROUP_ACTIVE, "kind"),
        "festivals": [
            {"month": month, "n": n, "amount": amount}
            for month, (n, amount) in sorted(parts[RecordSource.FESTIVAL].items())
        ],
        "commendations": ranked(RecordSource.COMMENDATION, "form"),
    }


def breakdowns(
    unit: Unit, period: Period, *, direct: bool = False, units: Sequence[Unit] | None = None
) -> tuple[Breakdown, ...]:
    """Records of the period by channel, kind, month, form; ``direct`` reads the registries."""
    from clusters.models import ClusterMember
    from movement.models import Commendation, FestivalEvent, PropagandaSession, SelfManagementGroup

    units = units or coverage(unit)
    window = [(period.start, period.end)]

    def propaganda_q(stands, windows):
        start, end = windows[0]
        return (
            _within(PropagandaSession.objects.filter(held_on__gte=start, held_on__lte=end), stands)
            .values("channel")
            .annotate(n=Count("id"), amount=Sum("attendees"))
            .order_by("-n", "channel")
        )

    def groups_q(stands, windows):
        return (
            _within(
                SelfManagementGroup.objects.filter(
                    _window(COMPUTATIONS["group.active"], *windows[0])
                ),
                stands,
            )
            .values("kind")
            .annotate(n=Count("id"), amount=Sum("member_count"))
            .order_by("-n", "kind")
        )

    def members_q(stands, windows):
        end = windows[0][1]
        return (
            _within(
                ClusterMember.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
                .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
                .filter(
                    Q(cluster__established_on__isnull=True) | Q(cluster__established_on__lte=end)
                ),
                stands,
            )
            .values("kind")
            .annotate(n=Count("id"), military=Count("id", filter=Q(is_military=True)))
            .order_by("-n", "kind")
        )

    def festivals_q(stands, windows):
        start, end = windows[0]
        return (
            _within(FestivalEvent.objects.filter(held_on__gte=start, held_on__lte=end), stands)
            .annotate(month=ExtractMonth("held_on"))
            .values("month")
            .annotate(n=Count("id"), amount=Sum("participants"))
            .order_by("month")
        )

    def commendations_q(stands, windows):
        return (
            _within(
                Commendation.objects.filter(
                    _window(COMPUTATIONS["commendation.collective"], *windows[0])
                    | _window(COMPUTATIONS["commendation.individual"], *windows[0])
                ),
                stands,
            )
            .values("form")
            .annotate(n=Count("id"), amount=Count("id", filter=Q(recipient_kind="individual")))
            .order_by("-n", "form")
        )

    channel = dict(PropagandaSession.Channel.choices)
    kinds = dict(SelfManagementGroup.Kind.choices)
    member_kinds = dict(ClusterMember.Kind.choices)
    forms = dict(Commendation.Form.choices)
    members = _run(("b-members",), members_q, units, window)
    if direct:
        propaganda = _run(("b-propaganda",), propaganda_q, units, window)
        groups = _run(("b-groups",), groups_q, units, window)
        festivals = [
            r | {"month": int(r["month"])}
            for r in _run(("b-festivals",), festivals_q, units, window)
        ]
        commendations = _run(("b-commendations",), commendations_q, units, window)
    else:
        parts = _breakdown_rollups(units, period.start, period.end)
        propaganda, groups = parts["propaganda"], parts["groups"]
        festivals, commendations = parts["festivals"], parts["commendations"]
    return (
        Breakdown(
            "propaganda",
            "Tuyên truyền theo hình thức",
            "Số buổi, đợt",
            "Lượt người nghe",
            tuple(
                BreakdownRow(
                    r["channel"],
                    str(channel.get(r["channel"], r["channel"])),
                    r["n"],
                    r["amount"] or 0,
                )
                for r in propaganda
            ),
        ),
        Breakdown(
            "groups",
            "Tổ tự quản đang hoạt động theo loại",
            "Số tổ",
            "Thành viên",
            tuple(
                BreakdownRow(
                    r["kind"], str(kinds.get(r["kind"], r["kind"])), r["n"], r["amount"] or 0
                )
                for r in groups
            ),
        ),
        Breakdown(
            "cluster_members",
            "Đơn vị thành viên cụm địa bàn an toàn theo loại",
            "Số đơn vị",
            "Trong đó quân đội",
            tuple(
                BreakdownRow(
                    r["kind"],
                    str(member_kinds.get(r["kind"], r["kind"])),
                    r["n"],
                    r["military"],
                    r["military"] > 0,
                )
                for r in members
            ),
        ),
        Breakdown(
            "festivals",
            "Ngày hội toàn dân bảo vệ ANTQ theo tháng",
            "Số ngày hội",
            "Lượt người tham gia",
            tuple(
                BreakdownRow(str(r["month"]), f"Tháng {r['month']}", r["n"], r["amount"] or 0)
                for r in festivals
            ),
        ),
        Breakdown(
            "commendations",
            "Khen thưởng theo hình thức",
            "Số lượt khen",
            "Trong đó cá nhân",
            tuple(
                BreakdownRow(r["form"], str(forms.get(r["form"], r["form"])), r["n"], r["amount"])
                for r in commendations
            ),
        ),
    )


# --- Completeness --------------------------------------------------------------------------------

NOT_STARTED = "not_started"
STATUS_LABELS = {NOT_STARTED: "Chưa lập", **{s.value: str(s.label) for s in ReportStatus}}
STATUS_ORDER = [
    NOT_STARTED,
    ReportStatus.DRAFT,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.APPROVED,
]


@dataclass(frozen=True)
class Completeness:
    unit: Unit
    period: Period
    counts: tuple[tuple[str, str, int], ...]  # (status, label, units)
    rows: tuple[tuple[Unit, str], ...]  # the unit itself and each unit one level down

    @property
    def total(self) -> int:
        return len(self.rows)


def completeness(
    unit: Unit, period: Period, *, children: Sequence[Unit] | None = None
) -> Completeness:
    """Status of the report of ``period`` of the unit and of every unit one level down.

    ``children``: ``children_in(unit, period)`` when the caller has them already.
    """
    units = [unit, *(children_in(unit, period) if children is None else children)]
    kind = period.kind

    def reports(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        return (
            PeriodReport.objects.for_period(Period(kind, *windows[0]))
            .filter(unit__in=[s.pk for s in stands])
            .values("unit_id", "status")
        )

    status = {
        row["unit_id"]: row["status"]
        for row in _run(("statuses", kind), reports, units, [(period.start, period.end)])
    }
    rows = tuple((u, status.get(u.pk, NOT_STARTED)) for u in units)
    tally = defaultdict(int)
    for _, s in rows:
        tally[s] += 1
    counts = tuple((str(s), STATUS_LABELS[str(s)], tally.get(str(s), 0)) for s in STATUS_ORDER)
    return Completeness(unit, period, counts, rows)


# --- Navigation ----------------------------------------------------------------------------------


def ancestors(unit: Unit, user) -> list[dict]:
    """The breadcrumb of ``unit``: its ancestors that ``user`` may see, then the unit itself,
    each as ``{"pk", "name"}`` (one compiled query; the path holds the ancestors' keys)."""
    scope = _ScopeUser(user)
    own = scope.units()
    refs = [
        _Ref(int(unit.path[i : i + PATH_SEGMENT])) for i in range(0, len(unit.path), PATH_SEGMENT)
    ]

    def build(stands: list[_Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.for_user(scope.stand_in(stands))
            .filter(pk__in=[s.pk for s in stands[len(own) :]])
            .order_by("path")
            .values("pk", "name")
        )

    if Unit.objects.for_user(scope).query.is_empty():
        return []
    return _run(("ancestors", *scope.shape()), build, [*own, *refs])


def clusters_within(unit: Unit, user, *, limit: int) -> tuple[list[dict], bool]:
    """Safety clusters hosted in ``unit``'s subtree that ``user`` may see, at most ``limit``
    (the first by the database's order of names), each as ``{"pk", "name"}``, in the Vietnamese
    order of their names; and whether there are more."""
    from clusters.models import SafetyCluster

    scope = _ScopeUser(user)
    own = scope.units()

    def build(stands: list[_Stand], windows: list) -> QuerySet:
        return (
            SafetyCluster.objects.for_user(scope.stand_in(stands))
            .within(stands[-1])
            .order_by("name", "pk")
            .values("pk", "name")[: limit + 1]  # one more: whether the list goes on
        )

    if SafetyCluster.objects.for_user(scope).query.is_empty():
        return [], False
    clusters = _run(("clusters-within", limit, *scope.shape()), build, [*own, unit])
    shown = sorted(clusters[:limit], key=lambda cluster: sort_key(cluster["name"]))
    return shown, len(clusters) > limit


# --- Clusters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterView:
    cluster: object
    communes: tuple[Unit, ...]
    members: tuple[Breakdown, ...]
    member_list: tuple[object, ...]
    activities_by_year: tuple[tuple[int, int, int], ...]  # (year, activities, participants)


def cluster_view(cluster) -> ClusterView:
    from clusters.models import ClusterActivity, ClusterMember

    kinds = dict(ClusterMember.Kind.choices)
    # Military units first, then by kind; names in Vietnamese order.
    members = sorted(
        cluster.members.all(), key=lambda m: (not m.is_military, m.kind, sort_key(m.name))
    )
    by_kind = (
        ClusterMember.objects.filter(cluster=cluster)
        .values("kind")
        .annotate(n=Count("id"), military=Count("id", filter=Q(is_military=True)))
        .order_by("-military", "-n", "kind")
    )
    activities = (
        ClusterActivity.objects.filter(cluster=cluster)
        .annotate(year=ExtractYear("held_on"))
        .values("year")
        .annotate(n=Count("id"), people=Sum("participants"))
        .order_by("year")
    )
    breakdown = Breakdown(
        "members",
        "Đơn vị thành viên theo loại",
        "Số đơn vị",
        "Trong đó quân đội",
        tuple(
            BreakdownRow(
                r["kind"],
                str(kinds.get(r["kind"], r["kind"])),
                r["n"],
                r["military"],
                r["military"] > 0,
            )
            for r in by_kind
        ),
    )
    return ClusterView(
        cluster,
        tuple(sorted(cluster.communes.all(), key=lambda commune: sort_key(commune.name))),
        (breakdown,),
        tuple(members),
        tuple((r["year"], r["n"], r["people"] or 0) for r in activities),
    )
