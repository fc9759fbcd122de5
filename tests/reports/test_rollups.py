"""Roll-ups equal the direct aggregate after any sequence of writes, through every path."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from movement.models import Indicator, IndicatorValue, PeriodReport, Unit
from movement.periods import Period, PeriodKind
from movement.signals import period_values_changed
from reports import selectors
from reports.rollups import periods as rollups
from reports.rollups.models import OwnPeriodValue, SubtreePeriodValue

pytestmark = pytest.mark.django_db

KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR]


def snapshot() -> dict:
    return {
        (r.unit_id, r.period_kind, r.period_start, r.indicator_id): (r.value, r.sources)
        for r in SubtreePeriodValue.objects.all()
    }


def expected_from_scratch() -> dict:
    """Own effective values of every unit from its approved reports, summed up every ancestor."""
    aggregation = rollups.aggregations()
    reports: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for unit_id, kind, start, ind, value in IndicatorValue.objects.filter(
        report__status="approved"
    ).values_list(
        "report__unit_id", "report__period_kind", "report__period_start", "indicator_id", "value"
    ):
        reports[unit_id][(kind, start)][ind] = value
    paths = dict(Unit.objects.values_list("pk", "path"))
    out: dict = {}
    for unit_id, unit_reports in reports.items():
        for (kind, start, ind), value in rollups.effective_values(
            unit_reports, aggregation
        ).items():
            for ancestor in rollups.ancestor_ids(paths[unit_id]):
                total, n = out.get((ancestor, kind, start, ind), (Decimal(0), 0))
                out[(ancestor, kind, start, ind)] = (total + value, n + 1)
    return out


def test_demo_rollups_match_a_rebuild():
    assert SubtreePeriodValue.objects.exists()
    before = snapshot()
    assert before == expected_from_scratch()
    rollups.rebuild()
    assert snapshot() == before


def test_random_writes_keep_rollups_equal_to_the_direct_aggregate():
    rnd = random.Random(5)
    city = Unit.objects.get(level__code="district", code="194")
    communes = list(Unit.objects.filter(parent=city)[:5])
    indicators = list(Indicator.objects.filter(source="entered").order_by("code")[:4])
    last = Indicator.objects.get(code="residential_areas_reached")  # a stock ("last")
    indicators.append(last)
    assert last.aggregation == Indicator.Aggregation.LAST
    reports = []
    for _ in range(40):
        action = rnd.random()
        if action < 0.45 or not reports:
            kind = rnd.choice(KINDS)
            period = Period.of(kind, rnd.choice([2023, 2024]), 1)
            period = Period.containing(kind, dt.date(period.start.year, rnd.randint(1, 12), 1))
            unit = rnd.choice(communes)
            if PeriodReport.objects.filter(
                unit=unit, period_kind=kind, period_start=period.start
            ).exists():
                continue
            report = PeriodReport.objects.create(
                unit=unit,
                period_kind=kind,
                period_start=period.start,
                period_end=period.end,
                status=rnd.choice(["draft", "approved", "approved"]),
            )
            for ind in rnd.sample(indicators, 3):
                IndicatorValue.objects.create(
                    report=report, indicator=ind, value=Decimal(rnd.randint(0, 50))
                )
            reports.append(report)
        elif action < 0.65:
            report = rnd.choice(reports)
            report.status = "draft" if report.status == "approved" else "approved"
            report.save()
        elif action < 0.85:
            value = IndicatorValue.objects.filter(report__in=reports).order_by("?").first()
            if value is not None:
                if rnd.random() < 0.5:
                    value.value = Decimal(rnd.randint(0, 99))
                    value.save()
                else:
                    value.delete()
        else:
            report = reports.pop(rnd.randrange(len(reports)))
            report.delete()
    assert snapshot() == expected_from_scratch()
    some = Period.of(PeriodKind.YEAR, 2024)
    assert selectors.direct_report_values(city, some) == {
        code: value for (_, code), value in selectors.report_values([city], [some]).items()
    }


def test_yearly_report_wins_over_monthly_reports_of_the_same_year():
    commune = Unit.objects.get(level__code="commune", code="06742")
    tips = Indicator.objects.get(code="tips_received")
    for month, value in [(1, 3), (2, 4)]:
        period = Period.of("month", 2030, month)
        report = PeriodReport.objects.create(
            unit=commune,
            period_kind="month",
            period_start=period.start,
            period_end=period.end,
            status="approved",
        )
        IndicatorValue.objects.create(report=report, indicator=tips, value=value)
    year = Period.of("year", 2030)
    assert selectors.report_values([commune], [year])[(year.start, "tips_received")] == 7
    yearly = PeriodReport.objects.create(
        unit=commune,
        period_kind="year",
        period_start=year.start,
        period_end=year.end,
        status="approved",
    )
    IndicatorValue.objects.create(report=yearly, indicator=tips, value=10)
    assert selectors.report_values([commune], [year])[(year.start, "tips_received")] == 10
    quarter = Period.of("quarter", 2030, 1)
    assert selectors.report_values([commune], [quarter])[(quarter.start, "tips_received")] == 7
    city = commune.parent
    assert selectors.report_values([city], [year])[(year.start, "tips_received")] == 10


def test_bulk_import_signal_refreshes_the_rollups():
    commune = Unit.objects.filter(level__code="commune", code="06712").order_by("path").first()
    tips = Indicator.objects.get(code="tips_received")
    period = Period.of("year", 2031)
    report = PeriodReport.objects.bulk_create(
        [
            PeriodReport(
                unit=commune,
                period_kind="year",
                period_start=period.start,
                period_end=period.end,
                status="approved",
            )
        ]
    )[0]
    report = PeriodReport.objects.get(unit=commune, period_start=period.start)
    IndicatorValue.objects.bulk_create([IndicatorValue(report=report, indicator=tips, value=12)])
    assert not OwnPeriodValue.objects.filter(unit=commune, period_start=period.start).exists()
    period_values_changed.send(sender=None, report_ids=[report.pk])
    assert (
        selectors.report_values([commune.parent], [period])[(period.start, "tips_received")] == 12
    )
    assert snapshot() == expected_from_scratch()
