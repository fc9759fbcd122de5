"""Keeping the roll-ups of approved period values current (DESIGN §11).

Which reports count: only **approved** ones. For one unit and one period the figure comes
from the unit's own report of exactly that period kind when there is one; otherwise it is
combined from the next finer kind inside it (year ← 6 months ← quarter ← month), so a unit
that sent a yearly report *and* monthly reports for the same year is counted once, from its
yearly report. Combining follows the indicator's aggregation: ``sum`` adds the finer
periods, ``last`` (stocks) takes the latest finer period that has the indicator.

``refresh(pairs)`` recomputes a unit's own effective values for the given years and adds the
differences to the subtree totals of the unit and each of its ancestors, in the same
transaction as the write that caused it (model signals and the bulk-import signal call it).
``rebuild()`` recomputes everything from scratch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import connection, transaction

from movement.models import Indicator, IndicatorValue, Unit
from movement.models.base import PATH_SEGMENT, ancestor_ids
from movement.models.indicators import ReportStatus
from movement.periods import Period, PeriodKind
from reports.bulk import BulkWriter
from reports.rollups.models import OwnPeriodValue, SubtreePeriodValue

Key = tuple[str, dt.date, int]  # (period_kind, period_start, indicator_id)
# Each kind is combined from the one before it when the unit has no report of that kind.
KIND_CHAIN = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR]
ZERO = Decimal(0)


def aggregations() -> dict[int, str]:
    return dict(Indicator.objects.values_list("pk", "aggregation"))


def effective_values(
    reports: Mapping[tuple[str, dt.date], Mapping[int, Decimal]], aggregation: Mapping[int, str]
) -> dict[Key, Decimal]:
    """Effective values of one unit from its approved reports ``{(kind, start): {indicator: value}}``."""
    eff: dict[tuple[str, dt.date], dict[int, Decimal]] = {
        key: dict(values) for key, values in reports.items() if key[0] == PeriodKind.MONTH
    }
    for finer, kind in zip(KIND_CHAIN, KIND_CHAIN[1:], strict=False):
        parts: dict[dt.date, list[tuple[dt.date, dict[int, Decimal]]]] = defaultdict(list)
        for (k, start), values in eff.items():
            if k == finer:
                parts[Period.containing(kind, start).start].append((start, values))
        starts = set(parts) | {start for (k, start) in reports if k == kind}
        for start in starts:
            if (kind, start) in reports:
                eff[(kind, start)] = dict(reports[(kind, start)])
                continue
            combined: dict[int, Decimal] = {}
            for _, values in sorted(parts[start], key=lambda item: item[0]):
                for ind, value in values.items():
                    if aggregation.get(ind) == Indicator.Aggregation.LAST:
                        combined[ind] = value
                    else:
                        combined[ind] = combined.get(ind, ZERO) + value
            eff[(kind, start)] = combined
    return {
        (kind, start, ind): value
        for (kind, start), values in eff.items()
        for ind, value in values.items()
    }


def _approved_reports(
    unit_id: int, years: set[int]
) -> dict[tuple[str, dt.date], dict[int, Decimal]]:
    rows = IndicatorValue.objects.filter(
        report__unit_id=unit_id,
        report__status=ReportStatus.APPROVED,
        report__period_start__gte=dt.date(min(years), 1, 1),
        report__period_start__lt=dt.date(max(years) + 1, 1, 1),
    ).values_list("report__period_kind", "report__period_start", "indicator_id", "value")
    reports: dict[tuple[str, dt.date], dict[int, Decimal]] = defaultdict(dict)
    for kind, start, ind, value in rows:
        if start.year in years:
            reports[(kind, start)][ind] = value
    return reports


def _year_range(years: set[int]) -> dict[str, dt.date]:
    return {
        "period_start__gte": dt.date(min(years), 1, 1),
        "period_start__lt": dt.date(max(years) + 1, 1, 1),
    }


def refresh(pairs: Iterable[tuple[int, int]]) -> int:
    """Bring the roll-ups of each ``(unit_id, year)`` up to date; returns subtree rows touched."""
    by_unit: dict[int, set[int]] = defaultdict(set)
    for unit_id, year in pairs:
        by_unit[unit_id].add(year)
    if not by_unit:
        return 0
    aggregation = aggregations()
    paths = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "path"))
    # The differences of every unit are added up per ancestor first, so an ancestor shared by
    # many refreshed units (the province, the country) is written once, not once per unit.
    pending: dict[int, dict[Key, tuple[Decimal, int]]] = defaultdict(dict)
    pending_years: dict[int, set[int]] = defaultdict(set)
    with transaction.atomic():
        for unit_id, years in by_unit.items():
            if unit_id not in paths:
                continue
            deltas = _refresh_unit(unit_id, years, aggregation)
            for ancestor in ancestor_ids(paths[unit_id]) if deltas else ():
                pending_years[ancestor] |= years
                sums = pending[ancestor]
                for key, (dv, dn) in deltas.items():
                    old_v, old_n = sums.get(key, (ZERO, 0))
                    sums[key] = (old_v + dv, old_n + dn)
        return sum(
            _apply_deltas([ancestor], pending_years[ancestor], deltas)
            for ancestor, deltas in pending.items()
        )


def _refresh_unit(
    unit_id: int, years: set[int], aggregation: Mapping[int, str]
) -> dict[Key, tuple[Decimal, int]]:
    """Rewrite the unit's own effective values for ``years``; returns the differences."""
    new = {
        key: value
        for key, value in effective_values(_approved_reports(unit_id, years), aggregation).items()
        if key[1].year in years
    }
    old_rows = {
        (row.period_kind, row.period_start, row.indicator_id): row
        for row in OwnPeriodValue.objects.filter(unit_id=unit_id, **_year_range(years))
        if row.period_start.year in years
    }
    deltas: dict[Key, tuple[Decimal, int]] = {}
    for key in new.keys() | old_rows.keys():
        old = old_rows[key].value if key in old_rows else None
        value = new.get(key)
        if old == value:
            continue
        deltas[key] = (
            (value or ZERO) - (old or ZERO),
            int(value is not None) - int(old is not None),
        )
    if not deltas:
        return deltas
    gone = [old_rows[k].pk for k in deltas if k not in new]
    changed = []
    for key in deltas:
        if key in new and key in old_rows:
            old_rows[key].value = new[key]
            changed.append(old_rows[key])
    OwnPeriodValue.objects.filter(pk__in=gone).delete()
    OwnPeriodValue.objects.bulk_update(changed, ["value"], batch_size=1000)
    OwnPeriodValue.objects.bulk_create(
        [
            OwnPeriodValue(unit_id=unit_id, period_kind=k, period_start=s, indicator_id=i, value=v)
            for (k, s, i), v in new.items()
            if (k, s, i) not in old_rows
        ],
        batch_size=1000,
    )
    return deltas


def _apply_deltas(
    units: list[int], years: set[int], deltas: Mapping[Key, tuple[Decimal, int]]
) -> int:
    rows = {
        (row.unit_id, row.period_kind, row.period_start, row.indicator_id): row
        for row in SubtreePeriodValue.objects.select_for_update()
        .filter(unit_id__in=units, **_year_range(years))
        .filter(indicator_id__in={k[2] for k in deltas})
    }
    created, updated, gone = [], [], []
    for unit_id in units:
        for (kind, start, ind), (dv, dn) in deltas.items():
            row = rows.get((unit_id, kind, start, ind))
            if row is None:
                if dn <= 0:  # differences of several units that cancel out
                    continue
                created.append(
                    SubtreePeriodValue(
                        unit_id=unit_id,
                        period_kind=kind,
                        period_start=start,
                        indicator_id=ind,
                        value=dv,
                        sources=dn,
                    )
                )
                continue
            row.value += dv
            row.sources += dn
            (gone if row.sources <= 0 else updated).append(row)
    SubtreePeriodValue.objects.filter(pk__in=[r.pk for r in gone]).delete()
    SubtreePeriodValue.objects.bulk_update(updated, ["value", "sources"], batch_size=1000)
    SubtreePeriodValue.objects.bulk_create(created, batch_size=1000)
    return len(created) + len(updated) + len(gone)


def report_pairs(report_ids: Iterable[int]) -> set[tuple[int, int]]:
    from movement.models import PeriodReport

    return {
        (unit_id, start.year)
        for unit_id, start in PeriodReport.objects.filter(pk__in=list(report_ids)).values_list(
            "unit_id", "period_start"
        )
    }


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Recompute the period roll-ups from the approved reports (``rollups.rebuild`` does both kinds)."""
    SubtreePeriodValue.objects.all().delete()
    OwnPeriodValue.objects.all().delete()
    aggregation = aggregations()
    rows = (
        IndicatorValue.objects.filter(report__status=ReportStatus.APPROVED)
        .order_by("report__unit_id")
        .values_list(
            "report__unit_id",
            "report__period_kind",
            "report__period_start",
            "indicator_id",
            "value",
        )
    )

    def effective_rows():
        current: int | None = None
        reports: dict[tuple[str, dt.date], dict[int, Decimal]] = defaultdict(dict)
        for unit_id, kind, start, ind, value in rows.iterator(chunk_size=20000):
            if unit_id != current:
                if current is not None:
                    for (k, s, i), v in effective_values(reports, aggregation).items():
                        yield (current, i, k, s, v)
                current, reports = unit_id, defaultdict(dict)
            reports[(kind, start)][ind] = value
        if current is not None:
            for (k, s, i), v in effective_values(reports, aggregation).items():
                yield (current, i, k, s, v)

    own = BulkWriter().tuples(
        OwnPeriodValue,
        ["unit_id", "indicator_id", "period_kind", "period_start", "value"],
        effective_rows(),
    )
    return {"own": own, "subtree": rebuild_subtree()}


def rebuild_subtree() -> int:
    """Sum own values into every ancestor's subtree rows: one INSERT … SELECT per tree depth."""
    SubtreePeriodValue.objects.all().delete()
    own, sub, unit = (
        OwnPeriodValue._meta.db_table,
        SubtreePeriodValue._meta.db_table,
        Unit._meta.db_table,
    )
    depth = 0
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(LENGTH(path)) FROM {unit}")
        longest = cursor.fetchone()[0] or 0
        while depth * PATH_SEGMENT < longest:
            start = depth * PATH_SEGMENT + 1
            cursor.execute(
                f"INSERT INTO {sub} (unit_id, indicator_id, period_kind, period_start, value, sources) "
                f"SELECT CAST(SUBSTR(u.path, {start}, {PATH_SEGMENT}) AS BIGINT), o.indicator_id, "
                f"o.period_kind, o.period_start, SUM(o.value), COUNT(*) "
                f"FROM {own} o JOIN {unit} u ON u.id = o.unit_id "
                f"WHERE LENGTH(u.path) >= {start + PATH_SEGMENT - 1} "
                f"GROUP BY CAST(SUBSTR(u.path, {start}, {PATH_SEGMENT}) AS BIGINT), o.indicator_id, "
                f"o.period_kind, o.period_start "
                # Stored by period, like the approvals of a period write them: the units one
                # level down of a period are then read from a few pages, not one page each.
                f"ORDER BY o.period_kind, o.period_start, 1, o.indicator_id"
            )
            total += max(cursor.rowcount, 0)
            depth += 1
    return total
