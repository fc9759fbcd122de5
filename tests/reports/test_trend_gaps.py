"""A year (or month) without data is a gap in the dashboard's trends, never a 0 that reads as
"nothing happened"; an approved figure of 0 is still a 0 (the yearly report's rule)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
import vl_convert
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from movement.models import Indicator, IndicatorValue, Unit
from movement.models.indicators import ReportStatus
from reports import selectors
from reports.dashboard import charts
from reports.summary.figures import drop_gaps_from_trend
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
CHART_KEY = re.compile(r'<img src="/bang-dieu-khien/bieu-do/([0-9a-f]+)\.svg"')
CODE = "tips_received"


@pytest.fixture
def area(demo_user) -> Unit:
    """A residential area of phường Hải Hòa with approved yearly reports of 2021 (7 tips) and
    2023 (0 tips, a real 0), a propaganda session in 2022 and nothing else."""
    unit = factories.residential_area(demo_user("ca.haihoa").unit)
    tips = Indicator.objects.get(code=CODE)
    for year, value in ((2021, 7), (2023, 0)):
        report = factories.report(unit, year, status=ReportStatus.APPROVED)
        IndicatorValue.objects.create(report=report, indicator=tips, value=Decimal(value))
    factories.propaganda(unit, held_on=dt.date(2022, 5, 10))
    return unit


def test_a_year_without_data_has_no_value_and_a_real_zero_is_zero(area):
    trend = selectors.yearly_trend(area, 2020, 2024, [CODE])
    by_key = {s.key: dict(s.points) for s in trend.series}
    # 2021 and 2023: approved reports; 2022: a record; 2020 and 2024: nothing at all.
    assert by_key[CODE] == {2020: None, 2021: 7, 2022: None, 2023: 0, 2024: None}
    assert by_key["propaganda.sessions"] == {2020: None, 2021: 0, 2022: 1, 2023: 0, 2024: None}
    assert by_key["festival.count"] == {2020: None, 2021: 0, 2022: 0, 2023: 0, 2024: None}
    # The dashboard's one read of the trends agrees with the two trends read apart.
    years, months = selectors.trends(area, 2020, 2024, [CODE])
    assert years == trend
    assert all(value is None for s in months.series for _, value in s.points)


def test_a_month_without_data_has_no_value(area):
    tips = Indicator.objects.get(code=CODE)
    report = factories.report(area, status=ReportStatus.APPROVED)  # a month of the 1990s
    IndicatorValue.objects.create(report=report, indicator=tips, value=Decimal(0))
    month = report.period_start
    trend = selectors.monthly_trend(area, month.year, [CODE])
    by_key = {s.key: dict(s.points) for s in trend.series}
    assert by_key[CODE] == {m: (0 if m == month.month else None) for m in range(1, 13)}
    assert by_key["propaganda.sessions"][month.month] == 0
    assert [m for m, v in by_key["propaganda.sessions"].items() if v is not None] == [month.month]


def test_the_chart_has_no_point_where_there_is_no_data_and_one_at_a_real_zero():
    spec = charts.line_chart(
        "Số tin báo",
        [("Tin báo", [(2020, None), (2021, 7), (2022, None), (2023, 0), (2024, None)])],
        x_title="Năm",
    )
    values = {d["step"]: d["value"] for d in spec["data"]["values"]}
    assert values == {"2020": None, "2021": 7.0, "2022": None, "2023": 0.0, "2024": None}
    # Every year keeps its place on the axis; the line breaks at the gaps.
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2020", "2021", "2022", "2023", "2024"]
    svg = vl_convert.vegalite_to_svg(json.dumps(spec))
    points = re.findall(r'aria-label="Năm: (\d+); value: ([^;]+);[^"]*"[^>]*"point"', svg)
    assert points == [("2021", "7"), ("2023", "0")]
    # No line across the gap of 2022: two points, each a path of its own with no segment.
    line = re.search(r'aria-roledescription="line mark" d="([^"]*)"', svg)[1]
    assert line.count("M") == 2 and "L" not in line
    for year in ("2020", "2022", "2024"):
        assert f">{year}</text>" in svg  # the axis still labels it
    # Whole ticks from the values there are (None is no number).
    assert spec["encoding"]["y"]["axis"] == charts.count_axis(7)


def test_the_dashboards_spec_and_table_show_gaps_not_zeros(client, login, area):
    login("ca.haihoa")
    response = client.get(URL, {"don_vi": area.pk, "nam": 2024, "chi_tieu": CODE})
    assert response.status_code == 200
    assert response.context["indicator"] == CODE
    chart = response.context["year_trend"]
    rows = {row[0]: row[1:] for row in chart["rows"]}
    column = chart["header"].index(Indicator.objects.get(code=CODE).name) - 1
    assert list(rows) == [str(y) for y in range(2015, 2025)]
    assert [rows[y][column] for y in ("2020", "2021", "2022", "2023", "2024")] == [
        None,
        7,
        None,
        0,
        None,
    ]
    assert rows["2019"] == [None, None, None] and rows["2022"][:2] == [1, 0]
    html = response.content.decode()
    # The table: "–" for a year without data, 0 for the approved 0.
    assert '<tr><th scope="row">2020</th><td class="num">–</td><td class="num">–</td>' in html
    assert '<tr><th scope="row">2023</th><td class="num">0</td><td class="num">0</td>' in html
    # The page's spec (kept for the chart's URL) holds no 0 for the years without data.
    specs = [json.loads(cache.get(charts.SPEC_PREFIX + key)) for key in CHART_KEY.findall(html)]
    yearly = [s for s in specs if s["title"].startswith("Diễn biến qua các năm")]
    assert len(yearly) == 2  # wide and narrow: one spec each, the same figures
    for spec in yearly:
        points = {
            (d["series"], d["step"]): d["value"]
            for d in spec["data"]["values"]
            if d["value"] is not None
        }
        assert {step for _, step in points} == {"2021", "2022", "2023"}
        name = Indicator.objects.get(code=CODE).name
        assert points[(name, "2021")] == 7 and points[(name, "2023")] == 0
        assert (name, "2022") not in points
    # 2024 has no data in any month: no monthly chart, and the table says so.
    assert response.context["month_trend"]["svg"] == ""
    assert response.context["month_trend"]["rows"] == []
    assert "Chưa có số liệu." in html


def test_the_yearly_table_downloads_with_blanks_for_the_gaps(client, login, area):
    login("ca.haihoa")
    response = client.get(
        reverse("reports:export", args=["nam"]), {"don_vi": area.pk, "nam": 2024, "chi_tieu": CODE}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["2020"] == (None, None, None)
    assert rows["2021"] == (0, 0, 7)
    assert rows["2023"] == (0, 0, 0)


def test_the_yearly_report_skips_a_step_the_trend_has_no_value_for():
    series = [("Tin báo", [(2021, Decimal(7)), (2022, None), (2023, Decimal(0))])]
    assert drop_gaps_from_trend(series, frozenset({2021, 2022, 2023})) == [
        ("Tin báo", [(2021, Decimal(7)), (2023, Decimal(0))])
    ]
