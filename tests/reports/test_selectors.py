"""Dashboard figures equal the hand-computed totals of the demo data; succession counted once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from movement.models import IndicatorValue, Unit, UnitSuccession
from movement.periods import Period
from reports import selectors

pytestmark = pytest.mark.django_db


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code)


def test_mong_cai_ten_years_match_the_article():
    totals = selectors.record_totals(
        district("194"), dt.date(2013, 1, 1), dt.date(2023, 12, 31)
    ).values
    assert totals["propaganda.sessions"] == 121
    assert totals["propaganda.attendees"] > 15_000
    assert totals["festival.count"] == 170
    assert totals["festival.participants"] > 16_000
    assert totals["group.founded"] == 126
    assert totals["group.active"] == 100  # as of 31/12/2023


def test_mong_cai_report_figures_are_the_approved_yearly_reports():
    totals = selectors.report_totals(district("194"), 2013, 2022)
    assert totals["cases_solved"] == 557
    assert totals["wanted_caught"] == 128
    # Stocks are entered in the 2022 report only.
    assert totals["residential_areas_reached"] == 101


def test_headline_has_the_same_period_last_year():
    head = selectors.headline(district("194"), Period.of("year", 2022)).by_key()
    assert head["festival.count"].value == 17
    assert head["festival.count"].previous == 17
    assert head["festival.count"].change == 0
    year_2022 = selectors.record_totals(district("194"), dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert head["propaganda.sessions"].value == year_2022.values["propaganda.sessions"]
    direct = selectors.direct_report_values(district("194"), Period.of("year", 2021))
    assert head["cases_solved"].previous == direct["cases_solved"]


def test_child_table_lists_the_17_communes_and_adds_up():
    period = Period.of("year", 2022)
    table = selectors.child_table(district("194"), period)
    assert len(table.rows) == 17
    assert "Trà Lĩnh" not in " ".join(r.unit.name for r in table.rows)
    head = selectors.headline(district("194"), period).by_key()
    for key in ("propaganda.sessions", "festival.participants", "group.active"):
        assert sum(r.values[key] for r in table.rows) == head[key].value


def test_child_table_shows_the_indicators_most_units_reported():
    from collections import Counter

    from reports.rollups.models import SubtreePeriodValue

    period = Period.of("year", 2018)  # the year the most provinces of the demo reported
    table = selectors.child_table(Unit.objects.get(level__code="country"), period)
    rows = SubtreePeriodValue.objects.filter(
        unit__in=[r.unit for r in table.rows], period_kind="year", period_start=period.start
    ).values_list("unit_id", "indicator__code", "indicator__order", "value")
    reported = Counter((code, order) for _, code, order, _ in rows)
    # So that the choice is a choice: more indicators than columns, not all equally reported.
    assert len(reported) > selectors.CHILD_INDICATORS
    assert len(set(reported.values())) > 1
    top = sorted(reported, key=lambda c: (-reported[c], c[1], c[0]))[: selectors.CHILD_INDICATORS]
    shown = [m.key for m in table.metrics if m.source == "reports"]
    assert shown == [code for code, _ in sorted(top, key=lambda c: (c[1], c[0]))]
    by_unit = {(unit_id, code): value for unit_id, code, _, value in rows}
    for row in table.rows:
        assert [row.values[code] for code in shown] == [
            by_unit.get((row.unit.pk, code)) for code in shown
        ]


def test_merged_unit_history_is_totalled_once():
    tra_linh = district("046")
    trung_khanh = tra_linh.successors.get()
    tra_linh_2018 = {
        code: value
        for code, value in IndicatorValue.objects.filter(
            report__unit=tra_linh, report__period_start__year=2018
        ).values_list("indicator__code", "value")
    }
    assert tra_linh_2018
    totals = selectors.report_totals(trung_khanh, 2018, 2024)
    for code, value in tra_linh_2018.items():
        assert totals[code] == value  # Trùng Khánh has no reports of its own in the demo
    sessions = selectors.record_totals(trung_khanh, dt.date(2018, 1, 1), dt.date(2024, 12, 31))
    assert sessions.values["propaganda.attendees"] == 1_546 + 5_558


def test_predecessor_inside_the_subtree_is_not_added_again():
    trung_khanh = district("046").successors.get()
    before = selectors.record_totals(trung_khanh, dt.date(2018, 1, 1), dt.date(2018, 12, 31)).values
    # A Trà Lĩnh commune also named as a predecessor of Trùng Khánh: already inside Trà Lĩnh's subtree.
    commune = Unit.objects.filter(parent=district("046")).first()
    UnitSuccession.objects.create(
        predecessor=commune, successor=trung_khanh, effective_date=dt.date(2020, 3, 1)
    )
    assert len(selectors.coverage(trung_khanh)) == 2
    after = selectors.record_totals(trung_khanh, dt.date(2018, 1, 1), dt.date(2018, 12, 31)).values
    assert after == before


def test_completeness_counts_every_status():
    comp = selectors.completeness(district("194"), Period.of("year", 2022))
    counts = {status: n for status, _, n in comp.counts}
    assert counts["approved"] == 1  # the city's own yearly report
    assert counts["not_started"] == 17
    assert comp.total == 18


def test_breakdowns_show_military_members_of_clusters():
    parts = {b.key: b for b in selectors.breakdowns(district("194"), Period.of("year", 2022))}
    members = parts["cluster_members"].rows
    assert sum(r.count for r in members) == 42
    assert sum(r.amount for r in members) == 9
    assert all(r.highlighted == (r.amount > 0) for r in members)
    assert sum(r.count for r in parts["festivals"].rows) == 17
    # Every Móng Cái session is a conference (no leaflet rounds): both counts agree.
    assert (
        sum(r.count for r in parts["propaganda"].rows)
        == selectors.headline(district("194"), Period.of("year", 2022))
        .by_key()["propaganda.sessions"]
        .value
    )


def test_trends_cover_each_year():
    trend = selectors.yearly_trend(district("194"), 2013, 2022, ["cases_solved"])
    by_key = {s.key: dict(s.points) for s in trend.series}
    assert sum(by_key["festival.count"].values()) == 170
    assert sum(by_key["cases_solved"].values()) == Decimal(557)
