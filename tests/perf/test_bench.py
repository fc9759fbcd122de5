"""generate_scale_data and bench run end to end on tiny generated data."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from movement.models import IndicatorValue, PeriodReport, Unit
from movement.periods import Period
from reports import selectors
from reports.bench.scale import NAME_PREFIX

pytestmark = pytest.mark.django_db

TINY = [
    "--provinces",
    "2",
    "--communes",
    "5",
    "--residential-per-commune",
    "2",
    "--years",
    "2",
    "--indicators",
    "5",
]


def generate(*extra: str) -> dict:
    out = StringIO()
    call_command("generate_scale_data", *TINY, *extra, stdout=out)
    return json.loads(out.getvalue())


def test_generate_is_reproducible_and_bench_prints_json():
    summary = generate("--seed", "7")
    assert summary["rows"]["units"] == 2 + 5 + 10
    assert summary["rows"]["period_reports"] == 5 * 24
    assert summary["rows"]["indicator_values"] == 5 * 24 * 5
    province = Unit.objects.filter(name__startswith=f"{NAME_PREFIX} tỉnh").order_by("code").first()
    values = sorted(
        IndicatorValue.objects.filter(report__unit__parent=province).values_list(
            "report__unit__code", "report__period_start", "indicator__code", "value"
        )
    )
    # Roll-ups were rebuilt: the province's figures equal the direct aggregate.
    year = Period.of("year", 2024)
    assert selectors.direct_report_values(province, year) == {
        code: v for (_, code), v in selectors.report_values([province], [year]).items()
    }
    with pytest.raises(CommandError):
        generate("--seed", "7")  # refuses to add a second copy

    # Same seed, same data: wipe the synthetic rows and generate again.
    PeriodReport.objects.filter(unit__name__startswith=NAME_PREFIX).delete()
    from clusters.models import SafetyCluster
    from movement.models import (
        Commendation,
        FestivalEvent,
        MovementModel,
        PropagandaSession,
        SelfManagementGroup,
    )

    for model in (
        PropagandaSession,
        FestivalEvent,
        MovementModel,
        Commendation,
        SelfManagementGroup,
    ):
        model.objects.filter(unit__name__startswith=NAME_PREFIX).delete()
    SafetyCluster.objects.filter(host_unit__name__startswith=NAME_PREFIX).delete()
    for level in ("residential", "commune", "province"):
        Unit.objects.filter(name__startswith=NAME_PREFIX, level__code=level).delete()
    generate("--seed", "7")
    province = Unit.objects.filter(name__startswith=f"{NAME_PREFIX} tỉnh").order_by("code").first()
    again = sorted(
        IndicatorValue.objects.filter(report__unit__parent=province).values_list(
            "report__unit__code", "report__period_start", "indicator__code", "value"
        )
    )
    assert again == values

    out = StringIO()
    call_command("bench", "--only", "dashboard", "--runs", "1", stdout=out)
    result = json.loads(out.getvalue())["dashboard"]
    for scope in ("national", "province", "commune"):
        figures = result[scope]
        # Full requests over a rotation of units and periods: first views, then later ones.
        assert figures["periods"] == 5
        assert figures["cold_ms"]["n"] == figures["periods"] * len(figures["units"])
        assert figures["warm_ms"]["n"] == figures["cold_ms"]["n"]  # --runs 1
        assert 0 < figures["warm_ms"]["p50"] <= figures["warm_ms"]["p95"]
        assert figures["sql_floor_ms"]["p50"] > 0 and figures["ratio_p50"] > 0
        # First views link their charts, drawn when asked for: each draw was measured.
        assert figures["chart_draw_ms"]["n"] >= figures["charts_linked_per_cold_view"] > 0
        assert 0 < figures["queries"] <= 15  # with its middleware (DESIGN §11)
    assert len(result["province"]["units"]) == 3  # the biggest, a middle and the smallest


def test_bench_measures_the_yearly_pdf_of_the_busiest_district_and_province():
    out = StringIO()
    call_command("bench", "--only", "report", "--runs", "1", stdout=out)
    result = json.loads(out.getvalue())["report"]
    district, province = result["district_ten_years"], result["province_year"]
    typed = result["district_ten_years_typed"]
    assert district["unit"] == "Thành phố Móng Cái"  # the demo unit with ten approved years
    # Its communes' first half of 2025 (before they were merged) makes 2025 its latest year.
    assert district["years"] == "2016-2025"
    assert province["unit"] == "Tỉnh Quảng Ninh"
    # The province's latest year is that of its communes' last month (the month before today).
    last = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).year
    assert result["province_ten_years"]["years"] == f"{last - 9}-{last}"
    # Staff's typed narrative takes the drafted report to the 15–20 pages of DESIGN §11.
    assert typed["typed_paragraphs"] == 40 and 15 <= typed["pages"] <= 20
    assert typed["pages"] > district["pages"]
    for figures in (district, province, typed):
        assert figures["pages"] >= 4 and figures["bytes"] > 10_000
        assert figures["total_ms"] == pytest.approx(
            figures["build_ms"] + figures["pdf_ms"], abs=0.2
        )


def foreign_keys() -> list[tuple[str, str, str]]:
    from django.db import connection

    from reports.bench.scale import _bulk_tables

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [_bulk_tables()],
        )
        return cursor.fetchall()


def test_foreign_keys_are_back_and_checked_after_the_load():
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        # SQLite: nothing is dropped; the load runs with the constraints as they are.
        generate("--seed", "3")
        assert IndicatorValue.objects.exists()
        return
    before = foreign_keys()
    assert len(before) >= 14  # every table written in bulk has its keys
    generate("--seed", "3")
    assert foreign_keys() == before  # dropped for the load, added back the same
    value = IndicatorValue.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(report_id=10**12)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_bench_times_pages_rendered_from_compiled_templates(monkeypatch):
    """Templates are compiled once per measure, as the cached loader does in production: a
    switch of DEBUG around each timed call used to drop them, and the page time held their
    parsing."""
    from django.template.base import Template

    from reports.bench.runner import measure_view

    compiled = []
    compile_nodelist = Template.compile_nodelist

    def counting(self):
        compiled.append(self.origin.template_name)
        return compile_nodelist(self)

    monkeypatch.setattr(Template, "compile_nodelist", counting)
    country = Unit.objects.get(level__code="country")
    measure_view(country, 2022, runs=1)
    once = len(compiled)
    assert "reports/dashboard/dashboard.html" in compiled
    compiled.clear()
    figures = measure_view(country, 2022, runs=4)
    assert len(compiled) == once
    assert figures["runs"] == 4 and figures["queries"] > 0


def test_profile_splits_each_request_into_database_templates_and_python():
    out = StringIO()
    call_command("bench", "--only", "profile", "--runs", "1", stdout=out)
    result = json.loads(out.getvalue())["profile"]
    dashboard = result["dashboard_national_year"]
    parts = ("database_ms", "templates_ms", "chart_drawing_ms", "python_ms")
    assert dashboard["database_ms"] > 0 and dashboard["templates_ms"] > 0
    assert sum(dashboard[p] for p in parts) == pytest.approx(dashboard["total_ms"], abs=0.5)
    assert 0 < dashboard["queries"] <= 15
    # A first view draws nothing; the chart's own request does the drawing.
    assert result["dashboard_first_view_province"]["chart_drawing_ms"] == 0
    assert result["chart_first_request"]["chart_drawing_ms"] > 0
    assert result["top_functions_national_dashboard"]


def test_the_deadline_check_finds_a_lost_update_and_a_roll_up_off_by_one(demo_user):
    from decimal import Decimal

    from movement import services
    from movement.periods import PeriodKind
    from reports.bench.load import _report_form, check_deadline
    from reports.rollups.models import SubtreePeriodValue

    officer, committee = demo_user("ca.haihoa"), demo_user("bcd.mongcai")
    period = Period.of(PeriodKind.MONTH, 2025, 3)
    report = services.period_report_create(unit=officer.unit, period=period, user=officer)
    posted = {"tips_received": 9, "tips_valuable": 9}
    report = services.period_report_save_values(
        report=report,
        values={k: Decimal(v) for k, v in posted.items()},
        version=report.version,
        user=officer,
    )
    report = services.period_report_submit(report=report, user=officer, version=report.version)
    services.period_report_approve(report=report, user=committee)
    assert check_deadline(period, {report.pk: posted}) == {
        "reports_submitted_by_officers": 1,
        "reports_by_status": {"approved": 1},
        "lost_updates": 0,
        "national_rollup_differences": 0,
    }
    # A value that is not what the officer posted, and a national figure counted twice.
    IndicatorValue.objects.filter(report=report, indicator__code="tips_received").update(value=8)
    SubtreePeriodValue.objects.filter(
        unit__level__code="country", period_start=period.start, indicator__code="tips_valuable"
    ).update(sources=2)
    check = check_deadline(period, {report.pk: posted})
    assert check["lost_updates"] == 1 and check["national_rollup_differences"] == 2
    # The form a browser would post: the page's token, version and the entered fields.
    html = (
        '<input name="csrfmiddlewaretoken" value="tok"><input name="version" value="4">'
        '<input name="tips_received">'
    )
    assert _report_form(html, {"tips_received": 3, "absent": 1}, submit=True) == {
        "csrfmiddlewaretoken": "tok",
        "version": "4",
        "note": "",
        "tips_received": "3",
        "gui": "1",
    }


def test_the_load_test_asks_for_the_wide_charts_a_desktop_browser_loads(client, login):
    """An undrawn chart is linked twice (wide, narrow); a desktop browser loads only the wide
    one, and once it is drawn the page shows it inline: nothing left to ask for."""
    from reports.bench.load import CHART_LINK

    login("bcd.quangninh")
    page = client.get("/bang-dieu-khien/", {"loai_ky": "year", "nam": 2024}).content.decode()
    every_link = re.findall(r'<img src="(/bang-dieu-khien/bieu-do/[0-9a-f]+\.svg)"', page)
    wide = CHART_LINK.findall(page)
    assert wide and len(every_link) == 2 * len(wide)
    for link in wide:
        assert client.get(link).status_code == 200
    again = client.get("/bang-dieu-khien/", {"loai_ky": "year", "nam": 2024}).content.decode()
    assert CHART_LINK.findall(again) == []
    assert len(re.findall(r'<img src="/bang-dieu-khien/bieu-do/', again)) == len(wide)  # narrow
