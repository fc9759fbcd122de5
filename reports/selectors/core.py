"""Record metrics and their totals (from the roll-ups or straight from the registries), and the
period values of indicators from the roll-ups of approved reports."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr

from movement.computations import COMPUTATIONS, Computation, window_q
from movement.models import Indicator, Unit
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from reports.rollups.models import RecordSource, SubtreePeriodValue, SubtreeRecordValue
from reports.rollups.periods import effective_values
from reports.rollups.records import STOCKS
from reports.routers import read_alias
from reports.selectors.compiled import Ref, Stand, run
from reports.selectors.scope import coverage, within

ZERO = Decimal(0)


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


def record_window(comp: Computation, start: dt.date, end: dt.date) -> Q:
    """The rows of ``comp`` that belong to ``start``..``end`` (the report pages' rule)."""
    return window_q(comp, start, end)


def _filtered(aggregate: object, condition: Q) -> object:
    kind = type(aggregate)
    return kind(*aggregate.source_expressions, filter=condition)


def _totals_query(
    model: type, keys: tuple[str, ...], names: tuple[str, ...], group_prefix: int | None
):
    def build(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        qs = within(model.objects.all(), stands)
        aggregates = {}
        any_window = Q()
        for key in keys:
            comp = record_computation(key)
            for name, (start, end) in zip(names, windows, strict=True):
                cond = record_window(comp, start, end)
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
        rows = run(
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


# How each record figure reads off the roll-ups (``reports.rollups.records`` documents the
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


def as_date(value: dt.date | str) -> dt.date:
    """A date read by ``run`` (raw SQL: SQLite gives the ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _whole_months(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def _months(source: str, start: dt.date, end: dt.date) -> Q:
    """The roll-up rows of ``source`` that make up the window (stocks: every change up to ``end``)."""
    if source in STOCKS:
        return Q(month__lte=end)
    return Q(month__gte=start, month__lte=end)


def rollup_sums(
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

    def build(stands: list[Stand], bounds: list[tuple[dt.date, dt.date]]) -> QuerySet:
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

    rows = run(("rollup", names, tuple(keys), by_unit), build, units, [*windows.values(), envelope])
    return rows or [{}]


def record_totals_in(
    units: Sequence[Unit], windows: dict[str, tuple[dt.date, dt.date]], keys: Sequence[str]
) -> dict[tuple[str, str], Decimal]:
    """``{(window, key): total}`` over the subtrees of ``units``: roll-ups for whole months."""
    if not all(_whole_months(*w) for w in windows.values()):
        totals = direct_record_totals(units, windows, keys)
        return {(name, key): totals[("", name, key)] for name in windows for key in keys}
    row = rollup_sums(units, windows, keys)[0]
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
    totals = record_totals_in(coverage(unit), {"range": (start, end)}, RECORD_KEYS)
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
    alias = read_alias()
    rows = run(
        ("catalogue",), lambda stands, windows: Indicator.objects.values(*INDICATOR_COLUMNS), []
    )
    return [
        Indicator.from_db(alias, INDICATOR_COLUMNS, [r[c] for c in INDICATOR_COLUMNS]) for r in rows
    ]


def entered_indicators() -> list[Indicator]:
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
    keys = [Ref(indicator.pk) for indicator in only or ()]

    def build(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
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

    rows = run(
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

    rows = within(
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
