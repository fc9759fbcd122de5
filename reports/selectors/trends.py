"""The dashboard's trends: yearly and monthly series of records and approved report values.

A year (or month) without data has no point, not a 0 that reads as "nothing happened": the
rule of the yearly report (``reports.summary.figures.with_gaps``). A step has data when the
unit's subtrees have an approved figure of any indicator for it or a record of something done
in it (not a stock such as the groups still active, which carries over into years nobody
reported on); an indicator's point is its approved figure, 0 included, or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from movement.models import Indicator, Unit
from movement.periods import Period, PeriodKind
from reports.rollups.models import RecordSource, SubtreeRecordValue
from reports.rollups.records import STOCKS

# --- Trends --------------------------------------------------------------------------------------
from reports.selectors.compiled import Stand, run
from reports.selectors.core import (
    ROLLUP_METRICS,
    ZERO,
    as_date,
    record_computation,
    record_window,
    report_values_of_kinds,
)
from reports.selectors.scope import coverage, within


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    # (year or month number, value); None where the step has no data (see the docstring)
    points: tuple[tuple[int, Decimal | None], ...]


@dataclass(frozen=True)
class Trend:
    unit: Unit
    kind: str  # "year" or "month"
    year: int | None
    series: tuple[Series, ...]


TREND_RECORD_KEYS = ["propaganda.sessions", "festival.count"]


# Records of things done: a month with one of them has data (stocks carry over, see above).
FLOWS = tuple(source for source in RecordSource.values if source not in STOCKS)


@dataclass(frozen=True)
class _Records:
    totals: dict[str, dict[dt.date, Decimal]]  # {key: {month: total}} of TREND_RECORD_KEYS
    active: frozenset[dt.date]  # the months with any record of something done


def _record_months(units: Sequence[Unit], start: dt.date, end: dt.date) -> _Records:
    """The trend's records by month and the months with any record, from the roll-ups."""
    metrics = {key: ROLLUP_METRICS[key] for key in TREND_RECORD_KEYS}

    def build(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        first, last = windows[0]
        # Every metric of the trend counts a flow: the rows of flows hold them all.
        return (
            SubtreeRecordValue.objects.filter(
                unit_id__in=[s.pk for s in stands],
                month__gte=first,
                month__lte=last,
                source__in=FLOWS,
            )
            .values("month")
            .annotate(
                rows=Count("pk"),
                **{
                    key.replace(".", "_"): Sum(m.column, filter=m.condition())
                    for key, m in metrics.items()
                },
            )
            .order_by()
        )

    totals: dict[str, dict[dt.date, Decimal]] = {key: {} for key in metrics}
    active: set[dt.date] = set()
    for row in run(("rollup-series", tuple(metrics), FLOWS), build, units, [(start, end)]):
        month = as_date(row["month"])
        if row["rows"]:
            active.add(month)
        for key in metrics:
            value = row[key.replace(".", "_")]
            if value is not None:
                totals[key][month] = totals[key].get(month, ZERO) + value
    return _Records(totals, frozenset(active))


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
    return _fold(_record_months(units, start, end).totals, by_month, start.year)


def direct_record_series(
    units: Sequence[Unit], start: dt.date, end: dt.date, by_month: bool
) -> dict[str, dict[int, Decimal]]:
    """The same as ``_record_series`` from the registries."""
    out: dict[str, dict[int, Decimal]] = {}
    for key in TREND_RECORD_KEYS:
        comp = record_computation(key)

        def build(stands, windows, comp=comp):
            qs = within(comp.queryset().filter(record_window(comp, *windows[0])), stands)
            part = ExtractMonth(comp.date_field) if by_month else ExtractYear(comp.date_field)
            return qs.annotate(part=part).values("part").annotate(total=comp.aggregate()).order_by()

        rows = run(("series", key, by_month), build, units, [(start, end)])
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
    # Every indicator's figures: any of them shows that a year has data.
    years = [Period.of(PeriodKind.YEAR, y) for y in range(first_year, last_year + 1)]
    values = report_values_of_kinds(units, years)
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
    values = report_values_of_kinds(units, months)
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
    reads the yearly and the monthly report values of every indicator (or none: ``values``
    already read, of ``trend_periods`` and more)."""
    units = units or coverage(unit)
    records = _record_months(units, dt.date(first_year, 1, 1), dt.date(year, 12, 31))
    if values is None:
        values = report_values_of_kinds(units, trend_periods(first_year, year))
    labels = _labels(codes, indicators)
    return (
        _yearly(unit, first_year, year, records, values, codes, labels),
        _monthly(unit, year, records, values, codes, labels),
    )


def _yearly(unit, first_year, last_year, records: _Records, values, codes, labels) -> Trend:
    years = list(range(first_year, last_year + 1))
    active = {month.year for month in records.active} | {
        start.year for kind, start, _ in values if kind == PeriodKind.YEAR
    }
    series = _series(
        _fold(records.totals, False),
        values,
        PeriodKind.YEAR,
        codes,
        labels,
        [(y, y in active) for y in years],
        lambda y: dt.date(y, 1, 1),
    )
    return Trend(unit, "year", None, series)


def _monthly(unit, year, records: _Records, values, codes, labels) -> Trend:
    active = {month.month for month in records.active if month.year == year} | {
        start.month for kind, start, _ in values if kind == PeriodKind.MONTH and start.year == year
    }
    series = _series(
        _fold(records.totals, True, year),
        values,
        PeriodKind.MONTH,
        codes,
        labels,
        [(m, m in active) for m in range(1, 13)],
        lambda m: dt.date(year, m, 1),
    )
    return Trend(unit, "month", year, series)


def trend_periods(first_year: int, year: int) -> list[Period]:
    """The periods whose report values ``trends`` reads: the years, and the months of ``year``."""
    periods = [Period.of(PeriodKind.YEAR, y) for y in range(first_year, year + 1)]
    return periods + [Period.of(PeriodKind.MONTH, year, m) for m in range(1, 13)]


def _labels(codes: Sequence[str], indicators: Sequence[Indicator] | None) -> dict[str, str]:
    if indicators is not None:
        return {i.code: i.name for i in indicators if i.code in codes}
    return dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))


def _series(records, values, kind, codes, labels, steps, start_of) -> tuple[Series, ...]:
    """Record series, then one series per code of the report ``values`` of ``kind``
    (``report_values_of_kinds``); ``steps`` are ``(step, has data)``. A step without data has
    no value in any series; an indicator has none where it has no approved figure."""
    out = [
        Series(
            key,
            record_computation(key).label,
            tuple((s, records[key].get(s, ZERO) if data else None) for s, data in steps),
        )
        for key in TREND_RECORD_KEYS
    ]
    for code in codes:
        out.append(
            Series(
                code,
                labels.get(code, code),
                tuple((s, values.get((kind, start_of(s), code))) for s, _ in steps),
            )
        )
    return tuple(out)
