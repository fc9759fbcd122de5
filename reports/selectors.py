"""The one source of every total (DESIGN §8): the dashboard, the PDF and the XLSX annex read these.

Every selector takes the unit and the period explicitly and returns frozen dataclasses.

* Period values (indicators entered in period reports) come from the roll-ups of
  **approved** reports (``reports.rollups`` documents which report of a unit counts when it
  sent several kinds for the same year). ``direct_report_values`` computes the same figures
  from the reports themselves (used to check the roll-ups and as the benchmark's reference).
* Records (sessions, festivals, groups...) are totalled in the database from the registries,
  with the date rules of ``movement.computations``; stocks (groups active) as of the last day.
* Succession: a unit's totals include every unit it succeeded (``Unit.lineage()``); the
  predecessors whose subtree already lies inside another covered subtree are dropped, so the
  subtrees added are disjoint and nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear, Substr

from movement.computations import COMPUTATIONS, Computation, window_q, year_bounds
from movement.models import Indicator, PeriodReport, Unit
from movement.models.base import PATH_SEGMENT, path_upper
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from reports.models import RecordSource, SubtreePeriodValue, SubtreeRecordValue
from reports.record_rollups import STOCKS
from reports.rollups import effective_values

ZERO = Decimal(0)


# --- Scope ---------------------------------------------------------------------------------------


def coverage(unit: Unit) -> tuple[Unit, ...]:
    """``unit`` and its predecessors, keeping only units whose subtrees do not overlap."""
    units = sorted(unit.lineage(), key=lambda u: (len(u.path), u.path))
    kept: list[Unit] = []
    for candidate in units:
        if not any(k.path <= candidate.path < path_upper(k.path) for k in kept):
            kept.append(candidate)
    return tuple(kept)


def _within(qs: QuerySet, units: Iterable[Unit]) -> QuerySet:
    """Rows of ``qs`` in any of the subtrees of ``units`` (through the model's scope lookup)."""
    units = list(units)
    result = qs.within(units[0])
    for unit in units[1:]:
        result = result | qs.within(unit)
    return result


def children_in(unit: Unit, period: Period) -> list[Unit]:
    """Units one level down that existed at some time during ``period``."""
    return list(
        Unit.objects.filter(parent=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))
        .select_related("level")
        .order_by("name", "code")
    )


# --- Metrics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit_label: str = ""
    source: str = "records"  # "records" or "reports"


# Records shown on the dashboard: keys of movement.computations plus the groups founded.
RECORD_KEYS = [
    "propaganda.sessions",
    "propaganda.attendees",
    "propaganda.leaflets",
    "festival.count",
    "festival.participants",
    "group.founded",
    "group.active",
    "group.members",
    "model.models",
    "model.exemplars",
    "commendation.collective",
    "commendation.individual",
]
RECORD_UNITS = {
    "propaganda.sessions": "buổi",
    "propaganda.attendees": "lượt người",
    "propaganda.leaflets": "tờ",
    "festival.count": "ngày hội",
    "festival.participants": "lượt người",
    "group.founded": "tổ",
    "group.active": "tổ",
    "group.members": "người",
    "model.models": "mô hình",
    "model.exemplars": "điển hình",
    "commendation.collective": "tập thể",
    "commendation.individual": "cá nhân",
}
_GROUP_FOUNDED = Computation(
    "Tổ tự quản thành lập trong kỳ",
    COMPUTATIONS["group.active"].queryset,
    "founded_on",
    lambda: Count("id"),
)


def record_computation(key: str) -> Computation:
    return _GROUP_FOUNDED if key == "group.founded" else COMPUTATIONS[key]


def record_metrics() -> list[Metric]:
    return [
        Metric(key, record_computation(key).label, RECORD_UNITS.get(key, ""), "records")
        for key in RECORD_KEYS
    ]


def _window(comp: Computation, start: dt.date, end: dt.date) -> Q:
    """The rows of ``comp`` that belong to ``start``..``end`` (the report pages' rule)."""
    return window_q(comp, start, end)


def _filtered(aggregate: object, condition: Q) -> object:
    kind = type(aggregate)
    return kind(*aggregate.source_expressions, filter=condition)


class _Stand:
    """A stand-in unit whose digit-only path (or id) marks where a real unit's go in the SQL."""

    def __init__(self, index: int) -> None:
        self.path = f"9876543{index}0"
        self.pk = 987_654_300_000 + index


def _stand_window(index: int) -> tuple[dt.date, dt.date]:
    return dt.date(1100 + 2 * index, 1, 2), dt.date(1101 + 2 * index, 12, 30)


# Compiled SQL of the record queries, by their shape: building and compiling an ORM query
# costs more than running it, so each shape is compiled once with stand-in bounds (units and
# date windows), and later calls re-bind the real bounds into the same SQL.
_COMPILED: dict[tuple, tuple[str, list[tuple[str, object]]]] = {}


def _run(
    shape: tuple,
    build: Callable[[list[_Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: Sequence[Unit],
    windows: Sequence[tuple[dt.date, dt.date]],
) -> list[dict]:
    """Rows of ``build(units, windows)`` (a ``values()`` queryset), compiled once per shape."""
    ops = connection.ops
    cache_key = (*shape, len(units), len(windows), connection.vendor)
    if cache_key not in _COMPILED:
        stands = [_Stand(i) for i in range(len(units))]
        stand_windows = [_stand_window(j) for j in range(len(windows))]
        sql, params = build(stands, stand_windows).query.sql_with_params()
        slots: dict[object, tuple[str, object]] = {}
        for i, stand in enumerate(stands):
            slots[stand.path] = ("path", i)
            slots[path_upper(stand.path)] = ("upper", i)
            slots[stand.pk] = ("pk", i)
        for j, (start, end) in enumerate(stand_windows):
            slots[ops.adapt_datefield_value(start)] = ("start", j)
            slots[ops.adapt_datefield_value(end)] = ("end", j)
            first, last = year_bounds(start, end)
            slots[first] = ("start_year", j)
            slots[last] = ("end_year", j)
        binding = [
            slots.get(p, ("literal", p))
            if isinstance(p, (str, int, dt.date)) and not isinstance(p, bool)
            else ("literal", p)
            for p in params
        ]
        _COMPILED[cache_key] = (sql, binding)
    sql, binding = _COMPILED[cache_key]
    params = []
    for kind, ref in binding:
        if kind == "literal":
            params.append(ref)
        elif kind == "path":
            params.append(units[ref].path)
        elif kind == "upper":
            params.append(path_upper(units[ref].path))
        elif kind == "pk":
            params.append(units[ref].pk)
        elif kind == "start":
            params.append(ops.adapt_datefield_value(windows[ref][0]))
        elif kind == "end":
            params.append(ops.adapt_datefield_value(windows[ref][1]))
        elif kind == "start_year":
            params.append(year_bounds(*windows[ref])[0])
        else:
            params.append(year_bounds(*windows[ref])[1])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _totals_query(
    model: type, keys: tuple[str, ...], names: tuple[str, ...], group_prefix: int | None
):
    def build(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        qs = _within(model.objects.all(), stands)
        aggregates = {}
        any_window = Q()
        for key in keys:
            comp = record_computation(key)
            for name, (start, end) in zip(names, windows, strict=True):
                cond = _window(comp, start, end)
                any_window |= cond
                aggregates[f"{name}__{key.replace('.', '_')}"] = _filtered(comp.aggregate(), cond)
        qs = qs.filter(any_window)
        group = Substr(qs.scope_lookup(), 1, group_prefix) if group_prefix else Value("")
        return qs.annotate(grp=group).values("grp").annotate(**aggregates).order_by()

    return build


def direct_record_totals(
    units: Sequence[Unit],
    windows: dict[str, tuple[dt.date, dt.date]],
    keys: Sequence[str],
    *,
    group_prefix: int | None = None,
) -> dict[tuple[str, str, str], Decimal]:
    """``{(group, window, key): total}`` from the registries: one query per record model.

    The reference of the record roll-ups, and the way to any window that is not made of whole
    months.

    ``group_prefix`` groups by the first characters of the unit path (the child units one level
    down); without it the group is "".
    """
    by_model: dict[type, list[str]] = defaultdict(list)
    for key in keys:
        by_model[record_computation(key).queryset().model].append(key)
    names = tuple(windows)
    bounds = [windows[name] for name in names]
    result: dict[tuple[str, str, str], Decimal] = {}
    for model, model_keys in by_model.items():
        rows = _run(
            ("totals", model._meta.label, tuple(model_keys), names, group_prefix),
            _totals_query(model, tuple(model_keys), names, group_prefix),
            units,
            bounds,
        )
        for row in rows:
            for key in model_keys:
                for name in names:
                    value = row.get(f"{name}__{key.replace('.', '_')}")
                    result[(row["grp"] or "", name, key)] = Decimal(value or 0)
        if not group_prefix:
            for key in model_keys:
                for name in names:
                    result.setdefault(("", name, key), ZERO)
    return result


# How each record figure reads off the roll-ups (``reports.record_rollups`` documents the
# columns of each source); tests hold them equal to the registries' ``COMPUTATIONS``.
@dataclass(frozen=True)
class RollupMetric:
    source: str
    column: str  # "count", "amount" or "extra"
    category: str | None = None  # only the rows of this category
    excluded: str | None = None  # every category but this one

    def condition(self) -> Q:
        cond = Q(source=self.source)
        if self.category is not None:
            cond &= Q(category=self.category)
        if self.excluded is not None:
            cond &= ~Q(category=self.excluded)
        return cond


ROLLUP_METRICS = {
    "propaganda.sessions": RollupMetric(RecordSource.PROPAGANDA, "count", excluded="leaflet"),
    "propaganda.attendees": RollupMetric(RecordSource.PROPAGANDA, "amount"),
    "propaganda.leaflets": RollupMetric(RecordSource.PROPAGANDA, "extra"),
    "festival.count": RollupMetric(RecordSource.FESTIVAL, "count"),
    "festival.participants": RollupMetric(RecordSource.FESTIVAL, "amount"),
    "group.founded": RollupMetric(RecordSource.GROUP_FOUNDED, "count"),
    "group.active": RollupMetric(RecordSource.GROUPS_ACTIVE, "count"),
    "group.members": RollupMetric(RecordSource.GROUPS_ACTIVE, "amount"),
    "model.models": RollupMetric(RecordSource.MODEL, "count", category="model"),
    "model.exemplars": RollupMetric(RecordSource.MODEL, "count", category="exemplar"),
    "commendation.collective": RollupMetric(RecordSource.COMMENDATION, "extra"),
    "commendation.individual": RollupMetric(RecordSource.COMMENDATION, "amount"),
}


def _as_date(value: dt.date | str) -> dt.date:
    """A date read by ``_run`` (raw SQL: SQLite gives the ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _whole_months(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def _months(source: str, start: dt.date, end: dt.date) -> Q:
    """The roll-up rows of ``source`` that make up the window (stocks: every change up to ``end``)."""
    if source in STOCKS:
        return Q(month__lte=end)
    return Q(month__gte=start, month__lte=end)


def _rollup_sums(
    units: Sequence[Unit],
    windows: dict[str, tuple[dt.date, dt.date]],
    keys: Sequence[str],
    *,
    by_unit: bool = False,
) -> list[dict]:
    """One query on the subtree roll-ups of ``units``: a ``{window}__{key}`` sum per window and key.

    With ``by_unit``, one row per unit (``unit_id``); otherwise one row for them all.
    """
    if not units:
        return [{}]
    names = tuple(windows)
    metrics = {key: ROLLUP_METRICS[key] for key in keys}

    # The last window holds them all: it bounds the index range of each source.
    envelope = (min(s for s, _ in windows.values()), max(e for _, e in windows.values()))
    sources = sorted({m.source for m in metrics.values()})

    def build(stands: list[_Stand], bounds: list[tuple[dt.date, dt.date]]) -> QuerySet:
        sums = {}
        wanted = Q()
        for name, (start, end) in zip(names, bounds[:-1], strict=True):
            for key, metric in metrics.items():
                cond = metric.condition() & _months(metric.source, start, end)
                wanted |= cond
                sums[f"{name}__{key.replace('.', '_')}"] = Sum(metric.column, filter=cond)
        # Unit, source and months bound an index range per source; ``wanted`` picks the rows.
        # (The units are repeated in each range so that SQLite, too, reads one range per source.)
        units = Q(unit_id__in=[s.pk for s in stands])
        ranges = functools.reduce(
            operator.or_,
            (units & Q(source=source) & _months(source, *bounds[-1]) for source in sources),
        )
        qs = SubtreeRecordValue.objects.filter(ranges).filter(wanted)
        group = F("unit_id") if by_unit else Value(0)
        return qs.values(grp=group).annotate(**sums).order_by()

    rows = _run(
        ("rollup", names, tuple(keys), by_unit), build, units, [*windows.values(), envelope]
    )
    return rows or [{}]


def _record_totals(
    units: Sequence[Unit], windows: dict[str, tuple[dt.date, dt.date]], keys: Sequence[str]
) -> dict[tuple[str, str], Decimal]:
    """``{(window, key): total}`` over the subtrees of ``units``: roll-ups for whole months."""
    if not all(_whole_months(*w) for w in windows.values()):
        totals = direct_record_totals(units, windows, keys)
        return {(name, key): totals[("", name, key)] for name in windows for key in keys}
    row = _rollup_sums(units, windows, keys)[0]
    return {
        (name, key): Decimal(row[f"{name}__{key.replace('.', '_')}"] or 0)
        for name in windows
        for key in keys
    }


@dataclass(frozen=True)
class RecordTotals:
    unit: Unit
    start: dt.date
    end: dt.date
    values: dict[str, Decimal] = field(hash=False)


def record_totals(unit: Unit, start: dt.date, end: dt.date) -> RecordTotals:
    """Record figures of ``unit`` and its predecessors for any date range (stocks as of ``end``)."""
    totals = _record_totals(coverage(unit), {"range": (start, end)}, RECORD_KEYS)
    return RecordTotals(unit, start, end, {key: totals[("range", key)] for key in RECORD_KEYS})


def report_totals(unit: Unit, first_year: int, last_year: int) -> dict[str, Decimal]:
    """Approved yearly figures of ``unit`` and its predecessors added over a range of years (flows)."""
    values = report_values(
        coverage(unit), [Period.of(PeriodKind.YEAR, y) for y in range(first_year, last_year + 1)]
    )
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (_, code), value in values.items():
        totals[code] += value
    return dict(totals)


# --- Figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit_label: str
    value: Decimal | None
    previous: Decimal | None
    source: str = "records"

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if self.change is None or not self.previous:
            return None
        return (self.change * 100 / self.previous).quantize(Decimal("0.1"))


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True, source=Indicator.Source.ENTERED))


def report_values(
    units: Sequence[Unit], periods: Sequence[Period]
) -> dict[tuple[dt.date, str], Decimal]:
    """Approved values summed over the subtrees of ``units``: ``{(period_start, code): value}``."""
    if not periods:
        return {}
    rows = (
        SubtreePeriodValue.objects.filter(
            unit__in=[u.pk for u in units],
            period_kind=periods[0].kind,
            period_start__in=[p.start for p in periods],
        )
        .values("period_start", "indicator__code")
        .annotate(total=Sum("value"))
    )
    return {(r["period_start"], r["indicator__code"]): r["total"] for r in rows}


def direct_report_values(unit: Unit, period: Period) -> dict[str, Decimal]:
    """The same figures as ``report_values`` computed from the approved reports (no roll-ups)."""
    units = coverage(unit)
    aggregation = dict(Indicator.objects.values_list("pk", "aggregation"))
    codes = dict(Indicator.objects.values_list("pk", "code"))
    year_start, year_end = dt.date(period.start.year, 1, 1), dt.date(period.end.year, 12, 31)
    from movement.models import IndicatorValue

    rows = _within(
        IndicatorValue.objects.filter(
            report__status=ReportStatus.APPROVED,
            report__period_start__gte=year_start,
            report__period_start__lte=year_end,
        ),
        units,
    ).values_list(
        "report__unit_id", "report__period_kind", "report__period_start", "indicator_id", "value"
    )
    per_unit: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for unit_id, kind, start, ind, value in rows:
        per_unit[unit_id][(kind, start)][ind] = value
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for reports in per_unit.values():
        for (kind, start, ind), value in effective_values(reports, aggregation).items():
            if kind == period.kind and start == period.start:
                totals[codes[ind]] += value
    return dict(totals)


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
) -> Headline:
    """Every figure of ``unit`` (and its predecessors) for ``period`` and the same period a year before.

    A page that calls several selectors passes the unit's ``coverage`` and the catalogue's
    ``indicators`` it has already read."""
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
    values = report_values(units, [period, previous])
    entered = [
        ind
        for ind in (indicators if indicators is not None else _indicators())
        if ind.is_active and ind.source == Indicator.Source.ENTERED
    ]
    for ind in entered:
        now, before = values.get((period.start, ind.code)), values.get((previous.start, ind.code))
        if now is None and before is None:
            continue
        figures.append(Figure(ind.code, ind.name, ind.unit_label, now, before, "reports"))
    return Headline(unit, period, previous, tuple(figures))


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
    in_period = SubtreePeriodValue.objects.filter(
        unit__in=[c.pk for c in children], period_kind=period.kind, period_start=period.start
    )
    indicators = {
        i.pk: (i.code, i.name, i.unit_label, i.order)
        for i in (indicators if indicators is not None else Indicator.objects.all())
    }
    by_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    seen: dict[str, int] = defaultdict(int)  # code -> children with a figure
    for unit_id, indicator_id, value in in_period.values_list("unit_id", "indicator_id", "value"):
        code = indicators[indicator_id][0]
        by_child[unit_id][code] = value
        seen[code] += 1
    order = {code: o for code, _, _, o in indicators.values()}
    top = sorted(seen, key=lambda c: (-seen[c], order[c], c))[:CHILD_INDICATORS]
    top.sort(key=lambda c: (order[c], c))
    labels = {code: (name, unit_label) for code, name, unit_label, _ in indicators.values()}
    metrics = [m for m in record_metrics() if m.key in CHILD_RECORD_KEYS] + [
        Metric(code, *labels[code], "reports") for code in top
    ]
    rows = []
    for child in children:
        sums = records.get(child.pk, {})
        values: dict[str, Decimal | None] = {
            key: Decimal(sums.get(f"now__{key.replace('.', '_')}") or 0)
            for key in CHILD_RECORD_KEYS
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


def _record_series(
    units: Sequence[Unit], start: dt.date, end: dt.date, by_month: bool
) -> dict[str, dict[int, Decimal]]:
    """``{key: {year or month number: total}}`` of the trend's records, from the roll-ups."""
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

    out: dict[str, dict[int, Decimal]] = {key: {} for key in metrics}
    for row in _run(("rollup-series", tuple(metrics)), build, units, [(start, end)]):
        month = _as_date(row["month"])
        part = month.month if by_month else month.year
        for key in metrics:
            value = row[key.replace(".", "_")]
            if value is not None:
                out[key][part] = out[key].get(part, ZERO) + value
    return out


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
    years = list(range(first_year, last_year + 1))
    records = _record_series(units, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), False)
    values = report_values(units, [Period.of(PeriodKind.YEAR, y) for y in years])
    labels = _labels(codes, indicators)
    return Trend(
        unit,
        "year",
        None,
        _series(records, values, codes, labels, years, lambda y: dt.date(y, 1, 1)),
    )


def monthly_trend(
    unit: Unit,
    year: int,
    codes: Sequence[str],
    *,
    units: Sequence[Unit] | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> Trend:
    units = units or coverage(unit)
    months = list(range(1, 13))
    records = _record_series(units, dt.date(year, 1, 1), dt.date(year, 12, 31), True)
    values = report_values(units, [Period.of(PeriodKind.MONTH, year, m) for m in months])
    labels = _labels(codes, indicators)
    return Trend(
        unit,
        "month",
        year,
        _series(records, values, codes, labels, months, lambda m: dt.date(year, m, 1)),
    )


def _labels(codes: Sequence[str], indicators: Sequence[Indicator] | None) -> dict[str, str]:
    if indicators is not None:
        return {i.code: i.name for i in indicators if i.code in codes}
    return dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))


def _series(records, values, codes, labels, steps, start_of) -> tuple[Series, ...]:
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
                tuple((s, values.get((start_of(s), code), ZERO)) for s in steps),
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
    status = dict(
        PeriodReport.objects.for_period(period)
        .filter(unit__in=[u.pk for u in units])
        .values_list("unit_id", "status")
    )
    rows = tuple((u, status.get(u.pk, NOT_STARTED)) for u in units)
    tally = defaultdict(int)
    for _, s in rows:
        tally[s] += 1
    counts = tuple((str(s), STATUS_LABELS[str(s)], tally.get(str(s), 0)) for s in STATUS_ORDER)
    return Completeness(unit, period, counts, rows)


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
    members = list(cluster.members.order_by("-is_military", "kind", "name"))
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
        tuple(cluster.communes.order_by("name")),
        (breakdown,),
        tuple(members),
        tuple((r["year"], r["n"], r["people"] or 0) for r in activities),
    )


# --- Yearly summary report (báo cáo tổng kết) ----------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The years a summary report covers: one year, or a range such as 2013–2023."""

    first_year: int
    last_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.last_year, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_range(self) -> bool:
        return self.last_year > self.first_year

    @property
    def label(self) -> str:
        """``năm 2018`` or ``giai đoạn 2013 - 2023``."""
        if self.is_range:
            return f"giai đoạn {self.first_year} - {self.last_year}"
        return f"năm {self.first_year}"

    def previous(self) -> Span:
        """The span of the same length just before (last year for a yearly report)."""
        length = self.last_year - self.first_year + 1
        return Span(self.first_year - length, self.last_year - length)


@dataclass(frozen=True)
class AnnexFigure(Figure):
    """An indicator of the catalogue over a span, the span before it and each year of the span."""

    section: str = ""
    decimal_places: int = 0
    by_year: tuple[tuple[int, Decimal | None], ...] = ()


@dataclass(frozen=True)
class SummaryFigures:
    span: Span
    figures: tuple[AnnexFigure, ...]

    def value(self, code: str) -> Decimal | None:
        figure = self.by_code().get(code)
        return figure.value if figure else None

    def by_code(self) -> dict[str, AnnexFigure]:
        return {f.key: f for f in self.figures}

    def by_section(self) -> dict[str, list[AnnexFigure]]:
        out: dict[str, list[AnnexFigure]] = defaultdict(list)
        for figure in self.figures:
            out[figure.section].append(figure)
        return dict(out)


def _year_windows(span: Span) -> dict[str, tuple[dt.date, dt.date]]:
    previous = span.previous()
    windows = {"now": (span.start, span.end), "before": (previous.start, previous.end)}
    if span.is_range:
        windows.update({f"y{y}": (dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in span.years})
    return windows


def _entered_total(
    values: dict[tuple[dt.date, str], Decimal], code: str, years: Sequence[int], last: bool
) -> Decimal | None:
    """A flow adds the years; a stock ("last" aggregation) is the value of its latest year."""
    found = [
        (y, values[(dt.date(y, 1, 1), code)]) for y in years if (dt.date(y, 1, 1), code) in values
    ]
    if not found:
        return None
    return found[-1][1] if last else sum((v for _, v in found), ZERO)


def summary_figures(units: Sequence[Unit], span: Span) -> SummaryFigures:
    """Every active indicator of the catalogue for the subtrees of ``units`` (disjoint, e.g. a
    unit's ``coverage``): computed ones from the records, entered ones from approved reports."""
    indicators = list(Indicator.objects.filter(is_active=True).order_by("order", "code"))
    computed = {i.computation for i in indicators if i.source == Indicator.Source.COMPUTED}
    windows = _year_windows(span)
    # Straight from the registries: every computed indicator of the catalogue, not only those
    # the dashboard keeps roll-ups for (a report is made far less often than a dashboard).
    records = direct_record_totals(units, windows, sorted(computed)) if computed else {}
    previous = span.previous()
    years = sorted({*span.years, *previous.years})
    values = report_values(units, [Period.of(PeriodKind.YEAR, y) for y in years])
    figures = []
    for ind in indicators:
        if ind.source == Indicator.Source.COMPUTED:
            now = records[("", "now", ind.computation)]
            before = records[("", "before", ind.computation)]
            by_year = tuple(
                (y, records[("", f"y{y}", ind.computation)]) for y in span.years if span.is_range
            )
        else:
            last = ind.aggregation == Indicator.Aggregation.LAST
            now = _entered_total(values, ind.code, span.years, last)
            before = _entered_total(values, ind.code, previous.years, last)
            by_year = tuple(
                (y, _entered_total(values, ind.code, [y], last))
                for y in span.years
                if span.is_range
            )
        figures.append(
            AnnexFigure(
                ind.code,
                ind.name,
                ind.unit_label,
                now,
                before,
                str(ind.source),
                section=ind.section,
                decimal_places=ind.decimal_places,
                by_year=by_year,
            )
        )
    return SummaryFigures(span, tuple(figures))


UNIT_TABLE_KEYS = [
    "propaganda.sessions",
    "propaganda.attendees",
    "festival.count",
    "festival.participants",
    "group.active",
    "model.models",
]
UNIT_TABLE_CODES = ["tips_received", "tips_valuable", "disputes_mediated"]


@dataclass(frozen=True)
class UnitTable:
    """Key figures of each unit one level down over a span (the annex's second table)."""

    metrics: tuple[Metric, ...]
    rows: tuple[ChildRow, ...]
    total: dict[str, Decimal] = field(hash=False)


def unit_table(unit: Unit, span: Span) -> UnitTable:
    """The units one level down that existed during ``span``, each with its subtree's figures."""
    children = children_in(unit, Period(PeriodKind.YEAR, span.start, span.end))
    prefix = len(unit.path) + PATH_SEGMENT
    records = direct_record_totals(
        [unit], {"now": (span.start, span.end)}, UNIT_TABLE_KEYS, group_prefix=prefix
    )
    entered = (
        SubtreePeriodValue.objects.filter(
            unit__in=[c.pk for c in children],
            period_kind=PeriodKind.YEAR,
            period_start__gte=span.start,
            period_start__lte=span.end,
            indicator__code__in=UNIT_TABLE_CODES,
        )
        .values("unit_id", "indicator__code")
        .annotate(total=Sum("value"))
    )
    by_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in entered:
        by_child[row["unit_id"]][row["indicator__code"]] = row["total"]
    names = dict(Indicator.objects.filter(code__in=UNIT_TABLE_CODES).values_list("code", "name"))
    labels = {m.key: m for m in record_metrics()}
    metrics = [labels[k] for k in UNIT_TABLE_KEYS] + [
        Metric(code, names.get(code, code), "", "reports") for code in UNIT_TABLE_CODES
    ]
    rows = []
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for child in children:
        values: dict[str, Decimal | None] = {
            key: records.get((child.path, "now", key), ZERO) for key in UNIT_TABLE_KEYS
        }
        for code in UNIT_TABLE_CODES:
            values[code] = by_child.get(child.pk, {}).get(code)
        for key, value in values.items():
            total[key] += value or ZERO
        rows.append(ChildRow(child, values))
    return UnitTable(tuple(metrics), tuple(rows), dict(total))


@dataclass(frozen=True)
class NamedModel:
    name: str
    kind: str  # MovementModel.Kind
    year: int
    places: tuple[str, ...]  # names of the units that built it


@dataclass(frozen=True)
class ClusterSummary:
    clusters: int
    members: int
    military: int
    military_by_kind: tuple[tuple[str, int], ...]
    activities: tuple[tuple[str, int, int], ...]  # (kind label, count, participants)


@dataclass(frozen=True)
class SummaryRegistries:
    """What the registries say beyond totals: names of models, the clusters, the breakdowns."""

    models: tuple[NamedModel, ...]
    groups_by_kind: tuple[tuple[str, int, int], ...]  # (kind label, groups, members) at span end
    core_force: str  # the core force of most active groups, "" when none is named
    propaganda_by_channel: tuple[tuple[str, int, int], ...]  # (label, sessions, attendees)
    commendations_by_form: tuple[tuple[str, int], ...]
    clusters: ClusterSummary
    communes: int  # commune-level units at span end (denominator of "10/10 xã")
    residential_areas: int
    groups_founded: int  # tổ tự quản founded during the span


def summary_registries(
    units: Sequence[Unit], span: Span, *, cluster: object | None = None
) -> SummaryRegistries:
    """Registries of the subtrees of ``units`` over ``span``; only ``cluster`` if one is given."""
    from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
    from movement.models import (
        Commendation,
        CoreForce,
        MovementModel,
        PropagandaSession,
        SelfManagementGroup,
    )

    start, end = span.start, span.end
    model_rows = (
        _within(MovementModel.objects.filter(year_recognised__gte=start.year), units)
        .filter(year_recognised__lte=end.year)
        .values_list("name", "kind", "year_recognised", "unit__name")
        .order_by("year_recognised", "name", "unit__path")
    )
    grouped: dict[tuple[str, str], list] = {}
    for name, kind, year, place in model_rows:
        entry = grouped.setdefault((name, kind), [year, []])
        if place not in entry[1]:
            entry[1].append(place)
    models = tuple(
        NamedModel(name, kind, year, tuple(places))
        for (name, kind), (year, places) in grouped.items()
    )
    active = _within(
        SelfManagementGroup.objects.filter(_window(COMPUTATIONS["group.active"], start, end)), units
    )
    kinds = dict(SelfManagementGroup.Kind.choices)
    groups = tuple(
        (str(kinds.get(r["kind"], r["kind"])), r["n"], r["members"] or 0)
        for r in active.values("kind")
        .annotate(n=Count("id"), members=Sum("member_count"))
        .order_by("-n", "kind")
    )
    founded = _within(
        SelfManagementGroup.objects.filter(founded_on__gte=start, founded_on__lte=end), units
    ).count()
    core = (
        active.exclude(core_force="")
        .values("core_force")
        .annotate(n=Count("id"))
        .order_by("-n", "core_force")
        .first()
    )
    channels = dict(PropagandaSession.Channel.choices)
    propaganda = tuple(
        (str(channels.get(r["channel"], r["channel"])), r["n"], r["people"] or 0)
        for r in _within(
            PropagandaSession.objects.filter(held_on__gte=start, held_on__lte=end), units
        )
        .values("channel")
        .annotate(n=Count("id"), people=Sum("attendees"))
        .order_by("-n", "channel")
    )
    forms = dict(Commendation.Form.choices)
    commendation_window = _window(COMPUTATIONS["commendation.collective"], start, end) | _window(
        COMPUTATIONS["commendation.individual"], start, end
    )
    commendations = tuple(
        (str(forms.get(r["form"], r["form"])), r["n"])
        for r in _within(Commendation.objects.filter(commendation_window), units)
        .values("form")
        .annotate(n=Count("id"))
        .order_by("-n", "form")
    )
    clusters = _within(
        SafetyCluster.objects.filter(
            Q(established_on__isnull=True) | Q(established_on__lte=end)
        ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)),
        units,
    )
    members = (
        ClusterMember.objects.filter(cluster__in=clusters)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
    )
    member_kinds = dict(ClusterMember.Kind.choices)
    military = tuple(
        (str(member_kinds.get(r["kind"], r["kind"])), r["n"])
        for r in members.filter(is_military=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )
    activity_kinds = dict(ClusterActivity.Kind.choices)
    activities = tuple(
        (str(activity_kinds.get(r["kind"], r["kind"])), r["n"], r["people"] or 0)
        for r in ClusterActivity.objects.filter(
            cluster__in=clusters, held_on__gte=start, held_on__lte=end
        )
        .values("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
        .order_by("-n", "kind")
    )
    cluster_summary = ClusterSummary(
        clusters.count(),
        members.count(),
        sum(n for _, n in military),
        military,
        activities,
    )
    in_span = Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    in_span &= Q(valid_to__isnull=True) | Q(valid_to__gt=end)
    level_counts = dict(
        _within(Unit.objects.filter(in_span), units)
        .values("level__code")
        .annotate(n=Count("id"))
        .values_list("level__code", "n")
    )
    return SummaryRegistries(
        models=models,
        groups_by_kind=groups,
        core_force=str(dict(CoreForce.choices).get(core["core_force"], "")) if core else "",
        propaganda_by_channel=propaganda,
        commendations_by_form=commendations,
        clusters=cluster_summary,
        communes=level_counts.get("commune", 0),
        residential_areas=level_counts.get("residential", 0),
        groups_founded=founded,
    )
