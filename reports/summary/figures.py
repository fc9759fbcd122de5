"""The report's figures made honest: no data is not zero, and one total everywhere.

* ``with_gaps``: a year (or the span before) with neither an approved yearly report nor any
  record has no data: its figures become None and print "–", instead of the 0 a sum of nothing
  gives. Trends and charts skip those years.
* ``unit_rows``: the table of the units one level down, whose "Tổng cộng" is the unit's figure
  in Biểu 1; what was reported at the unit's own level (the city police's tips, a model of the
  town itself) gets a row of its own, so the rows add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from movement.models import Indicator, Unit
from reports.selectors import SummaryFigures, UnitTable
from reports.selectors.core import Metric

ZERO = Decimal(0)


def with_gaps(
    figures: SummaryFigures, report_years: frozenset[int]
) -> tuple[SummaryFigures, frozenset[int]]:
    """The figures with None where there is no data, and the years that have data.

    Only records of things done in a year (sessions, festivals...) show that the year has data:
    a stock such as the groups still active carries over into years nobody reported on."""
    span = figures.span
    previous = span.previous()
    stocks = set(
        Indicator.objects.filter(aggregation=Indicator.Aggregation.LAST).values_list(
            "code", flat=True
        )
    )
    computed = [
        f for f in figures.figures if f.source == Indicator.Source.COMPUTED and f.key not in stocks
    ]
    years = set(report_years)
    for f in computed:
        years.update(y for y, v in f.by_year if v)
    now = bool(years & set(span.years)) or any(f.value for f in computed)
    before = bool(report_years & set(previous.years)) or any(f.previous for f in computed)
    if now and not span.is_range:
        years.add(span.last_year)
    if before and not previous.is_range:
        years.add(previous.last_year)
    out = tuple(
        replace(
            f,
            value=f.value if now else None,
            previous=f.previous if before else None,
            by_year=tuple((y, v if y in years else None) for y, v in f.by_year),
        )
        for f in figures.figures
    )
    return SummaryFigures(span, out), frozenset(years)


@dataclass(frozen=True)
class UnitRow:
    name: str
    values: dict[str, Decimal | None] = field(hash=False)
    own_level: bool = False  # figures reported at the unit's own level


@dataclass(frozen=True)
class UnitRows:
    metrics: tuple[Metric, ...]
    rows: tuple[UnitRow, ...]  # the units one level down, then the own-level row if any
    total: dict[str, Decimal | None] = field(hash=False)  # = Biểu 1


def own_level_label(unit: Unit) -> str:
    kind = (unit.kind or unit.level.name).lower()
    return f"Cấp {kind} (báo cáo chung của {kind})"


def unit_rows(table: UnitTable, figures: SummaryFigures, unit: Unit) -> UnitRows:
    """``table``'s rows with totals taken from Biểu 1 and a row for the unit's own level."""
    by_code = figures.by_code()
    by_computation = dict(
        Indicator.objects.filter(is_active=True)
        .exclude(computation="")
        .values_list("computation", "code")
    )
    total: dict[str, Decimal | None] = {}
    own: dict[str, Decimal | None] = {}
    blank: set[str] = set()
    for metric in table.metrics:
        figure = by_code.get(by_computation.get(metric.key, metric.key))
        children = [row.values.get(metric.key) for row in table.rows]
        added = sum((v for v in children if v is not None), ZERO)
        if figure is None:
            total[metric.key] = added if any(v is not None for v in children) else None
            own[metric.key] = None
            continue
        if figure.source == Indicator.Source.COMPUTED and not figure.value:
            # No record at all in the span: the column has no data, not zeros.
            blank.add(metric.key)
            total[metric.key] = own[metric.key] = None
            continue
        total[metric.key] = figure.value
        rest = (figure.value or ZERO) - added
        own[metric.key] = rest if figure.value is not None and rest else None
    rows = [
        UnitRow(row.unit.name, {k: None if k in blank else v for k, v in row.values.items()})
        for row in table.rows
    ]
    if any(v for v in own.values()):
        rows.append(UnitRow(own_level_label(unit), own, own_level=True))
    return UnitRows(table.metrics, tuple(rows), total)


def drop_gaps_from_trend(series, years: frozenset[int]):
    """Trend series without the years that have no data (a point at 0 would be a false fall),
    neither by the report's reckoning (``years``) nor by the trend's (a value of None)."""
    out = []
    for label, points in series:
        kept = [
            (step, value) for step, value in points if value is not None and _year(step) in years
        ]
        if len(kept) > 1 and any(v for _, v in kept):
            out.append((label, kept))
    return out


def _year(step) -> int | None:
    try:
        return int(str(step)[:4])
    except ValueError:
        return None


def years_text(years: list[int] | tuple[int, ...]) -> str:
    """``2002 - 2012``, ``2017``, ``2015, 2017 - 2019``: runs of years as ranges."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]} - {r[-1]}" for r in runs)
