"""Core of the selectors: scope (coverage, subtrees), record metrics, the compile-once SQL
runner, record totals from the roll-ups or the registries, period values from the roll-ups."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr

from movement.computations import COMPUTATIONS, Computation, window_q, year_bounds
from movement.models import Indicator, Unit, UnitLevel
from movement.models.base import path_upper
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from movement.text import sort_key
from reports.models import RecordSource, SubtreePeriodValue, SubtreeRecordValue
from reports.record_rollups import STOCKS
from reports.rollups import effective_values

ZERO = Decimal(0)


# --- Scope ---------------------------------------------------------------------------------------


def coverage(unit: Unit) -> tuple[Unit, ...]:
    """``unit`` and its predecessors, keeping only units whose subtrees do not overlap."""
    units = sorted(_lineage(unit), key=lambda u: (len(u.path), u.path))
    kept: list[Unit] = []
    for candidate in units:
        if not any(k.path <= candidate.path < path_upper(k.path) for k in kept):
            kept.append(candidate)
    return tuple(kept)


def _lineage(unit: Unit) -> list[Unit]:
    """``Unit.lineage()`` with its queries compiled once: the unit and every unit it succeeded."""

    def predecessors(stands: list[_Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.filter(successor_links__successor_id__in=[s.pk for s in stands])
            .distinct()
            .values(*UNIT_COLUMNS)
        )

    seen: dict[int, Unit] = {unit.pk: unit}
    frontier: list[Unit] = [unit]
    while frontier:
        found = _units(("predecessors",), predecessors, frontier)
        frontier = [u for u in found if u.pk not in seen]
        for u in found:
            seen.setdefault(u.pk, u)
    return list(seen.values())


def _within(qs: QuerySet, units: Iterable[Unit]) -> QuerySet:
    """Rows of ``qs`` in any of the subtrees of ``units`` (through the model's scope lookup)."""
    units = list(units)
    result = qs.within(units[0])
    for unit in units[1:]:
        result = result | qs.within(unit)
    return result


def children_in(unit: Unit, period: Period) -> list[Unit]:
    """Units one level down that existed at some time during ``period``, with their level, in
    the Vietnamese order of their names ("Xã Hải Đông" before "Xã Hải Sơn")."""

    def build(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        start, end = windows[0]
        return (
            Unit.objects.filter(parent_id=stands[0].pk)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
            .order_by("name", "code")
            .values(*UNIT_COLUMNS, *LEVEL_COLUMNS)
        )

    children = _units(("children",), build, [unit], [(period.start, period.end)])
    return sorted(children, key=lambda child: sort_key(child.name))


class _ScopeUser:
    """A stand-in for ``user`` in compiled queries: the same standing, its unit a stand-in.

    ``for_user`` scopes by the user's unit; compiled with this user, the unit's bounds are
    re-bound at each call like any other stand-in unit (the first of the call's units)."""

    def __init__(self, user) -> None:
        self.is_authenticated = bool(getattr(user, "is_authenticated", False))
        self.is_active = bool(getattr(user, "is_active", False))
        self.is_superuser = bool(getattr(user, "is_superuser", False))
        self.unit = getattr(user, "unit", None) if user is not None else None

    def shape(self) -> tuple:
        return (self.is_authenticated, self.is_active, self.is_superuser, self.unit is not None)

    def units(self) -> list[Unit]:
        """The units to pass first to ``_run``: the user's own unit when it scopes."""
        return [self.unit] if self.unit is not None and not self.is_superuser else []

    def stand_in(self, stands: list[_Stand]) -> _ScopeUser:
        standin = copy.copy(self)
        if self.unit is not None:
            standin.unit = stands[0]
        return standin


@dataclass(frozen=True)
class _Ref:
    """A unit known only by its primary key (and path when known); or another row bound in
    its place, e.g. an indicator (``report_values_of_kinds``)."""

    pk: int
    path: str = ""


def unit_for_user(user, pk: int) -> Unit | None:
    """The unit ``pk`` with its level if ``user`` may see it (``Unit.objects.for_user``)."""
    scope = _ScopeUser(user)

    def build(stands: list[_Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.for_user(scope.stand_in(stands))
            .filter(pk=stands[-1].pk)
            .values(*UNIT_COLUMNS, *LEVEL_COLUMNS)
        )

    if Unit.objects.for_user(scope).query.is_empty():
        return None
    found = _units(("unit-for-user", *scope.shape()), build, [*scope.units(), _Ref(pk)])
    return found[0] if found else None


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


# Compiled SQL of the dashboard's queries, by their shape: building and compiling an ORM query
# costs more than running it, so each shape is compiled once with stand-in bounds (units and
# date windows), and later calls re-bind the real bounds into the same SQL. The compiler's
# converters are kept with it, so that rows come back typed as the ORM would give them (dates,
# decimals) on every database.
@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the keys of the ``values()`` rows, in column order
    binding: tuple[tuple[str, object], ...]
    # (column, converters, expression, type): ``type`` when the converters only cast to it
    converters: tuple[tuple[int, tuple, object, type | None], ...]


_COMPILED: dict[tuple, _Compiled] = {}
_NO_ROWS = _Compiled("", (), (), ())


def _compile(
    build: Callable[[list[_Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: int,
    windows: int,
) -> _Compiled:
    ops = connection.ops
    stands = [_Stand(i) for i in range(units)]
    stand_windows = [_stand_window(j) for j in range(windows)]
    query = build(stands, stand_windows).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
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
    binding = tuple(
        slots.get(p, ("literal", p))
        if isinstance(p, (str, int, dt.date)) and not isinstance(p, bool)
        else ("literal", p)
        for p in params
    )
    columns = [col for col, _, _ in compiler.select[: compiler.col_count]]
    converters = tuple(
        (i, tuple(funcs), expression, _cast_only(funcs, expression))
        for i, (funcs, expression) in compiler.get_converters(columns).items()
    )
    return _Compiled(sql, names, binding, converters)


_CASTS = {"IntegerField": int, "BigIntegerField": int, "DecimalField": Decimal, "FloatField": float}


def _cast_only(funcs: list, expression: object) -> type | None:
    """The type a column's converters cast to, when they do nothing else: an aggregate's
    ``convert_value`` (``int(v)``, ``Decimal(v)``, ``float(v)``, None kept), which leaves a
    value the database already gave in that type, or None, as it is."""
    if len(funcs) != 1 or funcs[0] is not getattr(expression, "convert_value", None):
        return None
    return _CASTS.get(expression.output_field.get_internal_type())


def _run(
    shape: tuple,
    build: Callable[[list[_Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: Sequence[Unit],
    windows: Sequence[tuple[dt.date, dt.date]] = (),
    *,
    tuples: bool = False,
) -> list:
    """Rows of ``build(units, windows)`` (a ``values()`` queryset), compiled once per shape.

    Dicts keyed like the ``values()`` rows; with ``tuples``, the bare rows in the same column
    order (for the queries returning thousands of rows)."""
    ops = connection.ops
    cache_key = (*shape, len(units), len(windows), connection.vendor)
    compiled = _COMPILED.get(cache_key)
    if compiled is None:
        try:
            compiled = _compile(build, len(units), len(windows))
        except EmptyResultSet:  # e.g. ``unit__in`` an empty list: no rows, whatever the bounds
            compiled = _NO_ROWS
        _COMPILED[cache_key] = compiled
    if compiled is _NO_ROWS:
        return []
    params = []
    pks = [unit.pk for unit in units]  # a child's key goes into a query up to three times
    for kind, ref in compiled.binding:
        if kind == "literal":
            params.append(ref)
        elif kind == "pk":
            params.append(pks[ref])
        elif kind == "path":
            params.append(units[ref].path)
        elif kind == "upper":
            params.append(path_upper(units[ref].path))
        elif kind == "start":
            params.append(ops.adapt_datefield_value(windows[ref][0]))
        elif kind == "end":
            params.append(ops.adapt_datefield_value(windows[ref][1]))
        elif kind == "start_year":
            params.append(year_bounds(*windows[ref])[0])
        else:
            params.append(year_bounds(*windows[ref])[1])
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.converters and rows:
        # Column by column: one ``map`` per converted column instead of a loop per value.
        columns: list = list(zip(*rows, strict=True))
        for i, funcs, expression, cast in compiled.converters:
            if cast is not None:  # sums and counts: PostgreSQL's are typed already
                convert = funcs[0]
                columns[i] = [
                    v if v is None or type(v) is cast else convert(v, expression, connection)
                    for v in columns[i]
                ]
                continue
            for func in funcs:
                columns[i] = map(
                    lambda value, f=func, e=expression: f(value, e, connection), columns[i]
                )
        rows = list(zip(*columns, strict=True))
    if tuples:
        return rows
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in rows]


UNIT_COLUMNS = tuple(f.attname for f in Unit._meta.concrete_fields)
LEVEL_COLUMNS = tuple(f"level__{f.attname}" for f in UnitLevel._meta.concrete_fields)


def _units(
    shape: tuple,
    build: Callable[[list[_Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: Sequence[Unit | _Stand],
    windows: Sequence[tuple[dt.date, dt.date]] = (),
) -> list[Unit]:
    """Units read by a compile-once query whose ``values()`` name ``UNIT_COLUMNS`` (and
    ``LEVEL_COLUMNS``: the level is then attached as ``select_related`` would)."""
    alias = connection.alias
    units_out = []
    levels: dict[int, UnitLevel] = {}  # one instance per level, shared like a cache would
    count = len(UNIT_COLUMNS)
    for row in _run(shape, build, units, windows, tuples=True):
        # The columns come in the order of ``values()``: the unit's, then its level's.
        unit = Unit.from_db(alias, UNIT_COLUMNS, row[:count])
        if len(row) > count:
            level = levels.get(unit.level_id)
            if level is None:
                level = levels[unit.level_id] = UnitLevel.from_db(alias, _LEVEL_FIELDS, row[count:])
            Unit.level.field.set_cached_value(unit, level)
        units_out.append(unit)
    return units_out


_LEVEL_FIELDS = tuple(f.attname for f in UnitLevel._meta.concrete_fields)


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


INDICATOR_COLUMNS = tuple(f.attname for f in Indicator._meta.concrete_fields)


def indicator_catalogue() -> list[Indicator]:
    """Every indicator, in the catalogue's order (``Indicator.objects.all()``, compiled once)."""
    alias = connection.alias
    rows = _run(
        ("catalogue",), lambda stands, windows: Indicator.objects.values(*INDICATOR_COLUMNS), []
    )
    return [
        Indicator.from_db(alias, INDICATOR_COLUMNS, [r[c] for c in INDICATOR_COLUMNS]) for r in rows
    ]


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True, source=Indicator.Source.ENTERED))


def report_values(
    units: Sequence[Unit], periods: Sequence[Period]
) -> dict[tuple[dt.date, str], Decimal]:
    """Approved values summed over the subtrees of ``units``: ``{(period_start, code): value}``
    (``periods`` of one kind)."""
    return {
        (start, code): v for (_, start, code), v in report_values_of_kinds(units, periods).items()
    }


def report_values_of_kinds(
    units: Sequence[Unit], periods: Sequence[Period], *, only: Sequence[Indicator] | None = None
) -> dict[tuple[str, dt.date, str], Decimal]:
    """``report_values`` of periods of several kinds in one query: ``{(kind, start, code): value}``;
    of the ``only`` indicators when given."""
    if not periods or (only is not None and not only):
        return {}
    periods = sorted(set(periods), key=lambda p: (p.kind, p.start))
    layout = tuple(
        (kind, len(list(group))) for kind, group in itertools.groupby(p.kind for p in periods)
    )
    # The indicators are bound like units known by their key, after the units.
    keys = [_Ref(indicator.pk) for indicator in only or ()]

    def build(stands: list[_Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        wanted, first = Q(), 0
        for kind, count in layout:
            starts = [start for start, _ in windows[first : first + count]]
            wanted |= Q(period_kind=kind, period_start__in=starts)
            first += count
        qs = SubtreePeriodValue.objects.filter(
            unit__in=[s.pk for s in stands[: len(stands) - len(keys)]]
        )
        if keys:
            qs = qs.filter(indicator__in=[s.pk for s in stands[len(stands) - len(keys) :]])
        return (
            qs.filter(wanted)
            .values("period_kind", "period_start", code=F("indicator__code"))
            .annotate(total=Sum("value"))
            .order_by()
        )

    rows = _run(
        ("report-values", layout, len(keys)),
        build,
        [*units, *keys],
        [(p.start, p.end) for p in periods],
        tuples=True,
    )
    return {(kind, start, code): total for kind, start, code, total in rows}


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
